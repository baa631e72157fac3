// name: tasks-without-lead
// description: Tasks that no department leads (a collective mention such as 各乡镇(街道) does not count as a lead unit).
// param plan: document = "" -- only tasks of this loaded plan; empty for every plan
// example: policykg query tasks-without-lead
// LadybugDB: the hint makes the lead check walk each task's own lead edges (one plan: 12 ms, not the
// 40 ms of hashing every lead edge; whole graph 2x faster than counting leads per task). Properties
// are read after the check, by key: reading them in the first scan read them for every task.
MATCH (t:Task)
WHERE ($plan = '' OR t.source = $plan) AND NOT EXISTS { MATCH (t)<-[l:LEADS]-(d:Department) HINT (t JOIN l) JOIN d }
WITH t.id AS id
MATCH (t:Task {id: id})
// Carrying the source through WITH keeps LadybugDB from planning the plan lookup as a cross product.
WITH t, t.source AS source
MATCH (p:Plan) WHERE p.source = source
RETURN p.title AS plan, t.number AS number, t.title AS task, t.collective AS collective, t.id AS id
ORDER BY plan, t.start
