// name: plan-overlap
// description: Overlap between two plans: departments with tasks in both, and documents both cite.
// param plan_a: plan -- the first plan (title, 文号, file name or id)
// param plan_b: plan -- the second plan
// example: policykg query plan-overlap --param plan_a=jinghu_action_plan.txt --param plan_b=wuhu_gbk_plan.txt
MATCH (a:Plan {id: $plan_a})
MATCH (b:Plan {id: $plan_b})
OPTIONAL MATCH (a)-[:HAS_TASK]->(:Task)-[:HAS_SUBTASK*0..4]->(:Task)<-[:LEADS|COOPERATES_ON]-(d:Department)
WHERE EXISTS { MATCH (b)-[:HAS_TASK]->(:Task)-[:HAS_SUBTASK*0..4]->(:Task)<-[:LEADS|COOPERATES_ON]-(d) }
WITH a, b, collect(DISTINCT d.name) AS shared_departments
OPTIONAL MATCH (a)-[:REFERENCES]->(c:Plan)<-[:REFERENCES]-(b)
RETURN a.title AS plan_a, b.title AS plan_b, size(shared_departments) AS departments, shared_departments,
       count(DISTINCT c) AS citations, collect(DISTINCT coalesce(c.title, c.doc_number)) AS shared_citations
