package report

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// The charts of the quarterly report, drawn as inline SVG for any page that
// shows figures: the report's HTML and the web application's explorer.
// Colours come from CSS classes (met, unmet, cur, prev, partial), and every
// bar and point also carries its figure as text, so that colour is never
// the only signal.

// Bar is one bar of a bar chart.
type Bar struct {
	Label string  // left of the bar: the area's name and marks
	Value float64 // the bar's length, in the chart's unit
	Text  string  // the value as shown, right of the bar and in its tooltip
	Unmet bool    // drawn in the "unmet" colour: the plan was not met
}

// BarChart draws bars horizontally in the order given, with a dashed line
// and targetLabel at target (for % of plan, 100; 0 draws none).
func BarChart(title string, bars []Bar, target float64, targetLabel string) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	hi := target
	for _, b := range bars {
		hi = math.Max(hi, b.Value)
	}
	if target > 0 {
		hi = math.Ceil(hi/10) * 10
	} else {
		step := niceStep(hi / 4)
		hi = math.Ceil(hi/step) * step
	}
	if hi <= 0 {
		hi = 1
	}
	const left, width, row, top = 150.0, 420.0, 14.0, 24.0
	h := top + row*float64(len(bars)) + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s">`,
		left+width+70, h, left+width+70, h, template.HTMLEscapeString(title))
	fmt.Fprintf(&b, `<text x="0" y="14" class="ct">%s</text>`, template.HTMLEscapeString(title))
	for i, bar := range bars {
		y := top + row*float64(i)
		wd := width * math.Max(bar.Value, 0) / hi
		cls := "met"
		if bar.Unmet {
			cls = "unmet"
		}
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" class="lbl" text-anchor="end">%s</text>`, left-4, y+10, template.HTMLEscapeString(bar.Label))
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" class="%s"><title>%s: %s</title></rect>`, left, y+1, wd, row-3, cls,
			template.HTMLEscapeString(bar.Label), template.HTMLEscapeString(bar.Text))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="val">%s</text>`, left+wd+3, y+10, template.HTMLEscapeString(bar.Text))
	}
	if target > 0 {
		x := left + width*target/hi
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" class="target"/>`, x, top-4, x, h-16)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" class="lbl" text-anchor="middle">%s</text>`, x, h-4, template.HTMLEscapeString(targetLabel))
	}
	b.WriteString(`</svg>`)
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

// LineChart draws series over the x slots (month numbers, years), with a
// grid whose labels number formats.
func LineChart(title string, slots []string, series []LineSeries, number func(float64) string) template.HTML {
	const left, w, h, top, bottom = 80.0, 560.0, 220.0, 28.0, 30.0
	hi := 0.0
	for _, s := range series {
		for _, p := range s.Points {
			hi = math.Max(hi, p.Value)
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
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart lines" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s">`,
		left+w+20, h, left+w+20, h, template.HTMLEscapeString(title))
	fmt.Fprintf(&b, `<text x="0" y="14" class="ct">%s</text>`, template.HTMLEscapeString(title))
	for v := 0.0; v <= hi+step/2; v += step {
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="grid"/><text x="%.0f" y="%.1f" class="lbl" text-anchor="end">%s</text>`,
			left, yOf(v), left+w, yOf(v), left-4, yOf(v)+4, number(v))
	}
	for i, s := range slots {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" class="lbl" text-anchor="middle">%s</text>`, xOf(i+1), h-bottom+16, template.HTMLEscapeString(s))
	}
	for i, s := range series {
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
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" class="%s"><title>%s</title></circle>`,
				xOf(p.X), yOf(p.Value), fill, template.HTMLEscapeString(p.Title))
		}
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="lbl %s">— %s</text>`, left+10+float64(i)*60, h-4, s.Class, template.HTMLEscapeString(s.Label))
	}
	b.WriteString(`</svg>`)
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
