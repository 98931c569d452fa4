package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"chitieu/indicators"
	"chitieu/ingest"
	"chitieu/ingest/csvfile"
	"chitieu/ingest/xlsx"
	"chitieu/schemas"
)

// openReader picks the reader for a file: by its extension, then by its
// content (the long CSV header, a template's header), or by the template
// named (force, from --template). name is the file's name in problems.
func openReader(path, name, force string, ref *indicators.Catalog) (ingest.Reader, error) {
	var tpl *schemas.Template
	if force != "" {
		if force == csvfile.TemplateName {
			return csvfile.Open(path, name)
		}
		t, err := schemas.FindTemplate(ref.Templates, force)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		tpl = &t
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt":
		if tpl != nil {
			return withAreas(csvfile.OpenTable(path, name, ref.Elements, *tpl))(ref)
		}
		return openCSV(path, name, ref)
	case ".xlsx", ".xlsm":
		if tpl == nil {
			t, err := xlsx.Detect(path, ref.Templates)
			if err != nil {
				return nil, err
			}
			tpl = &t
		}
		if tpl.Layout == schemas.LayoutTable {
			return withAreas(xlsx.OpenTable(path, ref.Elements, *tpl))(ref)
		}
		return xlsx.Open(path, ref.Elements, *tpl)
	}
	return nil, fmt.Errorf("%w: expected a .csv or .xlsx file", ingest.ErrUnsupported)
}

// openCSV reads a text file as the long CSV, else with the first table
// template whose columns its header has; failing both, the long CSV's
// header error says what was expected.
func openCSV(path, name string, ref *indicators.Catalog) (ingest.Reader, error) {
	r, err := csvfile.Open(path, name)
	if err == nil {
		return r, nil
	}
	for _, t := range ref.Templates {
		if csvfile.MatchesTable(path, t) {
			return withAreas(csvfile.OpenTable(path, name, ref.Elements, t))(ref)
		}
	}
	return nil, err
}

// withAreas gives a table reader the area codelist, so that its region rows
// are checked against their provinces.
func withAreas[R interface {
	ingest.Reader
	SetAreas(*schemas.Areas)
}](r R, err error) func(ref *indicators.Catalog) (ingest.Reader, error) {
	return func(ref *indicators.Catalog) (ingest.Reader, error) {
		if err != nil {
			return nil, err
		}
		r.SetAreas(ref.Areas)
		return r, nil
	}
}
