// name: plan-overview
// description: Plan overview: sections, tasks, departments, leaders and goals of each loaded plan.
// param plan: plan = "" -- one plan; empty for every loaded plan
// example: policykg query plan-overview --param plan=吴政发〔2023〕45号
MATCH (p:Plan)
WHERE p.source IS NOT NULL AND ($plan = '' OR p.id = $plan)
OPTIONAL MATCH (p)-[:HAS_TASK]->(:Task)-[:HAS_SUBTASK*0..4]->(t:Task)
WITH p, count(DISTINCT t) AS tasks, count(DISTINCT t.section) AS sections
OPTIONAL MATCH (p)-[:HAS_TASK]->(:Task)-[:HAS_SUBTASK*0..4]->(:Task)<-[:LEADS|COOPERATES_ON]-(d:Department)
WITH p, tasks, sections, count(DISTINCT d) AS departments
OPTIONAL MATCH (p)-[:HAS_TASK]->(:Task)-[:HAS_SUBTASK*0..4]->(:Task)<-[:LEADS]-(l:Leader)
WITH p, tasks, sections, departments, count(DISTINCT l) AS leaders
OPTIONAL MATCH (p)-[:SETS_GOAL]->(g1:Goal)
WITH p, tasks, sections, departments, leaders, count(DISTINCT g1) AS plan_goals
OPTIONAL MATCH (p)-[:HAS_TASK]->(:Task)-[:HAS_SUBTASK*0..4]->(:Task)-[:SETS_GOAL]->(g2:Goal)
WITH p, tasks, sections, departments, leaders, plan_goals, count(DISTINCT g2) AS task_goals
RETURN p.title AS plan, p.doc_number AS doc_number, p.date AS date, p.jurisdiction AS jurisdiction,
       sections, tasks, departments, leaders, plan_goals + task_goals AS goals, p.id AS id
ORDER BY jurisdiction, date, id
