// name: departments-ranked
// description: Departments ranked by the tasks they lead and cooperate on, overall or within one plan.
// param plan: plan = "" -- only tasks of this plan (title, 文号, file name or id); empty for every plan
// param jurisdiction: str = "" -- only departments of this jurisdiction (龙泉市); empty for all
// example: policykg query departments-ranked --param plan=龙政办发〔2023〕12号
MATCH (d:Department)
WHERE $jurisdiction = '' OR d.jurisdiction = $jurisdiction
OPTIONAL MATCH (p:Plan)-[:HAS_TASK]->(:Task)-[:HAS_SUBTASK*0..4]->(t:Task)<-[:LEADS]-(d)
WHERE $plan = '' OR p.id = $plan
WITH d, count(DISTINCT t) AS led
OPTIONAL MATCH (p:Plan)-[:HAS_TASK]->(:Task)-[:HAS_SUBTASK*0..4]->(t:Task)<-[:COOPERATES_ON]-(d)
WHERE $plan = '' OR p.id = $plan
WITH d, led, count(DISTINCT t) AS cooperated
WHERE led + cooperated > 0
RETURN d.name AS department, d.jurisdiction AS jurisdiction, led, cooperated, led + cooperated AS total, d.id AS id
ORDER BY total DESC, led DESC, id
