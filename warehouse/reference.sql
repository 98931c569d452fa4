-- Periods: every year, quarter and month chitieu accepts, and the years to
-- date January–February … January–November ("2024-YTD09": the first nine
-- months; see schemas.YearToDate).
CREATE OR REPLACE TABLE periods AS
WITH y AS (SELECT CAST(range AS INTEGER) AS year FROM range(getvariable('min_year'), getvariable('max_year') + 1))
SELECT CAST(year AS VARCHAR) AS code, 'year' AS period_type, year, CAST(NULL AS INTEGER) AS quarter,
       CAST(NULL AS INTEGER) AS month, 1 AS first_month, 12 AS last_month,
       make_date(year, 1, 1) AS start_date, make_date(year, 12, 31) AS end_date,
       CAST(year - 1 AS VARCHAR) AS previous_year
FROM y
UNION ALL
SELECT year || '-Q' || q, 'quarter', year, q, NULL, 3 * q - 2, 3 * q,
       make_date(year, 3 * q - 2, 1), last_day(make_date(year, 3 * q, 1)), (year - 1) || '-Q' || q
FROM y, (SELECT CAST(range AS INTEGER) AS q FROM range(1, 5))
UNION ALL
SELECT year || '-' || lpad(CAST(m AS VARCHAR), 2, '0'), 'month', year, (m + 2) // 3, m, m, m,
       make_date(year, m, 1), last_day(make_date(year, m, 1)), (year - 1) || '-' || lpad(CAST(m AS VARCHAR), 2, '0')
FROM y, (SELECT CAST(range AS INTEGER) AS m FROM range(1, 13))
UNION ALL
SELECT year || '-YTD' || lpad(CAST(m AS VARCHAR), 2, '0'), 'ytd', year, NULL, NULL, 1, m,
       make_date(year, 1, 1), last_day(make_date(year, m, 1)), (year - 1) || '-YTD' || lpad(CAST(m AS VARCHAR), 2, '0')
FROM y, (SELECT CAST(range AS INTEGER) AS m FROM range(2, 12));

CREATE OR REPLACE TABLE areas (
    code         VARCHAR NOT NULL,
    level        VARCHAR NOT NULL,  -- nation | region | province
    parent       VARCHAR,
    name_vi      VARCHAR NOT NULL,
    full_name_vi VARCHAR,
    name_en      VARCHAR,
    valid_from   DATE,              -- NULL: open
    valid_to     DATE,
    successor    VARCHAR            -- the province it went into the day after valid_to
);

-- The crosswalk by code: on the days valid_from..valid_to the figures of a
-- province code belong to area (itself while valid, then the province it
-- went into). Old codes of the 2025 merger map to the 34 provinces from
-- 2025-07-01. Open ends are 0001-01-01 and 9999-12-31.
CREATE OR REPLACE TABLE area_code_map (
    code       VARCHAR NOT NULL,
    valid_from DATE NOT NULL,
    valid_to   DATE NOT NULL,
    area       VARCHAR NOT NULL
);

-- Data elements and their series: every element, and for a count broken
-- down (schemas/breakdowns.yaml) one row per option, whose code is the
-- series code jobs_created[sex=female], with the element and breakdown its
-- observations are stored under. A rate's numerator may be a series.
CREATE OR REPLACE TABLE data_elements (
    code        VARCHAR PRIMARY KEY,
    name_vi     VARCHAR NOT NULL,
    name_en     VARCHAR NOT NULL,
    unit        VARCHAR NOT NULL,   -- persons | households | percent
    kind        VARCHAR NOT NULL,   -- flow | stock | rate
    numerator   VARCHAR,
    denominator VARCHAR,
    element     VARCHAR NOT NULL,   -- the element itself, or the one a series breaks down
    breakdown   VARCHAR NOT NULL    -- total, or the series' option: sex=female
);

-- Breakdowns: the options of each dimension (schemas/breakdowns.yaml), by
-- the code observations carry (sex=female).
CREATE OR REPLACE TABLE breakdowns (
    code      VARCHAR PRIMARY KEY,
    dimension VARCHAR NOT NULL,
    option    VARCHAR NOT NULL,
    name_vi   VARCHAR NOT NULL,
    name_en   VARCHAR NOT NULL
);

-- series_code: the code of an element's series, as data_elements and the
-- indicator definitions name it: the element for its total, else
-- jobs_created[sex=female].
CREATE OR REPLACE MACRO series_code(element, breakdown) AS
    CASE WHEN breakdown = 'total' THEN element ELSE element || '[' || breakdown || ']' END;

-- observation_series: every value ever loaded with its series code in
-- data_element, for the checks of a load, which compare series.
CREATE OR REPLACE VIEW observation_series AS
SELECT * REPLACE (series_code(data_element, breakdown) AS data_element) FROM observation_values;

-- Current values, with the file each came from; or, when the session sets
-- SET VARIABLE as_of = TIMESTAMPTZ '…', the values the warehouse held at
-- that time: loaded by then and not yet superseded by then. Every view built
-- on observations (element_values, indicator_values, …) follows.
-- getvariable is constant while a query is bound, so only one branch runs.
CREATE OR REPLACE VIEW observations AS
SELECT o.data_element, o.breakdown, o.area, o.period, o.kind, o.value, o.status, o.comment,
       o.submission_id, s.file_name, o.source_row, o.source_cell, o.target_shape, o.target_high
FROM observation_values o
JOIN submissions s ON s.id = o.submission_id
WHERE getvariable('as_of') IS NULL AND o.superseded_by IS NULL
UNION ALL
SELECT o.data_element, o.breakdown, o.area, o.period, o.kind, o.value, o.status, o.comment,
       o.submission_id, s.file_name, o.source_row, o.source_cell, o.target_shape, o.target_high
FROM observation_values o
JOIN submissions s ON s.id = o.submission_id
LEFT JOIN submissions r ON r.id = o.superseded_by
WHERE getvariable('as_of') IS NOT NULL
  AND s.loaded_at <= CAST(getvariable('as_of') AS TIMESTAMPTZ)
  AND (r.loaded_at IS NULL OR r.loaded_at > CAST(getvariable('as_of') AS TIMESTAMPTZ));
