package main

import (
	"chitieu/indicators"
	"chitieu/ingest"
	"chitieu/ingest/csvfile"
	"chitieu/ingest/xlsx"
)

func openCSV(path, name string) (ingest.Reader, error) { return csvfile.Open(path, name) }

// openWorkbook reads a workbook with the template its content matches.
func openWorkbook(path string, ref *indicators.Catalog) (ingest.Reader, error) {
	tpl, err := xlsx.Detect(path, ref.Templates)
	if err != nil {
		return nil, err
	}
	return xlsx.Open(path, ref.Elements, tpl)
}
