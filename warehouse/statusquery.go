package warehouse

import (
	"context"
	"fmt"
	"time"

	"chitieu/table"
)

// statusFrom is the status as of at, of every period since the first report.
const statusFrom = `submission_status_at(?,
    coalesce((SELECT min(p.start_date) FROM submissions s JOIN form_templates ft ON ft.template = s.template
              JOIN periods p ON p.code = s.period WHERE s.province IS NOT NULL), CAST(? AS DATE)), CAST(? AS DATE))`

// StatusRows is submission_status for one period as of at.
func (w *Warehouse) StatusRows(ctx context.Context, at time.Time, period string) (*table.Result, error) {
	rows, err := w.db.QueryContext(ctx, `SELECT s.form, s.period, s.province, s.province_name, s.status, CAST(s.due_date AS VARCHAR) AS due_date,
		       s.first_received_at, s.last_received_at, s.versions, s.superseded, s.rejected, s.current_submission
		FROM submission_status_at(?, (SELECT start_date FROM periods WHERE code = ?), (SELECT end_date FROM periods WHERE code = ?)) s
		WHERE s.period = ?
		ORDER BY s.form, CASE s.status WHEN 'missing' THEN 0 WHEN 'rejected' THEN 1 WHEN 'late' THEN 2 WHEN 'pending' THEN 3 ELSE 4 END, s.province`,
		epochSeconds(at), period, period, period)
	if err != nil {
		return nil, fmt.Errorf("status: %w", err)
	}
	return table.Scan(rows)
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

// StatusSummaryFor counts, per form, expected and received reports for one
// period (DHIS2's reporting rate and reporting rate on time, in percent).
func (w *Warehouse) StatusSummaryFor(ctx context.Context, at time.Time, period string) (*table.Result, error) {
	rows, err := w.db.QueryContext(ctx, `SELECT `+summaryColumns+`
		FROM submission_status_at(?, (SELECT start_date FROM periods WHERE code = ?), (SELECT end_date FROM periods WHERE code = ?))
		WHERE period = ? GROUP BY form, period ORDER BY form`, epochSeconds(at), period, period, period)
	if err != nil {
		return nil, fmt.Errorf("status: %w", err)
	}
	return table.Scan(rows)
}

// StatusSummary counts per form and period, every period since the first report.
func (w *Warehouse) StatusSummary(ctx context.Context, at time.Time) (*table.Result, error) {
	// Periods that ended before the day at falls on in Vietnam.
	day := at.In(vietnamTime).AddDate(0, 0, -1).Format(time.DateOnly)
	rows, err := w.db.QueryContext(ctx, `SELECT `+summaryColumns+` FROM `+statusFrom+`
		GROUP BY form, period ORDER BY form, period`, epochSeconds(at), day, day)
	if err != nil {
		return nil, fmt.Errorf("status: %w", err)
	}
	return table.Scan(rows)
}

// epochSeconds is t as the seconds since 1970 that submission_status_at
// takes, with its fraction: a file received earlier in the same second
// counts.
func epochSeconds(t time.Time) float64 { return float64(t.UnixMicro()) / 1e6 }
