package csvfile

import (
	"context"
	"fmt"
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
	records
	tpl      schemas.Template
	m        *ingest.TableMapper
	finished bool // the mapper's totals checked
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
	cr, header, _, fx, err := openCSV(f, name, nil)
	if err != nil {
		f.Close()
		return nil, err
	}
	m, ok := ingest.NewTableMapper(name, es, tpl, header)
	if !ok {
		f.Close()
		return nil, &schemas.MessageError{Message: schemas.Say("csv.table_header", name, strings.Join(header, string(cr.Comma)),
			tpl.Name, tpl.CSV), Err: ErrHeader}
	}
	return &TableReader{records: records{name: name, f: f, cr: cr, width: len(header), text: fx, rb: ingest.NewRawBuilder()},
		tpl: tpl, m: m}, nil
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
	batch, err := r.next(ctx, func(rec []string, line int) {
		for i, f := range rec {
			rec[i] = r.text.fix(f, line, "")
		}
		r.m.Row(r.rb, rec, line, nil)
	})
	if r.done && !r.finished {
		r.m.Finish()
		r.finished = true
	}
	return batch, err
}
