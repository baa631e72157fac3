// name: department-partners
// description: A department's partners: departments sharing tasks with it, weighted by the number of shared tasks.
// param department: department -- the department, any alias (市发改局, 发改局, 龙泉市发改局, or its id)
// param plan: document = "" -- only tasks of this loaded plan; empty for every plan
// example: policykg query department-partners --param department=龙泉市发改局
MATCH (d:Department {id: $department})-[:LEADS|COOPERATES_ON]->(t:Task)<-[:LEADS|COOPERATES_ON]-(o:Department)
// `o.id <> $department`, not `o.id <> d.id`: LadybugDB looked d's id up again for every path (2x slower on hubs).
WHERE o.id <> $department AND ($plan = '' OR t.source = $plan)
RETURN o.name AS partner, o.jurisdiction AS jurisdiction, count(DISTINCT t) AS shared_tasks, o.id AS id
ORDER BY shared_tasks DESC, id
