// name: plan-overview
// description: Plan overview: sections, tasks, departments, leaders and goals of one loaded plan.
// param plan: document -- the plan (title, 文号, file name or id)
// example: policykg query plan-overview --param plan=龙政办发〔2023〕12号
// One scan of the plan's tasks (they carry its file as `source`), then their agents.
MATCH (p:Plan) WHERE p.source = $plan
OPTIONAL MATCH (t:Task) WHERE t.source = $plan
OPTIONAL MATCH (t)<-[:LEADS|COOPERATES_ON]-(d:Department)
OPTIONAL MATCH (t)<-[:LEADS]-(l:Leader)
WITH p, count(DISTINCT t) AS tasks, count(DISTINCT t.section) AS sections, count(DISTINCT d) AS departments,
     count(DISTINCT l) AS leaders
OPTIONAL MATCH (g:Goal) WHERE g.source = $plan
RETURN p.title AS plan, p.doc_number AS doc_number, p.date AS date, p.jurisdiction AS jurisdiction,
       sections, tasks, departments, leaders, count(g) AS goals, p.id AS id
