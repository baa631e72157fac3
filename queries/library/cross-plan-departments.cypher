// name: cross-plan-departments
// description: Departments with tasks in more than one plan (their cross-document footprint).
// param min_plans: int = 2 -- at least this many plans
// param jurisdiction: str = "" -- only departments of this jurisdiction; empty for all
// example: policykg query cross-plan-departments --param jurisdiction=镜湖区
MATCH (d:Department)-[:LEADS|COOPERATES_ON]->(t:Task)
WHERE $jurisdiction = '' OR d.jurisdiction = $jurisdiction
WITH d, count(DISTINCT t.source) AS plans, count(DISTINCT t) AS tasks, collect(DISTINCT t.source) AS files
WHERE plans >= $min_plans
RETURN d.name AS department, d.jurisdiction AS jurisdiction, plans, tasks, files, d.id AS id
ORDER BY plans DESC, tasks DESC, id
