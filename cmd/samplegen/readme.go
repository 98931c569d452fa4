package main

import (
	"bytes"
	_ "embed"
	"strings"
	"text/template"
)

// readmeTemplate is samples/README.md; the generator fills in the figures
// so that the description never drifts from the files.
//
//go:embed readme.md.tmpl
var readmeTemplate string

// readmeData is what the README template reports.
type readmeData struct {
	Rows           map[string]int // data rows per CSV file
	Totals         []total
	Parts, Rates   string // provinces reporting rates' parts, or the rates
	NParts, NRates int
	NoUrban        string
	NgheAn         *province
}

func renderReadme(ps []*province, ts []total, rows map[string]int) ([]byte, error) {
	d := readmeData{Rows: rows, Totals: ts}
	var parts, rates, noUrban []string
	for _, p := range ps {
		name := p.Code + " " + p.NameVI
		if p.ReportsParts {
			parts = append(parts, name)
		} else {
			rates = append(rates, name)
		}
		if p.Y[1].NoUrbanUnemployment {
			kind := "urban_unemployment_rate"
			if p.ReportsParts {
				kind = "urban_unemployed"
			}
			noUrban = append(noUrban, name+" (would report "+kind+")")
		}
		if p.Code == ngheAn {
			d.NgheAn = p
		}
	}
	d.Parts, d.Rates, d.NoUrban = strings.Join(parts, ", "), strings.Join(rates, ", "), strings.Join(noUrban, " and ")
	d.NParts, d.NRates = len(parts), len(rates)
	t, err := template.New("README.md").Funcs(template.FuncMap{
		"year":  func(yi int) int { return years[yi] },
		"comma": commaInt,
	}).Parse(readmeTemplate)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
