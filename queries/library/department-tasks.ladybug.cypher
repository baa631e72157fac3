// name: department-tasks
// description: Everything a department leads or cooperates on, across plans, with the plan and section.
// param department: department -- the department, any alias
// example: policykg query department-tasks --param department=龙泉市财政局
// LadybugDB names a relationship's type with label(r) (Neo4j: type(r)).
// A plan's tasks (sub-tasks included) carry its file as `source`: joining on it is faster than walking HAS_SUBTASK.
MATCH (d:Department {id: $department})-[r:LEADS|COOPERATES_ON]->(t:Task)
MATCH (p:Plan) WHERE p.source = t.source
RETURN p.title AS plan, t.section AS section, t.number AS number, t.title AS task,
       CASE WHEN label(r) = 'LEADS' THEN 'leads' ELSE 'cooperates' END AS role, t.deadline AS deadline, t.id AS id
ORDER BY plan, t.start, role DESC
