-- Who has reported: every form × province expected to report × period,
-- with what arrived. forms and form_templates are filled from
-- schemas/forms.yaml before this runs.

-- submission_status_at(at_epoch, from_date, to_date): the status as of
-- at_epoch (seconds since 1970, UTC) of the periods ending between from_date
-- and to_date: only files received by at_epoch count.
--
-- This is the one definition of "a province reported" (đã báo cáo): a
-- loaded file of one of the form's templates for that province and period.
-- A file of several provinces (a ministry's table, a long CSV of many
-- months) carries values but is not a province's report. chitieu status,
-- GET /api/status and the quarterly report's reporting table all read it.
CREATE OR REPLACE MACRO submission_status_at(at_epoch, from_date, to_date) AS TABLE
WITH expected AS (
    SELECT f.code AS form, p.code AS period, p.period_type, a.code AS province, a.name_vi,
           CAST(date_trunc('month', p.end_date) + to_months(f.due_months_after) + to_days(f.due_day - 1) AS DATE) AS due_date
    FROM forms f
    JOIN periods p ON p.period_type = f.period_type AND p.end_date BETWEEN from_date AND to_date
    JOIN areas a ON a.level = 'province' AND f.reporters = 'provinces'
         AND (a.valid_from IS NULL OR a.valid_from <= p.end_date) AND (a.valid_to IS NULL OR a.valid_to >= p.end_date)
),
received AS (
    SELECT ft.form, s.province, s.period,
           count(*) FILTER (WHERE s.outcome = 'loaded') AS versions,
           count(*) FILTER (WHERE s.outcome = 'rejected') AS rejected,
           min(s.received_at) FILTER (WHERE s.outcome = 'loaded') AS first_received_at,
           max(s.received_at) FILTER (WHERE s.outcome = 'loaded') AS last_received_at,
           min(epoch(s.received_at)) FILTER (WHERE s.outcome = 'loaded') AS first_epoch,
           max(s.id) FILTER (WHERE s.outcome = 'loaded') AS current_submission
    FROM submissions s JOIN form_templates ft ON ft.template = s.template
    WHERE s.province IS NOT NULL AND s.period IS NOT NULL AND epoch(s.received_at) <= at_epoch
    GROUP BY ALL
)
SELECT e.form, e.period, e.province, e.name_vi AS province_name, e.due_date,
       CASE
           WHEN r.versions > 0 AND r.first_epoch < epoch(CAST(e.due_date AS TIMESTAMP)) + 86400 - 25200 THEN 'on_time'
           WHEN r.versions > 0 THEN 'late'
           WHEN r.rejected > 0 THEN 'rejected'
           WHEN at_epoch < epoch(CAST(e.due_date AS TIMESTAMP)) + 86400 - 25200 THEN 'pending'
           ELSE 'missing'
       END AS status,
       coalesce(r.versions, 0) AS versions,
       greatest(coalesce(r.versions, 0) - 1, 0) AS superseded,
       coalesce(r.rejected, 0) AS rejected,
       r.first_received_at, r.last_received_at, r.current_submission
FROM expected e
LEFT JOIN received r ON r.form = e.form AND r.province = e.province AND r.period = e.period;

-- The status now, of every period from the first one anything arrived for
-- to the last one that has ended.
CREATE OR REPLACE VIEW submission_status AS
SELECT * FROM submission_status_at(
    epoch(now()),
    coalesce((SELECT min(p.start_date) FROM submissions s JOIN form_templates ft ON ft.template = s.template
              JOIN periods p ON p.code = s.period WHERE s.province IS NOT NULL), current_date),
    current_date - 1);

-- Every submission with what became of it: current (the loaded version in
-- force for its province, template and period), superseded (a later
-- version replaced it), rejected; and for files of several provinces, loaded.
CREATE OR REPLACE VIEW submission_history AS
SELECT s.*,
       CASE
           WHEN s.outcome = 'rejected' THEN 'rejected'
           WHEN s.province IS NULL OR s.period IS NULL OR s.template IS NULL THEN 'loaded'
           WHEN EXISTS (SELECT 1 FROM submissions n WHERE n.outcome = 'loaded' AND n.province = s.province
                        AND n.template = s.template AND n.period = s.period AND n.id > s.id) THEN 'superseded'
           ELSE 'current'
       END AS version
FROM submissions s;
