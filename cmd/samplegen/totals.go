package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// total is one data element's national figure for each year: the sum over
// provinces for counts, Σ numerator ÷ Σ denominator for rates. For flows,
// Files is what the sample files hold (the CSVs plus Nghệ An's workbooks),
// which lacks Bình Dương's December 2024.
type total struct {
	Element, Unit string
	Value         [2]float64
	Files         [2]float64
	Provinces     [2]int // provinces whose files carry the element (or its parts)
	Rate          bool
}

func nationalTotals(ps []*province) []total {
	var ts []total
	for f := range nFlows {
		t := total{Element: flowCodes[f], Unit: "persons"}
		for yi := range years {
			for _, p := range ps {
				y := p.Y[yi]
				t.Value[yi] += float64(y.Annual(f))
				in := false
				for m := 1; m <= 12; m++ {
					if submitted(p, yi, m) || (p.Code == ngheAn && years[yi] == 2024) {
						t.Files[yi] += float64(y.Months[f][m-1])
						in = true
					}
				}
				if in {
					t.Provinces[yi]++
				}
			}
		}
		ts = append(ts, t)
	}
	type stockDef struct {
		code, unit string
		get        func(*yearData) int
		reported   func(*province, *yearData) bool
	}
	all := func(*province, *yearData) bool { return true }
	parts := func(p *province, _ *yearData) bool { return p.ReportsParts }
	urban := func(p *province, y *yearData) bool { return p.ReportsParts && !y.NoUrbanUnemployment }
	stocks := []stockDef{
		{"labour_force", "persons", func(y *yearData) int { return y.LabourForce }, all},
		{"trained_workers", "persons", func(y *yearData) int { return y.TrainedWorkers }, parts},
		{"si_participants", "persons", func(y *yearData) int { return y.SIParticipants }, parts},
		{"households", "households", func(y *yearData) int { return y.Households }, all},
		{"poor_households", "households", func(y *yearData) int { return y.PoorHouseholds }, parts},
		{"urban_labour_force", "persons", func(y *yearData) int { return y.UrbanLabourForce }, all},
		{"urban_unemployed", "persons", func(y *yearData) int { return y.UrbanUnemployed }, urban},
	}
	for _, s := range stocks {
		t := total{Element: s.code, Unit: s.unit}
		for yi := range years {
			for _, p := range ps {
				y := p.Y[yi]
				t.Value[yi] += float64(s.get(y))
				if s.reported(p, y) {
					t.Files[yi] += float64(s.get(y))
					t.Provinces[yi]++
				}
			}
		}
		ts = append(ts, t)
	}
	rates := []struct {
		code     string
		num, den func(*yearData) int
	}{
		{"trained_share", func(y *yearData) int { return y.TrainedWorkers }, func(y *yearData) int { return y.LabourForce }},
		{"si_coverage", func(y *yearData) int { return y.SIParticipants }, func(y *yearData) int { return y.LabourForce }},
		{"poor_household_rate", func(y *yearData) int { return y.PoorHouseholds }, func(y *yearData) int { return y.Households }},
		{"urban_unemployment_rate", func(y *yearData) int { return y.UrbanUnemployed }, func(y *yearData) int { return y.UrbanLabourForce }},
	}
	for _, r := range rates {
		t := total{Element: r.code, Unit: "percent", Rate: true}
		for yi := range years {
			var num, den, fnum, fden float64
			for _, p := range ps {
				y := p.Y[yi]
				num += float64(r.num(y))
				den += float64(r.den(y))
				if r.code == "urban_unemployment_rate" && y.NoUrbanUnemployment {
					continue
				}
				fnum += float64(r.num(y))
				fden += float64(r.den(y))
				t.Provinces[yi]++
			}
			t.Value[yi], t.Files[yi] = 100*num/den, 100*fnum/fden
		}
		ts = append(ts, t)
	}
	return ts
}

// Format writes a total's value for one year: counts with thousands
// separators, rates to 2 decimals. When the files hold less than the full
// figure, it says so.
func (t total) Format(yi int) string {
	if t.Rate {
		s := strconv.FormatFloat(t.Value[yi], 'f', 2, 64) + " %"
		if t.Provinces[yi] < 63 {
			s += fmt.Sprintf(" (files: %.2f %%, %d provinces)", t.Files[yi], t.Provinces[yi])
		}
		return s
	}
	s := commaInt(int(t.Value[yi]))
	switch {
	case t.Files[yi] != t.Value[yi] && t.Provinces[yi] < 63:
		s += fmt.Sprintf(" (%d provinces report it directly: %s)", t.Provinces[yi], commaInt(int(t.Files[yi])))
	case t.Files[yi] != t.Value[yi]:
		s += fmt.Sprintf(" (in the files: %s)", commaInt(int(t.Files[yi])))
	}
	return s
}

func commaInt(n int) string { return strings.ReplaceAll(vnInt(n), ".", ",") }

// printTotals writes the national totals as a table.
func printTotals(w io.Writer, ts []total) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "element\tunit\t%d\t%d\n", years[0], years[1])
	for _, t := range ts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Element, t.Unit, t.Format(0), t.Format(1))
	}
	tw.Flush()
}
