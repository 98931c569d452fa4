-- Tables derived from areas, area_code_map and periods once their rows are
-- in: which provinces make up each period's map, and how one map's
-- provinces go into another's. The indicator views aggregate through them.

-- area_spans: each province while it is valid (open ends as 0001-01-01 and
-- 9999-12-31), with its socio-economic region (NULL after the 2025 merger)
-- and the province its figures belong to today (current_area). A small
-- table that the indicator views join by code and date.
CREATE OR REPLACE TABLE area_spans AS
SELECT a.code, coalesce(a.valid_from, DATE '0001-01-01') AS valid_from, coalesce(a.valid_to, DATE '9999-12-31') AS valid_to,
       CASE WHEN r.code IS NOT NULL THEN a.parent END AS region, cur.area AS current_area
FROM areas a
LEFT JOIN areas r ON r.code = a.parent AND r.level = 'region'
                 AND coalesce(a.valid_to, DATE '9999-12-31') BETWEEN coalesce(r.valid_from, DATE '0001-01-01') AND coalesce(r.valid_to, DATE '9999-12-31')
LEFT JOIN area_code_map cur ON cur.code = a.code AND cur.valid_to = DATE '9999-12-31'
WHERE a.level = 'province';

-- period_provinces: every province valid on each period's last day (the
-- map of the period), with
--   region        its socio-economic region then (NULL after the 2025
--                 merger: no official grouping of the 34 provinces exists)
--   current_area  the province its figures belong to on today's map (NULL
--                 for one that ended without a successor)
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
    LEFT JOIN area_code_map cur ON cur.code = a.code AND cur.valid_to = DATE '9999-12-31'
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
FROM period_provinces p JOIN maps m USING (period) WHERE p.current_area IS NOT NULL GROUP BY p.current_area, p.period
UNION ALL
SELECT 'current', 'nation', 'VN', p.period, count(*), any_value(m.current)
FROM period_provinces p JOIN maps m USING (period) GROUP BY p.period;

-- merged_units: the provinces of a period that gather figures of province
-- codes other than their own, because the period spans a reorganisation
-- (Tuyên Quang, 08, in 2025 gathers Hà Giang's January–June): every member
-- code, the province's own (absorbed false) and the others (true).
CREATE OR REPLACE TABLE merged_units AS
WITH absorbed AS (SELECT period, area, code FROM area_partial_periods WHERE area <> code)
SELECT period, area, code, true AS absorbed FROM absorbed
UNION ALL
SELECT DISTINCT period, area, area, false FROM absorbed;

-- rebased_units: the provinces of a period whose previous year is not
-- simply the same code a year earlier: made of other or several provinces
-- then (Tuyên Quang 2025-Q3 of Hà Giang and Tuyên Quang 2024-Q3), or of
-- none, or merged in either year. rebased_previous lists, for each, the
-- provinces of the previous year's map that go into it; predecessors is
-- how many.
CREATE OR REPLACE TABLE rebased_previous AS
WITH preds AS (
    SELECT next_period AS period, next_area AS area, period AS prev_period, area AS prev_area
    FROM period_provinces WHERE next_period IS NOT NULL
),
special AS (
    SELECT period, area FROM preds GROUP BY period, area HAVING count(*) <> 1 OR any_value(prev_area) <> area
    UNION
    SELECT p.period, p.area FROM preds p JOIN merged_units m ON m.period = p.prev_period AND m.area = p.prev_area
    UNION
    SELECT period, area FROM merged_units
)
SELECT p.* FROM preds p JOIN special s ON s.period = p.period AND s.area = p.area;

CREATE OR REPLACE TABLE rebased_units AS
SELECT period, area, count(*) AS predecessors FROM rebased_previous GROUP BY period, area
UNION ALL
SELECT period, area, 0 FROM period_provinces
WHERE predecessors = 0 AND period IN (SELECT next_period FROM period_provinces);
