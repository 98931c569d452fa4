-- The synthetic warehouse for the indicators benchmark. Parameters, set by
-- bench as variables: units (provinces in all, the real ones among them),
-- and first_year and last_year (the years every real province exists in full).
--
-- What each province reports every year (bench_shape, 175 values):
--   flows (4)         months: actual and year-to-date (96);
--                     plan for each quarter and the year (20)
--   stocks (7)        actual for each quarter and the year (35)
--   rates (4)         actual for each quarter and the year (20); plan for the year (4)
-- Values are consistent: months sum to what the year-to-date figures say,
-- numerators are shares of their denominators, a rate is its numerator over
-- its denominator, and a year's stock is its fourth quarter's.

-- Provinces beyond the 63 of the codelist: units standing for district-sized
-- reporting areas, spread over the six regions, valid like the real ones.
-- The real provinces are those of the map of the benchmark's years (the 63
-- until June 2025); the synthetic units share their validity and region
-- membership, and the warehouse's maps are rebuilt with them (bench calls
-- Warehouse.RefreshMaps after this script).
CREATE TEMP TABLE bench_real AS
SELECT code, valid_to FROM areas
WHERE level = 'province' AND coalesce(valid_from, DATE '0001-01-01') <= make_date(getvariable('first_year'), 1, 1)
  AND coalesce(valid_to, DATE '9999-12-31') >= make_date(getvariable('last_year'), 12, 31);

INSERT INTO areas
SELECT 'U' || lpad(CAST(i AS VARCHAR), 4, '0'), 'province', 'R' || CAST(1 + i % 6 AS VARCHAR),
       'Đơn vị ' || CAST(i AS VARCHAR), NULL, 'Synthetic unit ' || CAST(i AS VARCHAR), NULL,
       (SELECT max(valid_to) FROM bench_real), NULL
FROM range(1, getvariable('units') - (SELECT count(*) FROM bench_real) + 1) t(i);

INSERT INTO area_code_map
SELECT code, DATE '0001-01-01', valid_to, code FROM areas WHERE code LIKE 'U%';

CREATE TEMP TABLE bench_units AS
SELECT CAST(row_number() OVER (ORDER BY code) - 1 AS INTEGER) AS u, code AS area
FROM (SELECT code FROM bench_real UNION ALL SELECT code FROM areas WHERE code LIKE 'U%');

-- the elements and the series of their breakdowns (jobs_created[sex=female]),
-- each reported like an element of its own
CREATE TEMP TABLE bench_elements AS SELECT * FROM data_elements;

CREATE TEMP TABLE bench_shape AS
WITH s AS (
    SELECT d.code AS data_element, d.kind AS element_kind, '-' || lpad(CAST(m AS VARCHAR), 2, '0') AS suffix,
           k.kind, CAST(m AS INTEGER) AS month, CAST((m + 2) // 3 AS INTEGER) AS quarter, 1 AS months
    FROM bench_elements d, range(1, 13) t(m), (VALUES ('actual'), ('ytd')) k(kind)
    WHERE d.kind = 'flow'
    UNION ALL
    SELECT d.code, d.kind, '-Q' || q, 'plan', NULL, CAST(q AS INTEGER), 3
    FROM bench_elements d, range(1, 5) t(q) WHERE d.kind = 'flow'
    UNION ALL
    SELECT d.code, d.kind, '', 'plan', NULL, NULL, 12 FROM bench_elements d WHERE d.kind IN ('flow', 'rate')
    UNION ALL
    SELECT d.code, d.kind, '-Q' || q, 'actual', NULL, CAST(q AS INTEGER), 3
    FROM bench_elements d, range(1, 5) t(q) WHERE d.kind <> 'flow'
    UNION ALL
    SELECT d.code, d.kind, '', 'actual', NULL, NULL, 12 FROM bench_elements d WHERE d.kind <> 'flow'
)
SELECT CAST(row_number() OVER (ORDER BY data_element, months, suffix, kind) - 1 AS INTEGER) AS slot, *
FROM s;
SET VARIABLE slots = (SELECT count(*) FROM bench_shape);

-- One submission, numbered by the ledger's own sequence, so that files
-- ingested later into this warehouse get the next numbers.
SET VARIABLE bench_submission = nextval('submission_ids');
INSERT INTO submissions (id, file_name, sha256, size_bytes, template, province, period, received_at,
    loaded_at, row_count, outcome, problem_count, problems, delivered_by, replaced_values) VALUES (getvariable('bench_submission'), 'bench-synthetic.csv', 'synthetic', 0, 'long_csv', NULL,
    CAST(getvariable('first_year') AS VARCHAR) || '..' || CAST(getvariable('last_year') AS VARCHAR), now(), now(), 0, 'loaded', 0, '[]', 'bench', 0);

-- One row per province, year and slot of bench_shape. Per province and year:
-- a flow's months are a + b·month; the labour force L and households H take
-- a quarter's step (the year is the fourth quarter) and the shares of them
-- are fixed for the year.
INSERT INTO observation_values
WITH r AS (
    SELECT u.u, u.area, CAST(y.year AS INTEGER) AS year, s.*,
           hash(u.area, y.year, s.data_element) AS h,
           coalesce(s.quarter, 4) AS q_end
    FROM bench_units u, range(getvariable('first_year'), getvariable('last_year') + 1) y(year), bench_shape s
),
p AS (
    SELECT *,
           100 + h % 5000 AS a, (h >> 20) % 50 AS b,
           100000 + hash(area, year) % 2000000 + 1000 * q_end AS lf,
           50000 + hash(area, year, 'h') % 900000 + 500 * q_end AS hh,
           0.2 + hash(area, year, 't') % 500 / 1000 AS trained,
           0.1 + hash(area, year, 's') % 400 / 1000 AS insured,
           0.01 + hash(area, year, 'p') % 190 / 1000 AS poor,
           0.01 + hash(area, year, 'u') % 50 / 1000 AS unemployed
    FROM r
),
v AS (
    SELECT *,
           CASE data_element
               WHEN 'labour_force' THEN lf
               WHEN 'trained_workers' THEN round(lf * trained)
               WHEN 'trained_share' THEN round(100 * round(lf * trained) / lf, 2)
               WHEN 'si_participants' THEN round(lf * insured)
               WHEN 'si_coverage' THEN round(100 * round(lf * insured) / lf, 2)
               WHEN 'households' THEN hh
               WHEN 'poor_households' THEN round(hh * poor)
               WHEN 'poor_household_rate' THEN round(100 * round(hh * poor) / hh, 2)
               WHEN 'urban_labour_force' THEN round(lf * 0.3)
               WHEN 'urban_unemployed' THEN round(round(lf * 0.3) * unemployed)
               WHEN 'urban_unemployment_rate' THEN round(100 * round(round(lf * 0.3) * unemployed) / round(lf * 0.3), 2)
               -- never 0: a denominator of 0 makes the view show the province's
               -- reported rate alone and leave it out of the aggregates, which
               -- the hand-written query, trusting the data, does not (at 63 M
               -- observations one province's employed of 2023 was 0)
               ELSE 1 + h % 999999
           END AS level,
           CASE element_kind
               WHEN 'flow' THEN
                   CASE kind WHEN 'actual' THEN a + b * month
                             WHEN 'ytd' THEN a * month + b * month * (month + 1) // 2
                             ELSE round(1.1 * (a + 6.5 * b) * months) END
           END AS flow
    FROM p
)
SELECT getvariable('bench_submission'), e.element, area, CAST(year AS VARCHAR) || suffix, kind, 'final',
       CASE WHEN element_kind = 'flow' THEN flow
            WHEN kind = 'plan' THEN round(level * 1.05, 2)
            ELSE level END,
       NULL, CAST((u * (getvariable('last_year') - getvariable('first_year') + 1) + year - getvariable('first_year')) * getvariable('slots') + slot + 2 AS INTEGER),
       NULL, NULL, NULL, NULL, e.breakdown
FROM v JOIN (SELECT code, element, breakdown FROM bench_elements) e ON e.code = v.data_element;

UPDATE submissions SET row_count = (SELECT count(*) FROM observation_values) WHERE id = getvariable('bench_submission');
