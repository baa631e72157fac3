// name: tasks-without-lead
// description: Tasks that no department leads (a collective mention such as 各乡镇(街道) does not count as a lead unit).
// param plan: plan = "" -- only tasks of this plan; empty for every plan
// example: policykg query tasks-without-lead
MATCH (p:Plan)-[:HAS_TASK]->(:Task)-[:HAS_SUBTASK*0..4]->(t:Task)
WHERE ($plan = '' OR p.id = $plan) AND NOT EXISTS { MATCH (t)<-[:LEADS]-(:Department) }
RETURN p.title AS plan, t.number AS number, t.title AS task, t.collective AS collective, t.id AS id
ORDER BY plan, t.start
