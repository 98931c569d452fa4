package xlsx

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"chitieu/schemas"
)

// surveyRows is how far down a sheet not read is looked at to say why: a
// statistical table states its subject, header and first provinces well
// within it.
const surveyRows = 500

// minProvinces is how many distinct provinces the rows of a sheet must name
// for it to be called a table by province.
const minProvinces = 5

// Explain says, for every sheet of the workbook at path, why no template
// of the catalogue reads it: one note per sheet, what its rows and header
// hold (provinces, data elements) against what chitieu reads (a report
// form, a table of provinces by row whose columns name data elements). It
// serves a workbook that Detect refuses, so that the refusal gives every
// sheet's reason rather than the first near miss.
func Explain(path string, cat *schemas.Catalog) (schemas.Problems, error) {
	f, err := openWorkbook(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := checkSheets(f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var (
		b      budget
		ps     schemas.Problems
		legacy []string // sheets whose text is TCVN3
	)
	for _, sheet := range f.GetSheetList() {
		p, tcvn3, err := explainSheet(f, sheet, cat.Templates, cat.Elements, cat.Areas, &b)
		if err != nil {
			return nil, fmt.Errorf("%s: sheet %q: %w", path, sheet, err)
		}
		p.File = path
		ps = append(ps, p)
		if tcvn3 {
			legacy = append(legacy, sheet)
		}
	}
	if len(legacy) > 0 {
		ps = append(ps, schemas.Problem{Severity: schemas.SeverityInfo, File: path}.Says(
			schemas.Say("sheet.tcvn3", len(legacy), quoteFew(legacy))))
	}
	return ps, nil
}

// sheetSurvey is what the top of a sheet holds, for saying why it is not
// read.
type sheetSurvey struct {
	title     string   // the first text of the sheet
	titleRow  int      // its row, 0 if none
	titleCell string   // its cell
	provinces []string // distinct province names of the rows' labels, as written
	firstProv int      // the row of the first
	labels    []string // the first row labels that name no province
	elements  []string // data elements the header's columns or the rows' labels name, with where
	tcvn3     bool     // text converted from TCVN3
}

// explainSheet surveys one sheet and says, in a note, why it is not read,
// and whether its text was TCVN3.
func explainSheet(f *excelize.File, sheet string, ts []schemas.Template, es *schemas.Elements, as *schemas.Areas, b *budget) (schemas.Problem, bool, error) {
	s, err := survey(f, sheet, ts, es, as, b)
	if err != nil {
		return schemas.Problem{}, false, err
	}
	p := schemas.Problem{Severity: schemas.SeverityInfo, Sheet: sheet, Row: s.titleRow, Value: s.title}
	if s.titleRow > 0 {
		p.Cell = s.titleCell
	}
	var m schemas.Message
	switch provs := len(s.provinces); {
	case s.titleRow == 0:
		m = schemas.Say("sheet.no_text")
	case provs >= minProvinces && len(s.elements) == 0:
		m = schemas.Say("sheet.by_province_no_elements", provs, s.firstProv, quoteFew(s.provinces))
	case provs >= minProvinces:
		m = schemas.Say("sheet.by_province_no_header", provs, s.firstProv, strings.Join(s.elements, ", "))
	case len(s.elements) > 0:
		m = schemas.Say("sheet.not_provinces", strings.Join(s.elements, ", "), quoteFew(s.labels))
	default:
		m = schemas.Say("sheet.neither")
	}
	return p.Says(m), s.tcvn3, nil
}

// survey reads the top of a sheet: its title, the provinces its rows name
// and the data elements its header names.
func survey(f *excelize.File, sheet string, ts []schemas.Template, es *schemas.Elements, as *schemas.Areas, b *budget) (sheetSurvey, error) {
	var s sheetSurvey
	rows, err := f.Rows(sheet)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	top, err := readRows(rows, surveyRows, b, func(int, int, string, string) { s.tcvn3 = true })
	if err != nil {
		return s, err
	}
	seen := map[string]bool{}
	named := map[string]bool{} // data elements found
	body := -1                 // the first row with a name and a number
	for i, rw := range top {
		first := firstCell(rw.cells)
		if first < 0 {
			continue
		}
		text := strings.Join(strings.Fields(rw.cells[first]), " ")
		if s.titleRow == 0 && strings.IndexFunc(text, unicode.IsLetter) >= 0 {
			s.title, s.titleRow, s.titleCell = text, rw.n, cellName(first, rw.n)
		}
		if body < 0 && isBodyRow(rw.cells) {
			body = i
		}
		if body < 0 {
			continue
		}
		if code, ok := provinceNamed(as, text); ok {
			if !seen[code] {
				seen[code] = true
				s.provinces = append(s.provinces, text)
				if s.firstProv == 0 {
					s.firstProv = rw.n
				}
			}
		} else if isBodyRow(rw.cells) {
			if len(s.labels) < 3 {
				s.labels = append(s.labels, text)
			}
			if d, ok := es.Match(text); ok && !named[d.Code] {
				named[d.Code] = true
				s.elements = append(s.elements, fmt.Sprintf("%s (row %d, %q)", d.Code, rw.n, text))
			}
		}
	}
	if body < 0 {
		body = len(top)
	}
	// The header is what lies above the first row with figures: each
	// column's texts joined top to bottom name its data element (GSO
	// splits "Chỉ số sử dụng lao động … so với cùng thời điểm tháng trước"
	// over five rows).
	var paths []string
	for _, rw := range top[:body] {
		for j, c := range rw.cells {
			c = strings.Join(strings.Fields(c), " ")
			for len(paths) <= j {
				paths = append(paths, "")
			}
			if c != "" {
				paths[j] = strings.TrimSpace(paths[j] + " " + c)
			}
		}
	}
	for _, path := range paths {
		if path == "" || path == s.title {
			continue
		}
		for _, t := range ts {
			if t.Layout != schemas.LayoutSheetColumns {
				continue
			}
			if d, _, _, ok := t.ColumnElement(path, es); ok && !named[d.Code] {
				named[d.Code] = true
				s.elements = append(s.elements, fmt.Sprintf("%s (header %q)", d.Code, path))
			}
		}
	}
	return s, nil
}

// provinceNamed reports whether a row label names a province (of any
// period: a table of 1999 names Hà Tây), and its code.
func provinceNamed(as *schemas.Areas, label string) (string, bool) {
	if as == nil || strings.IndexFunc(label, unicode.IsLetter) < 0 {
		return "", false
	}
	for _, code := range as.Lookup(label) {
		if len(code) == 2 && code[0] >= '0' && code[0] <= '9' {
			return code, true
		}
	}
	if _, err := as.Resolve(label, time.Time{}); errors.Is(err, schemas.ErrFormerArea) {
		return "former:" + label, true
	}
	return "", false
}

// quoteFew quotes the first three texts and says how many more there are.
func quoteFew(ss []string) string {
	if len(ss) == 0 {
		return "none"
	}
	q := quoteAll(ss[:min(3, len(ss))])
	if len(ss) > 3 {
		q += fmt.Sprintf(" and %d more", len(ss)-3)
	}
	return q
}
