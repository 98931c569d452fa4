package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"chitieu/indicators"
	"chitieu/schemas"
)

// Querier is what Build reads the warehouse through: a *sql.Conn, so that
// the as-of setting holds for every query of one report.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Options say which report to build.
type Options struct {
	Period schemas.Period // a quarter
	Lang   string         // vi (default) or en
	// AsOf shows the warehouse as it was at that time; zero: as it is.
	AsOf time.Time
	// Now is the clock stating when the report was drawn; nil: time.Now.
	Now func() time.Time
	// Issuers says who issues the report by date; nil: issuers.yaml.
	Issuers *Issuers
	// DocNumber is the document's number ("125/BC-BNV"); empty leaves a
	// blank to fill in.
	DocNumber string
}

// ErrNotQuarter is returned for a report period that is not a quarter.
var ErrNotQuarter = errors.New("a quarterly report needs a quarter")

// ErrNoData is returned when the warehouse holds no figures for the period.
var ErrNoData = errors.New("no figures for the period")

// valuesView is the view a period's figures are read from: indicator_values
// shows each period on its own map (the 63 provinces and six regions until
// June 2025, the 34 provinces after), which is what a report of that
// quarter printed. indicator_values_current would re-base an earlier
// quarter to today's 34 provinces.
func valuesView(schemas.Period) string { return "indicator_values" }

// asOfFilter keeps ledger rows loaded by the as-of time, when one is set.
const asOfFilter = `(getvariable('as_of') IS NULL OR s.loaded_at <= CAST(getvariable('as_of') AS TIMESTAMPTZ))`

// Build reads the report for opts.Period from the warehouse. With
// opts.AsOf it sets the connection's as_of variable first (and clears it
// before returning), so that every view shows what the warehouse held then.
func Build(ctx context.Context, q Querier, opts Options) (r *Report, err error) {
	p := opts.Period
	if p.Type != schemas.Quarter {
		return nil, fmt.Errorf("%w, got %q (e.g. 2024-Q3)", ErrNotQuarter, p.Code())
	}
	lang := opts.Lang
	if lang == "" {
		lang = "vi"
	}
	if lang != "vi" && lang != "en" {
		return nil, fmt.Errorf("report language %q, want vi or en", lang)
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	drawn := now()
	r = &Report{
		Period: p.Code(), Year: p.Year, Quarter: p.Quarter, LastMonth: 3 * p.Quarter, Lang: lang,
		Cumulative: Cumulative(p.Year, p.Quarter), Previous: Cumulative(p.Year-1, p.Quarter),
		View: valuesView(p), DrawnAt: drawn.UTC().Format(time.RFC3339),
	}
	if !opts.AsOf.IsZero() {
		r.AsOf = opts.AsOf.UTC().Format(time.RFC3339)
		// computed for the two years the report reads (the monthly series
		// goes back a year), not the whole warehouse
		if err := indicators.SetAsOf(ctx, q, opts.AsOf, []int{p.Year - 1, p.Year}); err != nil {
			return nil, err
		}
		defer func() {
			if rerr := indicators.SetAsOf(context.WithoutCancel(ctx), q, time.Time{}, nil); rerr != nil && err == nil {
				err = rerr
			}
		}()
	}
	if err := r.readVersion(ctx, q); err != nil {
		return nil, fmt.Errorf("data version: %w", err)
	}
	areas, err := readAreas(ctx, q, p.End(), lang)
	if err != nil {
		return nil, fmt.Errorf("areas: %w", err)
	}
	for _, a := range areas.regions {
		if r.Regions == nil {
			r.Regions = map[string]string{}
		}
		r.Regions[a.code] = a.name
	}
	if err := r.setIssuer(opts.Issuers, p.End()); err != nil {
		return nil, err
	}
	r.DocNumber = opts.DocNumber
	if p.Year == 2025 || p.Year == 2026 {
		if r.Mergers, err = readMergers(ctx, q, lang); err != nil {
			return nil, fmt.Errorf("the 2025 reorganisation: %w", err)
		}
	}
	// The map the figures are on (the 34 provinces after the 2025
	// reorganisation), which the notes state.
	if err := r.readBoundaries(ctx, q); err != nil {
		return nil, err
	}
	if err := r.readIndicators(ctx, q, areas); err != nil {
		return nil, fmt.Errorf("indicators: %w", err)
	}
	if err := r.readMonths(ctx, q); err != nil {
		return nil, fmt.Errorf("monthly series: %w", err)
	}
	at := drawn
	if !opts.AsOf.IsZero() {
		at = opts.AsOf
	}
	if err := r.readCompleteness(ctx, q, areas, at); err != nil {
		return nil, fmt.Errorf("completeness: %w", err)
	}
	return r, nil
}

func (r *Report) readBoundaries(ctx context.Context, q Querier) error {
	rows, err := q.QueryContext(ctx, `SELECT coalesce(max(boundaries), '') FROM `+r.View+` WHERE period = ?`, r.Cumulative)
	if err != nil {
		return fmt.Errorf("boundaries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(&r.Boundaries); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (r *Report) readVersion(ctx context.Context, q Querier) error {
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.loaded_at FROM submissions s
		WHERE s.outcome = 'loaded' AND `+asOfFilter+` ORDER BY s.id DESC LIMIT 1`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var t time.Time
		if err := rows.Scan(&r.Version.Submission, &t); err != nil {
			return err
		}
		r.Version.LoadedAt = t.UTC().Format(time.RFC3339)
	}
	return rows.Err()
}

// area is one row of the areas valid on the report period's last day.
type area struct {
	code, level, parent, name string
}

type areaSet struct {
	byCode    map[string]area
	provinces []area // by code
	regions   []area
}

func readAreas(ctx context.Context, q Querier, end time.Time, lang string) (*areaSet, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, level, coalesce(parent, ''), name_vi, coalesce(name_en, name_vi)
		FROM areas WHERE CAST(? AS DATE) BETWEEN coalesce(valid_from, DATE '0001-01-01') AND coalesce(valid_to, DATE '9999-12-31')
		ORDER BY code`, end.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s := &areaSet{byCode: map[string]area{}}
	for rows.Next() {
		var a area
		var vi, en string
		if err := rows.Scan(&a.code, &a.level, &a.parent, &vi, &en); err != nil {
			return nil, err
		}
		a.name = vi
		if lang == "en" {
			a.name = en
		}
		s.byCode[a.code] = a
		switch a.level {
		case schemas.LevelProvince:
			s.provinces = append(s.provinces, a)
		case schemas.LevelRegion:
			s.regions = append(s.regions, a)
		}
	}
	return s, rows.Err()
}

// readIndicators reads the year-to-date figures of every indicator that is
// judged against a plan (direction higher or lower; the denominators are
// not key indicators).
func (r *Report) readIndicators(ctx context.Context, q Querier, areas *areaSet) error {
	rows, err := q.QueryContext(ctx, `SELECT code, name_vi, name_en, unit, kind, direction
		FROM indicator_definitions WHERE direction IN ('higher', 'lower') ORDER BY ordinal`)
	if err != nil {
		return err
	}
	var defs []Indicator
	for rows.Next() {
		var d Indicator
		var vi, en string
		if err := rows.Scan(&d.Code, &vi, &en, &d.Unit, &d.Kind, &d.Direction); err != nil {
			rows.Close()
			return err
		}
		d.Name = vi
		if r.Lang == "en" {
			d.Name = en
		}
		d.Ministry = r.ministryName(r.organisation.For(d.Code))
		defs = append(defs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	rows, err = q.QueryContext(ctx, `SELECT indicator, area, area_level, value, plan, pct_of_plan, plan_met,
		previous_year, pct_of_previous_year, change_from_previous_year, change_unit,
		provinces_reporting, provinces_expected, status
		FROM `+r.View+` WHERE period = ? ORDER BY indicator, area`, r.Cumulative)
	if err != nil {
		return err
	}
	defer rows.Close()
	figs := map[string][]Figure{}
	for rows.Next() {
		var ind string
		var f Figure
		var v, plan, pct, prev, pctPrev, change sql.NullFloat64
		var met sql.NullBool
		if err := rows.Scan(&ind, &f.Area, &f.Level, &v, &plan, &pct, &met, &prev, &pctPrev, &change, &f.ChangeIn,
			&f.Reporting, &f.Expected, &f.Status); err != nil {
			return err
		}
		f.Value, f.Plan, f.PctPlan, f.Previous, f.PctPrev, f.Change = ptr(v), ptr(plan), ptr(pct), ptr(prev), ptr(pctPrev), ptr(change)
		if met.Valid {
			f.PlanMet = &met.Bool
		}
		a := areas.byCode[f.Area]
		f.AreaName = a.name
		if f.Level == schemas.LevelProvince && areas.byCode[a.parent].level == schemas.LevelRegion {
			f.Region = a.parent
		}
		figs[ind] = append(figs[ind], f)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(figs) == 0 {
		return fmt.Errorf("%w %s (%s in %s): load the months of the quarter first", ErrNoData, r.Period, r.Cumulative, r.View)
	}
	// the quarter alone (for Q1 the same months as the year to date)
	quarter := map[[2]string]float64{}
	qrows, err := q.QueryContext(ctx, `SELECT indicator, area, value FROM `+r.View+` WHERE period = ? AND value IS NOT NULL`, r.Period)
	if err != nil {
		return err
	}
	defer qrows.Close()
	for qrows.Next() {
		var ind, a string
		var v float64
		if err := qrows.Scan(&ind, &a, &v); err != nil {
			return err
		}
		quarter[[2]string{ind, a}] = v
	}
	if err := qrows.Err(); err != nil {
		return err
	}
	for ind, fs := range figs {
		for i := range fs {
			if v, ok := quarter[[2]string{ind, fs[i].Area}]; ok {
				fs[i].InQuarter = &v
			}
		}
	}
	for _, d := range defs {
		all := figs[d.Code]
		if len(all) == 0 {
			continue
		}
		in := map[string]bool{}
		for _, f := range all {
			if f.Level == schemas.LevelProvince && f.Value != nil {
				in[f.Area] = true
			}
		}
		listed := map[string]bool{}
		for _, f := range all {
			if f.Level == schemas.LevelProvince {
				d.Provinces = append(d.Provinces, f)
				listed[f.Area] = true
				continue
			}
			// the expected provinces missing from an aggregate
			for _, p := range areas.provinces {
				if !in[p.code] && (f.Level == schemas.LevelNation || p.parent == f.Area) {
					f.Missing = append(f.Missing, p.code)
				}
			}
			d.Summary = append(d.Summary, f)
		}
		// A province with no figure is shown as not reported, never dropped.
		for _, p := range areas.provinces {
			if !listed[p.code] {
				f := Figure{Area: p.code, AreaName: p.name, Level: schemas.LevelProvince, Expected: 1}
				if areas.byCode[p.parent].level == schemas.LevelRegion {
					f.Region = p.parent
				}
				d.Provinces = append(d.Provinces, f)
			}
		}
		sort.SliceStable(d.Summary, func(i, j int) bool {
			a, b := d.Summary[i], d.Summary[j]
			if (a.Level == schemas.LevelNation) != (b.Level == schemas.LevelNation) {
				return a.Level == schemas.LevelNation
			}
			return a.Area < b.Area
		})
		rank(d.Provinces, d.Direction)
		r.Indicators = append(r.Indicators, d)
	}
	return nil
}

// readMonths reads the national monthly series of the flows, January to
// the quarter's last month, this year and the previous one.
func (r *Report) readMonths(ctx context.Context, q Querier) error {
	var periods []any
	for _, y := range []int{r.Year - 1, r.Year} {
		for m := 1; m <= r.LastMonth; m++ {
			periods = append(periods, schemas.MonthPeriod(y, m).Code())
		}
	}
	marks := "?"
	for range periods[1:] {
		marks += ", ?"
	}
	rows, err := q.QueryContext(ctx, `SELECT v.indicator, p.year, p.month, v.value, v.provinces_reporting, v.provinces_expected, v.status
		FROM `+r.View+` v JOIN periods p ON p.code = v.period
		JOIN indicator_definitions d ON d.code = v.indicator
		WHERE v.area_level = 'nation' AND d.kind = 'flow' AND d.direction IN ('higher', 'lower') AND v.period IN (`+marks+`)
		ORDER BY d.ordinal, p.year, p.month`, periods...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m MonthPoint
		var v sql.NullFloat64
		if err := rows.Scan(&m.Indicator, &m.Year, &m.Month, &v, &m.Reporting, &m.Expected, &m.Status); err != nil {
			return err
		}
		m.Value = ptr(v)
		r.Months = append(r.Months, m)
	}
	return rows.Err()
}

// readCompleteness reads who sent the monthly reports of the quarter from
// submission_status_at, the warehouse's one definition of a report received
// (what chitieu status and the API show): a loaded file of the monthly
// form for that province and month, by the as-of time or, without one, by
// the time the report is drawn.
func (r *Report) readCompleteness(ctx context.Context, q Querier, areas *areaSet, at time.Time) error {
	c := &r.Reporting
	var months []schemas.Period
	for m := 3*r.Quarter - 2; m <= 3*r.Quarter; m++ {
		p := schemas.MonthPeriod(r.Year, m)
		months = append(months, p)
		c.Months = append(c.Months, p.Code())
	}
	quarter := schemas.QuarterPeriod(r.Year, r.Quarter)
	rows, err := q.QueryContext(ctx, `SELECT province, period, status, CAST(due_date AS VARCHAR), first_received_at
		FROM submission_status_at(?, CAST(? AS DATE), CAST(? AS DATE)) WHERE form = 'monthly'`,
		epochSeconds(at), quarter.Start().Format(time.DateOnly), quarter.End().Format(time.DateOnly))
	if err != nil {
		return err
	}
	defer rows.Close()
	type got struct {
		state    string
		due      time.Time
		received time.Time
	}
	status := map[[2]string]got{}
	for rows.Next() {
		var a, p, state, due string
		var first sql.NullTime
		if err := rows.Scan(&a, &p, &state, &due, &first); err != nil {
			return err
		}
		d, err := time.ParseInLocation(time.DateOnly, due, vietnam)
		if err != nil {
			return fmt.Errorf("due date %q of %s %s: %w", due, a, p, err)
		}
		g := got{state: state, due: d.AddDate(0, 0, 1).Add(-time.Second)}
		if first.Valid {
			g.received = first.Time
		}
		status[[2]string{a, p}] = g
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, a := range areas.provinces {
		pr := ProvinceReports{Area: a.code, AreaName: a.name, Region: a.parent}
		for _, m := range months {
			g, ok := status[[2]string{a.code, m.Code()}]
			if !ok {
				// not expected of this province (it did not exist then)
				g = got{state: Missing, due: Deadline(m)}
			}
			mr := MonthReport{Period: m.Code(), Deadline: g.due.Format(time.RFC3339), State: g.state}
			if !g.received.IsZero() {
				mr.Received = g.received.In(vietnam).Format(time.RFC3339)
				mr.DaysLate = daysLate(g.received, g.due)
			}
			c.count(mr.State)
			pr.Months = append(pr.Months, mr)
		}
		c.Provinces = append(c.Provinces, pr)
	}
	return nil
}

// setIssuer finds who issues the report and who answers for each
// indicator on the period's last day.
func (r *Report) setIssuer(is *Issuers, end time.Time) error {
	if is == nil {
		var err error
		if is, err = DefaultIssuers(); err != nil {
			return err
		}
	}
	org, err := is.At(end)
	if err != nil {
		return err
	}
	r.organisation = org
	r.Issuer = org.Issuer()
	if len(org.Ministries) > 1 {
		r.Ministries = org.Ministries
	}
	r.Basis = org.BasisVI
	if r.Lang == "en" {
		r.Basis = org.BasisEN
	}
	return nil
}

// ministryName is a ministry's name in the report's language.
func (r *Report) ministryName(m Ministry) string {
	if r.Lang == "en" {
		return m.NameEN
	}
	return m.NameVI
}

// readMergers reads which new province absorbed which old ones on 1 July
// 2025, by the new province's code.
func readMergers(ctx context.Context, q Querier, lang string) ([]Merger, error) {
	name := func(t string) string {
		if lang == "en" {
			return "coalesce(" + t + ".name_en, " + t + ".name_vi)"
		}
		return t + ".name_vi"
	}
	rows, err := q.QueryContext(ctx, `SELECT n.code, `+name("n")+`, o.code, `+name("o")+`
		FROM areas o JOIN areas n ON n.code = o.successor AND n.valid_from = o.valid_to + INTERVAL 1 DAY
		WHERE o.level = 'province' AND n.level = 'province'
		ORDER BY n.code, o.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Merger
	for rows.Next() {
		var m Merger
		var o AreaRef
		if err := rows.Scan(&m.Code, &m.Name, &o.Code, &o.Name); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Code != m.Code {
			out = append(out, m)
		}
		out[len(out)-1].Old = append(out[len(out)-1].Old, o)
	}
	return out, rows.Err()
}

func ptr(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	x := v.Float64
	return &x
}

// epochSeconds is t in seconds since 1970 with its microseconds, the
// at_epoch of submission_status_at.
func epochSeconds(t time.Time) float64 { return float64(t.UnixMicro()) / 1e6 }
