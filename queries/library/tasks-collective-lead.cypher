// name: tasks-collective-lead
// description: Tasks whose only lead is a collective mention (各相关部门, 各镇乡街道): no lead department, but a group named.
// param plan: document = "" -- only tasks of this loaded plan; empty for every plan
// example: policykg query tasks-collective-lead
MATCH (t:Task)
WHERE ($plan = '' OR t.source = $plan) AND size(t.collective) > 0
OPTIONAL MATCH (t)<-[l:LEADS]-(:Department)
WITH t, count(l) AS leads
WHERE leads = 0
MATCH (p:Plan) WHERE p.source = t.source
RETURN p.title AS plan, t.number AS number, t.title AS task, t.collective AS collective, t.id AS id
ORDER BY plan, t.start
