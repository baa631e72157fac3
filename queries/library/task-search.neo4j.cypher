// name: task-search
// description: Tasks whose title or text contains the words of a keyword (segmented with the project's jieba dictionary), best first.
// param keyword: terms -- words to look for; "优化营商环境" looks for 优化 and 营商 and 环境
// param match: str = "all" -- "all": every word must occur; "any": at least one, best matches first
// param top: int = 200 -- at most this many tasks (the best matches)
// example: policykg query task-search --param keyword=营商环境
// Neo4j lists are 0-based (LadybugDB: $keyword[1]).
// One scan of the tasks, each checked against every word (UNWIND first made a task-by-word cross
// product that materialised every task). With match=all a task must hold the first word, so that
// one word is checked first and the others only on those tasks (the catalog folds the test away
// for match=any). Words are distinct (the `terms` parameter drops repeats), so count(*) counts
// the words found, without count(DISTINCT w).
MATCH (t:Task)
WHERE ($match = 'any' OR t.title CONTAINS ($keyword[0]) OR t.text CONTAINS ($keyword[0]))
UNWIND $keyword AS w
WITH t, w
WHERE t.title CONTAINS w OR t.text CONTAINS w
WITH t, count(*) AS hits
WHERE $match = 'any' OR hits = size($keyword)
// Cut to the best matches before looking up plans and lead units.
WITH t, hits
ORDER BY hits DESC, t.source, t.start
LIMIT $top
MATCH (p:Plan) WHERE p.source = t.source
OPTIONAL MATCH (t)<-[:LEADS]-(d:Department)
RETURN p.title AS plan, t.number AS number, t.title AS task, hits, collect(d.name) AS leads, t.id AS id
ORDER BY hits DESC, plan, id
