// name: tasks-without-lead
// description: Tasks that no department leads (a collective mention such as 各乡镇(街道) does not count as a lead unit).
// param plan: document = "" -- only tasks of this loaded plan; empty for every plan
// example: policykg query tasks-without-lead
// Neo4j: the same question as the LadybugDB form, without its planner hint.
MATCH (t:Task)
WHERE ($plan = '' OR t.source = $plan) AND NOT EXISTS { MATCH (t)<-[l:LEADS]-(d:Department) }
WITH t.id AS id
MATCH (t:Task {id: id})
WITH t, t.source AS source
MATCH (p:Plan) WHERE p.source = source
RETURN p.title AS plan, t.number AS number, t.title AS task, t.collective AS collective, t.id AS id
ORDER BY plan, t.start
