-- Tables derived from areas, area_code_map and periods once their rows are
-- in: which provinces make up each period's map, and how one map's
-- provinces go into another's. The indicator views aggregate through them.

-- period_provinces: every province valid on each period's last day (the
-- map of the period), with
--   region        its socio-economic region then (NULL after the 2025
--                 merger: no official grouping of the 34 provinces exists)
--   current_area  the province its figures belong to on today's map
--   next_period, next_area   the same period a year later, and the province
--                 its figures belong to on that period's map (how this
--                 period is the previous year of that one)
--   predecessors  how many provinces of the same period a year earlier go
--                 into this one (1, or the old provinces of a merged one)
CREATE OR REPLACE TABLE period_provinces AS
WITH pp AS (
    SELECT t.code AS period, a.code AS area,
           CASE WHEN r.code IS NOT NULL THEN a.parent END AS region,
           cur.area AS current_area,
           nt.code AS next_period, nx.area AS next_area
    FROM periods t
    JOIN areas a ON a.level = 'province'
                AND t.end_date BETWEEN coalesce(a.valid_from, DATE '0001-01-01') AND coalesce(a.valid_to, DATE '9999-12-31')
    LEFT JOIN areas r ON r.code = a.parent AND r.level = 'region'
                     AND t.end_date BETWEEN coalesce(r.valid_from, DATE '0001-01-01') AND coalesce(r.valid_to, DATE '9999-12-31')
    JOIN area_code_map cur ON cur.code = a.code AND cur.valid_to = DATE '9999-12-31'
    LEFT JOIN periods nt ON nt.previous_year = t.code
    LEFT JOIN area_code_map nx ON nx.code = a.code AND nt.end_date BETWEEN nx.valid_from AND nx.valid_to
)
SELECT pp.*, coalesce(pred.n, 0) AS predecessors
FROM pp
LEFT JOIN (SELECT next_period, next_area, count(*) AS n FROM pp GROUP BY ALL) pred
       ON pred.next_period = pp.period AND pred.next_area = pp.area;

-- area_partial_periods: province codes that existed for only part of a
-- quarter, year or year to date (Hà Giang, 02, in 2025: January–June), with
-- the months they existed and the province their figures go into on the
-- period's map. A flow of such a code is complete with those months, and
-- is counted in that province.
CREATE OR REPLACE TABLE area_partial_periods AS
WITH code_months AS (
    SELECT DISTINCT a.code, m.year, m.month
    FROM areas a
    JOIN periods m ON m.period_type = 'month'
                  AND m.end_date BETWEEN coalesce(a.valid_from, DATE '0001-01-01') AND coalesce(a.valid_to, DATE '9999-12-31')
    WHERE a.level = 'province'
)
SELECT c.code, t.code AS period, count(*) AS months, any_value(map.area) AS area
FROM code_months c
JOIN periods t ON t.period_type IN ('quarter', 'year', 'ytd') AND t.year = c.year
              AND c.month BETWEEN t.first_month AND t.last_month
JOIN area_code_map map ON map.code = c.code AND t.end_date BETWEEN map.valid_from AND map.valid_to
GROUP BY c.code, t.code, t.first_month, t.last_month
HAVING count(*) < t.last_month - t.first_month + 1;

-- coverage_expected: how many provinces each aggregate expects in a period:
-- on the map of the period (map 'reported') each region and the nation;
-- on today's map (map 'current') each of today's provinces (the provinces
-- of the period that went into it) and the nation. boundaries names the
-- map: '63 provinces' until June 2025, '34 provinces' after.
CREATE OR REPLACE TABLE coverage_expected AS
WITH maps AS (
    SELECT period, count(*) || ' provinces' AS reported,
           (SELECT count(DISTINCT area) FROM area_code_map WHERE valid_to = DATE '9999-12-31') || ' provinces' AS current
    FROM period_provinces GROUP BY period
)
SELECT 'reported' AS map, 'region' AS area_level, p.region AS area, p.period, count(*) AS provinces, any_value(m.reported) AS boundaries
FROM period_provinces p JOIN maps m USING (period) WHERE p.region IS NOT NULL GROUP BY p.region, p.period
UNION ALL
SELECT 'reported', 'nation', 'VN', p.period, count(*), any_value(m.reported)
FROM period_provinces p JOIN maps m USING (period) GROUP BY p.period
UNION ALL
SELECT 'current', 'province', p.current_area, p.period, count(*), any_value(m.current)
FROM period_provinces p JOIN maps m USING (period) GROUP BY p.current_area, p.period
UNION ALL
SELECT 'current', 'nation', 'VN', p.period, count(*), any_value(m.current)
FROM period_provinces p JOIN maps m USING (period) GROUP BY p.period;
