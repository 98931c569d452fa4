package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"

	"chitieu/schemas"
	"chitieu/transform"
)

// Outcomes recorded in the ledger.
const (
	Loaded    = "loaded"
	Rejected  = "rejected"
	Valid     = "valid"     // never recorded: a dry run that would load
	Duplicate = "duplicate" // never recorded: the bytes were loaded before
)

// freeAfterRows is the size of file after whose values Load returns the
// memory of their batches to the system (see Load).
const freeAfterRows = 100_000

// ErrDuplicateSubmission is returned when the same bytes were already loaded.
var ErrDuplicateSubmission = errors.New("file already loaded")

// ErrOtherProvince is returned when a file delivered for one province holds
// values of another: nothing of it is stored and the ledger does not record it.
var ErrOtherProvince = errors.New("the file holds values of another province")

// Submission describes a file offered to the warehouse.
type Submission struct {
	FileName    string
	SHA256      string // hex digest of the file's bytes
	Size        int64
	Template    string
	DeliveredBy string // who or what delivered it ("cli", a token, a source)
	ReceivedAt  time.Time
	// DryRun checks the file as a load would and then stores nothing, not
	// even a ledger entry (chitieu validate).
	DryRun bool
	// OnlyArea, when set, is the one area the file may hold values for
	// (the province of the token that uploaded it).
	OnlyArea string
}

// Contents is what the reader and transform found in a file, known once its
// observation stream has been consumed.
type Contents struct {
	Province string // the single province, else ""
	Period   string // the single period or "first..last"
	Areas    []string
	Named    []string // areas named by any row, its values valid or not
	Elements []string
	Rows     int64
	Problems schemas.Problems
	// Holds, when known, says what kinds of value the file holds, so that
	// only the checks with something to look at run; nil runs them all.
	Holds *Holdings
}

// ContentsOf is what the transform found in a file; a caller adds its
// reader's problems and may name the period the file says it reports.
func ContentsOf(s *transform.Summary) Contents {
	return Contents{Province: s.Province(), Period: s.Period(), Areas: s.Areas, Named: s.Named, Elements: s.Elements,
		Rows: s.Rows, Problems: s.Problems, Holds: &Holdings{Parts: s.Parts, MonthlyActual: s.MonthlyActual,
			MonthlyYTD: s.MonthlyYTD, Stated: s.Stated, Repeats: s.Repeats, LatestStart: s.LatestStart}}
}

// Holdings is what kinds of value a file holds (see transform.Summary).
type Holdings struct {
	Parts, MonthlyActual, MonthlyYTD, Stated bool
	// Repeats says a data element, area, period and kind was given twice:
	// only then are the repeated values looked for and reported.
	Repeats     bool
	LatestStart time.Time // of a period given a result
}

// Result is what became of a submission.
type Result struct {
	Contents
	ID         int64
	Template   string // the template the file was read with
	Outcome    string
	Replaced   int64     // earlier values superseded by this file
	Revised    int64     // of those, how many had a different value
	PreviousID int64     // for a duplicate: the submission that loaded these bytes
	PreviousAt time.Time // and when
	// The previous loaded version of the same province, template and
	// period (0 for none), and the values this file added, changed (value
	// or status) and removed against it. The removed ones are superseded
	// too: a new version replaces the whole report.
	PreviousVersion         int64
	Added, Changed, Removed int64
	// Refresh is the time the load spent refreshing the indicator store.
	Refresh time.Duration
}

// Previous returns the loaded submission with this SHA-256, if any.
func (w *Warehouse) Previous(ctx context.Context, sha string) (id int64, at time.Time, ok bool, err error) {
	err = w.db.QueryRowContext(ctx,
		`SELECT id, loaded_at FROM submissions WHERE sha256 = ? AND outcome = 'loaded' ORDER BY id LIMIT 1`, sha).Scan(&id, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, false, nil
	}
	return id, at, err == nil, err
}

// Load stores one file's observations in a single transaction: either all
// of them, with a ledger entry, or none. obs streams the observations
// (schemas.ObservationSchema); contents is called once obs is exhausted.
// A file with an error-level problem, or with a data element, area, period
// and kind reported twice, is rejected: nothing of it is stored, and the
// ledger records the rejection with its problems. The same bytes loaded
// before give Outcome Duplicate and ErrDuplicateSubmission, changing nothing.
func (w *Warehouse) Load(ctx context.Context, sub Submission, obs array.RecordReader, contents func() Contents) (Result, error) {
	if !sub.DryRun {
		if id, at, ok, err := w.Previous(ctx, sub.SHA256); err != nil {
			return Result{}, err
		} else if ok {
			return Result{Outcome: Duplicate, PreviousID: id, PreviousAt: at}, ErrDuplicateSubmission
		}
	}
	if !sub.DryRun {
		w.loadMu.Lock()
		defer w.loadMu.Unlock()
	}
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return Result{}, err
	}
	defer conn.Close()

	var id int64
	if err := conn.QueryRowContext(ctx, `SELECT nextval('submission_ids')`).Scan(&id); err != nil {
		return Result{}, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return Result{}, err
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()

	view := fmt.Sprintf("incoming_%d", id)
	err = conn.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		release, err := ar.RegisterView(obs, view)
		if err != nil {
			return err
		}
		defer release()
		_, err = dc.(driver.ExecerContext).ExecContext(ctx, fmt.Sprintf(`INSERT INTO observation_values (submission_id, data_element, breakdown, area, period,
				kind, status, value, comment, source_row, source_cell, target_shape, target_high)
			SELECT %d, data_element, breakdown, area, period, kind, status, value, comment, source_row, source_cell,
			       target_shape, target_high
			FROM %s`, id, view), nil)
		if err == nil {
			// the scan's view is a temporary one of the connection, which
			// goes back to the pool: dropped, not left for every later use
			_, err = dc.(driver.ExecerContext).ExecContext(ctx, "DROP VIEW "+view, nil)
		}
		return err
	})
	if err != nil {
		return Result{}, fmt.Errorf("store %s: %w", sub.FileName, err)
	}
	if err := obs.Err(); err != nil {
		return Result{}, fmt.Errorf("read %s: %w", sub.FileName, err)
	}
	c := contents()
	if c.Rows >= freeAfterRows {
		// The file's batches are garbage now; hand their memory back
		// before the checks' queries take theirs, so that a large file's
		// peak is the larger of the two and not their sum.
		debug.FreeOSMemory()
	}
	res := Result{ID: id, Contents: c, Template: sub.Template}
	if sub.OnlyArea != "" {
		// Rows of another province refuse the file before its checks, even
		// when those rows are invalid: it is not the uploader's to record.
		for _, a := range slices.Concat(c.Areas, c.Named) {
			if a != sub.OnlyArea {
				return Result{Contents: c}, fmt.Errorf("%w: %s has values for area %s, the token may deliver only area %s",
					ErrOtherProvince, sub.FileName, a, sub.OnlyArea)
			}
		}
	}
	if c.Holds == nil || c.Holds.Repeats {
		dups, err := duplicateKeys(ctx, conn, sub.FileName, id)
		if err != nil {
			return Result{}, err
		}
		res.Problems = append(res.Problems, dups...)
	}
	checked, err := w.check(ctx, conn, sub.FileName, id, c.Holds)
	if err != nil {
		return Result{}, err
	}
	res.Problems = append(res.Problems, checked...)
	if c.Holds == nil || c.Holds.Stated {
		stated, err := dropStated(ctx, conn, id)
		if err != nil {
			return Result{}, err
		}
		res.Rows -= stated
	}
	if res.Rows == 0 && res.Problems.Errors() == 0 {
		// A file that stores nothing is no report: never "loaded 0 values".
		res.Problems = append(res.Problems, schemas.Problem{Severity: schemas.SeverityError, File: sub.FileName}.Says(
			schemas.Say("file.stores_nothing", sub.Template)))
	}

	if sub.DryRun {
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			return Result{}, err
		}
		committed = true
		res.Outcome = Valid
		if res.Problems.Errors() > 0 {
			res.Outcome = Rejected
		}
		return res, res.Problems.Err()
	}
	if res.Problems.Errors() > 0 {
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			return Result{}, err
		}
		committed = true
		res.Outcome = Rejected
		if err := w.record(ctx, conn, id, sub, res); err != nil {
			return Result{}, err
		}
		return res, res.Problems.Err()
	}

	if err := compareVersions(ctx, conn, id, sub.Template, &res); err != nil {
		return Result{}, err
	}
	if res.Replaced, res.Revised, err = supersede(ctx, conn, id); err != nil {
		return Result{}, err
	}
	if res.Removed > 0 {
		r, err := conn.ExecContext(ctx, `UPDATE observation_values SET superseded_by = ? WHERE submission_id = ? AND superseded_by IS NULL`,
			id, res.PreviousVersion)
		if err != nil {
			return Result{}, fmt.Errorf("supersede removed values: %w", err)
		}
		n, _ := r.RowsAffected()
		res.Replaced += n
	}
	res.Outcome = Loaded
	if err := w.record(ctx, conn, id, sub, res); err != nil {
		return Result{}, err
	}
	// the ledger entry first: observations are the values of recorded submissions
	refreshStart := time.Now()
	if err := refreshAfterLoad(ctx, conn, id); err != nil {
		return Result{}, fmt.Errorf("store %s: %w", sub.FileName, err)
	}
	res.Refresh = time.Since(refreshStart)
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return Result{}, fmt.Errorf("commit %s: %w", sub.FileName, err)
	}
	committed = true
	return res, nil
}

// Reject records a file that could not be read at all (not a known format,
// an unreadable header) with its problems.
func (w *Warehouse) Reject(ctx context.Context, sub Submission, problems schemas.Problems) (Result, error) {
	if sub.DryRun {
		return Result{Outcome: Rejected, Template: sub.Template, Contents: Contents{Problems: problems}}, problems.Err()
	}
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return Result{}, err
	}
	defer conn.Close()
	res := Result{Outcome: Rejected, Contents: Contents{Problems: problems}}
	if err := conn.QueryRowContext(ctx, `SELECT nextval('submission_ids')`).Scan(&res.ID); err != nil {
		return Result{}, err
	}
	if err := w.record(ctx, conn, res.ID, sub, res); err != nil {
		return Result{}, err
	}
	return res, problems.Err()
}

// compareVersions finds the previous version of the same province,
// template and period, and counts what changed.
func compareVersions(ctx context.Context, conn *sql.Conn, id int64, template string, res *Result) error {
	if res.Province == "" || res.Period == "" || template == "" {
		return nil
	}
	var prev sql.NullInt64
	if err := conn.QueryRowContext(ctx, `SELECT max(id) FROM submissions
		WHERE outcome = 'loaded' AND province = ? AND period = ? AND template = ?`, res.Province, res.Period, template).Scan(&prev); err != nil {
		return fmt.Errorf("find the previous version: %w", err)
	}
	if !prev.Valid {
		return nil
	}
	res.PreviousVersion = prev.Int64
	err := conn.QueryRowContext(ctx, `
		SELECT count(*) FILTER (WHERE o.value IS NULL),
		       count(*) FILTER (WHERE o.value IS NOT NULL AND n.value IS NOT NULL AND (o.value <> n.value OR o.status <> n.status)),
		       count(*) FILTER (WHERE n.value IS NULL)
		FROM (SELECT data_element, breakdown, area, period, kind, value, status FROM observation_values WHERE submission_id = ?) n
		FULL JOIN (SELECT data_element, breakdown, area, period, kind, value, status FROM observation_values WHERE submission_id = ?) o
		USING (data_element, breakdown, area, period, kind)`, id, prev.Int64).Scan(&res.Added, &res.Changed, &res.Removed)
	if err != nil {
		return fmt.Errorf("compare with version %d: %w", prev.Int64, err)
	}
	return nil
}

// duplicateKeys finds values the file reports twice.
func duplicateKeys(ctx context.Context, conn *sql.Conn, file string, id int64) (schemas.Problems, error) {
	// Find the repeated keys by grouping a 64-bit hash of the key (a table
	// of integers, a third of the memory of one of four strings), confirm
	// them on the rows of those hashes only, then gather their rows: most
	// files have none, and then this costs one pass.
	rows, err := conn.QueryContext(ctx, `
		WITH mine AS NOT MATERIALIZED (SELECT * FROM observation_series WHERE submission_id = ?),
		repeated_hash AS (
			SELECT hash(data_element, area, period, kind) AS h FROM mine
			GROUP BY h HAVING count(*) > 1),
		repeated AS (
			SELECT data_element, area, period, kind FROM mine
			WHERE hash(data_element, area, period, kind) IN (SELECT h FROM repeated_hash)
			GROUP BY ALL HAVING count(*) > 1 LIMIT 1000)
		SELECT data_element, area, period, kind, count(*),
		       string_agg(coalesce(source_cell, CAST(source_row AS VARCHAR)), ', ' ORDER BY source_row),
		       max(source_row), coalesce(arg_max(source_cell, source_row), '')
		FROM mine SEMI JOIN repeated USING (data_element, area, period, kind)
		GROUP BY ALL ORDER BY 7`, id)
	if err != nil {
		return nil, fmt.Errorf("check duplicates: %w", err)
	}
	defer rows.Close()
	var ps schemas.Problems
	for rows.Next() {
		var elem, area, period, kind, where, cell string
		var n, last int
		if err := rows.Scan(&elem, &area, &period, &kind, &n, &where, &last, &cell); err != nil {
			return nil, err
		}
		p := schemas.Problem{Severity: schemas.SeverityError, File: file, Row: last, Column: "data_element",
			Value: fmt.Sprintf("%s, area %s, period %s, %s", elem, area, period, kind)}.Says(
			schemas.Say("value.repeated", n, where))
		if cell != "" {
			p.Row, p.Column, p.Cell = 0, "", cell
		}
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

// supersede marks the current values this submission replaces, and counts
// those whose value it changes.
func supersede(ctx context.Context, conn *sql.Conn, id int64) (replaced, revised int64, err error) {
	var others bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM observation_values WHERE submission_id <> ? AND superseded_by IS NULL)`, id).Scan(&others); err != nil {
		return 0, 0, err
	}
	if !others {
		return 0, 0, nil
	}
	const match = `o.superseded_by IS NULL AND o.submission_id <> n.submission_id
		  AND o.data_element = n.data_element AND o.breakdown = n.breakdown AND o.area = n.area AND o.period = n.period AND o.kind = n.kind`
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM observation_values o
		JOIN (SELECT submission_id, data_element, breakdown, area, period, kind, value FROM observation_values WHERE submission_id = ?) n
		ON `+match+` WHERE o.value <> n.value`, id).Scan(&revised); err != nil {
		return 0, 0, fmt.Errorf("compare with earlier values: %w", err)
	}
	r, err := conn.ExecContext(ctx, `
		UPDATE observation_values AS o SET superseded_by = n.submission_id
		FROM (SELECT DISTINCT submission_id, data_element, breakdown, area, period, kind FROM observation_values WHERE submission_id = ?) AS n
		WHERE `+match, id)
	if err != nil {
		return 0, 0, fmt.Errorf("supersede earlier values: %w", err)
	}
	replaced, err = r.RowsAffected()
	return replaced, revised, err
}

// record writes the ledger entry.
func (w *Warehouse) record(ctx context.Context, conn *sql.Conn, id int64, sub Submission, res Result) error {
	problems, err := json.Marshal(res.Problems)
	if err != nil {
		return err
	}
	var loadedAt any
	if res.Outcome == Loaded {
		loadedAt = w.now()
	}
	received := sub.ReceivedAt
	if received.IsZero() {
		received = w.now()
	}
	province := res.Province
	if province == "" && len(res.Areas) == 0 {
		province = sub.OnlyArea // an unreadable file from a province's token is that province's
	}
	var prev, added, changed, removed any
	if res.PreviousVersion != 0 {
		prev, added, changed, removed = res.PreviousVersion, res.Added, res.Changed, res.Removed
	}
	_, err = conn.ExecContext(ctx, `INSERT INTO submissions (id, file_name, sha256, size_bytes, template, province, period,
		received_at, loaded_at, row_count, outcome, problem_count, problems, delivered_by, replaced_values,
		previous_version, values_added, values_changed, values_removed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, sub.FileName, sub.SHA256, sub.Size, nullIfEmpty(sub.Template), nullIfEmpty(province), nullIfEmpty(res.Period),
		received, loadedAt, res.Rows, res.Outcome, len(res.Problems), string(problems), nullIfEmpty(sub.DeliveredBy), res.Replaced,
		prev, added, changed, removed)
	if err != nil {
		return fmt.Errorf("record submission %s: %w", sub.FileName, err)
	}
	return nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
