// name: goals
// description: Quantitative goals by target year, unit or keyword, with the plan (and task) that sets them.
// param year: int = 0 -- only goals for this target year; 0 for any
// param unit: str = "" -- only goals in this unit (%, 亿元, 万户); empty for any
// param keyword: str = "" -- only goals whose text contains this; empty for any
// param plan: document = "" -- only goals of this loaded plan; empty for every plan
// example: policykg query goals --param year=2025 --param unit=%
MATCH (g:Goal)
WHERE ($year = 0 OR g.year = $year) AND ($unit = '' OR g.unit = $unit)
  AND ($keyword = '' OR g.text CONTAINS $keyword) AND ($plan = '' OR g.source = $plan)
MATCH (p:Plan) WHERE p.source = g.source
OPTIONAL MATCH (t:Task)-[:SETS_GOAL]->(g)
RETURN g.year AS year, g.text AS goal, g.value AS value, g.unit AS unit, p.title AS plan, t.number AS task,
       g.id AS id
ORDER BY year, plan, g.start
