-- The hand-written baseline for indicator_values: the same figures for the
-- synthetic warehouse, by the shortest route an analyst who knows the data
-- would write. It relies on what the data guarantees and the views cannot:
-- flows report every month (so quarters and years are plain sums, without
-- checking that all months are there or falling back on year-to-date
-- figures), numerators are reported (no rate × denominator), every province
-- exists in every period, and nothing is provisional. It leaves out the
-- columns that depend on those checks (status, ytd_conflicts) and the ones
-- that are restatements (plan_met, change_unit, direction).
WITH o AS (
    -- a breakdown by its series code, as the indicators name it
    SELECT d.code AS data_element, o.area, o.period, o.kind, o.value, p.period_type, p.year, p.quarter, p.month,
           d.kind = 'flow' AS flow
    FROM observation_values o
    JOIN data_elements d ON d.element = o.data_element AND d.breakdown = o.breakdown
    JOIN periods p ON p.code = o.period
    WHERE o.superseded_by IS NULL AND o.kind IN ('actual', 'plan')
),
-- one value per province, data element, period and kind: as reported, and
-- for flows the quarters and years summed from months
pv AS (
    SELECT data_element, area, period, kind, value FROM o
    UNION ALL
    SELECT data_element, area,
           CASE WHEN quarter IS NULL THEN CAST(year AS VARCHAR) ELSE CAST(year AS VARCHAR) || '-Q' || CAST(quarter AS VARCHAR) END,
           'actual', sum(value)
    FROM o
    WHERE kind = 'actual' AND period_type = 'month'
      AND data_element IN (SELECT code FROM data_elements WHERE kind = 'flow')
    GROUP BY GROUPING SETS ((data_element, area, year, quarter), (data_element, area, year))
    UNION ALL
    -- years to date: flows summed from January, stocks and rates at the end
    -- of a quarter, the year's plan
    SELECT o.data_element, o.area, t.code, 'actual', sum(o.value)
    FROM o JOIN periods t ON t.period_type = 'ytd' AND t.year = o.year AND o.month <= t.last_month
    WHERE o.kind = 'actual' AND o.period_type = 'month' AND o.flow
    GROUP BY o.data_element, o.area, t.code
    UNION ALL
    SELECT o.data_element, o.area, t.code, 'actual', o.value
    FROM o JOIN periods t ON t.period_type = 'ytd' AND t.year = o.year AND t.last_month = 3 * o.quarter
    WHERE o.kind = 'actual' AND o.period_type = 'quarter' AND NOT o.flow
    UNION ALL
    SELECT o.data_element, o.area, t.code, 'plan', o.value
    FROM o JOIN periods t ON t.period_type = 'ytd' AND t.year = o.year
    WHERE o.kind = 'plan' AND o.period_type = 'year'
),
-- the part each data element plays in each indicator
roles AS (
    SELECT code AS indicator, method, element AS data_element, 'total' AS role FROM indicator_definitions WHERE method = 'sum'
    UNION ALL SELECT code, method, numerator, 'total' FROM indicator_definitions WHERE method = 'ratio'
    UNION ALL SELECT code, method, denominator, 'den' FROM indicator_definitions WHERE method = 'ratio'
    UNION ALL SELECT code, method, rate, 'rate' FROM indicator_definitions WHERE method = 'ratio'
),
province AS (
    SELECT r.indicator, r.method, pv.area, pv.period,
           max(pv.value) FILTER (WHERE pv.kind = 'actual' AND r.role = 'total') AS num,
           max(pv.value) FILTER (WHERE pv.kind = 'actual' AND r.role = 'den') AS den,
           max(pv.value) FILTER (WHERE pv.kind = 'plan' AND (r.role = 'rate' OR r.method = 'sum')) AS plan
    FROM pv JOIN roles r ON r.data_element = pv.data_element
    GROUP BY r.indicator, r.method, pv.area, pv.period
),
-- the provinces of the benchmark's years (before the 2025 merger)
members AS (
    SELECT code AS province, code AS area, 'province' AS area_level FROM areas WHERE level = 'province' AND valid_from IS NULL
    UNION ALL
    SELECT code, parent, 'region' FROM areas WHERE level = 'province' AND valid_from IS NULL
    UNION ALL
    SELECT p.code, n.code, 'nation' FROM areas p, areas n WHERE p.level = 'province' AND p.valid_from IS NULL AND n.level = 'nation'
),
aggregated AS (
    SELECT p.indicator, m.area, m.area_level, p.period, p.method,
           sum(p.num) AS num, sum(p.den) AS den, count(*) AS provinces_reporting,
           count(p.plan) AS with_plan, sum(p.plan) AS plan_sum, sum(p.plan * p.den) AS plan_weighted
    FROM province p JOIN members m ON m.province = p.area
    WHERE p.num IS NOT NULL AND (p.method = 'sum' OR p.den > 0)
    GROUP BY p.indicator, m.area, m.area_level, p.period, p.method
),
valued AS (
    SELECT a.indicator, a.area, a.area_level, a.period, t.period_type, t.previous_year, a.provinces_reporting,
           i.unit, i.kind, i.direction,
           CASE WHEN a.method = 'sum' THEN a.num ELSE a.num / a.den * i.factor END AS v,
           CASE WHEN a.with_plan = a.provinces_reporting THEN
                CASE WHEN a.method = 'sum' THEN a.plan_sum ELSE a.plan_weighted / a.den END END AS pl
    FROM aggregated a
    JOIN indicator_definitions i ON i.code = a.indicator
    JOIN periods t ON t.code = a.period
),
expected AS (
    SELECT m.area, t.code AS period, count(*) AS provinces_expected
    FROM members m
    JOIN areas p ON p.code = m.province AND p.valid_from IS NULL
    JOIN periods t ON t.end_date BETWEEN coalesce(p.valid_from, DATE '0001-01-01') AND coalesce(p.valid_to, DATE '9999-12-31')
    GROUP BY m.area, t.code
)
SELECT v.indicator, v.area, v.area_level, v.period, v.period_type, v.v AS value, v.unit, v.pl AS plan,
       round(CASE WHEN v.pl IS NULL OR v.v = 0 OR v.pl = 0 THEN NULL
                  WHEN v.direction = 'lower' THEN v.pl / v.v * 100
                  ELSE v.v / v.pl * 100 END, 2) AS pct_of_plan,
       prev.v AS previous_year,
       round(CASE WHEN prev.v <> 0 THEN v.v / prev.v * 100 END, 2) AS pct_of_previous_year,
       round(CASE WHEN v.kind = 'rate' THEN v.v - prev.v
                  WHEN prev.v <> 0 THEN (v.v / prev.v - 1) * 100 END, 2) AS change_from_previous_year,
       v.provinces_reporting,
       coalesce(e.provinces_expected, 0) AS provinces_expected
FROM valued v
LEFT JOIN valued prev ON prev.indicator = v.indicator AND prev.area = v.area AND prev.period = v.previous_year
                     AND prev.provinces_reporting = v.provinces_reporting
LEFT JOIN expected e ON e.area = v.area AND e.period = v.period
