// name: goals
// description: Quantitative goals by target year, unit or keyword, with the plan (and task) that sets them.
// param year: int = 0 -- only goals for this target year; 0 for any
// param unit: str = "" -- only goals in this unit (%, 亿元, 万户); empty for any
// param keyword: str = "" -- only goals whose text contains this; empty for any
// param plan: plan = "" -- only goals of this plan; empty for every plan
// example: policykg query goals --param year=2025 --param unit=%
MATCH (g:Goal)
WHERE ($year = 0 OR g.year = $year) AND ($unit = '' OR g.unit = $unit)
  AND ($keyword = '' OR g.text CONTAINS $keyword)
OPTIONAL MATCH (p1:Plan)-[:SETS_GOAL]->(g)
OPTIONAL MATCH (p2:Plan)-[:HAS_TASK]->(:Task)-[:HAS_SUBTASK*0..4]->(t:Task)-[:SETS_GOAL]->(g)
WITH g, coalesce(p1.id, p2.id) AS plan_id, coalesce(p1.title, p2.title) AS plan, t
WHERE $plan = '' OR plan_id = $plan
RETURN g.year AS year, g.text AS goal, g.value AS value, g.unit AS unit, plan, t.number AS task,
       g.id AS id
ORDER BY year, plan, g.start
