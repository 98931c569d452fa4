package xlsx

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"

	"chitieu/ingest"
	"chitieu/schemas"
)

// TableReader streams the long tables of a workbook laid out as a table
// template describes: every sheet with the template's header row within its
// first rows, row by row with excelize's iterator, so that memory does not
// grow with the sheet. ingest.TableMapper maps the rows.
//
// Values are read as Excel stores them: a number cell's digits, a text
// cell's text, interpreted by the transform; a long table's percentages
// are numbers of percent (70.1), a cell shown as "70,1%" is not looked up.
// Hidden rows are read, deliberately: in a long table they are rows an
// autofilter hides, still data; the first one is reported.
type TableReader struct {
	open
	path   string
	tpl    schemas.Template
	es     *schemas.Elements
	sheets []string
	at     int // index of the next sheet to look at
	sheet  string
	n      int // number of the last row taken
	m      *ingest.TableMapper
	areas  *schemas.Areas // for the mappers: see SetAreas

	problems schemas.Problems
	mappers  []*ingest.TableMapper
	hidden   bool // a hidden row was reported in this sheet
	tcvn3    map[string]bool
	done     bool
}

var _ ingest.Reader = (*TableReader)(nil)

// OpenTable opens the workbook at path on its first sheet with tpl's header
// row. A workbook with none is ingest.ErrUnsupported.
func OpenTable(path string, es *schemas.Elements, tpl schemas.Template) (*TableReader, error) {
	if tpl.Layout != schemas.LayoutTable {
		return nil, fmt.Errorf("template %s reads %s, not tables", tpl.Name, tpl.Layout)
	}
	f, err := openWorkbook(path)
	if err != nil {
		return nil, err
	}
	if err := checkSheets(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r := &TableReader{open: open{f: f}, path: path, tpl: tpl, es: es, sheets: f.GetSheetList(), tcvn3: map[string]bool{}}
	found, err := r.nextSheet()
	if err != nil {
		return nil, errors.Join(err, r.Close())
	}
	if !found {
		return nil, errors.Join(fmt.Errorf("%s: no sheet has a header row with the columns %s in its first %d rows: %w",
			path, tpl.CSV, tpl.Header.ScanRows, ingest.ErrUnsupported), r.Close())
	}
	r.rb = ingest.NewRawBuilder()
	return r, nil
}

// isTableHeader reports whether a row is the header of a table template.
func isTableHeader(t schemas.Template, cells []string) bool {
	_, ok := t.CSV.BindHeader(normalised(cells))
	return ok
}

// nextSheet moves to the next sheet with the template's header row.
func (r *TableReader) nextSheet() (bool, error) {
	if r.rows != nil {
		if err := r.rows.Close(); err != nil {
			return false, fmt.Errorf("%s: sheet %q: %w", r.path, r.sheet, err)
		}
		r.rows = nil
	}
	if r.m != nil {
		r.m.Finish()
		r.m = nil
	}
	for ; r.at < len(r.sheets); r.at++ {
		sheet := r.sheets[r.at]
		rows, err := r.f.Rows(sheet)
		if err != nil {
			return false, fmt.Errorf("%s: sheet %q: %w", r.path, sheet, err)
		}
		for n := 1; n <= r.tpl.Header.ScanRows && rows.Next(); n++ {
			cells, err := rows.Columns(raw)
			if err == nil {
				err = r.budget.take(n, cells)
			}
			if err != nil {
				rows.Close()
				return false, fmt.Errorf("%s: sheet %q row %d: %w", r.path, sheet, n, err)
			}
			fixTCVN3(cells, n, nil)
			if m, ok := ingest.NewTableMapper(r.path, r.es, r.tpl, normalised(cells)); ok {
				m.Areas = r.areas
				r.rows, r.sheet, r.n, r.m, r.hidden = rows, sheet, n, m, false
				r.mappers = append(r.mappers, m)
				r.at++
				return true, nil
			}
		}
		if err := errors.Join(rows.Error(), rows.Close()); err != nil {
			return false, fmt.Errorf("%s: sheet %q: %w", r.path, sheet, err)
		}
	}
	return false, nil
}

// Header names the template.
func (r *TableReader) Header() ingest.Header { return ingest.Header{Template: r.tpl.Name} }

// Problems returns the problems found so far; all of them once Next has
// returned io.EOF.
func (r *TableReader) Problems() schemas.Problems {
	ps := append(schemas.Problems(nil), r.problems...)
	for _, m := range r.mappers {
		ps = append(ps, m.Problems()...)
	}
	return ps
}

// Next returns up to ingest.BatchRows raw values, or io.EOF after the last.
func (r *TableReader) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if r.rb == nil {
		return nil, errors.New("xlsx: Next on a closed reader")
	}
	for !r.done && r.rb.Len() < ingest.BatchRows {
		if r.rb.Len()%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if !r.rows.Next() {
			if err := r.rows.Error(); err != nil {
				return nil, fmt.Errorf("%s: sheet %q row %d: %w", r.path, r.sheet, r.n+1, err)
			}
			more, err := r.nextSheet()
			if err != nil {
				return nil, err
			}
			r.done = !more
			continue
		}
		r.n++
		cells, err := r.rows.Columns(raw)
		if err == nil {
			err = r.budget.take(r.n, cells)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: sheet %q row %d: %w", r.path, r.sheet, r.n, err)
		}
		if firstNonBlank(cells) == "" {
			continue
		}
		sheet, n := r.sheet, r.n
		fixTCVN3(cells, n, r.converted)
		if !r.hidden && r.rows.GetRowOpts().Hidden {
			r.hidden = true
			r.problems = append(r.problems, schemas.Problem{Severity: schemas.SeverityWarning, File: r.path, Sheet: sheet, Row: n}.Says(
				schemas.Say("table.hidden_rows", n)))
		}
		r.m.Row(r.rb, cells, n, func(col int) string { return schemas.SheetCell(sheet, cellName(col, n)) })
	}
	if r.rb.Len() == 0 {
		return nil, io.EOF
	}
	return r.rb.Batch(), nil
}

// converted reports the first cell of each sheet converted from TCVN3.
func (r *TableReader) converted(rowNum, col int, from, to string) {
	if r.tcvn3[r.sheet] {
		return
	}
	r.tcvn3[r.sheet] = true
	r.problems = append(r.problems, schemas.Problem{Severity: schemas.SeverityWarning, File: r.path, Sheet: r.sheet,
		Cell: cellName(col, rowNum), Value: from}.Says(schemas.Say("tcvn3.sheet", to)))
}

// SetAreas places provinces in their regions, so that region rows are
// checked against their provinces (see ingest.TableMapper).
func (r *TableReader) SetAreas(as *schemas.Areas) {
	r.areas = as
	if r.m != nil {
		r.m.Areas = as
	}
}
