// name: shortest-connection
// description: Shortest chain of shared tasks linking a department to another department or a leader.
// param department: department -- where the chain starts, any alias
// param target: agent -- a department (any alias) or a leader
// param hops: int = 10 -- longest chain, counted in edges (two per shared task)
// example: policykg query shortest-connection --param department=龙泉市教育局 --param target=叶建华
// LadybugDB: `* SHORTEST` recursive join; lists are 1-based; `label()` names a node's table.
// `* SHORTEST` returns one of the equally short chains (the first the breadth-first search reaches);
// `* ALL SHORTEST` plus a sort was 10x slower on hub departments with thousands of such chains.
// The catalog narrows b to the label the target resolved to (a key lookup, not a scan of both tables);
// the hint keeps the search starting from a, as it did with two labels, so the same chain is chosen.
MATCH path = (a:Department {id: $department})-[e:LEADS|COOPERATES_ON* SHORTEST 1..10]-(b:Department:Leader {id: $target})
WHERE length(path) <= $hops
HINT a JOIN (e JOIN b)
WITH properties(nodes(path), 'id') AS ids, properties(nodes(path), 'name') AS names,
     list_transform(nodes(path), n -> label(n)) AS labels
UNWIND range(1, size(ids)) AS i
RETURN i - 1 AS step, labels[i] AS label, names[i] AS name, ids[i] AS id
ORDER BY step
