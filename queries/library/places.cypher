// name: places
// description: Places covered by plans or named in tasks, with the plans and the departments located there.
// param place: place = "" -- one place (name or id); empty for every place
// example: policykg query places
MATCH (pl:Place)
WHERE $place = '' OR pl.id = $place
OPTIONAL MATCH (p:Plan)-[:COVERS]->(pl)
WITH pl, collect(DISTINCT p.title) AS plans
OPTIONAL MATCH (d:Department)-[:LOCATED_IN]->(pl)
WITH pl, plans, collect(DISTINCT d.name) AS departments
OPTIONAL MATCH (t:Task)-[:MENTIONS]->(pl)
WITH pl, plans, departments, count(DISTINCT t) AS tasks
WHERE size(plans) > 0 OR size(departments) > 0 OR tasks > 0
RETURN pl.name AS place, pl.level AS level, plans, departments, tasks, pl.id AS id
ORDER BY id
