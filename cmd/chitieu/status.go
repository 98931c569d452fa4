package main

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"chitieu/schemas"
)

// statusCmd shows who has reported: per form, province and period.
type statusCmd struct {
	*env
	db, period, format string
}

func (c *statusCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("status", &c.db)
	fs.StringVar(&c.period, "period", "", "period: 2024-03, Tháng 3/2024, 2024 … (default: every period since the first report, in summary)")
	fs.StringVar(&c.format, "format", "table", "output format: table, csv or json")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "Usage: chitieu status [--db FILE] [--period P] [--format table|csv|json]\n\nWhich provinces have reported each form: on time, late, rejected, missing or pending (not yet due).")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("status takes no arguments, got %q", fs.Args())
	}
	if err := checkFormat(c.format); err != nil {
		return err
	}
	var period string
	if c.period != "" {
		p, err := schemas.ParsePeriod(c.period)
		if err != nil {
			return usagef("--period: %v", err)
		}
		period = p.Code()
	}
	w, err := c.openWarehouse(ctx, c.db)
	if err != nil {
		return err
	}
	defer w.Close()
	if period == "" {
		res, err := statusSummary(ctx, w.DB(), c.now())
		if err != nil {
			return err
		}
		if c.format == "table" && len(res.rows) == 0 {
			fmt.Fprintln(c.stderr, "no reports received yet; use --period to see who owes one")
			return nil
		}
		return res.write(c.stdout, c.format, func(_ int, v any) string { return human(v, 1) })
	}
	res, err := statusRows(ctx, w.DB(), c.now(), period)
	if err != nil {
		return err
	}
	if c.format != "table" {
		return res.write(c.stdout, c.format, nil)
	}
	sum, err := statusSummaryFor(ctx, w.DB(), c.now(), period)
	if err != nil {
		return err
	}
	for _, r := range sum.rows {
		fmt.Fprintf(c.stdout, "%s %s: %d of %d provinces reported (%s), %d on time (%s), %d late; %d rejected, %d missing, %d not yet due; %d revised\n",
			r[0], r[1], r[3], r[2], human(r[10], 1)+"%", r[4], human(r[11], 1)+"%", r[5], r[6], r[7], r[8], r[9])
	}
	if len(sum.rows) == 0 {
		fmt.Fprintf(c.stdout, "no form is due for period %s\n", period)
		return nil
	}
	fmt.Fprintln(c.stdout)
	return res.write(c.stdout, "table", func(_ int, v any) string {
		if t, ok := v.(time.Time); ok {
			return t.Local().Format("2006-01-02 15:04")
		}
		return human(v, 0)
	})
}

// statusFrom is the status as of at, of every period since the first report.
const statusFrom = `submission_status_at(?,
    coalesce((SELECT min(p.start_date) FROM submissions s JOIN form_templates ft ON ft.template = s.template
              JOIN periods p ON p.code = s.period WHERE s.province IS NOT NULL), CAST(? AS DATE)), CAST(? AS DATE))`

// statusRows is submission_status for one period as of at.
func statusRows(ctx context.Context, db *sql.DB, at time.Time, period string) (*result, error) {
	rows, err := db.QueryContext(ctx, `SELECT s.form, s.period, s.province, s.province_name, s.status, CAST(s.due_date AS VARCHAR) AS due_date,
		       s.first_received_at, s.last_received_at, s.versions, s.superseded, s.rejected, s.current_submission
		FROM submission_status_at(?, (SELECT start_date FROM periods WHERE code = ?), (SELECT end_date FROM periods WHERE code = ?)) s
		WHERE s.period = ?
		ORDER BY s.form, CASE s.status WHEN 'missing' THEN 0 WHEN 'rejected' THEN 1 WHEN 'late' THEN 2 WHEN 'pending' THEN 3 ELSE 4 END, s.province`,
		float64(at.Unix()), period, period, period)
	if err != nil {
		return nil, fmt.Errorf("status: %w", err)
	}
	return scan(rows)
}

const summaryColumns = `form, period, count(*) AS expected,
	count(*) FILTER (WHERE status IN ('on_time', 'late')) AS received,
	count(*) FILTER (WHERE status = 'on_time') AS on_time,
	count(*) FILTER (WHERE status = 'late') AS late,
	count(*) FILTER (WHERE status = 'rejected') AS rejected,
	count(*) FILTER (WHERE status = 'missing') AS missing,
	count(*) FILTER (WHERE status = 'pending') AS pending,
	count(*) FILTER (WHERE superseded > 0) AS revised,
	round(100.0 * count(*) FILTER (WHERE status IN ('on_time', 'late')) / count(*), 1) AS reporting_rate,
	round(100.0 * count(*) FILTER (WHERE status = 'on_time') / count(*), 1) AS on_time_rate`

// statusSummaryFor counts, per form, expected and received reports for one
// period (DHIS2's reporting rate and reporting rate on time, in percent).
func statusSummaryFor(ctx context.Context, db *sql.DB, at time.Time, period string) (*result, error) {
	rows, err := db.QueryContext(ctx, `SELECT `+summaryColumns+`
		FROM submission_status_at(?, (SELECT start_date FROM periods WHERE code = ?), (SELECT end_date FROM periods WHERE code = ?))
		WHERE period = ? GROUP BY form, period ORDER BY form`, float64(at.Unix()), period, period, period)
	if err != nil {
		return nil, fmt.Errorf("status: %w", err)
	}
	return scan(rows)
}

// statusSummary counts per form and period, every period since the first report.
func statusSummary(ctx context.Context, db *sql.DB, at time.Time) (*result, error) {
	// Periods that ended before the day at falls on in Vietnam.
	day := at.In(time.FixedZone("ICT", 7*3600)).AddDate(0, 0, -1).Format(time.DateOnly)
	rows, err := db.QueryContext(ctx, `SELECT `+summaryColumns+` FROM `+statusFrom+`
		GROUP BY form, period ORDER BY form, period`, float64(at.Unix()), day, day)
	if err != nil {
		return nil, fmt.Errorf("status: %w", err)
	}
	return scan(rows)
}
