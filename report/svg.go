package report

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// The charts of the quarterly report, drawn as inline SVG for any page that
// shows figures: the report's HTML and the web application's explorer.
// Colours come from CSS classes (met, unmet, unjudged, cur, prev, partial),
// every chart has its axes with ticks and a legend, and every bar and
// point also carries its figure as text, so that colour is never the only
// signal.

// Chart geometry, in the SVG's own units (a page scales the whole drawing
// to its width; an A4 landscape page is about 1,030 of them wide).
const (
	chartWidth = 1000.0
	barRow     = 17.0 // one bar and its gap
	barPanel   = 32   // bars per panel: 63 provinces in two panels, one page
)

// Bar is one bar of a bar chart.
type Bar struct {
	Label    string  // left of the bar: the area's name
	Value    float64 // the bar's length, in the chart's unit
	Text     string  // the value as shown, right of the plot and in its tooltip
	Unmet    bool    // drawn in the "unmet" colour: the plan was not met
	Unjudged bool    // drawn in the "unjudged" colour: met or not is not judged (a year's plan before the year ends)
}

// class is the bar's colour.
func (b Bar) class() string {
	switch {
	case b.Unjudged:
		return "unjudged"
	case b.Unmet:
		return "unmet"
	}
	return "met"
}

// BarOptions say what a bar chart shows besides its bars.
type BarOptions struct {
	Target      float64              // a dashed line at this value (for % of plan, 100); 0 draws none
	TargetLabel string               // the line's entry in the legend
	Tick        func(float64) string // an axis tick's label; nil: the number and TickSuffix
	TickSuffix  string
	AxisLabel   string                       // below the axis
	Legend      map[string]string            // the colours' entries: met, unmet, unjudged; a colour without one is not listed
	Panel       func(first, last int) string // heads each panel when the bars need several ("ranks 1–32")
}

// BarChart draws bars horizontally in the order given, with a dashed line
// and targetLabel at target (for % of plan, 100; 0 draws none).
func BarChart(title string, bars []Bar, target float64, targetLabel string) template.HTML {
	return BarChartWith(title, bars, BarOptions{Target: target, TargetLabel: targetLabel,
		Legend: map[string]string{"met": "≥ " + targetLabel, "unmet": "< " + targetLabel}})
}

// BarChartWith draws bars horizontally in the order given, in panels of up
// to 32 side by side, so that 63 provinces fit on one printed page. Each
// panel has its axis from 0 with ticks and a grid, the target's dashed
// line inside the plot, and the values in a column of their own to the
// right of the plot, which the line never crosses. A legend names the
// colours used and the line.
func BarChartWith(title string, bars []Bar, o BarOptions) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	hi := math.Max(o.Target, 0)
	for _, b := range bars {
		hi = math.Max(hi, b.Value)
	}
	if hi <= 0 {
		hi = 1
	}
	step := niceStep(hi / 5)
	hi = math.Ceil(hi/step) * step
	tick := o.Tick
	if tick == nil {
		tick = func(v float64) string { return fmt.Sprintf("%g%s", v, o.TickSuffix) }
	}
	panels := (len(bars) + barPanel - 1) / barPanel
	per := (len(bars) + panels - 1) / panels
	const axis, legend, label, values = 34.0, 30.0, 150.0, 78.0
	top := 30.0
	if panels > 1 && o.Panel != nil {
		top = 46 // room for the panels' headings below the title
	}
	panelW := chartWidth / float64(panels)
	plotW := panelW - label - values - 12
	h := top + barRow*float64(per) + axis + legend
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`,
		chartWidth, h, template.HTMLEscapeString(title))
	fmt.Fprintf(&b, `<text x="0" y="14" class="ct">%s</text>`, template.HTMLEscapeString(title))
	used := map[string]bool{}
	for p := 0; p < panels; p++ {
		x0 := float64(p)*panelW + label
		xOf := func(v float64) float64 { return x0 + plotW*v/hi }
		bottom := top + barRow*float64(per)
		chunk := bars[p*per : min((p+1)*per, len(bars))]
		if panels > 1 && o.Panel != nil {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" class="lbl" text-anchor="middle">%s</text>`, x0+plotW/2, top-8,
				template.HTMLEscapeString(o.Panel(p*per+1, p*per+len(chunk))))
		}
		for v := 0.0; v <= hi+step/2; v += step {
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" class="grid"/>`, xOf(v), top, xOf(v), bottom)
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" class="axis"/>`, xOf(v), bottom, xOf(v), bottom+4)
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" class="tick" text-anchor="middle">%s</text>`, xOf(v), bottom+16, template.HTMLEscapeString(tick(v)))
		}
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" class="axis"/>`, x0, bottom, x0+plotW, bottom)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" class="axis"/>`, x0, top, x0, bottom)
		if o.AxisLabel != "" {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" class="lbl" text-anchor="middle">%s</text>`, x0+plotW/2, bottom+30, template.HTMLEscapeString(o.AxisLabel))
		}
		for i, bar := range chunk {
			y := top + barRow*float64(i)
			cls := bar.class()
			used[cls] = true
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="lbl" text-anchor="end">%s</text>`, x0-5, y+12, template.HTMLEscapeString(bar.Label))
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.0f" class="%s"><title>%s: %s</title></rect>`, x0, y+2,
				math.Max(plotW*bar.Value/hi, 0), barRow-4, cls, template.HTMLEscapeString(bar.Label), template.HTMLEscapeString(bar.Text))
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="val" text-anchor="end">%s</text>`, x0+plotW+values, y+12, template.HTMLEscapeString(bar.Text))
		}
		if o.Target > 0 {
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" class="target"/>`, xOf(o.Target), top-2, xOf(o.Target), bottom)
		}
	}
	b.WriteString(`<g class="legend">`)
	x, y := 0.0, h-10
	for _, c := range []string{"met", "unmet", "unjudged"} {
		if text := o.Legend[c]; used[c] && text != "" {
			fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="14" height="10" class="%s"/><text x="%.0f" y="%.0f" class="lbl">%s</text>`, x, y-9, c, x+18, y, template.HTMLEscapeString(text))
			x += 26 + 7.2*float64(len([]rune(text)))
		}
	}
	if o.Target > 0 {
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" class="target"/><text x="%.0f" y="%.0f" class="lbl">%s</text>`,
			x+7, y-11, x+7, y+1, x+16, y, template.HTMLEscapeString(o.TargetLabel))
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String())
}

// LineSeries is one line of a line chart: a year, say.
type LineSeries struct {
	Label  string // in the legend
	Class  string // cur or prev: the line's colour
	Points []LinePoint
}

// LinePoint is one point of a line, at slot X (1-based) of the x axis.
type LinePoint struct {
	X       int
	Value   float64
	Partial bool   // drawn hollow: built from fewer areas than expected
	Title   string // the tooltip
}

// LineOptions say what a line chart shows besides its lines.
type LineOptions struct {
	XLabel       string // below the x axis ("Tháng")
	PartialLabel string // the legend's entry for a hollow point, shown when there is one
}

// LineChart draws series over the x slots (month numbers, years), on axes
// from 0 with ticks, a grid whose labels number formats, and a legend.
func LineChart(title string, slots []string, series []LineSeries, number func(float64) string) template.HTML {
	return LineChartWith(title, slots, series, number, LineOptions{})
}

// LineChartWith is LineChart with an x axis label and a legend entry for
// hollow points.
func LineChartWith(title string, slots []string, series []LineSeries, number func(float64) string, o LineOptions) template.HTML {
	const left, w, h, top, bottom = 90.0, 880.0, 300.0, 30.0, 62.0
	hi := 0.0
	partial := false
	for _, s := range series {
		for _, p := range s.Points {
			hi = math.Max(hi, p.Value)
			partial = partial || p.Partial
		}
	}
	if hi == 0 || len(slots) == 0 {
		return ""
	}
	step := niceStep(hi / 4)
	hi = math.Ceil(hi/step) * step
	n := float64(len(slots))
	xOf := func(m int) float64 { return left + (float64(m)-0.5)*w/n }
	yOf := func(v float64) float64 { return top + (h-top-bottom)*(1-v/hi) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart lines" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`,
		chartWidth, h, template.HTMLEscapeString(title))
	fmt.Fprintf(&b, `<text x="0" y="14" class="ct">%s</text>`, template.HTMLEscapeString(title))
	for v := 0.0; v <= hi+step/2; v += step {
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="grid"/><line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="axis"/><text x="%.0f" y="%.1f" class="tick" text-anchor="end">%s</text>`,
			left, yOf(v), left+w, yOf(v), left-4, yOf(v), left, yOf(v), left-7, yOf(v)+4, template.HTMLEscapeString(number(v)))
	}
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="axis"/>`, left, yOf(0), left+w, yOf(0))
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="axis"/>`, left, top, left, yOf(0))
	for i, s := range slots {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="axis"/><text x="%.1f" y="%.1f" class="tick" text-anchor="middle">%s</text>`,
			xOf(i+1), yOf(0), xOf(i+1), yOf(0)+4, xOf(i+1), yOf(0)+17, template.HTMLEscapeString(s))
	}
	if o.XLabel != "" {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="lbl" text-anchor="middle">%s</text>`, left+w/2, yOf(0)+32, template.HTMLEscapeString(o.XLabel))
	}
	var legend strings.Builder
	lx := left
	for _, s := range series {
		var pts []string
		for _, p := range s.Points {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", xOf(p.X), yOf(p.Value)))
		}
		fmt.Fprintf(&b, `<polyline points="%s" class="%s"/>`, strings.Join(pts, " "), s.Class)
		for _, p := range s.Points {
			fill := s.Class
			if p.Partial {
				fill += " partial"
			}
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" class="%s"><title>%s</title></circle>`,
				xOf(p.X), yOf(p.Value), fill, template.HTMLEscapeString(p.Title))
		}
		fmt.Fprintf(&legend, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" class="key %s"/><circle cx="%.0f" cy="%.0f" r="3.5" class="%s"/><text x="%.0f" y="%.0f" class="lbl">%s</text>`,
			lx, h-10, lx+28, h-10, s.Class, lx+14, h-10, s.Class, lx+34, h-6, template.HTMLEscapeString(s.Label))
		lx += 50 + 7.2*float64(len([]rune(s.Label)))
	}
	if partial && o.PartialLabel != "" {
		fmt.Fprintf(&legend, `<circle cx="%.0f" cy="%.0f" r="3.5" class="cur partial"/><text x="%.0f" y="%.0f" class="lbl">%s</text>`, lx+6, h-10, lx+16, h-6, template.HTMLEscapeString(o.PartialLabel))
	}
	b.WriteString(`<g class="legend">` + legend.String() + `</g></svg>`)
	return template.HTML(b.String())
}

// niceStep rounds a grid step up to 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}
