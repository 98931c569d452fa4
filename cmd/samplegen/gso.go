package main

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// gsoFiles are the real GSO figures the samples are scaled by (gso/SOURCE.md).
//
//go:embed gso/*.csv
var gsoFiles embed.FS

// gsoFigures are one GSO indicator's values for one year, by pre-2025
// province code.
type gsoFigures struct {
	Indicator string
	Year      int
	ByCode    map[string]float64
}

// loadGSO reads one embedded GSO long-format file and keeps the province
// rows of the given year.
func loadGSO(name string, year int) (*gsoFigures, error) {
	data, err := gsoFiles.ReadFile("gso/" + name)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: read header: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, h := range []string{"indicator_id", "geo_level", "province_code_pre2025", "year", "value"} {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("%s: no column %q", name, h)
		}
	}
	g := &gsoFigures{Year: year, ByCode: map[string]float64{}}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if rec[col["year"]] != strconv.Itoa(year) {
			continue
		}
		line, _ := cr.FieldPos(0)
		v, err := strconv.ParseFloat(rec[col["value"]], 64)
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: value %q: %w", name, line, rec[col["value"]], err)
		}
		g.Indicator = rec[col["indicator_id"]]
		if rec[col["geo_level"]] == "province" {
			g.ByCode[rec[col["province_code_pre2025"]]] = v
		}
	}
	if len(g.ByCode) == 0 {
		return nil, fmt.Errorf("%s: no province rows for %d", name, year)
	}
	return g, nil
}
