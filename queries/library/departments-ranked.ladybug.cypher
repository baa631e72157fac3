// name: departments-ranked
// description: Departments ranked by the tasks they lead and cooperate on, overall or within one plan.
// param plan: document = "" -- only tasks of this loaded plan (title, 文号, file name or id); empty for every plan
// param jurisdiction: str = "" -- only departments of this jurisdiction (龙泉市); empty for all
// example: policykg query departments-ranked --param plan=龙政办发〔2023〕12号
// LadybugDB names a relationship's type with label(r) (Neo4j: type(r)).
MATCH (d:Department)-[r:LEADS|COOPERATES_ON]->(t:Task)
WHERE ($jurisdiction = '' OR d.jurisdiction = $jurisdiction) AND ($plan = '' OR t.source = $plan)
WITH d, count(CASE WHEN label(r) = 'LEADS' THEN 1 END) AS led, count(CASE WHEN label(r) = 'COOPERATES_ON' THEN 1 END) AS cooperated
RETURN d.name AS department, d.jurisdiction AS jurisdiction, led, cooperated, led + cooperated AS total, d.id AS id
ORDER BY total DESC, led DESC, id
