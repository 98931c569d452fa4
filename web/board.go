package web

import (
	"context"
	"database/sql"
	"math"
	"net/http"
	"time"

	"chitieu/schemas"
	"chitieu/warehouse"
)

// boardCell is one province's report of one form for the board's period.
type boardCell struct {
	Form       string
	Status     string // on_time, late, rejected, missing, pending
	LateDays   int    // for late: days after the deadline the first version came
	Due        string // the deadline, a date in Vietnam
	Received   *time.Time
	Versions   int64
	Submission int64 // the current version's submission
}

// boardRow is one province across the period's forms.
type boardRow struct {
	Province, Name, Region string
	Cells                  []boardCell
}

// formSummary is DHIS2's reporting rate and rate on time of one form.
type formSummary struct {
	Form, Name                                                   string
	Expected, Received, OnTime, Late, Rejected, Missing, Pending int
}

// Rate is the reporting rate, percent of the expected reports received.
func (f formSummary) Rate() float64 { return pctOf(f.Received, f.Expected) }

// OnTimeRate is the percent of the expected reports received on time.
func (f formSummary) OnTimeRate() float64 { return pctOf(f.OnTime, f.Expected) }

func pctOf(n, d int) float64 {
	if d == 0 {
		return math.NaN()
	}
	return math.Round(1000*float64(n)/float64(d)) / 10
}

type option struct{ Value, Label string }

// board is /reports?period=2024-12&form=&region=: every province and form
// of the period with its status, as chitieu status computes it
// (warehouse/status.sql).
func (a *App) board(w http.ResponseWriter, r *request) {
	q := r.URL.Query()
	now := a.Now()
	period := q.Get("period")
	if period == "" {
		// The last month whose reports are due by now or soon.
		period = now.In(vietnam).AddDate(0, -1, 0).Format("2006-01")
	}
	p, err := schemas.ParsePeriod(period)
	if err != nil {
		a.errorPage(w, r, http.StatusBadRequest, "err_period", period)
		return
	}
	form, region := q.Get("form"), q.Get("region")
	if r.s.User.Role == warehouse.RoleProvince {
		region = ""
	}
	ctx := r.Context()
	rows, err := a.W.DB().QueryContext(ctx, `SELECT s.form, f.name_vi, f.name_en, s.province, s.province_name,
		       coalesce(pp.region, ''), s.status, CAST(s.due_date AS VARCHAR), s.first_received_at, s.versions,
		       coalesce(s.current_submission, 0)
		FROM submission_status_at(?, (SELECT start_date FROM periods WHERE code = ?), (SELECT end_date FROM periods WHERE code = ?)) s
		JOIN forms f ON f.code = s.form
		LEFT JOIN period_provinces pp ON pp.period = s.period AND pp.area = s.province
		WHERE s.period = ? AND (? = '' OR s.form = ?) AND (? = '' OR pp.region = ?) AND (? = '' OR s.province = ?)
		ORDER BY s.province, s.form`,
		float64(now.UnixMicro())/1e6, p.Code(), p.Code(), p.Code(), form, form, region, region, provinceOf(r), provinceOf(r))
	if err != nil {
		a.fail(w, r, "board", err)
		return
	}
	defer rows.Close()
	var table []boardRow
	sums := map[string]*formSummary{}
	var forms []string
	for rows.Next() {
		var c boardCell
		var nameVI, nameEN, province, pname, reg string
		var received sql.NullTime
		if err := rows.Scan(&c.Form, &nameVI, &nameEN, &province, &pname, &reg, &c.Status, &c.Due, &received, &c.Versions, &c.Submission); err != nil {
			a.fail(w, r, "board", err)
			return
		}
		if received.Valid {
			t := received.Time
			c.Received = &t
			if c.Status == "late" {
				c.LateDays = lateDays(c.Due, t)
			}
		}
		if len(table) == 0 || table[len(table)-1].Province != province {
			table = append(table, boardRow{Province: province, Name: pname, Region: reg})
		}
		row := &table[len(table)-1]
		row.Cells = append(row.Cells, c)
		s := sums[c.Form]
		if s == nil {
			s = &formSummary{Form: c.Form, Name: nameVI}
			if r.lang == "en" {
				s.Name = nameEN
			}
			sums[c.Form] = s
			forms = append(forms, c.Form)
		}
		s.Expected++
		switch c.Status {
		case "on_time":
			s.Received++
			s.OnTime++
		case "late":
			s.Received++
			s.Late++
		case "rejected":
			s.Rejected++
		case "missing":
			s.Missing++
		case "pending":
			s.Pending++
		}
	}
	if err := rows.Err(); err != nil {
		a.fail(w, r, "board", err)
		return
	}
	var summary []formSummary
	for _, f := range forms {
		summary = append(summary, *sums[f])
	}
	regions, err := a.regions(ctx, r.lang)
	if err != nil {
		a.fail(w, r, "board", err)
		return
	}
	names := map[string]string{}
	for _, o := range regions {
		names[o.Value] = o.Label
	}
	for i := range table {
		if n := names[table[i].Region]; n != "" {
			table[i].Region = n
		}
	}
	formOpts, err := a.forms(ctx, r.lang)
	if err != nil {
		a.fail(w, r, "board", err)
		return
	}
	a.render(w, r, http.StatusOK, "board", map[string]any{
		"Period": p.Code(), "Form": form, "Region": region, "Forms": formOpts, "Regions": regions,
		"Summary": summary, "Rows": table, "Columns": forms, "AsOf": now,
	})
}

// lateDays counts whole days from the deadline (the end of the due day in
// Vietnam) to the arrival, at least one.
func lateDays(due string, at time.Time) int {
	d, err := time.ParseInLocation(time.DateOnly, due, vietnam)
	if err != nil {
		return 0
	}
	end := d.AddDate(0, 0, 1)
	return max(1, int(math.Ceil(at.Sub(end).Hours()/24)))
}

// provinceOf is the province a province user is limited to, else "".
func provinceOf(r *request) string {
	if r.s.User.Role == warehouse.RoleProvince {
		return r.s.User.Area
	}
	return ""
}

// regions are the regions in a language, read once (as indicatorDefs).
func (a *App) regions(ctx context.Context, lang string) ([]option, error) {
	if v, ok := a.reference.Load("regions/" + lang); ok {
		return v.([]option), nil
	}
	rs, err := a.options(ctx, `SELECT code, CASE WHEN ? = 'en' THEN coalesce(name_en, name_vi) ELSE name_vi END FROM areas WHERE level = 'region' ORDER BY code`, lang)
	if err == nil {
		a.reference.Store("regions/"+lang, rs)
	}
	return rs, err
}

func (a *App) forms(ctx context.Context, lang string) ([]option, error) {
	return a.options(ctx, `SELECT code, CASE WHEN ? = 'en' THEN name_en ELSE name_vi END FROM forms ORDER BY code DESC`, lang)
}

func (a *App) options(ctx context.Context, query string, args ...any) ([]option, error) {
	rows, err := a.W.DB().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []option
	for rows.Next() {
		var o option
		if err := rows.Scan(&o.Value, &o.Label); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// fail logs an unexpected error and answers 500.
func (a *App) fail(w http.ResponseWriter, r *request, what string, err error) {
	a.Log.Error(what, "err", err)
	a.errorPage(w, r, http.StatusInternalServerError, "err_internal")
}
