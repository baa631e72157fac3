// name: plans
// description: Every loaded plan with its 文号, date, jurisdiction and number of top-level tasks.
// param jurisdiction: jurisdiction = "" -- only plans of this jurisdiction; empty for all
// example: policykg query plans --param jurisdiction=镜湖区
MATCH (p:Plan)
WHERE p.source IS NOT NULL AND ($jurisdiction = '' OR p.jurisdiction = $jurisdiction)
OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)
RETURN p.title AS plan, p.doc_number AS doc_number, p.date AS date, p.jurisdiction AS jurisdiction,
       count(t) AS tasks, p.source AS file, p.id AS id
ORDER BY jurisdiction, date, id
