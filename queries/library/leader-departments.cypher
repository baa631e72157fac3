// name: leader-departments
// description: The departments a leader works with: on how many of the leader's tasks each leads or cooperates.
// param leader: leader -- the leader (name, name with jurisdiction, or id)
// example: policykg query leader-departments --param leader=叶建华
MATCH (l:Leader {id: $leader})-[:LEADS]->(t:Task)<-[:LEADS|COOPERATES_ON]-(d:Department)
RETURN d.name AS department, d.jurisdiction AS jurisdiction, count(DISTINCT t) AS tasks, d.id AS id
ORDER BY tasks DESC, id
