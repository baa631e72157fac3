// name: citation-chain
// description: The citation chain from a plan upwards (what it cites, what those cite …) with each document's level.
// param plan: plan -- the plan to start from (title, 文号, file name or id)
// param depth: int = 6 -- follow at most this many citations (1-10)
// example: policykg query citation-chain --param plan=龙泉市推进青瓷产业高质量发展的若干意见
MATCH path = (p:Plan {id: $plan})-[:REFERENCES*1..10]->(q:Plan)
WHERE length(path) <= $depth
WITH q, min(length(path)) AS depth
RETURN depth, q.title AS plan, q.doc_number AS doc_number, q.jurisdiction AS jurisdiction,
       q.source IS NOT NULL AS loaded, q.id AS id
ORDER BY depth, id
