package csvfile

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"chitieu/ingest"
	"chitieu/schemas"
)

// TableReader streams a text table laid out as a table template describes
// (a GSO export by province); ingest.TableMapper maps its rows.
type TableReader struct {
	name     string
	tpl      schemas.Template
	f        *os.File
	cr       *csv.Reader
	m        *ingest.TableMapper
	width    int
	rb       *ingest.RawBuilder
	problems schemas.Problems
	done     bool
	text     *textFixer
}

var _ ingest.Reader = (*TableReader)(nil)

// MatchesTable reports whether the file at path begins with the header of
// the table template tpl.
func MatchesTable(path string, tpl schemas.Template) bool {
	if tpl.Layout != schemas.LayoutTable {
		return false
	}
	r, err := OpenTable(path, path, nil, tpl)
	if err != nil {
		return false
	}
	r.Close()
	return true
}

// OpenTable opens path and binds tpl's columns to its header line. name is
// the file name used in problems; es, when not nil, says which data
// elements are counts (only their totals are checked).
func OpenTable(path, name string, es *schemas.Elements, tpl schemas.Template) (*TableReader, error) {
	if tpl.Layout != schemas.LayoutTable {
		return nil, fmt.Errorf("template %s reads %s, not tables", tpl.Name, tpl.Layout)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	cr, header, fx, err := openCSV(f, name)
	if err != nil {
		f.Close()
		return nil, err
	}
	m, ok := ingest.NewTableMapper(name, es, tpl, header)
	if !ok {
		f.Close()
		return nil, fmt.Errorf("%s: line 1: %w: header %q; the %s form needs the columns %s",
			name, ErrHeader, strings.Join(header, string(cr.Comma)), tpl.Name, tpl.CSV)
	}
	return &TableReader{name: name, tpl: tpl, f: f, cr: cr, m: m, width: len(header), text: fx, rb: ingest.NewRawBuilder()}, nil
}

// SetAreas places provinces in their regions, so that region rows are
// checked against their provinces (see ingest.TableMapper).
func (r *TableReader) SetAreas(as *schemas.Areas) { r.m.Areas = as }

// Header names the template.
func (r *TableReader) Header() ingest.Header { return ingest.Header{Template: r.tpl.Name} }

// Problems lists rows that could not be read, unknown series and levels,
// and totals that disagree with their parts; complete once Next has
// returned io.EOF.
func (r *TableReader) Problems() schemas.Problems {
	return append(append(slices.Clip(r.text.problems), r.problems...), r.m.Problems()...)
}

// Next returns up to ingest.BatchRows raw values.
func (r *TableReader) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if r.done {
		return nil, io.EOF
	}
	for r.rb.Len() < ingest.BatchRows {
		rec, err := r.cr.Read()
		if err == io.EOF {
			r.done = true
			r.m.Finish()
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(pe.Err, csv.ErrFieldCount) {
				r.problems = append(r.problems, schemas.Problem{Severity: schemas.SeverityError, File: r.name, Row: pe.Line, Message: pe.Err.Error()})
				r.done = true
				break
			}
			return nil, fmt.Errorf("%s: %w", r.name, err)
		}
		line, _ := r.cr.FieldPos(0) // a record read without error has a field
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != r.width {
			r.problems = append(r.problems, schemas.Problem{Severity: schemas.SeverityError, File: r.name, Row: line,
				Message: fmt.Sprintf("%d fields, expected %d like the header", len(rec), r.width)})
			continue
		}
		for i, f := range rec {
			rec[i] = r.text.fix(f, line, "")
		}
		r.m.Row(r.rb, rec, line, nil)
		if r.rb.Len()%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	if r.rb.Len() == 0 {
		return nil, io.EOF
	}
	return r.rb.Batch(), nil
}

// Close releases the builder and the file.
func (r *TableReader) Close() error {
	if r.rb != nil {
		r.rb.Release()
		r.rb = nil
	}
	if r.f != nil {
		err := r.f.Close()
		r.f = nil
		return err
	}
	return nil
}
