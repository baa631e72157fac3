// name: leader-workload
// description: Leader workload: tasks led, departments involved in them and plans, per leader.
// param plan: document = "" -- only tasks of this loaded plan; empty for every plan
// param jurisdiction: jurisdiction = "" -- only leaders of this jurisdiction; empty for all
// example: policykg query leader-workload --param jurisdiction=龙泉市
MATCH (l:Leader)-[:LEADS]->(t:Task)<-[:LEADS|COOPERATES_ON]-(d:Department)
WHERE ($jurisdiction = '' OR l.jurisdiction = $jurisdiction) AND ($plan = '' OR t.source = $plan)
RETURN l.name AS leader, l.jurisdiction AS jurisdiction, count(DISTINCT t) AS tasks,
       count(DISTINCT d) AS departments, count(DISTINCT t.source) AS plans, l.id AS id
ORDER BY tasks DESC, departments DESC, id
