// name: tasks-without-lead
// description: Tasks that no department leads (a collective mention such as 各乡镇(街道) does not count as a lead unit).
// param plan: document = "" -- only tasks of this loaded plan; empty for every plan
// example: policykg query tasks-without-lead
// Counting lead edges is faster on LadybugDB than NOT EXISTS { … } when one plan is chosen.
MATCH (t:Task)
WHERE $plan = '' OR t.source = $plan
OPTIONAL MATCH (t)<-[l:LEADS]-(:Department)
WITH t, count(l) AS leads
WHERE leads = 0
MATCH (p:Plan) WHERE p.source = t.source
RETURN p.title AS plan, t.number AS number, t.title AS task, t.collective AS collective, t.id AS id
ORDER BY plan, t.start
