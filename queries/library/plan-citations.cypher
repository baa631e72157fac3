// name: plan-citations
// description: Plans a document cites and plans citing it; `loaded` says whether the other document is in the graph.
// param plan: plan -- the plan (title, 文号, file name or id)
// example: policykg query plan-citations --param plan=龙政办发〔2023〕12号
MATCH (p:Plan {id: $plan})-[e:REFERENCES]-(q:Plan)
// The edge's provenance file is the citing document's file.
RETURN CASE WHEN e.source = p.source THEN 'cites' ELSE 'cited by' END AS direction, q.title AS plan,
       q.doc_number AS doc_number, q.source IS NOT NULL AS loaded, q.id AS id
ORDER BY direction DESC, id
