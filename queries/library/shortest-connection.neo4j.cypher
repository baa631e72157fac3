// name: shortest-connection
// description: Shortest chain of shared tasks linking a department to another department or a leader.
// param department: department -- where the chain starts, any alias
// param target: agent -- a department (any alias) or a leader
// param hops: int = 10 -- longest chain, counted in edges (two per shared task)
// example: policykg query shortest-connection --param department=龙泉市教育局 --param target=叶建华
// Neo4j: allShortestPaths(); lists are 0-based; labels() lists a node's labels.
MATCH (a:Department {id: $department})
MATCH (b {id: $target})
WHERE b:Department OR b:Leader
MATCH path = allShortestPaths((a)-[:LEADS|COOPERATES_ON*1..10]-(b))
WHERE length(path) <= $hops
// Of several equally short chains, the first by node ids: the same answer every time.
WITH path, reduce(key = '', n IN nodes(path) | key + '|' + n.id) AS key
ORDER BY key
LIMIT 1
UNWIND range(0, length(path)) AS i
WITH i, nodes(path)[i] AS n
RETURN i AS step, labels(n)[0] AS label, n.name AS name, n.id AS id
ORDER BY step
