// name: cross-plan-departments
// description: Departments named in more than one loaded document (their cross-document footprint), with their assignments.
// param min_plans: int = 2 -- named in at least this many documents
// param jurisdiction: jurisdiction = "" -- only departments of this jurisdiction; empty for all
// example: policykg query cross-plan-departments --param jurisdiction=镜湖区
// A shared entity's `sources` lists every loaded file that names it (kept by the writer).
MATCH (d:Department)
WHERE size(d.sources) >= $min_plans AND ($jurisdiction = '' OR d.jurisdiction = $jurisdiction)
OPTIONAL MATCH (d)-[a:LEADS|COOPERATES_ON]->(:Task)
RETURN d.name AS department, d.jurisdiction AS jurisdiction, size(d.sources) AS plans, count(a) AS assignments,
       d.sources AS files, d.id AS id
ORDER BY plans DESC, assignments DESC, id
