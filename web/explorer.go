package web

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"chitieu/report"
	"chitieu/schemas"
)

// indicatorDef is an indicator as the explorer names it.
type indicatorDef struct {
	Code, Name, Unit, Direction string
}

// figure is one row of indicator_values.
type figure struct {
	Area, Name, Level, Region, Period string
	Value, Plan, PctPlan              *float64
	Target                            string
	PlanMet                           *bool
	Previous, PctPrevious, Change     *float64
	ChangeUnit                        string
	Reporting, Expected               int64
	Status                            string
}

// Provisional: built from a provisional or estimated value.
func (f figure) Provisional() bool { return f.Status != "final" }

// Incomplete: fewer provinces than expected.
func (f figure) Incomplete() bool { return f.Reporting < f.Expected }

// Marks are the signs after an area's name: * provisional, † incomplete.
func (f figure) Marks() string {
	m := ""
	if f.Provisional() {
		m += "*"
	}
	if f.Incomplete() {
		m += "†"
	}
	return m
}

// Unmet: the plan was not met.
func (f figure) Unmet() bool { return f.PlanMet != nil && !*f.PlanMet }

// Met: the plan was met.
func (f figure) Met() bool { return f.PlanMet != nil && *f.PlanMet }

// indicatorDefs are the indicators' definitions in a language, read once:
// the warehouse's reference tables change only when it is opened.
func (a *App) indicatorDefs(ctx context.Context, lang string) ([]indicatorDef, error) {
	if v, ok := a.reference.Load("defs/" + lang); ok {
		return v.([]indicatorDef), nil
	}
	defs, err := a.readIndicatorDefs(ctx, lang)
	if err == nil {
		a.reference.Store("defs/"+lang, defs)
	}
	return defs, err
}

func (a *App) readIndicatorDefs(ctx context.Context, lang string) ([]indicatorDef, error) {
	rows, err := a.W.DB().QueryContext(ctx, `SELECT code, CASE WHEN ? = 'en' THEN name_en ELSE name_vi END, unit, direction
		FROM indicator_definitions ORDER BY ordinal`, lang)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indicatorDef
	for rows.Next() {
		var d indicatorDef
		if err := rows.Scan(&d.Code, &d.Name, &d.Unit, &d.Direction); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// areaName names an area as of a period's end, in the language.
func (a *App) areaName(code string, at time.Time, lang string) (name, region string) {
	ar, err := a.Ref.Areas.Resolve(code, at)
	if err != nil {
		return code, ""
	}
	if lang == "en" && ar.NameEN != "" {
		return ar.NameEN, ar.Parent
	}
	return ar.NameVI, ar.Parent
}

const figureColumns = `area, area_level, period, value, plan, coalesce(target, ''), pct_of_plan, plan_met, previous_year,
	pct_of_previous_year, change_from_previous_year, change_unit, provinces_reporting, provinces_expected, status`

func (a *App) scanFigures(rows *sql.Rows, lang string) ([]figure, error) {
	defer rows.Close()
	var out []figure
	for rows.Next() {
		var f figure
		var value, plan, pct, prev, pctPrev, change sql.NullFloat64
		var met sql.NullBool
		if err := rows.Scan(&f.Area, &f.Level, &f.Period, &value, &plan, &f.Target, &pct, &met, &prev, &pctPrev, &change,
			&f.ChangeUnit, &f.Reporting, &f.Expected, &f.Status); err != nil {
			return nil, err
		}
		f.Value, f.Plan, f.PctPlan, f.Previous, f.PctPrevious, f.Change = ptr(value), ptr(plan), ptr(pct), ptr(prev), ptr(pctPrev), ptr(change)
		if met.Valid {
			f.PlanMet = &met.Bool
		}
		end := time.Now()
		if p, err := schemas.ParsePeriod(f.Period); err == nil {
			end = p.End()
		}
		f.Name, f.Region = a.areaName(f.Area, end, lang)
		out = append(out, f)
	}
	return out, rows.Err()
}

func ptr(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	return &v.Float64
}

// explorer is /indicators?indicator=&period=&level=&area=&current=: the
// table of indicator_values, the provinces ranked, the series over time
// and a tile grid of the provinces; format=csv or xlsx downloads the table.
func (a *App) explorer(w http.ResponseWriter, r *request) {
	ctx := r.Context()
	q := r.URL.Query()
	defs, err := a.indicatorDefs(ctx, r.lang)
	if err != nil {
		a.fail(w, r, "explorer", err)
		return
	}
	code := q.Get("indicator")
	if code == "" {
		code = defs[0].Code
	}
	var def *indicatorDef
	for i := range defs {
		if defs[i].Code == code {
			def = &defs[i]
		}
	}
	if def == nil {
		a.errorPage(w, r, http.StatusBadRequest, "err_indicator", code)
		return
	}
	view := "indicator_values"
	current := q.Get("current") == "true"
	if current {
		view = "indicator_values_current"
	}
	period := q.Get("period")
	if period == "" {
		err := a.W.DB().QueryRowContext(ctx, `SELECT coalesce(max(period), '') FROM `+view+` WHERE indicator = ? AND period_type = 'year'`, code).Scan(&period)
		if err != nil {
			a.fail(w, r, "explorer", err)
			return
		}
	}
	var p schemas.Period
	if period != "" {
		if p, err = schemas.ParsePeriod(period); err != nil {
			a.errorPage(w, r, http.StatusBadRequest, "err_period", period)
			return
		}
		period = p.Code()
	}
	level := q.Get("level")
	switch level {
	case "", "nation", "region", "province":
	default:
		a.errorPage(w, r, http.StatusBadRequest, "err_level", level)
		return
	}
	area := q.Get("area")
	if area != "" {
		codes := a.Ref.Areas.Lookup(area)
		if len(codes) == 0 {
			a.errorPage(w, r, http.StatusBadRequest, "err_area", area)
			return
		}
		area = codes[0]
	}
	// The series (the area's months, or its years) is read beside the
	// table: two scans of the store at once, on a machine with cores.
	seriesArea := area
	if seriesArea == "" {
		seriesArea = "VN"
	}
	type drawn struct {
		svg template.HTML
		err error
	}
	seriesc := make(chan drawn, 1)
	if f := q.Get("format"); f != "csv" && f != "xlsx" {
		go func() {
			svg, err := a.series(ctx, r, view, def, p, seriesArea)
			seriesc <- drawn{svg, err}
		}()
	}
	rows, err := a.W.DB().QueryContext(ctx, `SELECT `+figureColumns+` FROM `+view+`
		WHERE indicator = ? AND period = ? AND (? = '' OR area_level = ?) AND (? = '' OR area = ?)
		ORDER BY CASE area_level WHEN 'nation' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, area`,
		code, period, level, level, area, area)
	if err != nil {
		a.fail(w, r, "explorer", err)
		return
	}
	figs, err := a.scanFigures(rows, r.lang)
	if err != nil {
		a.fail(w, r, "explorer", err)
		return
	}
	switch q.Get("format") {
	case "csv":
		a.figuresCSV(w, def, period, figs)
		return
	case "xlsx":
		a.figuresXLSX(w, r, def, period, figs)
		return
	}
	sr := <-seriesc
	series, err := sr.svg, sr.err
	if err != nil {
		a.fail(w, r, "explorer", err)
		return
	}
	regions, err := a.regions(ctx, r.lang)
	if err != nil {
		a.fail(w, r, "explorer", err)
		return
	}
	a.render(w, r, http.StatusOK, "explorer", map[string]any{
		"Defs": defs, "Def": def, "Period": period, "Level": level, "Area": area, "Current": current,
		"Figures": figs, "Bars": a.bars(r, def, figs), "Series": series, "SeriesArea": seriesArea,
		"Tiles": tiles(figs, regions), "Query": r.URL.RawQuery,
	})
}

// bars ranks the provinces by % of plan (best first), or by value when no
// province has a plan.
func (a *App) bars(r *request, def *indicatorDef, figs []figure) template.HTML {
	var provs []figure
	byPlan := false
	for _, f := range figs {
		if f.Level == "province" && f.Value != nil {
			provs = append(provs, f)
			byPlan = byPlan || f.PctPlan != nil
		}
	}
	if byPlan {
		kept := provs[:0]
		for _, f := range provs {
			if f.PctPlan != nil {
				kept = append(kept, f)
			}
		}
		provs = kept
	}
	key := func(f figure) float64 {
		if byPlan {
			return *f.PctPlan
		}
		return *f.Value
	}
	sort.SliceStable(provs, func(i, j int) bool { return key(provs[i]) > key(provs[j]) })
	bars := make([]report.Bar, len(provs))
	for i, f := range provs {
		txt := valueIn(r.lang, f.Value, def.Unit)
		if byPlan {
			txt = percent(r.lang, f.PctPlan)
		}
		bars[i] = report.Bar{Label: f.Name + f.Marks(), Value: key(f), Text: txt, Unmet: f.Unmet()}
	}
	if byPlan {
		return report.BarChart(def.Name+": "+text(r.lang, "pct_plan"), bars, 100, "100%")
	}
	return report.BarChart(def.Name, bars, 0, "")
}

// series draws the area's months of the period's year against the year
// before; an indicator without months is drawn across its years.
func (a *App) series(ctx context.Context, r *request, view string, def *indicatorDef, p schemas.Period, area string) (template.HTML, error) {
	year := time.Now().Year()
	if p.Code() != "" {
		year = p.End().Year()
	}
	rows, err := a.W.DB().QueryContext(ctx, `SELECT `+figureColumns+` FROM `+view+`
		WHERE indicator = ? AND area = ? AND (period_type = 'year' OR (period_type = 'month' AND period BETWEEN ? AND ?))
		ORDER BY period`, def.Code, area, strconv.Itoa(year-1), strconv.Itoa(year)+"-99")
	if err != nil {
		return "", err
	}
	figs, err := a.scanFigures(rows, r.lang)
	if err != nil {
		return "", err
	}
	num := func(v float64) string { return valueIn(r.lang, v, def.Unit) }
	var months, years []figure
	for _, f := range figs {
		if len(f.Period) == 7 {
			months = append(months, f)
		} else {
			years = append(years, f)
		}
	}
	name, _ := a.areaName(area, time.Now(), r.lang)
	if len(months) > 0 {
		slots := make([]string, 12)
		for m := range slots {
			slots[m] = strconv.Itoa(m + 1)
		}
		var ss []report.LineSeries
		for i, y := range []int{year - 1, year} {
			s := report.LineSeries{Label: strconv.Itoa(y), Class: []string{"prev", "cur"}[i]}
			for _, f := range months {
				m, _ := strconv.Atoi(f.Period[5:])
				if f.Value == nil || f.Period[:4] != strconv.Itoa(y) {
					continue
				}
				s.Points = append(s.Points, report.LinePoint{X: m, Value: *f.Value, Partial: f.Incomplete(),
					Title: fmt.Sprintf("%s: %s (%d/%d)", f.Period, num(*f.Value), f.Reporting, f.Expected)})
			}
			ss = append(ss, s)
		}
		return report.LineChart(def.Name+" — "+name+": "+text(r.lang, "series_months"), slots, ss, num), nil
	}
	rows, err = a.W.DB().QueryContext(ctx, `SELECT `+figureColumns+` FROM `+view+`
		WHERE indicator = ? AND area = ? AND period_type = 'year' ORDER BY period`, def.Code, area)
	if err != nil {
		return "", err
	}
	if years, err = a.scanFigures(rows, r.lang); err != nil {
		return "", err
	}
	return yearChart(r, def, name, years), nil
}

// yearChart draws an area's yearly values and plans.
func yearChart(r *request, def *indicatorDef, name string, years []figure) template.HTML {
	num := func(v float64) string { return valueIn(r.lang, v, def.Unit) }
	var slots []string
	value := report.LineSeries{Label: text(r.lang, "value"), Class: "cur"}
	plan := report.LineSeries{Label: text(r.lang, "plan"), Class: "prev"}
	for i, f := range years {
		slots = append(slots, f.Period)
		if f.Value != nil {
			value.Points = append(value.Points, report.LinePoint{X: i + 1, Value: *f.Value, Partial: f.Incomplete(),
				Title: fmt.Sprintf("%s: %s (%d/%d)", f.Period, num(*f.Value), f.Reporting, f.Expected)})
		}
		if f.Plan != nil {
			plan.Points = append(plan.Points, report.LinePoint{X: i + 1, Value: *f.Plan,
				Title: fmt.Sprintf("%s %s: %s", text(r.lang, "plan"), f.Period, num(*f.Plan))})
		}
	}
	return report.LineChart(def.Name+" — "+name+": "+text(r.lang, "series_years"), slots, []report.LineSeries{plan, value}, num)
}

// tileRegion is one region's provinces in the tile grid.
type tileRegion struct {
	Code, Name string
	Tiles      []figure
}

// tiles groups the provinces by region (or all together on the 34-province
// map, which has no regions), in code order.
func tiles(figs []figure, regions []option) []tileRegion {
	names := map[string]string{}
	for _, o := range regions {
		names[o.Value] = o.Label
	}
	var out []tileRegion
	idx := map[string]int{}
	for _, f := range figs {
		if f.Level != "province" {
			continue
		}
		reg := f.Region
		if names[reg] == "" {
			reg = ""
		}
		i, ok := idx[reg]
		if !ok {
			i = len(out)
			idx[reg] = i
			out = append(out, tileRegion{Code: reg, Name: names[reg]})
		}
		out[i].Tiles = append(out[i].Tiles, f)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

var exportHeader = []string{"indicator", "area", "area_name", "area_level", "period", "value", "plan", "target", "pct_of_plan", "plan_met",
	"previous_year", "pct_of_previous_year", "change_from_previous_year", "change_unit", "provinces_reporting", "provinces_expected", "status"}

func exportRow(def *indicatorDef, f figure) []any {
	opt := func(v *float64) any {
		if v == nil {
			return nil
		}
		return *v
	}
	var met any
	if f.PlanMet != nil {
		met = *f.PlanMet
	}
	return []any{def.Code, f.Area, f.Name, f.Level, f.Period, opt(f.Value), opt(f.Plan), f.Target, opt(f.PctPlan), met,
		opt(f.Previous), opt(f.PctPrevious), opt(f.Change), f.ChangeUnit, f.Reporting, f.Expected, f.Status}
}

func (a *App) figuresCSV(w http.ResponseWriter, def *indicatorDef, period string, figs []figure) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s_%s.csv"`, def.Code, period))
	cw := csv.NewWriter(w)
	cw.Write(exportHeader)
	for _, f := range figs {
		var rec []string
		for _, v := range exportRow(def, f) {
			switch x := v.(type) {
			case nil:
				rec = append(rec, "")
			case float64:
				rec = append(rec, strconv.FormatFloat(x, 'f', -1, 64))
			default:
				rec = append(rec, fmt.Sprint(x))
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
}

func (a *App) figuresXLSX(w http.ResponseWriter, r *request, def *indicatorDef, period string, figs []figure) {
	x := excelize.NewFile()
	defer x.Close()
	sheet := def.Code
	if len(sheet) > 31 {
		sheet = sheet[:31]
	}
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		a.fail(w, r, "xlsx", err)
		return
	}
	head := make([]any, len(exportHeader))
	for i, h := range exportHeader {
		head[i] = h
	}
	sw.SetRow("A1", head)
	for i, f := range figs {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, exportRow(def, f))
	}
	if err := sw.Flush(); err != nil {
		a.fail(w, r, "xlsx", err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s_%s.xlsx"`, def.Code, period))
	x.Write(w)
}

// indicatorArea is /indicators/{code}/{area}: one area across the years,
// with its plans.
func (a *App) indicatorArea(w http.ResponseWriter, r *request) {
	ctx := r.Context()
	defs, err := a.indicatorDefs(ctx, r.lang)
	if err != nil {
		a.fail(w, r, "indicator area", err)
		return
	}
	var def *indicatorDef
	for i := range defs {
		if defs[i].Code == r.PathValue("code") {
			def = &defs[i]
		}
	}
	if def == nil {
		a.errorPage(w, r, http.StatusNotFound, "err_indicator", r.PathValue("code"))
		return
	}
	codes := a.Ref.Areas.Lookup(r.PathValue("area"))
	if len(codes) == 0 {
		a.errorPage(w, r, http.StatusNotFound, "err_area", r.PathValue("area"))
		return
	}
	area := codes[0]
	rows, err := a.W.DB().QueryContext(ctx, `SELECT `+figureColumns+` FROM indicator_values
		WHERE indicator = ? AND area = ? AND period_type = 'year' ORDER BY period`, def.Code, area)
	if err != nil {
		a.fail(w, r, "indicator area", err)
		return
	}
	years, err := a.scanFigures(rows, r.lang)
	if err != nil {
		a.fail(w, r, "indicator area", err)
		return
	}
	name, _ := a.areaName(area, time.Now(), r.lang)
	if len(years) > 0 {
		name = years[len(years)-1].Name
	}
	a.render(w, r, http.StatusOK, "indicator", map[string]any{"Def": def, "Area": area, "Name": name, "Years": years,
		"Chart": yearChart(r, def, name, years)})
}
