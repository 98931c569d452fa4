-- Views that compute indicators from current observations. Installed by the
-- warehouse after the reference tables (areas, periods, data_elements,
-- indicator_definitions, indicator_elements) and the observations view exist.
--
-- The chain: element_candidates (every figure that can stand for a value)
-- feeds element_values (the winning figures, and from them
-- ytd_discrepancies) and indicator_parts (each province's parts of each
-- indicator, which picks the winners itself in the pass that gathers the
-- parts); indicator_parts feeds indicator_units (each indicator per
-- province and period, on the map of the period) and indicator_units_compared
-- (with the previous year), from which indicator_figures computes
-- indicator_values and indicator_values_current (provinces, regions, the
-- nation; today's provinces), stored in indicator_store.

-- element_candidates: every figure that can stand for a province's data
-- element in a period and kind (actual or plan), with its priority; the
-- lowest priority wins. How each kind of element aggregates over time:
--   flows   quarter, year and year to date (2024-YTD09: January–
--           September) = sum of their months when all are loaded
--           (priority 1, source 'months'); else a figure reported for the
--           period itself (2, 'reported'); else from year-to-date figures
--           (3, 'ytd'): ytd(end of period) − ytd(end of the previous period
--           in the year). A month is as reported (2), else from
--           year-to-date figures (3). One row per flow and period carries
--           both the months and the year-to-date figures: the value chosen
--           between them, and ytd_check, the year-to-date value beside
--           complete months, so that ytd_conflict can say they disagree.
--   stocks, rates   the figure reported for the period (2); else the value
--           of its last month (4, 'end of period'), else of its last
--           quarter (5)
--   plans   reported for the period (2). A year to date has its year's
--           plan, so that % of plan says how far the year's target is
--           reached: element_values and indicator_parts attach it after
--           picking, and it is a candidate (2) only where a merged province
--           gathers the plans of the provinces it took in (merged_units),
--           for a year to date they may have no other figure for
-- A flow has no end of period and a stock no year-to-date, so no two
-- candidates of one value share a priority. pick = priority × 2 +
-- provisional orders them the same way and carries whether the winner is
-- provisional, so that one arg_min picks the value and min(pick) the rest.
CREATE OR REPLACE VIEW element_candidates AS
WITH o AS (
    -- an element's breakdown is a series of its own (data_element here is
    -- the series code: jobs_created[sex=female]), which indicators use as
    -- they use elements
    SELECT series_code(ob.data_element, ob.breakdown) AS data_element, ob.area, ob.kind, ob.value,
           ob.status <> 'final' AS provisional, ob.target_shape, ob.target_high,
           p.code AS period, p.period_type, p.year, p.month, p.last_month,
           d.kind AS element_kind
    FROM observations ob
    JOIN periods p ON p.code = ob.period
    JOIN data_elements d ON d.code = ob.data_element
    -- the scope of a refresh of the indicator store (see "The indicator
    -- store" below): unset, everything
    WHERE (getvariable('chitieu_scope_years') IS NULL
           OR list_contains(getvariable('chitieu_scope_years'), p.year)
           OR list_contains(getvariable('chitieu_scope_years'), p.year + 1))
      AND (getvariable('chitieu_scope_elements') IS NULL
           OR list_contains(getvariable('chitieu_scope_elements'), series_code(ob.data_element, ob.breakdown)))
      AND (getvariable('chitieu_scope_areas') IS NULL
           OR list_contains(getvariable('chitieu_scope_areas'), ob.area))
),
-- a flow's monthly actual figures, and its year-to-date figures by the
-- last month they cover, whatever the period they were reported for (a
-- month's preferred to a quarter's, to a year's: a quarter's year-to-date
-- covers January to its last month)
flow_months AS (
    SELECT data_element, area, year, month, value, provisional
    FROM o WHERE element_kind = 'flow' AND kind = 'actual' AND period_type = 'month'
),
ytd AS (
    SELECT data_element, area, year, last_month AS upto,
           arg_min(value, CASE period_type WHEN 'month' THEN 1 WHEN 'quarter' THEN 2 ELSE 3 END) AS value,
           bool_or(provisional) AS provisional
    FROM o WHERE element_kind = 'flow' AND kind = 'ytd'
    GROUP BY data_element, area, year, last_month
),
-- per flow, province and year: its twelve months and its twelve
-- year-to-date figures side by side (m1 … m12, y1 … y12), with bit masks
-- (bit k − 1 for month k) of the months loaded and of the provisional ones.
-- One group per flow, province and year: grouping each period's figures
-- instead (every month into its month, quarter and year, every
-- year-to-date figure into the periods it ends and begins) grouped nearly
-- three times the rows and took four times as long.
flow_years AS (
    SELECT data_element, area, year,
           any_value(value) FILTER (month = 1 AND NOT ytd) AS m1, any_value(value) FILTER (month = 2 AND NOT ytd) AS m2,
           any_value(value) FILTER (month = 3 AND NOT ytd) AS m3, any_value(value) FILTER (month = 4 AND NOT ytd) AS m4,
           any_value(value) FILTER (month = 5 AND NOT ytd) AS m5, any_value(value) FILTER (month = 6 AND NOT ytd) AS m6,
           any_value(value) FILTER (month = 7 AND NOT ytd) AS m7, any_value(value) FILTER (month = 8 AND NOT ytd) AS m8,
           any_value(value) FILTER (month = 9 AND NOT ytd) AS m9, any_value(value) FILTER (month = 10 AND NOT ytd) AS m10,
           any_value(value) FILTER (month = 11 AND NOT ytd) AS m11, any_value(value) FILTER (month = 12 AND NOT ytd) AS m12,
           any_value(value) FILTER (month = 1 AND ytd) AS y1, any_value(value) FILTER (month = 2 AND ytd) AS y2,
           any_value(value) FILTER (month = 3 AND ytd) AS y3, any_value(value) FILTER (month = 4 AND ytd) AS y4,
           any_value(value) FILTER (month = 5 AND ytd) AS y5, any_value(value) FILTER (month = 6 AND ytd) AS y6,
           any_value(value) FILTER (month = 7 AND ytd) AS y7, any_value(value) FILTER (month = 8 AND ytd) AS y8,
           any_value(value) FILTER (month = 9 AND ytd) AS y9, any_value(value) FILTER (month = 10 AND ytd) AS y10,
           any_value(value) FILTER (month = 11 AND ytd) AS y11, any_value(value) FILTER (month = 12 AND ytd) AS y12,
           coalesce(bit_or(1 << (month - 1)) FILTER (NOT ytd), 0) AS loaded,
           coalesce(bit_or(1 << (month - 1)) FILTER (NOT ytd AND provisional), 0) AS months_provisional,
           coalesce(bit_or(1 << (month - 1)) FILTER (ytd AND provisional), 0) AS ytd_provisional
    FROM (SELECT data_element, area, year, month, value, provisional, false AS ytd FROM flow_months
          UNION ALL
          SELECT data_element, area, year, upto, value, provisional, true FROM ytd)
    GROUP BY data_element, area, year
),
-- a flow's months, quarters, years and years to date, each read from its
-- year: the sum and count of its months loaded (complete or not), the
-- year-to-date figures at its last month (end) and at the month before its
-- first (start), and its value from them
flow_periods AS (
    SELECT f.data_element, f.area, t.code AS period, t.period_type, t.first_month, t.last_month,
           list_sum([f.m1, f.m2, f.m3, f.m4, f.m5, f.m6, f.m7, f.m8, f.m9, f.m10, f.m11, f.m12][t.first_month:t.last_month]) AS months_sum,
           bit_count(f.loaded & t.months) AS months,
           f.months_provisional & t.months <> 0 AS months_provisional,
           [f.y1, f.y2, f.y3, f.y4, f.y5, f.y6, f.y7, f.y8, f.y9, f.y10, f.y11, f.y12][t.last_month] AS ytd_end,
           f.ytd_provisional & (1 << (t.last_month - 1)) <> 0 AS end_provisional,
           -- none before January: index 0 and bit −1 are empty
           [f.y1, f.y2, f.y3, f.y4, f.y5, f.y6, f.y7, f.y8, f.y9, f.y10, f.y11, f.y12][t.first_month - 1] AS ytd_start,
           f.ytd_provisional & (1 << (t.first_month - 1) >> 1) <> 0 AS start_provisional
    FROM flow_years f
    JOIN (SELECT code, year, period_type, first_month, last_month,
                 -- the period's months as a mask
                 ((1 << last_month) - 1) & ~((1 << (first_month - 1)) - 1) AS months
          FROM periods WHERE period_type IN ('month', 'quarter', 'year', 'ytd')) t ON t.year = f.year
),
flows AS (
    SELECT f.*,
           -- complete: every month of the period in which the province
           -- existed (Hà Giang's 2025 is January–June)
           f.months = coalesce(pp.months, f.last_month - f.first_month + 1) AS complete,
           CASE WHEN f.first_month = 1 THEN f.ytd_end ELSE f.ytd_end - f.ytd_start END AS ytd_value,
           f.end_provisional OR (f.first_month > 1 AND f.start_provisional) AS ytd_provisional
    FROM flow_periods f
    LEFT JOIN area_partial_periods pp ON pp.code = f.area AND pp.period = f.period
    -- the periods some figure bears on
    WHERE f.months > 0 OR f.ytd_end IS NOT NULL OR f.first_month > 1 AND f.ytd_start IS NOT NULL
),
candidates AS (
    -- reported for the period itself (a flow's months come with the flows below)
    SELECT data_element, area, period, kind, value, provisional, 2 AS priority, target_shape, target_high,
           CAST(NULL AS DOUBLE) AS ytd_check
    FROM o
    WHERE kind = 'plan' OR kind = 'actual' AND NOT (element_kind = 'flow' AND period_type = 'month')
    UNION ALL
    -- flows: a month as reported, else from year-to-date figures; a longer
    -- period from its complete months, else from year-to-date figures
    -- (ytd_check keeps them beside complete months, to compare)
    SELECT data_element, area, period, 'actual',
           CASE WHEN complete THEN months_sum ELSE ytd_value END,
           CASE WHEN complete THEN months_provisional ELSE ytd_provisional END,
           CASE WHEN NOT complete THEN 3 WHEN period_type = 'month' THEN 2 ELSE 1 END,
           NULL, NULL,
           CASE WHEN complete AND period_type <> 'month' THEN ytd_value END
    FROM flows
    WHERE complete OR ytd_value IS NOT NULL
    UNION ALL
    -- stocks and rates: the value at the end of the period
    SELECT m.data_element, m.area, t.code, 'actual', m.value, m.provisional,
           CASE WHEN m.period_type = 'month' THEN 4 ELSE 5 END, NULL, NULL, NULL
    FROM o m
    JOIN periods t ON t.period_type IN ('quarter', 'year', 'ytd') AND t.period_type <> m.period_type
                  AND t.year = m.year AND t.last_month = m.last_month
    WHERE m.element_kind <> 'flow' AND m.kind = 'actual' AND m.period_type IN ('month', 'quarter')
    UNION ALL
    -- the year's plan for a year to date, only for the provinces a merged
    -- province gathers (for the others it is attached after picking; copied
    -- for every province, it made a quarter of the candidates)
    SELECT p.data_element, p.area, t.code, 'plan', p.value, p.provisional, 2, p.target_shape, p.target_high, NULL
    FROM o p
    JOIN periods t ON t.period_type = 'ytd' AND t.year = p.year
    SEMI JOIN merged_units mu ON mu.period = t.code AND mu.code = p.area
    WHERE p.kind = 'plan' AND p.period_type = 'year'
)
SELECT data_element, area, period, kind, value, priority, priority * 2 + provisional::INTEGER AS pick,
       target_shape, target_high, ytd_check,
       -- the complete months of a flow disagree with its year-to-date figures
       coalesce(priority = 1 AND abs(value - ytd_check) > 0.5, false) AS ytd_conflict
FROM candidates;

-- element_values: one value per province, data element (and breakdown),
-- period and kind:
-- the winning candidate, its source, and whether it is provisional.
-- ytd_check holds the reported year-to-date figure when the months were
-- also complete, so that disagreements can be listed.
CREATE OR REPLACE VIEW element_values AS
WITH picked AS (
    SELECT data_element, area, period, kind,
           arg_min(value, pick) AS value,
           min(pick) AS pick,
           max(ytd_check) AS ytd_value
    FROM element_candidates
    GROUP BY data_element, area, period, kind
),
-- a year to date has its year's plan, where no plan is reported for it
year_plans AS (
    SELECT p.data_element, p.area, t.code AS period, p.kind, p.value, p.pick, NULL AS ytd_value
    FROM picked p
    JOIN periods y ON y.code = p.period AND y.period_type = 'year'
    JOIN periods t ON t.period_type = 'ytd' AND t.year = y.year
    WHERE p.kind = 'plan'
),
all_values AS (
    SELECT * FROM picked
    UNION ALL
    SELECT * FROM year_plans ANTI JOIN picked USING (data_element, area, period, kind)
)
-- (the series back into element and breakdown, as observations has them)
SELECT d.element AS data_element, d.breakdown, v.area, v.period, v.kind, v.value,
       v.pick % 2 = 1 AS provisional,
       CASE v.pick // 2 WHEN 1 THEN 'months' WHEN 2 THEN 'reported' WHEN 3 THEN 'ytd' ELSE 'end of period' END AS source,
       CASE WHEN v.pick // 2 = 1 THEN v.ytd_value END AS ytd_check
FROM all_values v
JOIN data_elements d ON d.code = v.data_element;

-- ytd_discrepancies: provinces whose complete months and reported
-- year-to-date figure disagree (by more than half a unit) for a period.
CREATE OR REPLACE VIEW ytd_discrepancies AS
SELECT data_element, breakdown, area, period, value AS sum_of_months, ytd_check AS reported_ytd,
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
    -- 3 the rate, 4 the indicator's plan (the element's or the rate's;
    -- other plans are left out). Elements join indicators by equality through
    -- indicator_elements; the join passes through data_elements, whose
    -- statistics tell the planner that it makes millions of rows (else it
    -- takes it for a few and builds the hash tables of the joins that
    -- follow on the millions instead of on periods and areas).
    SELECT i.ordinal, c.area, c.period, c.value, c.pick, c.ytd_conflict, c.target_shape, c.target_high,
           CASE WHEN c.kind = 'plan' THEN 4
                WHEN e.role = 'denominator' THEN 2
                WHEN e.role = 'rate' THEN 3
                ELSE 1 END AS slot
    FROM element_candidates c
    JOIN data_elements d ON d.code = c.data_element
    JOIN indicator_elements e ON e.data_element = d.code
    JOIN indicator_definitions i ON i.code = e.indicator
    WHERE (c.kind = 'actual' OR e.plan)
      AND (getvariable('chitieu_scope_indicators') IS NULL
           OR list_contains(getvariable('chitieu_scope_indicators'), i.code))
),
-- per indicator (by its ordinal: an integer groups faster than a code),
-- province and period: the winner of each slot, its pick, and whether a
-- winner's complete months disagree with its year-to-date figures (only a
-- winner can: complete months have the lowest priority)
picked AS (
    SELECT ordinal, area, period,
           arg_min(value, pick) FILTER (WHERE slot = 1) AS num,
           min(pick) FILTER (WHERE slot = 1) AS num_pick,
           arg_min(value, pick) FILTER (WHERE slot = 2) AS den,
           min(pick) FILTER (WHERE slot = 2) AS den_pick,
           arg_min(value, pick) FILTER (WHERE slot = 3) AS rate,
           min(pick) FILTER (WHERE slot = 3) AS rate_pick,
           bool_or(ytd_conflict) FILTER (WHERE slot < 4) AS ytd_conflict,
           max(value) FILTER (WHERE slot = 4) AS plan,
           max(target_shape) FILTER (WHERE slot = 4) AS plan_shape,
           max(target_high) FILTER (WHERE slot = 4) AS plan_high
    FROM parts
    GROUP BY ordinal, area, period
),
computed AS (
    -- for ratios, the numerator a province contributes: reported, or its
    -- reported rate times its denominator
    SELECT i.code AS indicator, p.ordinal, p.area, p.period, i.method, p.plan, p.plan_shape, p.plan_high, p.rate,
           CASE WHEN i.method = 'sum' THEN p.num
                WHEN p.den > 0 THEN coalesce(p.num, p.rate * p.den / i.factor) END AS part_num,
           CASE WHEN i.method = 'ratio' AND p.den > 0 THEN p.den END AS part_den,
           -- provisional if the value of any of its elements is
           CASE WHEN coalesce(p.num_pick, p.den_pick, p.rate_pick) IS NOT NULL THEN
                coalesce(p.num_pick % 2 = 1, false) OR coalesce(p.den_pick % 2 = 1, false)
                OR coalesce(p.rate_pick % 2 = 1, false) END AS provisional,
           -- the complete months of an element disagree with its year-to-date figure
           coalesce(p.ytd_conflict, false) AS ytd_conflict,
           t.period_type, t.end_date, t.previous_year, t.year, i.factor
    FROM picked p
    JOIN indicator_definitions i ON i.ordinal = p.ordinal
    JOIN periods t ON t.code = p.period
)
SELECT c.indicator, c.area, c.period, c.method, c.part_num, c.part_den,
       -- a year to date has its year's plan (with one reported for it, the
       -- higher, as when both were candidates)
       CASE WHEN c.period_type = 'ytd' THEN greatest(c.plan, yp.plan) ELSE c.plan END AS plan,
       CASE WHEN c.period_type = 'ytd' THEN greatest(c.plan_shape, yp.plan_shape) ELSE c.plan_shape END AS plan_shape,
       CASE WHEN c.period_type = 'ytd' THEN greatest(c.plan_high, yp.plan_high) ELSE c.plan_high END AS plan_high,
       c.provisional, c.ytd_conflict,
       -- the rate a province reported without the denominator that would let it aggregate
       CASE WHEN c.method = 'ratio' AND c.part_den IS NULL THEN c.rate END AS rate_only,
       prev.part_num AS prev_num, prev.part_den AS prev_den,
       c.period_type, c.end_date,
       -- the rate of the same period a year earlier, from its parts or as
       -- reported alone: a rate reported without parts still compares
       CASE WHEN c.method = 'ratio' THEN coalesce(prev.part_num / prev.part_den * prev.factor,
            CASE WHEN prev.part_den IS NULL THEN prev.rate END) END AS prev_rate
FROM computed c
LEFT JOIN computed prev ON prev.ordinal = c.ordinal AND prev.area = c.area AND prev.period = c.previous_year
-- (the year is a join key only for years to date: a condition on c alone
-- would make the planner give up the hash join)
LEFT JOIN (SELECT ordinal, area, year, plan, plan_shape, plan_high FROM computed WHERE period_type = 'year' AND plan IS NOT NULL) yp
       ON yp.ordinal = c.ordinal AND yp.area = c.area AND yp.year = CASE WHEN c.period_type = 'ytd' THEN c.year END;

-- indicator_units: each indicator per province and period on the map of
-- the period (the provinces valid on its last day), with its region then
-- (NULL after the 2025 merger) and the province it is part of today.
-- Almost always that is the province code's own parts. A period that spans
-- the merger (2025, 2025-YTD09) is different for the new provinces that
-- took in old ones (merged_units): they also gather, for flows, the months
-- of the old provinces ("absorbed": Hà Giang's January–June in Tuyên
-- Quang's 2025), and, for every indicator, their plans for it, which
-- combine into the new province's target: summed, or for rates weighted by
-- each old province's denominator of the year before. Such a province
-- reports a flow only when every absorbed province does too.
-- prev_num and prev_den are the same code's a year earlier (indicator_parts);
-- indicator_units_compared replaces them where that is not the same
-- province (rebased_units).
CREATE OR REPLACE VIEW indicator_units AS
WITH c AS (
    SELECT ip.*, (ip.part_num IS NOT NULL AND (ip.method = 'sum' OR ip.part_den IS NOT NULL)) AS reports
    FROM indicator_parts ip
),
merged AS (
    SELECT c.*, mu.area AS unit, mu.absorbed, i.kind = 'flow' AS flow
    FROM c
    JOIN merged_units mu ON mu.period = c.period AND mu.code = c.area
    JOIN indicator_definitions i ON i.code = c.indicator
),
merged_grouped AS (
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
           any_value(plan_shape) FILTER (WHERE NOT absorbed) AS own_shape,
           any_value(plan_high) FILTER (WHERE NOT absorbed) AS own_high,
           count(plan) FILTER (WHERE absorbed) AS absorbed_plans,
           count(plan_shape) AS shaped_plans,
           sum(plan) AS plans_sum,
           sum(plan * prev_den) / sum(prev_den) FILTER (WHERE plan IS NOT NULL) AS plans_weighted
    FROM merged
    GROUP BY indicator, unit, period
)
SELECT c.indicator, c.area, c.period, c.period_type, c.method, c.reports,
       c.part_num AS num, c.part_den AS den, c.provisional, c.ytd_conflict, c.rate_only, c.plan,
       c.plan_shape, c.plan_high, c.prev_num, c.prev_den, a.region, a.current_area, c.prev_rate,
       o.code IS NOT NULL AS own
-- Written as left joins and a filter, not as an inner and an anti join: the
-- planner takes c for a few rows and built the inner join's hash table on
-- millions of parts rather than on the few hundred spans (at 10 million
-- observations that join alone cost a third of the view's time).
FROM c
LEFT JOIN area_spans a ON a.code = c.area AND c.end_date BETWEEN a.valid_from AND a.valid_to
LEFT JOIN merged_units mu ON mu.period = c.period AND mu.area = c.area AND NOT mu.absorbed
-- the nation's and regions' own figures pass as rows of their own (own),
-- which no aggregate adds up
LEFT JOIN (SELECT DISTINCT code FROM areas WHERE level <> 'province') o ON o.code = c.area
WHERE a.code IS NOT NULL AND mu.area IS NULL OR o.code IS NOT NULL
UNION ALL
SELECT g.indicator, g.area, g.period, g.period_type, g.method,
       g.own_reports AND (NOT g.flow OR g.absorbed_reporting = a.n) AS reports,
       g.num, g.den, g.provisional, g.ytd_conflict, g.rate_only,
       -- plans stated as bounds, ranges or reductions are not combined
       CASE WHEN g.absorbed_plans = 0 THEN g.own_plan
            WHEN g.absorbed_plans = a.n AND g.own_plan IS NOT NULL AND g.shaped_plans = 0 THEN
                 CASE WHEN g.method = 'sum' THEN g.plans_sum ELSE g.plans_weighted END
       END AS plan,
       CASE WHEN g.absorbed_plans = 0 THEN g.own_shape END AS plan_shape,
       CASE WHEN g.absorbed_plans = 0 THEN g.own_high END AS plan_high,
       NULL, NULL, pp.region, pp.current_area, NULL, false
FROM merged_grouped g
JOIN (SELECT period, area, count(*) FILTER (WHERE absorbed) AS n FROM merged_units GROUP BY period, area) a
  ON a.period = g.period AND a.area = g.area
JOIN period_provinces pp ON pp.period = g.period AND pp.area = g.area;

-- indicator_units_compared: the units with their previous year, as the
-- figures of both maps compare them. A province's previous year is the same
-- period a year earlier on this period's map: the provinces that went into
-- it summed (rebased_previous), given only when every one of them reported
-- (Tuyên Quang 2025 against Hà Giang + Tuyên Quang 2024). Aggregates are
-- built from the provinces that report the value; plan and previous year
-- are given only when every one of those provinces has them, so that
-- comparisons are like for like.
CREATE OR REPLACE VIEW indicator_units_compared AS
WITH u AS MATERIALIZED (SELECT * FROM indicator_units),
rebased AS (
    SELECT r.period, r.area, u.indicator,
           sum(u.num) FILTER (WHERE u.reports) AS num,
           sum(u.den) FILTER (WHERE u.reports) AS den,
           count(*) FILTER (WHERE u.reports) AS reporting
    FROM u
    JOIN rebased_previous r ON r.prev_period = u.period AND r.prev_area = u.area
    GROUP BY r.period, r.area, u.indicator
)
SELECT * FROM u ANTI JOIN rebased_units ru ON ru.period = u.period AND ru.area = u.area
UNION ALL
SELECT u.* REPLACE (
           CASE WHEN rb.reporting = ru.predecessors THEN rb.num END AS prev_num,
           CASE WHEN rb.reporting = ru.predecessors THEN rb.den END AS prev_den)
FROM u
JOIN rebased_units ru ON ru.period = u.period AND ru.area = u.area
LEFT JOIN rebased rb ON rb.period = u.period AND rb.area = u.area AND rb.indicator = u.indicator;

-- The indicator store. indicator_values and indicator_values_current read
-- two tables refreshed inside each load's transaction (warehouse/store.go),
-- indicator_unit_store (the rows of indicator_units_scoped: each indicator
-- per province and period with its previous year, without the period's type
-- and the indicator's method, which the figures take from periods and
-- indicator_definitions) and indicator_store (the rows of
-- indicator_figures). Neither holds what a reference table gives: writing
-- it into every row cost as much as computing the row. The views above and
-- below stay the specification: a refresh computes them over a scope set in
-- variables of its connection, restricted at the base (element_candidates,
-- indicator_parts):
--   chitieu_scope_years       the years whose rows are computed; the years
--                             before them are read too, for the previous year
--   chitieu_scope_elements    the data elements read
--   chitieu_scope_indicators  the indicators computed
--   chitieu_scope_areas       the province codes read (a load's provinces
--                             and those sharing today's province with them)
--   chitieu_scope_figure_areas  the areas whose figures are computed (those
--                             provinces, their regions, today's provinces
--                             they are part of, and the nation)
-- and, with chitieu_units = 'stored', aggregates regions, the nation and
-- today's provinces from the stored units of the scope's indicators and
-- years instead of computing every province's.
-- period_year: the year a period's code begins with (every code does:
-- 2024, 2024-Q3, 2024-07, 2024-YTD09; see periods), read without a join.
CREATE OR REPLACE MACRO period_year(code) AS CAST(left(code, 4) AS INTEGER);
-- in_years: whether a period's code is of one of years. The range first
-- lets a scan skip the row groups whose codes are all of other years (their
-- least and greatest codes tell: 2024-YTD09 < 2025): the unit store is
-- written in order of period (warehouse/store.go).
CREATE OR REPLACE MACRO in_years(code, years) AS
    code >= CAST(list_min(years) AS VARCHAR) AND code < CAST(list_max(years) + 1 AS VARCHAR)
    AND list_contains(years, period_year(code));

CREATE OR REPLACE VIEW indicator_units_scoped AS
SELECT * EXCLUDE (period_type, method) FROM indicator_units_compared
WHERE getvariable('chitieu_scope_years') IS NULL
   OR in_years(period, getvariable('chitieu_scope_years'));

CREATE OR REPLACE TABLE indicator_unit_store AS SELECT * FROM indicator_units_scoped LIMIT 0;

CREATE OR REPLACE VIEW indicator_units_source AS
SELECT * FROM indicator_units_scoped WHERE getvariable('chitieu_units') IS DISTINCT FROM 'stored'
UNION ALL
SELECT * FROM indicator_unit_store
WHERE getvariable('chitieu_units') = 'stored'
  AND (getvariable('chitieu_scope_indicators') IS NULL
       OR list_contains(getvariable('chitieu_scope_indicators'), indicator))
  AND (getvariable('chitieu_scope_years') IS NULL
       OR in_years(period, getvariable('chitieu_scope_years')));

-- indicator_values and indicator_values_current: every indicator for every
-- area and period that has data, on the map of the period ('63 provinces'
-- until June 2025, with regions; '34 provinces' after) and on today's map
-- (history re-based to the 34 provinces). boundaries names the map.
-- A rate is Σ numerators ÷ Σ denominators of the reporting provinces, its
-- plan the plans weighted by the denominators.
-- The figures. A plan is stated as a number to reach (judged by the
-- indicator's direction) or, province by province, as a shape
-- (transform.ParseTarget): at most a bound ("<4"), at least one (">70"), a
-- range ("1 - 1,5") or a reduction from the year before ("giảm 1 - 1,5"
-- points). An aggregate has a plan when all its reporting provinces state
-- theirs in the same shape. plan is the level the target asks for (for a
-- reduction, the previous year less the smallest reduction asked); target
-- states a shaped one in words; pct_of_plan is above 100 when the target is
-- beaten (a reduction: the reduction achieved ÷ the smallest asked);
-- plan_met says whether it is met.
CREATE OR REPLACE MACRO plan_level(lo, hi, shape, direction, kind, pv) AS
    CASE WHEN lo IS NULL THEN NULL
         WHEN shape IS NULL OR shape IN ('at_most', 'at_least') THEN lo
         WHEN shape = 'range' THEN CASE WHEN direction = 'lower' THEN hi ELSE lo END
         WHEN shape = 'reduction' THEN
              CASE WHEN kind = 'rate' THEN pv - lo ELSE pv * (1 - lo / 100) END
    END;

-- indicator_figures: the rows of indicator_values (map 'reported') and of
-- indicator_values_current (map 'current'), their computed columns (what
-- the reference tables give is joined in by indicator_rows_shown), both
-- from one pass over the units (indicator_units_source, materialised once
-- as every):
--   reported  on the map of the period: provinces as they were (a row also
--             when a province reported only a rate, rate_only); regions
--             (until June 2025) sum their provinces; the nation sums the
--             regions and the provinces that belong to none (after June
--             2025, all of them). The nation is the same on today's map,
--             with today's boundaries: its rows are made for both maps here
--   rebased   on today's map: today's provinces sum the provinces of the
--             period that went into them (coverage counts those: "1/2" when
--             Hà Giang reported and Tuyên Quang did not); there are no regions
-- The big inputs (the units) are read by scans and filters and joined only
-- to small tables: within a rebuild's transaction DuckDB takes the units
-- just stored for none (it plans on the store's committed size), and a join
-- would hash them.
-- A row's own plan and figure: a province's rate reported alone, the
-- nation's or a region's plan and figure (own). The nation's
-- plan is its own where one is loaded (plan_of_provinces keeps the
-- provinces' combined one); its value is built from the provinces, else its
-- own; reported_value is its own beside it, reported_differs says whether
-- the two differ beyond rounding (half a unit, 0.05 points for a rate).
CREATE OR REPLACE VIEW indicator_figures AS
-- every: the units, read by each part below with its own filter (a
-- common CTE of the provinces' units alone was copied once more)
WITH every AS MATERIALIZED (
    SELECT u.*, i.method, u.reports AND u.prev_num IS NOT NULL AND (i.method = 'sum' OR u.prev_den > 0) AS has_prev
    FROM indicator_units_source u
    JOIN indicator_definitions i ON i.code = u.indicator
),
-- the nation's and regions' own figures and plans (the ministry's plan for
-- "Cả nước", GSO's national survey figure)
own AS (
    SELECT e.indicator, e.area, e.period, e.method,
           CASE WHEN e.method = 'sum' THEN e.num ELSE coalesce(e.num / e.den * i.factor, e.rate_only) END AS reported_value,
           e.plan AS own_plan, e.plan_shape AS own_shape, e.plan_high AS own_high,
           CASE WHEN e.method = 'sum' THEN e.prev_num ELSE e.prev_rate END AS own_previous,
           coalesce(e.provisional, false) AS provisional
    FROM every e
    JOIN indicator_definitions i ON i.code = e.indicator
    WHERE e.own
),
-- the reporting provinces summed in one pass by their region then (the
-- map of the period, until June 2025) and by today's province (today's
-- map), with plain aggregates over the reporting units (a FILTER on each
-- aggregate took half again as long)
sums AS (
    SELECT indicator, region, current_area, GROUPING(region) AS by_today, period,
           any_value(method) AS method,
           sum(num) AS num, sum(den) AS den,
           count(*) AS provinces_reporting,
           count(plan) AS with_plan,
           sum(plan) AS plan_sum,
           sum(plan * den) AS plan_weighted,
           sum(coalesce(plan_high, plan)) AS high_sum,
           sum(coalesce(plan_high, plan) * den) AS high_weighted,
           min(CASE WHEN plan IS NOT NULL THEN coalesce(plan_shape, '') END) AS shape_min,
           max(CASE WHEN plan IS NOT NULL THEN coalesce(plan_shape, '') END) AS shape_max,
           count(CASE WHEN has_prev THEN 1 END) AS with_prev,
           sum(prev_num) AS prev_num,
           sum(prev_den) AS prev_den,
           bool_or(provisional) AS provisional,
           count(CASE WHEN ytd_conflict THEN 1 END) AS ytd_conflicts
    FROM every
    WHERE NOT own AND reports
    GROUP BY GROUPING SETS ((indicator, region, period), (indicator, current_area, period))
),
region AS (
    SELECT region AS area, * EXCLUDE (region, current_area, by_today)
    FROM sums WHERE by_today = 0 AND region IS NOT NULL
),
nation AS (
    SELECT indicator, 'VN' AS area, period,
           any_value(method) AS method,
           sum(num) AS num, sum(den) AS den,
           CAST(sum(provinces_reporting) AS BIGINT) AS provinces_reporting,
           CAST(sum(with_plan) AS BIGINT) AS with_plan,
           sum(plan_sum) AS plan_sum,
           sum(plan_weighted) AS plan_weighted,
           sum(high_sum) AS high_sum,
           sum(high_weighted) AS high_weighted,
           min(shape_min) AS shape_min,
           max(shape_max) AS shape_max,
           CAST(sum(with_prev) AS BIGINT) AS with_prev,
           sum(prev_num) AS prev_num,
           sum(prev_den) AS prev_den,
           bool_or(provisional) AS provisional,
           CAST(sum(ytd_conflicts) AS BIGINT) AS ytd_conflicts
    FROM (
        SELECT * FROM region
        UNION ALL BY NAME
        SELECT indicator, area, period, method, num, den,
               1 AS provinces_reporting, CAST(plan IS NOT NULL AS BIGINT) AS with_plan, plan AS plan_sum,
               plan * den AS plan_weighted, coalesce(plan_high, plan) AS high_sum,
               coalesce(plan_high, plan) * den AS high_weighted,
               CASE WHEN plan IS NOT NULL THEN coalesce(plan_shape, '') END AS shape_min,
               CASE WHEN plan IS NOT NULL THEN coalesce(plan_shape, '') END AS shape_max,
               CAST(has_prev AS BIGINT) AS with_prev, prev_num, prev_den,
               provisional, CAST(ytd_conflict AS BIGINT) AS ytd_conflicts
        FROM every WHERE NOT own AND reports AND region IS NULL
    )
    GROUP BY indicator, period
),
reported AS (
    SELECT 'reported' AS map, u.indicator, u.area, 'province' AS area_level, u.period, u.method,
           CASE WHEN u.reports THEN u.num END AS num,
           CASE WHEN u.reports THEN u.den END AS den,
           CAST(u.reports AS BIGINT) AS provinces_reporting,
           CAST(u.reports AND u.plan IS NOT NULL AS BIGINT) AS with_plan,
           CASE WHEN u.reports THEN u.plan END AS plan_sum,
           CASE WHEN u.reports THEN u.plan * u.den END AS plan_weighted,
           CASE WHEN u.reports THEN coalesce(u.plan_high, u.plan) END AS high_sum,
           CASE WHEN u.reports THEN coalesce(u.plan_high, u.plan) * u.den END AS high_weighted,
           CASE WHEN u.reports AND u.plan IS NOT NULL THEN coalesce(u.plan_shape, '') END AS shape_min,
           CASE WHEN u.reports AND u.plan IS NOT NULL THEN coalesce(u.plan_shape, '') END AS shape_max,
           CAST(u.has_prev AS BIGINT) AS with_prev,
           CASE WHEN u.reports THEN u.prev_num END AS prev_num,
           CASE WHEN u.reports THEN u.prev_den END AS prev_den,
           CASE WHEN u.reports THEN u.provisional END AS provisional,
           CAST(u.reports AND u.ytd_conflict AS BIGINT) AS ytd_conflicts,
           u.rate_only,
           -- a rate reported alone: its plan and its previous year
           CASE WHEN NOT u.reports THEN u.plan END AS own_plan,
           CASE WHEN NOT u.reports THEN u.plan_shape END AS own_shape,
           CASE WHEN NOT u.reports THEN u.plan_high END AS own_high,
           CASE WHEN NOT u.reports THEN u.prev_rate END AS own_previous,
           CAST(1 AS BIGINT) AS provinces_expected
    FROM every u
    -- the periods that have a map
    JOIN coverage_expected e ON e.map = 'reported' AND e.area_level = 'nation' AND e.period = u.period
    WHERE NOT u.own AND (u.reports OR u.rate_only IS NOT NULL)
    UNION ALL BY NAME
    -- regions and the nation; the nation's row once for each map (its
    -- coverage has a row for each)
    SELECT e.map, g.*, e.area_level, CAST(NULL AS DOUBLE) AS rate_only, e.provinces AS provinces_expected,
           o.reported_value, o.own_plan, o.own_shape, o.own_high, o.own_previous
    FROM (SELECT * FROM region UNION ALL BY NAME SELECT * FROM nation) g
    JOIN coverage_expected e ON e.area_level <> 'province' AND e.area = g.area AND e.period = g.period
    LEFT JOIN own o ON o.indicator = g.indicator AND o.area = g.area AND o.period = g.period
    UNION ALL BY NAME
    -- the nation's or a region's own figures where no province reports
    SELECT e.map, o.indicator, o.area, e.area_level, o.period, o.method,
           CAST(0 AS BIGINT) AS provinces_reporting, CAST(0 AS BIGINT) AS with_plan, CAST(0 AS BIGINT) AS with_prev,
           o.provisional, CAST(0 AS BIGINT) AS ytd_conflicts, e.provinces AS provinces_expected,
           o.reported_value, o.own_plan, o.own_shape, o.own_high, o.own_previous
    FROM own o
    JOIN coverage_expected e ON e.area_level <> 'province' AND e.area = o.area AND e.period = o.period
    ANTI JOIN (SELECT indicator, area, period FROM region UNION ALL SELECT indicator, area, period FROM nation) g
           ON g.indicator = o.indicator AND g.area = o.area AND g.period = o.period
    -- a plan alone is no row, as for a province
    WHERE o.reported_value IS NOT NULL
),
-- today's provinces: the provinces of the period that went into each and
-- report, summed
today AS (
    SELECT current_area AS area, * EXCLUDE (region, current_area, by_today)
    FROM sums WHERE by_today = 1 AND current_area IS NOT NULL
),
-- a rate a province reported without its denominator, with its plan and
-- previous year: kept where today's province is that province alone (the
-- map says so, not which provinces have a row: a year to date has rows
-- only where there are figures)
alone AS (
    SELECT indicator, current_area AS area, period, method,
           CAST(0 AS BIGINT) AS provinces_reporting, CAST(0 AS BIGINT) AS with_plan,
           CAST(0 AS BIGINT) AS with_prev, CAST(0 AS BIGINT) AS ytd_conflicts,
           rate_only, plan AS own_plan, plan_shape AS own_shape, plan_high AS own_high, prev_rate AS own_previous
    FROM every
    WHERE NOT own AND NOT reports AND rate_only IS NOT NULL AND current_area IS NOT NULL
),
rebased AS (
    SELECT g.*, 'province' AS area_level, e.provinces AS provinces_expected
    FROM today g
    JOIN coverage_expected e ON e.map = 'current' AND e.area_level = 'province' AND e.area = g.area AND e.period = g.period
    UNION ALL BY NAME
    SELECT a.*, 'province' AS area_level, e.provinces AS provinces_expected
    FROM alone a
    JOIN coverage_expected e ON e.map = 'current' AND e.area_level = 'province' AND e.area = a.area AND e.period = a.period
    WHERE e.provinces = 1
),
valued AS (
    SELECT a.*, p.period_type, i.direction, i.kind, i.factor, i.denominator AS denominator_element,
           CASE WHEN a.method = 'sum' THEN a.num ELSE a.num / a.den * i.factor END AS built,
           CASE WHEN a.with_plan = a.provinces_reporting AND a.provinces_reporting > 0 AND a.shape_min = a.shape_max THEN
                CASE WHEN a.method = 'sum' THEN a.plan_sum ELSE a.plan_weighted / a.den END END AS plo,
           CASE WHEN a.method = 'sum' THEN a.high_sum ELSE a.high_weighted / a.den END AS phi,
           nullif(a.shape_min, '') AS pshape,
           CASE WHEN a.with_prev = a.provinces_reporting AND a.provinces_reporting > 0 THEN
                CASE WHEN a.method = 'sum' THEN a.prev_num ELSE a.prev_num / a.prev_den * i.factor END END AS ppv
    FROM (SELECT * FROM reported UNION ALL BY NAME SELECT 'current' AS map, * FROM rebased) a
    JOIN indicator_definitions i ON i.code = a.indicator
    JOIN periods p ON p.code = a.period
    -- a load's refresh: only the figures of the areas it can change
    WHERE getvariable('chitieu_scope_figure_areas') IS NULL
       OR list_contains(getvariable('chitieu_scope_figure_areas'), a.area)
),
-- An area's own plan judges its figure when the figure is its own, is a
-- rate (a level, comparable whatever the coverage, which the row states),
-- or is a count built from every province expected: a national target of
-- 1,600,000 jobs is not for 62 provinces' sum.
owned AS (
    SELECT v.*, v.own_plan IS NOT NULL
           AND (v.built IS NULL OR v.kind = 'rate' OR v.provinces_reporting = v.provinces_expected) AS use_own
    FROM valued v
),
chosen AS (
    SELECT v.*,
           coalesce(v.built, v.rate_only, v.reported_value) AS v,
           CASE WHEN v.use_own THEN v.own_plan ELSE v.plo END AS lo,
           CASE WHEN v.use_own THEN coalesce(v.own_high, v.own_plan) ELSE v.phi END AS hi,
           CASE WHEN v.use_own THEN v.own_shape ELSE v.pshape END AS shape,
           CASE WHEN v.built IS NOT NULL THEN v.ppv ELSE v.own_previous END AS pv
    FROM owned v
),
judged AS (
    SELECT v.*,
           -- the reduction achieved: percentage points for a rate, percent for a count
           CASE WHEN v.kind = 'rate' THEN v.pv - v.v WHEN v.pv <> 0 THEN (v.pv - v.v) / v.pv * 100 END AS fall,
           plan_level(v.lo, v.hi, v.shape, v.direction, v.kind, v.pv) AS pl
    FROM chosen v
)
SELECT v.map, v.indicator, v.area, v.period,
       v.v AS value,
       v.pl AS plan,
       CASE v.shape
            WHEN 'at_most' THEN 'at most ' || round(v.lo, 2)
            WHEN 'at_least' THEN 'at least ' || round(v.lo, 2)
            WHEN 'range' THEN round(v.lo, 2) || '–' || round(v.hi, 2)
            WHEN 'reduction' THEN 'reduce by ' || round(v.lo, 2) || CASE WHEN v.hi > v.lo THEN '–' || round(v.hi, 2) ELSE '' END
                 || CASE WHEN v.kind = 'rate' THEN ' percentage points' ELSE ' percent' END
       END AS target,
       round(CASE WHEN v.pl IS NULL OR v.v IS NULL OR v.v = 0 OR v.pl = 0 THEN NULL
                  WHEN v.shape = 'reduction' THEN CASE WHEN v.lo <> 0 THEN v.fall / v.lo * 100 END
                  WHEN v.shape = 'at_most' OR v.shape IS NULL AND v.direction = 'lower'
                       OR v.shape = 'range' AND v.direction = 'lower' THEN v.pl / v.v * 100
                  ELSE v.v / v.pl * 100 END, 2) AS pct_of_plan,
       -- a count to date is not yet a year's and meets no annual target
       CASE WHEN v.pl IS NULL OR v.v IS NULL OR v.period_type = 'ytd' AND v.kind <> 'rate' THEN NULL
            WHEN v.shape = 'at_most' THEN v.v <= v.lo
            WHEN v.shape = 'at_least' THEN v.v >= v.lo
            WHEN v.shape = 'range' THEN v.v BETWEEN v.lo AND v.hi
            WHEN v.shape = 'reduction' THEN v.fall >= v.lo
            WHEN v.direction = 'none' THEN NULL
            WHEN v.direction = 'lower' THEN v.v <= v.pl ELSE v.v >= v.pl END AS plan_met,
       v.pv AS previous_year,
       round(CASE WHEN v.pv <> 0 THEN v.v / v.pv * 100 END, 2) AS pct_of_previous_year,
       round(CASE WHEN v.kind = 'rate' THEN v.v - v.pv
                  WHEN v.pv <> 0 THEN (v.v / v.pv - 1) * 100 END, 2) AS change_from_previous_year,
       v.provinces_reporting,
       v.provinces_expected,
       v.provisional,
       v.ytd_conflicts,
       CASE WHEN v.area_level <> 'province' THEN
            plan_level(v.plo, v.phi, v.pshape, v.direction, v.kind, v.ppv) END AS plan_of_provinces,
       v.reported_value,
       CASE WHEN v.built IS NOT NULL AND v.reported_value IS NOT NULL THEN
            abs(v.built - v.reported_value) > CASE WHEN v.kind = 'rate' THEN 0.05 ELSE 0.5 END END AS reported_differs,
       CASE WHEN v.own_plan IS NOT NULL AND NOT v.use_own THEN
                 'the area''s own plan (' || regexp_replace(CAST(round(v.own_plan, 2) AS VARCHAR), '\.0$', '') || ') is for all ' || v.provinces_expected
                 || ' provinces; this count is built from ' || v.provinces_reporting || ', judged against their plans'
            WHEN v.built IS NULL AND v.rate_only IS NOT NULL THEN
                 'a rate reported without its ' || v.denominator_element || ': shown for its province, left out of every aggregate'
            WHEN v.built IS NULL AND v.reported_value IS NOT NULL THEN
                 'the area''s own reported figure: no province reports it'
       END AS note
FROM judged v;

-- indicator_store: the rows of indicator_figures as of the last load
-- (see "The indicator store" above). It holds what is computed; what the
-- reference tables say of an indicator, a period or an area is joined in
-- when read (indicator_rows_shown): writing those columns into every row
-- took as long as computing the figures.
CREATE OR REPLACE TABLE indicator_store AS SELECT * FROM indicator_figures LIMIT 0;

-- indicator_rows: the store's rows, or the figures computed from the views
-- as of a time (as_of, restricted to the years of chitieu_scope_years when
-- it is set: indicators.SetAsOf, for chitieu report, chitieu indicators and
-- /api/indicators with a period) or when asked (chitieu_figures =
-- 'computed': the benchmark's baseline). Only one branch runs: getvariable
-- is constant while a query is bound.
CREATE OR REPLACE VIEW indicator_rows AS
SELECT * FROM indicator_store
WHERE getvariable('as_of') IS NULL AND getvariable('chitieu_figures') IS DISTINCT FROM 'computed'
UNION ALL
SELECT * FROM indicator_figures
WHERE getvariable('as_of') IS NOT NULL OR getvariable('chitieu_figures') = 'computed';

-- indicator_rows_shown: those rows with the indicator's unit, direction and
-- change unit, the period's type, the area's level, the map's boundaries
-- ('63 provinces' until June 2025, '34 provinces' after; today's map is
-- always today's) and the status, in the columns of indicator_values.
CREATE OR REPLACE VIEW indicator_rows_shown AS
SELECT f.map, f.indicator, f.area,
       CASE WHEN f.area = 'VN' THEN 'nation' WHEN r.code IS NOT NULL THEN 'region' ELSE 'province' END AS area_level,
       f.period, p.period_type, f.value, i.unit, f.plan, f.target, f.pct_of_plan, f.plan_met,
       f.previous_year, f.pct_of_previous_year, f.change_from_previous_year,
       CASE WHEN i.kind = 'rate' THEN 'percentage points' ELSE 'percent' END AS change_unit,
       f.provinces_reporting, f.provinces_expected,
       CASE WHEN f.provisional THEN 'provisional' ELSE 'final' END AS status,
       f.ytd_conflicts, i.direction, b.boundaries,
       f.plan_of_provinces, f.reported_value, f.reported_differs, f.note
FROM indicator_rows f
JOIN indicator_definitions i ON i.code = f.indicator
JOIN periods p ON p.code = f.period
JOIN coverage_expected b ON b.map = f.map AND b.area_level = 'nation' AND b.period = f.period
LEFT JOIN (SELECT DISTINCT code FROM areas WHERE level = 'region') r ON r.code = f.area;

CREATE OR REPLACE VIEW indicator_values AS
SELECT * EXCLUDE (map) FROM indicator_rows_shown WHERE map = 'reported';

CREATE OR REPLACE VIEW indicator_values_current AS
SELECT * EXCLUDE (map) FROM indicator_rows_shown WHERE map = 'current';
