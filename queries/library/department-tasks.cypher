// name: department-tasks
// description: Everything a department leads or cooperates on, across plans, with the plan and section.
// param department: department -- the department, any alias
// example: policykg query department-tasks --param department=龙泉市财政局
MATCH (d:Department {id: $department})-[:LEADS|COOPERATES_ON]->(t:Task)
WITH DISTINCT d, t
MATCH (p:Plan)-[:HAS_TASK]->(:Task)-[:HAS_SUBTASK*0..4]->(t)
RETURN p.title AS plan, t.section AS section, t.number AS number, t.title AS task,
       CASE WHEN EXISTS { MATCH (d)-[:LEADS]->(t) } THEN 'leads' ELSE 'cooperates' END AS role,
       t.deadline AS deadline, t.id AS id
ORDER BY plan, t.start
