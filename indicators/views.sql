-- Views that compute indicators from current observations. Installed by the
-- warehouse after the reference tables (areas, periods, data_elements,
-- indicator_definitions) and the observations view exist.

-- element_values: one value per province, data element, period and kind
-- (actual or plan), aggregated over time by the element's kind:
--   flows   quarter and year = sum of their months when all are loaded
--           (source 'months'); else a figure reported for the period itself
--           ('reported'); else from year-to-date figures ('ytd'):
--           ytd(end of period) − ytd(end of the previous period in the year)
--   stocks, rates   the figure reported for the period; else the value of
--           its last month ('end of period'), else of its last quarter
-- ytd_check holds the reported year-to-date figure when the months were
-- also complete, so that disagreements can be listed.
CREATE OR REPLACE VIEW element_values AS
WITH o AS (
    SELECT ob.data_element, ob.area, ob.kind, ob.value, ob.status <> 'final' AS provisional,
           p.code AS period, p.period_type, p.year, p.quarter, p.month, p.last_month,
           d.kind AS element_kind
    FROM observations ob
    JOIN periods p ON p.code = ob.period
    JOIN data_elements d ON d.code = ob.data_element
),
months AS (
    SELECT * FROM o WHERE kind = 'actual' AND period_type = 'month'
),
-- year-to-date figures keyed by the last month they cover (a quarter's
-- year-to-date covers January to its last month; a year's, to December)
ytd AS (
    SELECT data_element, area, year, last_month AS upto,
           arg_min(value, CASE period_type WHEN 'month' THEN 1 WHEN 'quarter' THEN 2 ELSE 3 END) AS value,
           bool_or(provisional) AS provisional
    FROM o WHERE kind = 'ytd'
    GROUP BY ALL
),
candidates AS (
    -- reported for the period itself
    SELECT data_element, area, period, kind, value, provisional, 2 AS priority, 'reported' AS source
    FROM o WHERE kind IN ('actual', 'plan')
    UNION ALL
    -- flows: quarters and years from complete months
    SELECT m.data_element, m.area, t.code, 'actual', sum(m.value), bool_or(m.provisional), 1, 'months'
    FROM months m
    JOIN periods t ON t.period_type IN ('quarter', 'year') AND t.year = m.year
                  AND m.month BETWEEN t.first_month AND t.last_month
    WHERE m.element_kind = 'flow'
    GROUP BY m.data_element, m.area, t.code, t.first_month, t.last_month
    HAVING count(*) = t.last_month - t.first_month + 1
    UNION ALL
    -- flows: any period from year-to-date figures
    SELECT y.data_element, y.area, t.code, 'actual',
           y.value - coalesce(prev.value, 0), y.provisional OR coalesce(prev.provisional, false), 3, 'ytd'
    FROM ytd y
    JOIN data_elements d ON d.code = y.data_element AND d.kind = 'flow'
    JOIN periods t ON t.year = y.year AND t.last_month = y.upto
    LEFT JOIN ytd prev ON prev.data_element = y.data_element AND prev.area = y.area
                      AND prev.year = y.year AND prev.upto = t.first_month - 1
    WHERE t.first_month = 1 OR prev.value IS NOT NULL
    UNION ALL
    -- stocks and rates: the value at the end of the period
    SELECT m.data_element, m.area, t.code, 'actual', m.value, m.provisional,
           CASE WHEN m.period_type = 'month' THEN 3 ELSE 4 END, 'end of period'
    FROM o m
    JOIN periods t ON t.period_type IN ('quarter', 'year') AND t.period_type <> m.period_type
                  AND t.year = m.year AND t.last_month = m.last_month
    WHERE m.element_kind <> 'flow' AND m.kind = 'actual' AND m.period_type IN ('month', 'quarter')
)
SELECT data_element, area, period, kind,
       arg_min(value, priority) AS value,
       arg_min(provisional, priority) AS provisional,
       arg_min(source, priority) AS source,
       CASE WHEN min(priority) = 1 THEN max(value) FILTER (WHERE source = 'ytd') END AS ytd_check
FROM candidates
GROUP BY data_element, area, period, kind;

-- ytd_discrepancies: provinces whose complete months and reported
-- year-to-date figure disagree (by more than half a unit) for a period.
CREATE OR REPLACE VIEW ytd_discrepancies AS
SELECT data_element, area, period, value AS sum_of_months, ytd_check AS reported_ytd,
       value - ytd_check AS difference
FROM element_values
WHERE ytd_check IS NOT NULL AND abs(value - ytd_check) > 0.5;

-- indicator_parts: per indicator, province and period, the parts an
-- indicator is computed from, this period and the same period a year earlier.
CREATE OR REPLACE VIEW indicator_parts AS
WITH parts AS (
    SELECT i.code AS indicator, ev.area, ev.period,
           max(ev.value) FILTER (WHERE ev.kind = 'actual' AND ev.data_element = i.element)     AS total,
           max(ev.value) FILTER (WHERE ev.kind = 'actual' AND ev.data_element = i.numerator)   AS num,
           max(ev.value) FILTER (WHERE ev.kind = 'actual' AND ev.data_element = i.denominator) AS den,
           max(ev.value) FILTER (WHERE ev.kind = 'actual' AND ev.data_element = i.rate)        AS rate,
           max(ev.value) FILTER (WHERE ev.kind = 'plan' AND ev.data_element = coalesce(i.element, i.rate)) AS plan,
           bool_or(ev.provisional) FILTER (WHERE ev.kind = 'actual') AS provisional,
           count(*) FILTER (WHERE ev.kind = 'actual' AND ev.ytd_check IS NOT NULL
                            AND abs(ev.value - ev.ytd_check) > 0.5) > 0 AS ytd_conflict
    FROM indicator_definitions i
    JOIN element_values ev ON ev.data_element IN (i.element, i.numerator, i.denominator, i.rate)
    GROUP BY i.code, ev.area, ev.period
),
computed AS (
    -- for ratios, the numerator a province contributes: reported, or its
    -- reported rate times its denominator
    SELECT p.*, i.method, i.factor,
           CASE WHEN i.method = 'sum' THEN p.total
                WHEN p.den > 0 THEN coalesce(p.num, p.rate * p.den / i.factor) END AS part_num,
           CASE WHEN i.method = 'ratio' AND p.den > 0 THEN p.den END AS part_den
    FROM parts p JOIN indicator_definitions i ON i.code = p.indicator
)
SELECT c.indicator, c.area, c.period, c.method, c.part_num, c.part_den, c.plan, c.provisional, c.ytd_conflict,
       -- the rate a province reported without the denominator that would let it aggregate
       CASE WHEN c.method = 'ratio' AND c.part_den IS NULL THEN c.rate END AS rate_only,
       prev.part_num AS prev_num, prev.part_den AS prev_den
FROM computed c
JOIN periods t ON t.code = c.period
LEFT JOIN computed prev ON prev.indicator = c.indicator AND prev.area = c.area AND prev.period = t.previous_year;

-- indicator_values: every indicator for every area (province, region,
-- nation) and period that has data. Aggregates are built from the provinces
-- that report the value; plan and previous year are given only when every
-- one of those provinces has them, so that comparisons are like for like.
CREATE OR REPLACE VIEW indicator_values AS
WITH members AS (
    SELECT p.code AS province, a.code AS area, a.level AS area_level
    FROM areas p
    JOIN areas a ON a.code = p.code OR a.code = p.parent OR a.level = 'nation'
    WHERE p.level = 'province'
),
expected AS (
    SELECT m.area, t.code AS period, count(DISTINCT m.province) AS provinces_expected
    FROM members m
    JOIN areas p ON p.code = m.province
    CROSS JOIN periods t
    WHERE t.end_date BETWEEN coalesce(p.valid_from, DATE '0001-01-01') AND coalesce(p.valid_to, DATE '9999-12-31')
    GROUP BY m.area, t.code
),
contributions AS (
    SELECT ip.*, m.area AS agg_area, m.area_level,
           (ip.part_num IS NOT NULL AND (ip.method = 'sum' OR ip.part_den IS NOT NULL)) AS reports
    FROM indicator_parts ip
    JOIN members m ON m.province = ip.area
    JOIN periods t ON t.code = ip.period
    JOIN areas p ON p.code = ip.area
    WHERE t.end_date BETWEEN coalesce(p.valid_from, DATE '0001-01-01') AND coalesce(p.valid_to, DATE '9999-12-31')
),
aggregated AS (
    SELECT indicator, agg_area AS area, area_level, period, any_value(method) AS method,
           sum(part_num) FILTER (WHERE reports) AS num,
           sum(part_den) FILTER (WHERE reports) AS den,
           count(*) FILTER (WHERE reports) AS provinces_reporting,
           count(plan) FILTER (WHERE reports) AS with_plan,
           sum(plan) FILTER (WHERE reports) AS plan_sum,
           sum(plan * part_den) FILTER (WHERE reports) AS plan_weighted,
           count(*) FILTER (WHERE reports AND prev_num IS NOT NULL AND (method = 'sum' OR prev_den > 0)) AS with_prev,
           sum(prev_num) FILTER (WHERE reports) AS prev_num,
           sum(prev_den) FILTER (WHERE reports) AS prev_den,
           bool_or(provisional) FILTER (WHERE reports) AS provisional,
           count(*) FILTER (WHERE reports AND ytd_conflict) AS ytd_conflicts,
           max(rate_only) FILTER (WHERE area_level = 'province') AS rate_only
    FROM contributions
    GROUP BY indicator, agg_area, area_level, period
),
valued AS (
    SELECT a.*, i.direction, i.unit, i.kind, i.factor,
           CASE WHEN a.method = 'sum' THEN a.num ELSE a.num / a.den * i.factor END AS v,
           CASE WHEN a.with_plan = a.provinces_reporting AND a.provinces_reporting > 0 THEN
                CASE WHEN a.method = 'sum' THEN a.plan_sum ELSE a.plan_weighted / a.den END END AS pl,
           CASE WHEN a.with_prev = a.provinces_reporting AND a.provinces_reporting > 0 THEN
                CASE WHEN a.method = 'sum' THEN a.prev_num ELSE a.prev_num / a.prev_den * i.factor END END AS pv
    FROM aggregated a JOIN indicator_definitions i ON i.code = a.indicator
)
SELECT v.indicator, v.area, v.area_level, v.period, t.period_type,
       coalesce(v.v, v.rate_only) AS value,
       v.unit,
       v.pl AS plan,
       round(CASE WHEN v.pl IS NULL OR v.v IS NULL OR v.v = 0 OR v.pl = 0 THEN NULL
                  WHEN v.direction = 'lower' THEN v.pl / v.v * 100
                  ELSE v.v / v.pl * 100 END, 2) AS pct_of_plan,
       CASE WHEN v.pl IS NULL OR v.v IS NULL OR v.direction = 'none' THEN NULL
            WHEN v.direction = 'lower' THEN v.v <= v.pl ELSE v.v >= v.pl END AS plan_met,
       v.pv AS previous_year,
       round(CASE WHEN v.pv <> 0 THEN v.v / v.pv * 100 END, 2) AS pct_of_previous_year,
       round(CASE WHEN v.kind = 'rate' THEN v.v - v.pv
                  WHEN v.pv <> 0 THEN (v.v / v.pv - 1) * 100 END, 2) AS change_from_previous_year,
       CASE WHEN v.kind = 'rate' THEN 'percentage points' ELSE 'percent' END AS change_unit,
       v.provinces_reporting,
       coalesce(e.provinces_expected, 0) AS provinces_expected,
       CASE WHEN v.provisional THEN 'provisional' ELSE 'final' END AS status,
       v.ytd_conflicts,
       v.direction
FROM valued v
JOIN periods t ON t.code = v.period
LEFT JOIN expected e ON e.area = v.area AND e.period = v.period
WHERE v.provinces_reporting > 0 OR v.rate_only IS NOT NULL;
