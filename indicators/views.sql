-- Views that compute indicators from current observations. Installed by the
-- warehouse after the reference tables (areas, periods, data_elements,
-- indicator_definitions, indicator_elements) and the observations view exist.
--
-- The chain: element_candidates (every figure that can stand for a value)
-- feeds element_values (the winning figures, and from them
-- ytd_discrepancies) and indicator_parts (each province's parts of each
-- indicator, which picks the winners itself in the pass that gathers the
-- parts); indicator_parts feeds indicator_values (provinces, regions, nation).

-- element_candidates: every figure that can stand for a province's data
-- element in a period and kind (actual or plan), with its priority; the
-- lowest priority wins. How each kind of element aggregates over time:
--   flows   quarter, year and year to date (2024-YTD09: January–
--           September) = sum of their months when all are loaded
--           (priority 1, source 'months'); else a figure reported for the
--           period itself (2, 'reported'); else from year-to-date figures
--           (3, 'ytd'): ytd(end of period) − ytd(end of the previous period
--           in the year)
--   stocks, rates   the figure reported for the period (2); else the value
--           of its last month (4, 'end of period'), else of its last
--           quarter (5)
--   plans   reported for the period (2); a year to date has its year's
--           plan (2), so that % of plan says how far the year's target is
--           reached
-- A flow has no end of period and a stock no year-to-date, so no two
-- candidates of one value share a priority. pick = priority × 2 +
-- provisional orders them the same way and carries whether the winner is
-- provisional, so that one arg_min picks the value and min(pick) the rest.
CREATE OR REPLACE VIEW element_candidates AS
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
    SELECT data_element, area, period, kind, value, provisional, 2 AS priority
    FROM o WHERE kind IN ('actual', 'plan')
    UNION ALL
    -- flows: quarters and years from complete months; complete means every
    -- month in which the province existed (Hà Giang's 2025 is January–June)
    SELECT g.data_element, g.area, g.period, 'actual', g.value, g.provisional, 1
    FROM (
        SELECT m.data_element, m.area, t.code AS period, sum(m.value) AS value, bool_or(m.provisional) AS provisional,
               count(*) AS months, t.last_month - t.first_month + 1 AS period_months
        FROM months m
        JOIN periods t ON t.period_type IN ('quarter', 'year', 'ytd') AND t.year = m.year
                      AND m.month BETWEEN t.first_month AND t.last_month
        WHERE m.element_kind = 'flow'
        GROUP BY m.data_element, m.area, t.code, t.first_month, t.last_month
    ) g
    LEFT JOIN area_partial_periods pp ON pp.code = g.area AND pp.period = g.period
    WHERE g.months = coalesce(pp.months, g.period_months)
    UNION ALL
    -- flows: any period from year-to-date figures
    SELECT y.data_element, y.area, t.code, 'actual',
           y.value - coalesce(prev.value, 0), y.provisional OR coalesce(prev.provisional, false), 3
    FROM ytd y
    JOIN data_elements d ON d.code = y.data_element AND d.kind = 'flow'
    JOIN periods t ON t.year = y.year AND t.last_month = y.upto
    LEFT JOIN ytd prev ON prev.data_element = y.data_element AND prev.area = y.area
                      AND prev.year = y.year AND prev.upto = t.first_month - 1
    WHERE t.first_month = 1 OR prev.value IS NOT NULL
    UNION ALL
    -- stocks and rates: the value at the end of the period
    SELECT m.data_element, m.area, t.code, 'actual', m.value, m.provisional,
           CASE WHEN m.period_type = 'month' THEN 4 ELSE 5 END
    FROM o m
    JOIN periods t ON t.period_type IN ('quarter', 'year', 'ytd') AND t.period_type <> m.period_type
                  AND t.year = m.year AND t.last_month = m.last_month
    WHERE m.element_kind <> 'flow' AND m.kind = 'actual' AND m.period_type IN ('month', 'quarter')
    UNION ALL
    -- years to date: the plan is the year's (so % of plan says how much of
    -- the year's target is reached by the end of the period)
    SELECT p.data_element, p.area, t.code, 'plan', p.value, p.provisional, 2
    FROM o p
    JOIN periods t ON t.period_type = 'ytd' AND t.year = p.year
    WHERE p.kind = 'plan' AND p.period_type = 'year'
)
SELECT data_element, area, period, kind, value, priority, priority * 2 + provisional::INTEGER AS pick
FROM candidates;

-- element_values: one value per province, data element, period and kind:
-- the winning candidate, its source, and whether it is provisional.
-- ytd_check holds the reported year-to-date figure when the months were
-- also complete, so that disagreements can be listed.
CREATE OR REPLACE VIEW element_values AS
WITH picked AS (
    SELECT data_element, area, period, kind,
           arg_min(value, pick) AS value,
           min(pick) AS pick,
           max(value) FILTER (WHERE priority = 3) AS ytd_value
    FROM element_candidates
    GROUP BY data_element, area, period, kind
)
SELECT data_element, area, period, kind, value,
       pick % 2 = 1 AS provisional,
       CASE pick // 2 WHEN 1 THEN 'months' WHEN 2 THEN 'reported' WHEN 3 THEN 'ytd' ELSE 'end of period' END AS source,
       CASE WHEN pick // 2 = 1 THEN ytd_value END AS ytd_check
FROM picked;

-- ytd_discrepancies: provinces whose complete months and reported
-- year-to-date figure disagree (by more than half a unit) for a period.
CREATE OR REPLACE VIEW ytd_discrepancies AS
SELECT data_element, area, period, value AS sum_of_months, ytd_check AS reported_ytd,
       value - ytd_check AS difference
FROM element_values
WHERE ytd_check IS NOT NULL AND abs(value - ytd_check) > 0.5;

-- indicator_parts: per indicator, province and period, the parts an
-- indicator is computed from, this period and the same period a year
-- earlier, with the period's type and last day for indicator_values.
-- Each part is its element's value as element_values has it (the candidate
-- with the lowest pick), picked here in the same pass that gathers the
-- parts of an indicator rather than in a pass of its own.
CREATE OR REPLACE VIEW indicator_parts AS
WITH parts AS (
    -- every candidate of every element an indicator uses, in its slot:
    -- 1 the element of a sum or the numerator of a ratio, 2 the denominator,
    -- 3 the rate, 4 the indicator's plan (the element's or the rate's),
    -- 0 another plan. Elements join indicators by equality through
    -- indicator_elements; the join passes through data_elements, whose
    -- statistics tell the planner that it makes millions of rows (else it
    -- takes it for a few and builds the hash tables of the joins that
    -- follow on the millions instead of on periods and areas).
    SELECT i.ordinal, c.area, c.period, c.value, c.priority, c.pick,
           CASE WHEN c.kind = 'plan' THEN CASE WHEN e.plan THEN 4 ELSE 0 END
                WHEN e.role = 'denominator' THEN 2
                WHEN e.role = 'rate' THEN 3
                ELSE 1 END AS slot
    FROM element_candidates c
    JOIN data_elements d ON d.code = c.data_element
    JOIN indicator_elements e ON e.data_element = d.code
    JOIN indicator_definitions i ON i.code = e.indicator
),
-- per indicator (by its ordinal: an integer groups faster than a code),
-- province and period: the winner of each slot, its pick, and for flows the
-- value from year-to-date figures (element_values.ytd_check)
picked AS (
    SELECT ordinal, area, period,
           arg_min(value, pick) FILTER (WHERE slot = 1) AS num,
           min(pick) FILTER (WHERE slot = 1) AS num_pick,
           max(value) FILTER (WHERE slot = 1 AND priority = 3) AS num_ytd,
           arg_min(value, pick) FILTER (WHERE slot = 2) AS den,
           min(pick) FILTER (WHERE slot = 2) AS den_pick,
           max(value) FILTER (WHERE slot = 2 AND priority = 3) AS den_ytd,
           arg_min(value, pick) FILTER (WHERE slot = 3) AS rate,
           min(pick) FILTER (WHERE slot = 3) AS rate_pick,
           max(value) FILTER (WHERE slot = 3 AND priority = 3) AS rate_ytd,
           max(value) FILTER (WHERE slot = 4) AS plan
    FROM parts
    GROUP BY ordinal, area, period
),
computed AS (
    -- for ratios, the numerator a province contributes: reported, or its
    -- reported rate times its denominator
    SELECT i.code AS indicator, p.ordinal, p.area, p.period, i.method, p.plan, p.rate,
           CASE WHEN i.method = 'sum' THEN p.num
                WHEN p.den > 0 THEN coalesce(p.num, p.rate * p.den / i.factor) END AS part_num,
           CASE WHEN i.method = 'ratio' AND p.den > 0 THEN p.den END AS part_den,
           -- provisional if the value of any of its elements is
           CASE WHEN coalesce(p.num_pick, p.den_pick, p.rate_pick) IS NOT NULL THEN
                coalesce(p.num_pick % 2 = 1, false) OR coalesce(p.den_pick % 2 = 1, false)
                OR coalesce(p.rate_pick % 2 = 1, false) END AS provisional,
           -- the complete months of an element disagree with its year-to-date figure
           coalesce(p.num_pick // 2 = 1 AND abs(p.num - p.num_ytd) > 0.5, false)
           OR coalesce(p.den_pick // 2 = 1 AND abs(p.den - p.den_ytd) > 0.5, false)
           OR coalesce(p.rate_pick // 2 = 1 AND abs(p.rate - p.rate_ytd) > 0.5, false) AS ytd_conflict,
           t.period_type, t.end_date, t.previous_year
    FROM picked p
    JOIN indicator_definitions i ON i.ordinal = p.ordinal
    JOIN periods t ON t.code = p.period
)
SELECT c.indicator, c.area, c.period, c.method, c.part_num, c.part_den, c.plan, c.provisional, c.ytd_conflict,
       -- the rate a province reported without the denominator that would let it aggregate
       CASE WHEN c.method = 'ratio' AND c.part_den IS NULL THEN c.rate END AS rate_only,
       prev.part_num AS prev_num, prev.part_den AS prev_den,
       c.period_type, c.end_date
FROM computed c
LEFT JOIN computed prev ON prev.ordinal = c.ordinal AND prev.area = c.area AND prev.period = c.previous_year;

-- indicator_units: each indicator per province and period on the map of
-- the period (the provinces valid on its last day), from the parts of the
-- province codes whose figures belong to it then (area_code_map). Before
-- the 2025 merger that is the province itself. A period that spans the
-- merger (2025, 2025-YTD09) also gathers, for flows, the months of the old
-- provinces that went into it ("absorbed": Hà Giang's January–June in
-- Tuyên Quang's 2025), and, for every indicator, their plans for it, which
-- combine into the new province's target: summed, or for rates weighted by
-- each old province's denominator of the year before. A province reports
-- an indicator when its own parts are there and, for flows, every absorbed
-- province's too.
CREATE OR REPLACE VIEW indicator_units AS
WITH c AS (
    SELECT ip.*, m.area AS unit, m.area <> ip.area AS absorbed, i.kind = 'flow' AS flow,
           (ip.part_num IS NOT NULL AND (ip.method = 'sum' OR ip.part_den IS NOT NULL)) AS reports
    FROM indicator_parts ip
    JOIN area_code_map m ON m.code = ip.area AND ip.end_date BETWEEN m.valid_from AND m.valid_to
    JOIN indicator_definitions i ON i.code = ip.indicator
),
g AS (
    SELECT indicator, unit AS area, period,
           any_value(period_type) AS period_type, any_value(method) AS method, any_value(flow) AS flow,
           bool_or(reports AND NOT absorbed) AS own_reports,
           count(*) FILTER (WHERE absorbed AND reports) AS absorbed_reporting,
           sum(part_num) FILTER (WHERE reports AND (flow OR NOT absorbed)) AS num,
           sum(part_den) FILTER (WHERE reports AND (flow OR NOT absorbed)) AS den,
           bool_or(provisional) FILTER (WHERE reports AND (flow OR NOT absorbed)) AS provisional,
           bool_or(ytd_conflict) FILTER (WHERE reports AND (flow OR NOT absorbed)) AS ytd_conflict,
           any_value(rate_only) FILTER (WHERE NOT absorbed) AS rate_only,
           any_value(plan) FILTER (WHERE NOT absorbed) AS own_plan,
           count(plan) FILTER (WHERE absorbed) AS absorbed_plans,
           sum(plan) AS plans_sum,
           sum(plan * prev_den) / sum(prev_den) FILTER (WHERE plan IS NOT NULL) AS plans_weighted
    FROM c
    GROUP BY indicator, unit, period
),
absorbed AS (
    SELECT area, period, count(*) AS n FROM area_partial_periods WHERE area <> code GROUP BY area, period
)
SELECT g.indicator, g.area, g.period, g.period_type, g.method,
       g.own_reports AND (NOT g.flow OR g.absorbed_reporting = coalesce(a.n, 0)) AS reports,
       g.num, g.den, g.provisional, g.ytd_conflict, g.rate_only,
       CASE WHEN g.absorbed_plans = 0 THEN g.own_plan
            WHEN g.absorbed_plans = a.n AND g.own_plan IS NOT NULL THEN
                 CASE WHEN g.method = 'sum' THEN g.plans_sum ELSE g.plans_weighted END
       END AS plan
FROM g
LEFT JOIN absorbed a ON a.area = g.area AND a.period = g.period;

-- indicator_aggregates: the rows of indicator_values (map 'reported') and
-- indicator_values_current (map 'current') before the figures are derived.
-- Each province's previous year is the same period a year earlier on this
-- period's map: the provinces that went into it summed, given only when
-- every one of them reported (Tuyên Quang 2025 against Hà Giang + Tuyên
-- Quang 2024). Aggregates are built from the provinces that report the
-- value; plan and previous year are given only when every one of those
-- provinces has them, so that comparisons are like for like.
--   reported: provinces as they were; regions (until June 2025) and the
--             nation sum their provinces
--   current:  today's provinces sum the provinces of the period that went
--             into them (coverage counts those: "1/2" when Hà Giang
--             reported and Tuyên Quang did not); the nation is the same
--             as on the map of the period
CREATE OR REPLACE VIEW indicator_aggregates AS
WITH prev AS (
    SELECT u.indicator, pp.next_area AS area, pp.next_period AS period,
           sum(u.num) AS num, sum(u.den) AS den, count(*) AS reporting
    FROM indicator_units u
    JOIN period_provinces pp ON pp.period = u.period AND pp.area = u.area
    WHERE u.reports AND pp.next_period IS NOT NULL
    GROUP BY ALL
),
u AS (
    SELECT u.*, pp.region, pp.current_area,
           CASE WHEN pv.reporting = pp.predecessors THEN pv.num END AS prev_num,
           CASE WHEN pv.reporting = pp.predecessors THEN pv.den END AS prev_den
    FROM indicator_units u
    JOIN period_provinces pp ON pp.period = u.period AND pp.area = u.area
    LEFT JOIN prev pv ON pv.indicator = u.indicator AND pv.area = u.area AND pv.period = u.period
),
members AS (
    SELECT 'reported' AS map, 'region' AS area_level, region AS agg_area, * FROM u WHERE region IS NOT NULL
    UNION ALL
    SELECT 'reported', 'nation', 'VN', * FROM u
    UNION ALL
    SELECT 'current', 'province', current_area, * FROM u
),
grouped AS (
    SELECT map, area_level, agg_area AS area, indicator, period,
           any_value(period_type) AS period_type, any_value(method) AS method,
           sum(num) FILTER (WHERE reports) AS num,
           sum(den) FILTER (WHERE reports) AS den,
           count(*) FILTER (WHERE reports) AS provinces_reporting,
           count(*) FILTER (WHERE reports AND plan IS NOT NULL) AS with_plan,
           sum(plan) FILTER (WHERE reports) AS plan_sum,
           sum(plan * den) FILTER (WHERE reports) AS plan_weighted,
           count(*) FILTER (WHERE reports AND prev_num IS NOT NULL AND (method = 'sum' OR prev_den > 0)) AS with_prev,
           sum(prev_num) FILTER (WHERE reports) AS prev_num,
           sum(prev_den) FILTER (WHERE reports) AS prev_den,
           bool_or(provisional) FILTER (WHERE reports) AS provisional,
           count(*) FILTER (WHERE reports AND ytd_conflict) AS ytd_conflicts,
           -- a province of today made of one province then keeps its rate
           CASE WHEN count(*) = 1 THEN any_value(rate_only) FILTER (WHERE NOT reports) END AS rate_only
    FROM members
    GROUP BY map, area_level, agg_area, indicator, period
),
nation AS (
    SELECT * FROM grouped WHERE map = 'reported' AND area_level = 'nation'
)
-- a province on the map of its period: its own figures if it reports the
-- value; a row also when it reported only a rate (rate_only)
SELECT 'reported' AS map, u.indicator, u.area, 'province' AS area_level, u.period, u.period_type, u.method,
       CASE WHEN u.reports THEN u.num END AS num,
       CASE WHEN u.reports THEN u.den END AS den,
       CAST(u.reports AS BIGINT) AS provinces_reporting,
       CAST(u.reports AND u.plan IS NOT NULL AS BIGINT) AS with_plan,
       CASE WHEN u.reports THEN u.plan END AS plan_sum,
       CASE WHEN u.reports THEN u.plan * u.den END AS plan_weighted,
       CAST(u.reports AND u.prev_num IS NOT NULL AND (u.method = 'sum' OR u.prev_den > 0) AS BIGINT) AS with_prev,
       CASE WHEN u.reports THEN u.prev_num END AS prev_num,
       CASE WHEN u.reports THEN u.prev_den END AS prev_den,
       CASE WHEN u.reports THEN u.provisional END AS provisional,
       CAST(u.reports AND u.ytd_conflict AS BIGINT) AS ytd_conflicts,
       u.rate_only,
       CAST(1 AS BIGINT) AS provinces_expected,
       e.boundaries
FROM u
JOIN coverage_expected e ON e.map = 'reported' AND e.area_level = 'nation' AND e.period = u.period
WHERE u.reports OR u.rate_only IS NOT NULL
UNION ALL BY NAME
SELECT g.*, e.provinces AS provinces_expected, e.boundaries
FROM (SELECT * FROM grouped WHERE provinces_reporting > 0 OR rate_only IS NOT NULL
      UNION ALL BY NAME
      SELECT * REPLACE ('current' AS map) FROM nation) g
JOIN coverage_expected e ON e.map = g.map AND e.area_level = g.area_level AND e.area = g.area AND e.period = g.period;

-- indicator_values and indicator_values_current: every indicator for every
-- area and period that has data, on the map of the period ('63 provinces'
-- until June 2025, with regions; '34 provinces' after) and on today's map
-- (history re-based to the 34 provinces). boundaries names the map.
-- A rate is Σ numerators ÷ Σ denominators of the reporting provinces, its
-- plan the plans weighted by the denominators.
CREATE OR REPLACE VIEW indicator_figures AS
WITH valued AS (
    SELECT a.*, i.direction, i.unit, i.kind, i.factor,
           CASE WHEN a.method = 'sum' THEN a.num ELSE a.num / a.den * i.factor END AS v,
           CASE WHEN a.with_plan = a.provinces_reporting AND a.provinces_reporting > 0 THEN
                CASE WHEN a.method = 'sum' THEN a.plan_sum ELSE a.plan_weighted / a.den END END AS pl,
           CASE WHEN a.with_prev = a.provinces_reporting AND a.provinces_reporting > 0 THEN
                CASE WHEN a.method = 'sum' THEN a.prev_num ELSE a.prev_num / a.prev_den * i.factor END END AS pv
    FROM indicator_aggregates a JOIN indicator_definitions i ON i.code = a.indicator
)
SELECT v.map, v.indicator, v.area, v.area_level, v.period, v.period_type,
       coalesce(v.v, v.rate_only) AS value,
       v.unit,
       v.pl AS plan,
       round(CASE WHEN v.pl IS NULL OR v.v IS NULL OR v.v = 0 OR v.pl = 0 THEN NULL
                  WHEN v.direction = 'lower' THEN v.pl / v.v * 100
                  ELSE v.v / v.pl * 100 END, 2) AS pct_of_plan,
       -- a count to date is not yet a year's and meets no annual target
       CASE WHEN v.pl IS NULL OR v.v IS NULL OR v.direction = 'none'
                 OR v.period_type = 'ytd' AND v.kind <> 'rate' THEN NULL
            WHEN v.direction = 'lower' THEN v.v <= v.pl ELSE v.v >= v.pl END AS plan_met,
       v.pv AS previous_year,
       round(CASE WHEN v.pv <> 0 THEN v.v / v.pv * 100 END, 2) AS pct_of_previous_year,
       round(CASE WHEN v.kind = 'rate' THEN v.v - v.pv
                  WHEN v.pv <> 0 THEN (v.v / v.pv - 1) * 100 END, 2) AS change_from_previous_year,
       CASE WHEN v.kind = 'rate' THEN 'percentage points' ELSE 'percent' END AS change_unit,
       v.provinces_reporting,
       v.provinces_expected,
       CASE WHEN v.provisional THEN 'provisional' ELSE 'final' END AS status,
       v.ytd_conflicts,
       v.direction,
       v.boundaries
FROM valued v;

CREATE OR REPLACE VIEW indicator_values AS
SELECT * EXCLUDE (map) FROM indicator_figures WHERE map = 'reported';

CREATE OR REPLACE VIEW indicator_values_current AS
SELECT * EXCLUDE (map) FROM indicator_figures WHERE map = 'current';
