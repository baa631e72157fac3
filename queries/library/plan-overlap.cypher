// name: plan-overlap
// description: Overlap between two plans: departments with tasks in both, and documents both cite.
// param plan_a: document -- the first plan (title, 文号, file name or id)
// param plan_b: document -- the second plan
// example: policykg query plan-overlap --param plan_a=jinghu_action_plan.txt --param plan_b=wuhu_gbk_plan.txt
// From plan A's few tasks to their departments, then to those departments' tasks in plan B.
MATCH (ta:Task)<-[:LEADS|COOPERATES_ON]-(d:Department)
WHERE ta.source = $plan_a
WITH DISTINCT d
MATCH (d)-[:LEADS|COOPERATES_ON]->(tb:Task)
WHERE tb.source = $plan_b
WITH collect(DISTINCT d.name) AS shared_departments
MATCH (a:Plan) WHERE a.source = $plan_a
MATCH (b:Plan) WHERE b.source = $plan_b
OPTIONAL MATCH (a)-[:REFERENCES]->(c:Plan)<-[:REFERENCES]-(b)
RETURN a.title AS plan_a, b.title AS plan_b, size(shared_departments) AS departments, shared_departments,
       count(DISTINCT c) AS citations, collect(DISTINCT coalesce(c.title, c.doc_number)) AS shared_citations
