// name: plan-overview
// description: Plan overview: sections, tasks, departments, leaders and goals of one loaded plan.
// param plan: document -- the plan (title, 文号, file name or id)
// example: policykg query plan-overview --param plan=龙政办发〔2023〕12号
MATCH (p:Plan) WHERE p.source = $plan
OPTIONAL MATCH (t:Task) WHERE t.source = $plan
WITH p, count(t) AS tasks, count(DISTINCT t.section) AS sections
OPTIONAL MATCH (d:Department)-[:LEADS|COOPERATES_ON]->(dt:Task) WHERE dt.source = $plan
WITH p, tasks, sections, count(DISTINCT d) AS departments
OPTIONAL MATCH (l:Leader)-[:LEADS]->(lt:Task) WHERE lt.source = $plan
WITH p, tasks, sections, departments, count(DISTINCT l) AS leaders
OPTIONAL MATCH (g:Goal) WHERE g.source = $plan
RETURN p.title AS plan, p.doc_number AS doc_number, p.date AS date, p.jurisdiction AS jurisdiction,
       sections, tasks, departments, leaders, count(g) AS goals, p.id AS id
