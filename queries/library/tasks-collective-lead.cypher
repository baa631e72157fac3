// name: tasks-collective-lead
// description: Tasks whose only lead is a collective mention (各相关部门, 各镇乡街道): no lead department, but a group named.
// param plan: plan = "" -- only tasks of this plan; empty for every plan
// example: policykg query tasks-collective-lead
MATCH (p:Plan)-[:HAS_TASK]->(:Task)-[:HAS_SUBTASK*0..4]->(t:Task)
WHERE ($plan = '' OR p.id = $plan) AND size(t.collective) > 0
  AND NOT EXISTS { MATCH (t)<-[:LEADS]-(:Department) }
RETURN p.title AS plan, t.number AS number, t.title AS task, t.collective AS collective, t.id AS id
ORDER BY plan, t.start
