// name: places
// description: Places covered by plans or named in tasks: how many plans and tasks, and the departments located there.
// param place: place = "" -- one place (name or id); empty for every place
// example: policykg query places
MATCH (pl:Place)
WHERE ($place = '' OR pl.id = $place)
OPTIONAL MATCH (p:Plan)-[:COVERS]->(pl)
WITH pl, count(p) AS plans
OPTIONAL MATCH (t:Task)-[:MENTIONS]->(pl)
WITH pl, plans, count(t) AS tasks
OPTIONAL MATCH (d:Department)-[:LOCATED_IN]->(pl)
WITH pl, plans, tasks, collect(d.name) AS departments
WHERE plans > 0 OR tasks > 0 OR size(departments) > 0
RETURN pl.name AS place, pl.level AS level, plans, tasks, departments, pl.id AS id
ORDER BY id
