-- The warehouse's own tables. Reference tables (areas, data_elements,
-- periods, indicator_definitions) and views are rebuilt from the embedded
-- definitions whenever those change; these tables hold what was loaded.

CREATE TABLE IF NOT EXISTS chitieu_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE SEQUENCE IF NOT EXISTS submission_ids START 1;

-- The submissions ledger: every file offered, loaded or rejected.
CREATE TABLE IF NOT EXISTS submissions (
    id              BIGINT PRIMARY KEY,
    file_name       VARCHAR NOT NULL,
    sha256          VARCHAR NOT NULL,
    size_bytes      BIGINT NOT NULL,
    template        VARCHAR,
    province        VARCHAR,       -- the one province the file reports on, else NULL
    period          VARCHAR,       -- its period, or "first..last"
    received_at     TIMESTAMPTZ NOT NULL,
    loaded_at       TIMESTAMPTZ,   -- NULL when rejected
    row_count       BIGINT NOT NULL,
    outcome         VARCHAR NOT NULL, -- loaded | rejected
    problem_count   INTEGER NOT NULL,
    problems        JSON,          -- the problems found, errors and warnings
    delivered_by    VARCHAR,       -- who or what delivered the file
    replaced_values BIGINT         -- earlier values this file superseded
);

-- Every value ever loaded. A later file reporting the same data element,
-- area, period and kind supersedes the earlier value, which stays.
CREATE TABLE IF NOT EXISTS observation_values (
    submission_id BIGINT NOT NULL,
    data_element  VARCHAR NOT NULL,
    area          VARCHAR NOT NULL,
    period        VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,  -- actual | plan | ytd
    status        VARCHAR NOT NULL,  -- final | provisional | estimated
    value         DOUBLE NOT NULL,
    comment       VARCHAR,
    source_row    INTEGER NOT NULL,  -- line of a CSV, row of a sheet
    source_cell   VARCHAR,           -- cell of a workbook, like E12
    superseded_by BIGINT             -- the submission that replaced this value
);

-- Revisions: the previous loaded version of the same province, template and
-- period, and what this file changed against it.
ALTER TABLE submissions ADD COLUMN IF NOT EXISTS previous_version BIGINT;
ALTER TABLE submissions ADD COLUMN IF NOT EXISTS values_added BIGINT;
ALTER TABLE submissions ADD COLUMN IF NOT EXISTS values_changed BIGINT;
ALTER TABLE submissions ADD COLUMN IF NOT EXISTS values_removed BIGINT;

-- Plans stated as a bound, a range or a reduction (transform.ParseTarget):
-- the shape, with value the low bound and target_high the high one. NULL
-- for a plain number.
ALTER TABLE observation_values ADD COLUMN IF NOT EXISTS target_shape VARCHAR;
ALTER TABLE observation_values ADD COLUMN IF NOT EXISTS target_high DOUBLE;

-- Breakdowns (schemas/breakdowns.yaml): "total", or the option of a
-- dimension this value is the figure of ("sex=female": the women's part).
ALTER TABLE observation_values ADD COLUMN IF NOT EXISTS breakdown VARCHAR DEFAULT 'total';
