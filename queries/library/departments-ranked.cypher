// name: departments-ranked
// description: Departments ranked by the tasks they lead and cooperate on, overall or within one plan.
// param plan: document = "" -- only tasks of this loaded plan (title, 文号, file name or id); empty for every plan
// param jurisdiction: jurisdiction = "" -- only departments of this jurisdiction (龙泉市); empty for all
// example: policykg query departments-ranked --param plan=龙政办发〔2023〕12号
// All assignments first, then the lead ones: cooperated = total - led. Telling the two apart per edge
// with label(r)/type(r) was 2x slower on LadybugDB and needed a body per store.
MATCH (d:Department)-[:LEADS|COOPERATES_ON]->(t:Task)
WHERE ($jurisdiction = '' OR d.jurisdiction = $jurisdiction) AND ($plan = '' OR t.source = $plan)
WITH d, count(*) AS total
OPTIONAL MATCH (d)-[:LEADS]->(t:Task)
WHERE ($plan = '' OR t.source = $plan)
WITH d, total, count(t) AS led
RETURN d.name AS department, d.jurisdiction AS jurisdiction, led, total - led AS cooperated, total, d.id AS id
ORDER BY total DESC, led DESC, id
