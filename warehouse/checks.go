package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"chitieu/schemas"
)

// Thresholds of the checks against a file's own values and the warehouse's.
const (
	// ZScoreLimit is the robust z-score (0.6745 × (x − median) ÷ MAD) of a
	// month's value against the same month of earlier years beyond which
	// it is flagged; 3.5 is Iglewicz and Hoaglin's usual cut-off.
	ZScoreLimit = 3.5
	// ZScoreYears is how many earlier years of the same month are needed
	// before a value is judged against them.
	ZScoreYears = 3
	// StatedTolerance is the difference, in percentage points, between a
	// percentage a report states ("% so với KH") and chitieu's beyond which
	// it is flagged.
	StatedTolerance = 0.05
	// YTDTolerance is the difference, in the element's unit, between a
	// reported year-to-date figure and the sum of its loaded months that is
	// put down to rounding.
	YTDTolerance = 0.5
)

// check runs the checks that compare the values of submission id with each
// other and with the values already loaded:
//   - of which ≤ total and numerator ≤ denominator, in the same area,
//     period and kind (error);
//   - no actual or year-to-date value for a period that has not begun
//     (error; plans for next year are expected);
//   - a reported year-to-date figure against the sum of January to its
//     month, when every month is loaded (warning);
//   - a month's value against the same month of the province's earlier
//     years, by robust z-score, so that seasonality is not flagged
//     (warning);
//   - the percentages a report states (of plan, of the same period last
//     year) against those computed from its figures (warning).
func (w *Warehouse) check(ctx context.Context, conn *sql.Conn, file string, id int64, holds *Holdings) (schemas.Problems, error) {
	// What the file holds says which checks have anything to look at: a
	// batch of small files, or one large file, pays for the queries it
	// needs only. Unknown, every check runs.
	bounds, future, ytd, history, stated := true, true, true, true, true
	if holds != nil {
		today := w.now().Truncate(24 * time.Hour)
		bounds, future, ytd, stated = holds.Parts, holds.LatestStart.After(today), holds.MonthlyYTD, holds.Stated
		history = false
		if holds.MonthlyActual {
			if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM observation_values o WHERE o.submission_id <> ? AND o.superseded_by IS NULL
				AND o.area IN (SELECT DISTINCT area FROM observation_values WHERE submission_id = ?))`, id, id).Scan(&history); err != nil {
				return nil, fmt.Errorf("plan checks: %w", err)
			}
		}
	}
	var ps schemas.Problems
	for _, c := range []struct {
		needed bool
		run    func(context.Context, *sql.Conn, string, int64) (schemas.Problems, error)
	}{
		{bounds, w.checkBounds}, {bounds, w.checkGroups}, {future, w.checkFuture}, {ytd, w.checkYTD}, {history, w.checkHistory}, {stated, w.checkStated},
	} {
		if !c.needed {
			continue
		}
		found, err := c.run(ctx, conn, file, id)
		if err != nil {
			return nil, err
		}
		ps = append(ps, found...)
	}
	return ps, nil
}

// located is a problem at a value's cell, or its row when it has none.
func located(sev, file string, row int, cell, value string, msg schemas.Message) schemas.Problem {
	p := schemas.Problem{Severity: sev, File: file, Row: row, Value: value}.Says(msg)
	if sheet, ref, ok := schemas.SplitSheetCell(cell); ok {
		p.Sheet, p.Cell, p.Row = sheet, ref, 0
	} else if cell != "" {
		p.Cell, p.Row = cell, 0
	} else {
		p.Column = "value"
	}
	return p
}

func (w *Warehouse) checkBounds(ctx context.Context, conn *sql.Conn, file string, id int64) (schemas.Problems, error) {
	bounds := w.elements.Bounds()
	if len(bounds) == 0 {
		return nil, nil
	}
	// One pass groups the file's values by area, period and kind with each
	// bounded element's value as a column: a plain aggregate, where a join
	// of the file with itself would cost seconds on a national file. Only
	// the groups that break a bound are joined back for their cells.
	var pairs, cols, breaks []string
	elements := map[string]int{}
	col := func(e string) string {
		if _, ok := elements[e]; !ok {
			elements[e] = len(elements)
			cols = append(cols, fmt.Sprintf("max(value) FILTER (data_element = %s) AS e%d", quote(e), elements[e]))
		}
		return fmt.Sprintf("e%d", elements[e])
	}
	for i, b := range bounds {
		pairs = append(pairs, fmt.Sprintf("(%d, %s, %s, %s)", i, quote(b.Part), quote(b.Whole), quote(b.Relation)))
		breaks = append(breaks, fmt.Sprintf("SELECT %d AS pair, area, period, kind, first_row FROM g WHERE %s > %s", i, col(b.Part), col(b.Whole)))
	}
	names := make([]string, 0, len(elements))
	for e := range elements {
		names = append(names, quote(e))
	}
	rows, err := conn.QueryContext(ctx, `
		WITH pairs(pair, part, whole, relation) AS (VALUES `+strings.Join(pairs, ", ")+`),
		g AS (
			SELECT area, period, kind, min(source_row) AS first_row, `+strings.Join(cols, ", ")+`
			FROM observation_series
			WHERE submission_id = $1 AND data_element IN (`+strings.Join(names, ", ")+`)
			  AND kind NOT IN ('pct_plan', 'pct_previous_year')
			GROUP BY area, period, kind),
		-- at most the 1000 first broken groups: a file where every group
		-- breaks (a bad export) must not gather the whole file again
		broken AS (
			SELECT * FROM (`+strings.Join(breaks, " UNION ALL ")+`)
			ORDER BY first_row, pair LIMIT 1000),
		mine AS (
			SELECT o.* FROM observation_series o
			SEMI JOIN broken b ON b.area = o.area AND b.period = o.period AND b.kind = o.kind
			WHERE o.submission_id = $1)
		SELECT p.data_element, t.data_element, pairs.relation, p.area, p.period, p.kind, p.value, t.value,
		       p.source_row, coalesce(p.source_cell, ''), coalesce(t.source_cell, 'row ' || t.source_row)
		FROM broken JOIN pairs USING (pair)
		JOIN mine p ON p.data_element = pairs.part AND p.area = broken.area AND p.period = broken.period AND p.kind = broken.kind
		JOIN mine t ON t.data_element = pairs.whole AND t.area = broken.area AND t.period = broken.period AND t.kind = broken.kind
		ORDER BY p.source_row LIMIT 1000`, id)
	if err != nil {
		return nil, fmt.Errorf("check parts against totals: %w", err)
	}
	defer rows.Close()
	var ps schemas.Problems
	for rows.Next() {
		var part, whole, rel, area, period, kind, cell, wholeAt string
		var v, t float64
		var row int
		if err := rows.Scan(&part, &whole, &rel, &area, &period, &kind, &v, &t, &row, &cell, &wholeAt); err != nil {
			return nil, err
		}
		code := "check.part_exceeds"
		if rel == "numerator" {
			code = "check.numerator_exceeds"
		}
		ps = append(ps, located(schemas.SeverityError, file, row, cell, num(v),
			schemas.Say(code, part, whole, area, period, kind, wholeAt, num(t))))
	}
	return ps, rows.Err()
}

// checkGroups checks that rates which make 100 together (the sector shares
// of employment) do, where a file gives every one of them for an area,
// period and kind: three shares rounded to whole numbers may miss 100 by
// 1.5 points at most, an error beyond; to one decimal by 0.15, a warning
// beyond.
func (w *Warehouse) checkGroups(ctx context.Context, conn *sql.Conn, file string, id int64) (schemas.Problems, error) {
	var ps schemas.Problems
	for _, g := range w.elements.Groups() {
		names := make([]string, len(g))
		for i, code := range g {
			names[i] = quote(code)
		}
		rows, err := conn.QueryContext(ctx, `
			SELECT area, period, kind, sum(value), min(source_row), coalesce(arg_min(source_cell, source_row), '')
			FROM observation_series
			WHERE submission_id = $1 AND data_element IN (`+strings.Join(names, ", ")+`)
			  AND kind NOT IN ('pct_plan', 'pct_previous_year') AND superseded_by IS NULL
			GROUP BY area, period, kind
			HAVING count(DISTINCT data_element) = `+fmt.Sprint(len(g))+` AND abs(sum(value) - 100) > 0.15
			ORDER BY 5 LIMIT 1000`, id)
		if err != nil {
			return nil, fmt.Errorf("check shares summing to 100: %w", err)
		}
		for rows.Next() {
			var area, period, kind, cell string
			var sum float64
			var row int
			if err := rows.Scan(&area, &period, &kind, &sum, &row, &cell); err != nil {
				rows.Close()
				return nil, err
			}
			sev := schemas.SeverityWarning
			if math.Abs(sum-100) > 1.5 {
				sev = schemas.SeverityError
			}
			ps = append(ps, located(sev, file, row, cell, num(sum),
				schemas.Say("check.shares_sum", strings.Join(g, ", "), area, period, kind, num(sum))))
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, err
		}
		rows.Close()
	}
	return ps, nil
}

func (w *Warehouse) checkFuture(ctx context.Context, conn *sql.Conn, file string, id int64) (schemas.Problems, error) {
	today := w.now().Format(time.DateOnly)
	rows, err := conn.QueryContext(ctx, `
		SELECT o.period, count(*), min(o.source_row), coalesce(arg_min(o.source_cell, o.source_row), '')
		FROM observation_series o JOIN periods p ON p.code = o.period
		WHERE o.submission_id = ? AND o.kind <> 'plan' AND p.start_date > CAST(? AS DATE)
		GROUP BY o.period ORDER BY 3`, id, today)
	if err != nil {
		return nil, fmt.Errorf("check future periods: %w", err)
	}
	defer rows.Close()
	var ps schemas.Problems
	for rows.Next() {
		var period, cell string
		var n, row int
		if err := rows.Scan(&period, &n, &row, &cell); err != nil {
			return nil, err
		}
		m := schemas.Say("check.future_period", n, period, today)
		if n == 1 {
			m = schemas.Say("check.future_period_1", period, today)
		}
		ps = append(ps, located(schemas.SeverityError, file, row, cell, period, m))
	}
	return ps, rows.Err()
}

// current is the values in force were this submission loaded (its own
// over the warehouse's current ones) for the elements and areas of its
// values of the given kinds, the only ones a check looks at.
func current(kinds string) string {
	return `
	mine AS (SELECT * FROM observation_series WHERE submission_id = $1),
	focus AS (SELECT DISTINCT data_element, area FROM mine WHERE kind IN (` + kinds + `)),
	cur AS (
		SELECT data_element, area, period, kind, value, 0 AS pri FROM mine SEMI JOIN focus USING (data_element, area)
		UNION ALL
		SELECT o.data_element, o.area, o.period, o.kind, o.value, 1 FROM observation_series o
		SEMI JOIN focus USING (data_element, area)
		WHERE o.superseded_by IS NULL AND o.submission_id <> $1),
	best AS (SELECT data_element, area, period, kind, arg_min(value, pri) AS value FROM cur GROUP BY ALL)`
}

func (w *Warehouse) checkYTD(ctx context.Context, conn *sql.Conn, file string, id int64) (schemas.Problems, error) {
	// The months in force are this file's over the warehouse's current
	// ones; a running sum over them, month by month, meets each reported
	// year-to-date figure whose months are all there.
	rows, err := conn.QueryContext(ctx, `
		WITH ytd AS (
			SELECT m.data_element, m.area, m.period, m.value, m.source_row, coalesce(m.source_cell, '') AS source_cell, p.year, p.month
			FROM observation_series m JOIN periods p ON p.code = m.period
			WHERE m.submission_id = $1 AND m.kind = 'ytd' AND p.period_type = 'month'),
		focus AS (SELECT DISTINCT data_element, area, year FROM ytd),
		months AS (
			SELECT o.data_element, o.area, p.year, p.month, arg_min(o.value, o.submission_id <> $1) AS value
			FROM observation_series o JOIN periods p ON p.code = o.period AND p.period_type = 'month'
			JOIN focus ON focus.data_element = o.data_element AND focus.area = o.area AND focus.year = p.year
			WHERE o.kind = 'actual' AND o.superseded_by IS NULL
			GROUP BY ALL),
		running AS (
			SELECT *, sum(value) OVER w AS total, count(*) OVER w AS n FROM months
			WINDOW w AS (PARTITION BY data_element, area, year ORDER BY month))
		SELECT y.data_element, y.area, y.period, y.value, r.total, y.month, y.source_row, y.source_cell
		FROM ytd y JOIN running r USING (data_element, area, year, month)
		WHERE r.n = y.month AND abs(r.total - y.value) > `+strconv.FormatFloat(YTDTolerance, 'f', -1, 64)+`
		ORDER BY y.source_row LIMIT 1000`, id)
	if err != nil {
		return nil, fmt.Errorf("check year-to-date figures: %w", err)
	}
	defer rows.Close()
	var ps schemas.Problems
	for rows.Next() {
		var elem, area, period, cell string
		var ytd, total float64
		var month, row int
		if err := rows.Scan(&elem, &area, &period, &ytd, &total, &month, &row, &cell); err != nil {
			return nil, err
		}
		m := schemas.Say("check.ytd_sum", elem, area, period, month, num(total))
		if month == 1 {
			m = schemas.Say("check.ytd_january", elem, area, period, num(total))
		}
		ps = append(ps, located(schemas.SeverityWarning, file, row, cell, num(ytd), m))
	}
	return ps, rows.Err()
}

func (w *Warehouse) checkHistory(ctx context.Context, conn *sql.Conn, file string, id int64) (schemas.Problems, error) {
	rows, err := conn.QueryContext(ctx, `
		WITH mine AS (
			SELECT m.*, p.year, p.month FROM observation_series m JOIN periods p ON p.code = m.period
			WHERE m.submission_id = $1 AND m.kind = 'actual' AND p.period_type = 'month'),
		hist AS (
			SELECT m.data_element, m.area, m.period, o.value AS h
			FROM mine m JOIN observation_series o
			  ON o.data_element = m.data_element AND o.area = m.area AND o.kind = 'actual'
			 AND o.superseded_by IS NULL AND o.submission_id <> $1
			JOIN periods p ON p.code = o.period AND p.period_type = 'month' AND p.month = m.month AND p.year < m.year),
		med AS (SELECT data_element, area, period, median(h) AS med, count(*) AS n FROM hist GROUP BY ALL),
		mad AS (
			SELECT h.data_element, h.area, h.period, median(abs(h.h - med.med)) AS mad
			FROM hist h JOIN med USING (data_element, area, period) GROUP BY ALL)
		SELECT m.data_element, m.area, m.period, m.value, med.med, mad.mad, med.n,
		       0.6745 * (m.value - med.med) / mad.mad AS z, m.source_row, coalesce(m.source_cell, '')
		FROM mine m JOIN med USING (data_element, area, period) JOIN mad USING (data_element, area, period)
		WHERE med.n >= `+strconv.Itoa(ZScoreYears)+` AND mad.mad > 0
		  AND abs(0.6745 * (m.value - med.med) / mad.mad) > `+strconv.FormatFloat(ZScoreLimit, 'f', -1, 64)+`
		ORDER BY m.source_row LIMIT 1000`, id)
	if err != nil {
		return nil, fmt.Errorf("check against history: %w", err)
	}
	defer rows.Close()
	var ps schemas.Problems
	for rows.Next() {
		var elem, area, period, cell string
		var v, med, mad, z float64
		var n, row int
		if err := rows.Scan(&elem, &area, &period, &v, &med, &mad, &n, &z, &row, &cell); err != nil {
			return nil, err
		}
		ps = append(ps, located(schemas.SeverityWarning, file, row, cell, num(v), schemas.Say("check.history",
			area, elem, n, num(med), num(mad), fmt.Sprintf("%.1f", z), fmt.Sprintf("%g", ZScoreLimit))))
	}
	return ps, rows.Err()
}

// num writes a value for messages: whole numbers without decimals.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func (w *Warehouse) checkStated(ctx context.Context, conn *sql.Conn, file string, id int64) (schemas.Problems, error) {
	// The figure a percentage is of: for flows the year-to-date figure (or
	// the period's own when it is a year), for stocks and rates the value
	// at the period. Of plan: the year's plan; of last year: the same
	// figure for the same period of the previous year, from this file or
	// the warehouse. Rates may be stated either way up (plan ÷ value for a
	// rate that should fall), so either is accepted.
	const stated = "'pct_plan', 'pct_previous_year'"
	rows, err := conn.QueryContext(ctx, `WITH `+current(stated)+`,
		stated AS (
			SELECT m.*, p.year, p.previous_year, p.period_type, e.kind AS element_kind, e.unit
			FROM mine m JOIN periods p ON p.code = m.period JOIN data_elements e ON e.code = m.data_element
			WHERE m.kind IN ('pct_plan', 'pct_previous_year')),
		fig AS (
			SELECT s.*, CASE WHEN s.element_kind <> 'flow' OR s.period_type IN ('year', 'ytd') THEN 'actual' ELSE 'ytd' END AS fig_kind
			FROM stated s),
		compared AS (
			SELECT f.data_element, f.area, f.period, f.kind, f.value AS stated, f.source_row, coalesce(f.source_cell, '') AS source_cell,
			       f.unit, v.value AS figure, b.value AS base, f.fig_kind
			FROM fig f
			JOIN best v ON v.data_element = f.data_element AND v.area = f.area AND v.period = f.period AND v.kind = f.fig_kind
			JOIN best b ON b.data_element = f.data_element AND b.area = f.area
			 AND ((f.kind = 'pct_plan' AND b.kind = 'plan' AND b.period = CAST(f.year AS VARCHAR))
			   OR (f.kind = 'pct_previous_year' AND b.kind = f.fig_kind AND b.period = f.previous_year))
			WHERE b.value <> 0 AND v.value <> 0)
		SELECT data_element, area, period, kind, stated, figure, base, fig_kind, source_row, source_cell,
		       figure / base * 100 AS computed
		FROM compared
		WHERE abs(stated - figure / base * 100) > `+strconv.FormatFloat(StatedTolerance, 'f', -1, 64)+`
		  AND (unit <> 'percent' OR abs(stated - base / figure * 100) > `+strconv.FormatFloat(StatedTolerance, 'f', -1, 64)+`)
		ORDER BY source_row LIMIT 1000`, id)
	if err != nil {
		return nil, fmt.Errorf("check stated percentages: %w", err)
	}
	defer rows.Close()
	var ps schemas.Problems
	for rows.Next() {
		var elem, area, period, kind, figKind, cell string
		var stated, figure, base, computed float64
		var row int
		if err := rows.Scan(&elem, &area, &period, &kind, &stated, &figure, &base, &figKind, &row, &cell, &computed); err != nil {
			return nil, err
		}
		of := "the year's plan"
		if kind == schemas.KindPctPreviousYear {
			of = "the same period of last year"
		}
		what := "value"
		if figKind == schemas.KindYTD {
			what = "year-to-date value"
		}
		ps = append(ps, located(schemas.SeverityWarning, file, row, cell, num(stated), schemas.Say("check.stated_pct",
			of, elem, what, num(figure), num(base), fmt.Sprintf("%.2f", computed), fmt.Sprintf("%.2f", stated-computed), fmt.Sprintf("%g", StatedTolerance))))
	}
	return ps, rows.Err()
}

// dropStated removes the percentages a report states once they have been
// checked, and returns how many there were.
func dropStated(ctx context.Context, conn *sql.Conn, id int64) (int64, error) {
	r, err := conn.ExecContext(ctx, `DELETE FROM observation_values WHERE submission_id = ? AND kind IN ('pct_plan', 'pct_previous_year')`, id)
	if err != nil {
		return 0, fmt.Errorf("drop stated percentages: %w", err)
	}
	return r.RowsAffected()
}
