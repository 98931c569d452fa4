package web

import (
	"database/sql"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"os"
	"strconv"
	"time"

	"chitieu/load"
	"chitieu/schemas"
	"chitieu/warehouse"
)

// ledgerEntry is one submission as submission_history holds it.
type ledgerEntry struct {
	ID                      int64
	File, SHA256            string
	Template, Province      string
	ProvinceName            string
	Period                  string
	ReceivedAt              time.Time
	Outcome, Version        string
	Rows, ProblemCount      int64
	Problems                schemas.Problems
	DeliveredBy             string
	Previous                int64
	Added, Changed, Removed int64
	Size                    int64
}

const ledgerColumns = `s.id, s.file_name, s.sha256, coalesce(s.template, ''), coalesce(s.province, ''),
	coalesce((SELECT name_vi FROM areas a WHERE a.code = s.province AND a.level = 'province' ORDER BY a.valid_from DESC NULLS LAST LIMIT 1), ''),
	coalesce(s.period, ''), s.received_at, s.outcome, s.version, coalesce(s.row_count, 0), coalesce(s.problem_count, 0),
	coalesce(CAST(s.problems AS VARCHAR), '[]'), coalesce(s.delivered_by, ''), coalesce(s.previous_version, 0),
	coalesce(s.values_added, 0), coalesce(s.values_changed, 0), coalesce(s.values_removed, 0), coalesce(s.size_bytes, 0)`

func scanLedger(row interface{ Scan(...any) error }) (ledgerEntry, error) {
	var e ledgerEntry
	var problems string
	err := row.Scan(&e.ID, &e.File, &e.SHA256, &e.Template, &e.Province, &e.ProvinceName, &e.Period, &e.ReceivedAt, &e.Outcome,
		&e.Version, &e.Rows, &e.ProblemCount, &problems, &e.DeliveredBy, &e.Previous, &e.Added, &e.Changed, &e.Removed, &e.Size)
	if err != nil {
		return e, err
	}
	if err := json.Unmarshal([]byte(problems), &e.Problems); err != nil {
		return e, err
	}
	e.Problems.Sort()
	return e, nil
}

// visible says whether the user may see a submission: a province user sees
// its province's, and the files it sent that were rejected before their
// province was known.
func visible(u warehouse.User, e ledgerEntry) bool {
	if u.Role != warehouse.RoleProvince {
		return true
	}
	return e.Province == u.Area || (e.Province == "" && e.DeliveredBy == deliveredBy(u))
}

// loadEntry reads submission {id}, answering 404 or 403 itself.
func (a *App) loadEntry(w http.ResponseWriter, r *request) (ledgerEntry, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		a.errorPage(w, r, http.StatusNotFound, "err_no_submission", r.PathValue("id"))
		return ledgerEntry{}, false
	}
	e, err := scanLedger(a.W.DB().QueryRowContext(r.Context(), `SELECT `+ledgerColumns+` FROM submission_history s WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		a.errorPage(w, r, http.StatusNotFound, "err_no_submission", r.PathValue("id"))
		return e, false
	}
	if err != nil {
		a.fail(w, r, "submission", err)
		return e, false
	}
	if !visible(r.s.User, e) {
		a.errorPage(w, r, http.StatusForbidden, "err_other_submission", e.Province)
		return e, false
	}
	return e, true
}

// valueRow is one value a submission loaded, beside the previous version's.
type valueRow struct {
	Element, Area, Period, Kind, Status string
	ElementName                         string // in the page's language, "" for a code the catalogue lacks
	Value, Before                       *float64
	Cell                                string // the source cell, or "row N"
	Change                              string // added, changed, same, removed
	Superseded                          int64  // the later submission that replaced it
}

// submission is /submissions/{id}: one file's outcome, version, changes
// against the previous version, problems and values with their cells.
func (a *App) submission(w http.ResponseWriter, r *request) {
	e, ok := a.loadEntry(w, r)
	if !ok {
		return
	}
	rows, err := a.W.DB().QueryContext(r.Context(), `WITH cur AS (
		    SELECT * FROM observation_series WHERE submission_id = ?),
		prev AS (SELECT * FROM observation_series WHERE submission_id = ? AND ? > 0)
		SELECT coalesce(c.data_element, p.data_element), coalesce(c.area, p.area), coalesce(c.period, p.period),
		       coalesce(c.kind, p.kind), coalesce(c.status, p.status), c.value, p.value,
		       coalesce(c.source_cell, CASE WHEN c.source_row IS NOT NULL THEN 'row ' || c.source_row END, ''),
		       CASE WHEN c.value IS NULL THEN 'removed' WHEN p.value IS NULL AND ? > 0 THEN 'added'
		            WHEN ? = 0 THEN '' WHEN c.value <> p.value OR c.status <> p.status THEN 'changed' ELSE 'same' END,
		       coalesce(c.superseded_by, 0)
		FROM cur c FULL JOIN prev p USING (data_element, area, period, kind)
		ORDER BY coalesce(c.source_row, 1e9), 1, 2, 3, 4 LIMIT 5000`, e.ID, e.Previous, e.Previous, e.Previous, e.Previous)
	if err != nil {
		a.fail(w, r, "submission values", err)
		return
	}
	defer rows.Close()
	var values []valueRow
	for rows.Next() {
		var v valueRow
		var cur, prev sql.NullFloat64
		if err := rows.Scan(&v.Element, &v.Area, &v.Period, &v.Kind, &v.Status, &cur, &prev, &v.Cell, &v.Change, &v.Superseded); err != nil {
			a.fail(w, r, "submission values", err)
			return
		}
		if d, err := a.Ref.Elements.Get(v.Element); err == nil {
			v.ElementName = d.NameVI
			if r.lang == "en" {
				v.ElementName = d.NameEN
			}
		}
		if cur.Valid {
			v.Value = &cur.Float64
		}
		if prev.Valid {
			v.Before = &prev.Float64
		}
		values = append(values, v)
	}
	if err := rows.Err(); err != nil {
		a.fail(w, r, "submission values", err)
		return
	}
	_, kept := os.Stat(load.Original(a.Originals, e.SHA256))
	a.render(w, r, http.StatusOK, "submission", map[string]any{"E": e, "Values": values, "Kept": kept == nil})
}

// original sends the bytes of submission {id} as they were received.
func (a *App) original(w http.ResponseWriter, r *request) {
	e, ok := a.loadEntry(w, r)
	if !ok {
		return
	}
	f, err := os.Open(load.Original(a.Originals, e.SHA256))
	if err != nil {
		a.errorPage(w, r, http.StatusNotFound, "err_not_kept")
		return
	}
	defer f.Close()
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.File}))
	w.Header().Set("Content-Type", "application/octet-stream")
	http.ServeContent(w, r.Request, "", e.ReceivedAt, f)
}

// history is /submissions?province=&period=: the ledger, newest first.
func (a *App) history(w http.ResponseWriter, r *request) {
	q := r.URL.Query()
	province := q.Get("province")
	if r.s.User.Role == warehouse.RoleProvince {
		province = r.s.User.Area
	}
	period := q.Get("period")
	if period != "" {
		p, err := schemas.ParsePeriod(period)
		if err != nil {
			a.errorPage(w, r, http.StatusBadRequest, "err_period", period)
			return
		}
		period = p.Code()
	}
	by := ""
	if r.s.User.Role == warehouse.RoleProvince {
		by = deliveredBy(r.s.User)
	}
	rows, err := a.W.DB().QueryContext(r.Context(), `SELECT `+ledgerColumns+` FROM submission_history s
		WHERE (? = '' OR s.province = ? OR (s.province IS NULL AND ? <> '' AND s.delivered_by = ?)) AND (? = '' OR s.period = ?)
		ORDER BY s.id DESC LIMIT 500`, province, province, by, by, period, period)
	if err != nil {
		a.fail(w, r, "history", err)
		return
	}
	defer rows.Close()
	var list []ledgerEntry
	for rows.Next() {
		e, err := scanLedger(rows)
		if err != nil {
			a.fail(w, r, "history", err)
			return
		}
		list = append(list, e)
	}
	if err := rows.Err(); err != nil {
		a.fail(w, r, "history", err)
		return
	}
	a.render(w, r, http.StatusOK, "history", map[string]any{"Province": province, "Period": period, "List": list})
}
