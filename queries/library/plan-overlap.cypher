// name: plan-overlap
// description: Overlap between two plans: departments with tasks in both, and documents both cite.
// param plan_a: document -- the first plan (title, 文号, file name or id)
// param plan_b: document -- the second plan
// example: policykg query plan-overlap --param plan_a=jinghu_action_plan.txt --param plan_b=wuhu_gbk_plan.txt
// Plan A's few tasks, their departments, then those departments' tasks in plan B (separate MATCH
// clauses, so a department with one task in a plan compared with itself still counts).
MATCH (ta:Task)<-[:LEADS|COOPERATES_ON]-(d:Department)
WHERE ta.source = $plan_a
MATCH (d)-[:LEADS|COOPERATES_ON]->(tb:Task)
WHERE tb.source = $plan_b
WITH collect(DISTINCT d.name) AS shared_departments
MATCH (a:Plan) WHERE a.source = $plan_a
MATCH (b:Plan) WHERE b.source = $plan_b
// A's few citations first, then B's among them: the two-sided pattern made LadybugDB intersect every citation.
OPTIONAL MATCH (a)-[:REFERENCES]->(ca:Plan)
WITH shared_departments, a, b, collect(ca) AS cited_by_a
OPTIONAL MATCH (b)-[:REFERENCES]->(c:Plan)
WHERE c IN cited_by_a
RETURN a.title AS plan_a, b.title AS plan_b, size(shared_departments) AS departments, shared_departments,
       count(DISTINCT c) AS citations, collect(DISTINCT coalesce(c.title, c.doc_number)) AS shared_citations
