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
		"regions": func() bool { return len(r.Regions) > 0 },
		"nation":  nation,
		"withNation": func(ind Indicator) []Figure {
			figs := ind.Provinces
			if n := nation(ind); n != nil {
				figs = append(append([]Figure(nil), figs...), *n)
			}
			return figs
		},
		"anyLower": func() bool {
			for _, ind := range r.Indicators {
				if ind.Direction == "lower" {
					return true
				}
			}
			return false
		},
		"markNotes":    r.markNotes,
		"issuer":       func() string { return r.ministryName(r.Issuer) },
		"ministry":     r.ministryName,
		"indicatorsOf": r.indicatorsOf,
		"absorbed":     r.absorbed,
		"docNumber":    r.docNumber,
		"placeDate":    r.placeDate,
		"signer":       r.signer,
		"pageCSS":      r.pageCSS,
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

// pageCSS is the print page: A4 landscape, the document's number and
// period at the foot of every page but the cover, "Trang 3 / 30" at the
// right; the browser's own header and footer (date, file name) are
// replaced by these margin boxes.
func (r *Report) pageCSS() template.CSS {
	foot := `font-family: "Times New Roman", serif; font-size: 9pt;`
	return template.CSS(`@page { size: A4 landscape; margin: 12mm 12mm 14mm;
  @top-left { content: ""; } @top-center { content: ""; } @top-right { content: ""; } @bottom-center { content: ""; }
  @bottom-left { content: ` + cssString(r.docNumber()+" — "+r.Title()) + `; ` + foot + ` }
  @bottom-right { content: ` + cssString(r.text("page")+" ") + ` counter(page) " / " counter(pages); ` + foot + ` } }
@page:first { @bottom-left { content: ""; } @bottom-right { content: ""; } }`)
}

// cssString quotes s as a CSS string, every character beyond ASCII
// letters, digits and a few safe marks escaped by its code point.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		if c < 128 && (c == ' ' || c == '-' || c == '/' || c == '.' || c == ':' || c == '(' || c == ')' ||
			'0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			b.WriteRune(c)
			continue
		}
		// the space after an escape ends it and is not printed
		fmt.Fprintf(&b, "\\%06x ", c)
	}
	b.WriteByte('"')
	return b.String()
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

// barChart draws % of plan by province, best first (BarChartWith): the
// bar's colour says whether the plan was met (the view's plan_met, judged
// on the figure shown); a year-to-date count against a whole year's plan
// is not judged. The value carries the figure's marks.
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
		c := barClass(f)
		bars[i] = Bar{Label: f.AreaName, Value: *f.PctPlan, Text: r.pct(f.PctPlan) + marks(f), Unmet: c == "unmet", Unjudged: c == "unjudged"}
	}
	return BarChartWith(ind.Name+": "+r.text("pct_chart"), bars, BarOptions{
		Target: 100, TargetLabel: r.text("ref100"), AxisLabel: r.text("pct_plan"),
		Tick:   func(v float64) string { return r.number(v, 0) + "%" },
		Legend: map[string]string{"met": r.text("met"), "unmet": r.text("unmet"), "unjudged": r.text("unjudged")},
		Panel:  func(first, last int) string { return fmt.Sprintf(r.text("ranks"), first, last) },
	})
}

// barClass is a bar's colour: met, unmet or, when the view does not judge
// the figure (a year-to-date count against a whole year's plan), unjudged.
func barClass(f Figure) string {
	switch {
	case f.PlanMet == nil:
		return "unjudged"
	case *f.PlanMet:
		return "met"
	}
	return "unmet"
}

// lineChart draws a flow's national monthly values, this year against the
// previous one; months built from fewer provinces than expected are
// hollow, which the legend says.
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
	return LineChartWith(ind.Name+" ("+r.unitName(ind.Unit)+") — "+r.text("series_chart"), slots, series,
		func(v float64) string { return r.number(v, 0) }, LineOptions{XLabel: r.text("month"), PartialLabel: r.text("partial_point")})
}

const htmlTemplate = `<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<title>{{t "report_word"}} {{t "title"}} — {{.Title}}</title>
<style>
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 12pt; margin: 1.5em 2.5em; color: #000; line-height: 1.3; }
.head { display: flex; justify-content: space-between; text-align: center; }
.head > div { width: 48%; }
.head .org { font-weight: bold; text-transform: uppercase; }
.head .rule { width: 35%; margin: 2px auto 6px; border-top: 1px solid #000; }
.head .date { font-style: italic; margin-top: .6em; }
.cover h1 { text-align: center; font-size: 18pt; margin: 2.2em 0 .2em; }
.cover h1 small { display: block; font-size: 15pt; margin-top: .3em; }
.cover .period { text-align: center; font-size: 13pt; font-weight: bold; margin-bottom: 1.5em; }
.cover table.facts { width: auto; margin: 0 auto 1em; }
.cover table.facts th { text-align: left; background: none; border: none; padding-right: 1em; }
.cover table.facts td { border: none; }
.cover .toc { columns: 2; max-width: 60em; margin: 0 auto; }
h2 { font-size: 14pt; border-bottom: 1.5px solid #000; margin: 1.2em 0 .4em; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12.5pt; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .4em 0; }
th, td { border: 1px solid #777; padding: 2px 5px; vertical-align: top; }
thead th { background: #dde8f3; font-weight: bold; vertical-align: middle; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.c { text-align: center; }
tr.nation td { font-weight: bold; }
tr.total td { font-weight: bold; border-top: 2px solid #000; }
td.noreport, td.missing { color: #b00000; font-weight: bold; }
td.late { color: #8a4a00; }
td.rejected { color: #b00000; }
.foot { font-size: 10.5pt; }
.marks { font-size: 10.5pt; margin: .3em 0 1em; break-before: avoid; page-break-before: avoid; }
.marks div { margin: 1px 0; }
figure { margin: .4em 0; break-inside: avoid; page-break-inside: avoid; }
svg.chart { display: block; width: 100%; height: auto; font-family: Arial, "Liberation Sans", sans-serif; }
svg .ct { font-size: 15px; font-weight: bold; }
svg .lbl { font-size: 12px; fill: #000; }
svg .tick { font-size: 11px; fill: #000; }
svg .val { font-size: 11px; fill: #000; }
svg rect.met { fill: #2f5597; }
svg rect.unmet { fill: #c55a11; }
svg rect.unjudged { fill: #8fa9c8; }
svg line.target { stroke: #c00000; stroke-width: 1.5; stroke-dasharray: 5 3; }
svg line.grid { stroke: #d9d9d9; }
svg line.axis { stroke: #000; }
svg polyline, svg line.key { fill: none; stroke-width: 2.5; }
svg .cur { stroke: #c00000; } svg .prev { stroke: #7f7f7f; }
svg circle.cur { fill: #c00000; } svg circle.prev { fill: #7f7f7f; }
svg circle.partial { fill: #fff; stroke: #c00000; stroke-width: 1.5; }
.sign { display: flex; justify-content: space-between; margin-top: 2em; break-inside: avoid; page-break-inside: avoid; }
.sign .to { font-size: 10.5pt; width: 45%; }
.sign .to b { font-style: italic; }
.sign .who { width: 45%; text-align: center; font-weight: bold; }
.sign .who .note { font-weight: normal; font-style: italic; margin-bottom: 6em; }
{{pageCSS}}
@media print {
  body { margin: 0; font-size: 10.5pt; }
  table { font-size: 9.5pt; }
  th, td { padding: 1px 4px; }
  section { break-before: page; page-break-before: always; }
  thead { display: table-header-group; }
  tr, tbody.block { break-inside: avoid; page-break-inside: avoid; }
  svg.bars { max-height: 150mm; }
  svg.lines { max-height: 75mm; }
}
</style>
</head>
<body>
<section class="cover" id="cover">
<div class="head">
<div><div class="org">{{issuer}}</div><div class="rule"></div><div>{{docNumber}}</div></div>
<div><div class="org">{{t "nation"}}</div><div><b>{{t "motto"}}</b></div><div class="rule"></div><div class="date">{{placeDate}}</div></div>
</div>
<h1>{{t "report_word"}}<small>{{t "title"}}</small></h1>
<div class="period">{{.Title}}</div>
<table class="facts">
{{range .Cover}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>
<h3>{{t "contents"}}</h3>
<ol class="toc">
<li>{{t "summary"}}</li>
{{range .Indicators}}<li>{{.Name}}</li>
{{end}}{{with flows}}<li>{{t "monthly"}}</li>{{end}}
<li>{{t "completeness"}}</li>
<li>{{t "notes"}}</li>
</ol>
</section>

<section class="summary" id="summary">
<h2>{{t "summary"}}</h2>
<p class="foot">{{.PeriodNote}}</p>
<table class="sum">
<colgroup><col style="width:17%"><col style="width:5%"><col style="width:15%"><col span="8"><col style="width:11%"></colgroup>
<thead><tr><th>{{t "indicator"}}</th><th>{{t "unit"}}</th><th>{{t "area"}}</th><th>{{t "plan"}}</th><th>{{quarter}}</th><th>{{t "actual"}}</th><th>{{t "pct_plan"}}</th><th>{{t "previous"}}</th><th>{{t "pct_prev"}}</th><th>{{t "change"}}</th><th>{{t "coverage"}}</th><th>{{t "status"}}</th></tr></thead>
{{range $ind := .Indicators}}<tbody class="block">
{{range $i, $f := .Summary}}<tr class="{{$f.Level}}" data-indicator="{{$ind.Code}}" data-area="{{$f.Area}}">
{{if eq $i 0}}<td rowspan="{{len $ind.Summary}}"><b>{{$ind.Name}}</b>{{if eq $ind.Direction "lower"}} ↓{{end}}</td><td rowspan="{{len $ind.Summary}}" class="c">{{unit $ind.Unit}}</td>{{end}}
<td>{{$f.AreaName}}</td><td class="n">{{value $f.Plan $ind.Unit}}</td><td class="n">{{value $f.InQuarter $ind.Unit}}</td><td class="n">{{value $f.Value $ind.Unit}}{{marks $f}}</td><td class="n">{{pct $f.PctPlan}}</td><td class="n">{{value $f.Previous $ind.Unit}}</td><td class="n">{{pct $f.PctPrev}}</td><td class="n">{{change $f}}</td><td class="c">{{cover $f}}</td><td>{{status $f}}</td></tr>
{{end}}</tbody>
{{end}}</table>
{{markNotes .AllSummary (anyLower) false}}
</section>

{{range $ind := .Indicators}}
<section class="indicator" id="{{$ind.Code}}">
<h2>{{$ind.Name}}{{if eq $ind.Direction "lower"}} ↓{{end}} ({{unit $ind.Unit}})</h2>
{{with bars $ind}}<figure>{{.}}</figure>{{end}}
<table>
<colgroup><col style="width:5%"><col style="width:4%"><col style="width:12%">{{if regions}}<col style="width:21%">{{end}}<col span="7"><col style="width:10%"></colgroup>
<thead><tr><th>{{t "rank"}}</th><th>{{t "code"}}</th><th>{{t "province"}}</th>{{if regions}}<th>{{t "region"}}</th>{{end}}<th>{{t "plan"}}</th><th>{{quarter}}</th><th>{{t "actual"}}</th><th>{{t "pct_plan"}}</th><th>{{t "previous"}}</th><th>{{t "pct_prev"}}</th><th>{{t "change"}}</th><th>{{t "status"}}</th></tr></thead>
<tbody>
{{range $f := .Provinces}}<tr data-area="{{$f.Area}}"><td class="c">{{if $f.Rank}}{{$f.Rank}}{{end}}</td><td class="c">{{$f.Area}}</td><td>{{$f.AreaName}}</td>{{if regions}}<td>{{region $f.Region}}</td>{{end}}<td class="n">{{value $f.Plan $ind.Unit}}</td><td class="n">{{value $f.InQuarter $ind.Unit}}</td><td class="n">{{value $f.Value $ind.Unit}}{{marks $f}}</td><td class="n">{{pct $f.PctPlan}}</td><td class="n">{{value $f.Previous $ind.Unit}}</td><td class="n">{{pct $f.PctPrev}}</td><td class="n">{{change $f}}</td><td{{if not $f.Reported}} class="noreport"{{end}}>{{status $f}}</td></tr>
{{end}}{{with nation $ind}}<tr class="total" data-area="VN"><td></td><td class="c">VN</td><td>{{.AreaName}}</td>{{if regions}}<td></td>{{end}}<td class="n">{{value .Plan $ind.Unit}}</td><td class="n">{{value .InQuarter $ind.Unit}}</td><td class="n">{{value .Value $ind.Unit}}{{marks .}}</td><td class="n">{{pct .PctPlan}}</td><td class="n">{{value .Previous $ind.Unit}}</td><td class="n">{{pct .PctPrev}}</td><td class="n">{{change .}}</td><td>{{status .}}</td></tr>{{end}}
</tbody>
</table>
{{markNotes (withNation $ind) (eq $ind.Direction "lower") (not $ind.Judged)}}
</section>
{{end}}

{{with flows}}<section class="monthly" id="monthly">
<h2>{{t "monthly"}}</h2>
{{range .}}<figure>{{lines .}}</figure>{{end}}
</section>{{end}}

<section class="completeness" id="completeness">
<h2>{{t "completeness"}}</h2>
<p class="foot">{{t "deadline"}}. {{t "totals"}}: {{t "on_time"}} {{.Reporting.OnTime}}, {{lower (t "late")}} {{.Reporting.Late}}, {{lower (t "rejected")}} {{.Reporting.Rejected}}, {{lower (t "missing")}} {{.Reporting.Missing}}, {{lower (t "pending")}} {{.Reporting.Pending}}.</p>
<table>
<thead><tr><th>{{t "code"}}</th><th>{{t "province"}}</th>{{if regions}}<th>{{t "region"}}</th>{{end}}{{range .Reporting.Months}}<th>{{month .}}</th>{{end}}</tr></thead>
<tbody>
{{range .Reporting.Provinces}}<tr data-area="{{.Area}}"><td class="c">{{.Area}}</td><td>{{.AreaName}}</td>{{if regions}}<td>{{region .Region}}</td>{{end}}{{range .Months}}<td class="{{.State}}" data-state="{{.State}}">{{state .}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
</section>

<section class="notes" id="notes">
<h2>{{t "notes"}}</h2>
<table class="statement">
{{range .Statement}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>
{{if .Ministries}}<h3>{{t "ministries"}}{{with .Basis}} — {{.}}{{end}}</h3>
<table>
<thead><tr><th>{{t "ministry"}}</th><th>{{t "indicator"}}</th></tr></thead>
<tbody>
{{range .Ministries}}<tr><td>{{ministry .}}</td><td>{{indicatorsOf .}}</td></tr>
{{end}}</tbody>
</table>{{end}}
{{if .Mergers}}<h3>{{t "mergers"}}</h3>
<table>
<thead><tr><th>{{t "code"}}</th><th>{{t "new_province"}}</th><th>{{t "absorbed"}}</th></tr></thead>
<tbody>
{{range .Mergers}}<tr><td class="c">{{.Code}}</td><td>{{.Name}}</td><td>{{absorbed .}}</td></tr>
{{end}}</tbody>
</table>{{end}}
<h3>{{t "missing_list"}}</h3>
{{with .MissingRows}}<table>
<thead><tr><th>{{t "indicator"}}</th><th>{{t "area"}}</th><th>{{t "coverage"}}</th><th>{{t "province"}}</th></tr></thead>
<tbody>
{{range .}}<tr><td>{{index . 0}}</td><td>{{index . 1}}</td><td class="c">{{index . 2}}</td><td>{{index . 3}}</td></tr>
{{end}}</tbody>
</table>{{else}}<p>{{t "all_complete"}}</p>{{end}}
<div class="sign">
<div class="to"><b>{{t "recipients"}}</b><br>{{t "recipient1"}}<br>{{t "recipient2"}}<br>{{t "recipient3"}}</div>
<div class="who">{{range signer}}<div>{{.}}</div>{{end}}<div class="note">{{t "sign_note"}}</div></div>
</div>
</section>
</body>
</html>
`
