package report

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
)

// WriteHTML writes the report as one self-contained HTML page: the same
// tables as the workbook, charts as inline SVG, print CSS for A4, no
// external assets.
func (r *Report) WriteHTML(w io.Writer) error {
	t, err := template.New("report").Funcs(template.FuncMap{
		"t":       r.text,
		"value":   r.value,
		"pct":     r.pct,
		"change":  func(f Figure) string { return r.change(f.Change, f.ChangeIn) },
		"marks":   marks,
		"status":  r.status,
		"unit":    r.unitName,
		"region":  r.regionName,
		"month":   r.monthName,
		"state":   r.stateText,
		"missing": r.missingNames,
		"sheet":   r.SheetName,
		"bars":    r.barChart,
		"lines":   r.lineChart,
		"flows":   r.flows,
		"quarter": r.quarterLabel,
		"cover":   func(f Figure) string { return fmt.Sprintf("%d/%d", f.Reporting, f.Expected) },
		"lower":   func(s string) string { return strings.ToLower(s) },
		"lang": func() string {
			if r.Lang == "en" {
				return "en"
			}
			return "vi"
		},
	}).Parse(htmlTemplate)
	if err != nil {
		return err
	}
	return t.Execute(w, r)
}

// flows are the indicators with a monthly national series.
func (r *Report) flows() []Indicator {
	var out []Indicator
	for _, ind := range r.Indicators {
		if ind.Kind == "flow" && len(r.series(ind.Code, r.Year)) > 0 {
			out = append(out, ind)
		}
	}
	return out
}

// barChart draws % of plan by province as horizontal bars, best first, with
// a line at 100%.
func (r *Report) barChart(ind Indicator) template.HTML {
	var figs []Figure
	for _, f := range ind.Provinces {
		if f.PctPlan != nil {
			figs = append(figs, f)
		}
	}
	sort.SliceStable(figs, func(i, j int) bool { return *figs[i].PctPlan > *figs[j].PctPlan })
	bars := make([]Bar, len(figs))
	for i, f := range figs {
		bars[i] = Bar{Label: f.AreaName + marks(f), Value: *f.PctPlan, Text: r.pct(f.PctPlan), Unmet: f.PlanMet != nil && !*f.PlanMet}
	}
	return BarChart(ind.Name+": "+r.text("pct_chart"), bars, 100, "100%")
}

// lineChart draws a flow's national monthly values, this year against the
// previous one; months built from fewer provinces than expected are hollow.
func (r *Report) lineChart(ind Indicator) template.HTML {
	slots := make([]string, r.LastMonth)
	for m := range slots {
		slots[m] = fmt.Sprint(m + 1)
	}
	var series []LineSeries
	for i, y := range []int{r.Year - 1, r.Year} {
		s := LineSeries{Label: fmt.Sprint(y), Class: []string{"prev", "cur"}[i]}
		for _, p := range r.series(ind.Code, y) {
			if p.Value == nil {
				continue
			}
			s.Points = append(s.Points, LinePoint{X: p.Month, Value: *p.Value, Partial: p.Reporting < p.Expected,
				Title: fmt.Sprintf("%s %d/%d: %s (%d/%d)", r.text("month"), p.Month, y, r.number(*p.Value, 0), p.Reporting, p.Expected)})
		}
		series = append(series, s)
	}
	return LineChart(ind.Name+" — "+r.text("series_chart"), slots, series, func(v float64) string { return r.number(v, 0) })
}

const htmlTemplate = `<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<title>{{t "title"}} — {{.Period}}</title>
<style>
body { font-family: "Times New Roman", serif; font-size: 11pt; margin: 1.5em auto; max-width: 60em; color: #111; }
header { text-align: center; margin-bottom: 1em; }
header .ministry { font-weight: bold; }
h1 { font-size: 15pt; margin: .4em 0 .2em; }
h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 1.5em; }
h3 { font-size: 12pt; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { border: 1px solid #aaa; padding: 2px 5px; vertical-align: top; }
th { background: #ddebf7; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.c { text-align: center; }
tr.nation td { font-weight: bold; }
.provisional { font-style: italic; }
.late { color: #9c5700; }
.missing { color: #c00000; font-weight: bold; }
.foot { font-size: 9.5pt; color: #333; }
svg.chart { display: block; margin: .5em 0; font-family: Arial, sans-serif; }
svg .ct { font-size: 12px; font-weight: bold; }
svg .lbl { font-size: 9px; }
svg .val { font-size: 8px; }
svg rect.met { fill: #2f5597; }
svg rect.unmet { fill: #c55a11; }
svg line.target { stroke: #c00000; stroke-dasharray: 4 2; }
svg line.grid { stroke: #ddd; }
svg polyline { fill: none; stroke-width: 2; }
svg polyline.cur { stroke: #c00000; }
svg polyline.prev { stroke: #a6a6a6; }
svg circle.cur { fill: #c00000; } svg circle.prev { fill: #a6a6a6; }
svg circle.partial { fill: #fff; stroke: #c00000; }
svg text.cur { fill: #c00000; } svg text.prev { fill: #777; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  section { break-before: page; }
  section.summary { break-before: auto; }
  thead { display: table-header-group; }
  tr, svg { break-inside: avoid; }
}
</style>
</head>
<body>
<header>
<div class="ministry">{{t "ministry"}}</div>
<h1>{{t "title"}}</h1>
<div class="subtitle">{{.Title}}</div>
<div class="foot">{{.PeriodNote}}</div>
</header>

<section class="summary" id="summary">
<h2>{{t "summary"}}</h2>
<table>
<thead><tr><th>{{t "indicator"}}</th><th>{{t "unit"}}</th><th>{{t "area"}}</th><th>{{t "plan"}}</th><th>{{quarter}}</th><th>{{t "actual"}}</th><th>{{t "pct_plan"}}</th><th>{{t "previous"}}</th><th>{{t "pct_prev"}}</th><th>{{t "change"}}</th><th>{{t "coverage"}}</th><th>{{t "status"}}</th></tr></thead>
<tbody>
{{range $ind := .Indicators}}{{range $i, $f := .Summary}}<tr class="{{$f.Level}}{{if $f.Provisional}} provisional{{end}}" data-indicator="{{$ind.Code}}" data-area="{{$f.Area}}">
{{if eq $i 0}}<td rowspan="{{len $ind.Summary}}"><b>{{$ind.Name}}</b>{{if eq $ind.Direction "lower"}} (↓){{end}}</td><td rowspan="{{len $ind.Summary}}" class="c">{{unit $ind.Unit}}</td>{{end}}
<td>{{$f.AreaName}}{{marks $f}}</td><td class="n">{{value $f.Plan $ind.Unit}}</td><td class="n">{{value $f.InQuarter $ind.Unit}}</td><td class="n">{{value $f.Value $ind.Unit}}</td><td class="n">{{pct $f.PctPlan}}</td><td class="n">{{value $f.Previous $ind.Unit}}</td><td class="n">{{pct $f.PctPrev}}</td><td class="n">{{change $f}}</td><td class="c">{{cover $f}}</td><td>{{status $f}}</td></tr>
{{end}}{{end}}</tbody>
</table>
<p class="foot">{{t "mark_prov"}}<br>{{t "mark_incomp"}}<br>{{t "note_pct_plan"}}</p>
</section>

{{range $ind := .Indicators}}
<section class="indicator" id="{{$ind.Code}}">
<h2>{{$ind.Name}} ({{unit $ind.Unit}})</h2>
{{if eq $ind.Direction "lower"}}<p class="foot">{{t "better_lower"}}</p>{{end}}
{{bars $ind}}
<table>
<thead><tr><th>{{t "rank"}}</th><th>{{t "code"}}</th><th>{{t "province"}}</th><th>{{t "region"}}</th><th>{{t "plan"}}</th><th>{{quarter}}</th><th>{{t "actual"}}</th><th>{{t "pct_plan"}}</th><th>{{t "previous"}}</th><th>{{t "pct_prev"}}</th><th>{{t "change"}}</th><th>{{t "status"}}</th></tr></thead>
<tbody>
{{range $f := .Provinces}}<tr{{if $f.Provisional}} class="provisional"{{end}} data-area="{{$f.Area}}"><td class="c">{{if $f.Rank}}{{$f.Rank}}{{end}}</td><td class="c">{{$f.Area}}</td><td>{{$f.AreaName}}{{marks $f}}</td><td>{{region $f.Region}}</td><td class="n">{{value $f.Plan $ind.Unit}}</td><td class="n">{{value $f.InQuarter $ind.Unit}}</td><td class="n">{{value $f.Value $ind.Unit}}</td><td class="n">{{pct $f.PctPlan}}</td><td class="n">{{value $f.Previous $ind.Unit}}</td><td class="n">{{pct $f.PctPrev}}</td><td class="n">{{change $f}}</td><td>{{t $f.Status}}</td></tr>
{{end}}</tbody>
</table>
</section>
{{end}}

{{with flows}}<section class="monthly" id="monthly">
<h2>{{t "monthly"}}</h2>
{{range .}}{{lines .}}{{end}}
<p class="foot">{{t "mark_incomp"}}</p>
</section>{{end}}

<section class="completeness" id="completeness">
<h2>{{t "completeness"}}</h2>
<p>{{t "deadline"}}. {{t "totals"}}: {{t "on_time"}} {{.Reporting.OnTime}}, {{lower (t "late")}} {{.Reporting.Late}}, {{lower (t "missing")}} {{.Reporting.Missing}}.</p>
<table>
<thead><tr><th>{{t "code"}}</th><th>{{t "province"}}</th><th>{{t "region"}}</th>{{range .Reporting.Months}}<th>{{month .}}</th>{{end}}</tr></thead>
<tbody>
{{range .Reporting.Provinces}}<tr data-area="{{.Area}}"><td class="c">{{.Area}}</td><td>{{.AreaName}}</td><td>{{region .Region}}</td>{{range .Months}}<td class="{{if eq .State "late"}}late{{else if eq .State "missing"}}missing{{end}}" data-state="{{.State}}">{{state .}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
</section>

<section class="notes" id="notes">
<h2>{{t "notes"}}</h2>
<table class="statement">
{{range .Statement}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>
<h3>{{t "missing_list"}}</h3>
<table>
<thead><tr><th>{{t "indicator"}}</th><th>{{t "area"}}</th><th>{{t "missing_list"}}</th></tr></thead>
<tbody>
{{range $ind := .Indicators}}{{range .Summary}}<tr><td>{{$ind.Name}}</td><td>{{.AreaName}}</td><td>{{if .Missing}}{{len .Missing}}: {{missing .Missing}}{{else}}{{t "none_missing"}}{{end}}</td></tr>
{{end}}{{end}}</tbody>
</table>
</section>
</body>
</html>
`
