package csvfile

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"chitieu/ingest"
	"chitieu/schemas"
)

// TableReader streams a text table laid out as a csv_table template
// describes (a GSO export by province): the template names the columns
// holding the indicator, the area, the year and the value, maps indicator
// codes to data elements and says which geographic levels are stored.
// Country rows are not stored; their values are checked against the sum of
// the provinces for counts, and a difference beyond the template's
// tolerance is a warning.
type TableReader struct {
	name     string
	tpl      schemas.Template
	es       *schemas.Elements
	f        *os.File
	cr       *csv.Reader
	cols     map[string]int
	width    int
	rb       *ingest.RawBuilder
	problems schemas.Problems
	done     bool
	text     *textFixer

	totals  map[totalKey]*total
	skipped map[string]int // series declared and not stored → rows
	firstAt map[string]int // and the line of the first
}

var _ ingest.Reader = (*TableReader)(nil)

type totalKey struct{ element, period, unit string }

// total is a country row and the sum of the rows it should equal.
type total struct {
	value, sum float64
	parts      int
	line       int
	text, name string
	seen       bool
}

// MatchesTable reports whether the file at path begins with the header of
// the csv_table template tpl.
func MatchesTable(path string, tpl schemas.Template) bool {
	if tpl.Layout != schemas.LayoutCSVTable {
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
	if tpl.Layout != schemas.LayoutCSVTable {
		return nil, fmt.Errorf("template %s reads %s, not text tables", tpl.Name, tpl.Layout)
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
	cols, ok := tpl.CSV.BindHeader(header)
	if !ok {
		f.Close()
		return nil, fmt.Errorf("%s: line 1: %w: header %q; the %s form needs the columns %s",
			name, ErrHeader, strings.Join(header, string(cr.Comma)), tpl.Name, tpl.CSV)
	}
	return &TableReader{name: name, tpl: tpl, es: es, f: f, cr: cr, cols: cols, width: len(header), text: fx,
		rb: ingest.NewRawBuilder(), totals: map[totalKey]*total{}, skipped: map[string]int{}, firstAt: map[string]int{}}, nil
}

// Header names the template.
func (r *TableReader) Header() ingest.Header { return ingest.Header{Template: r.tpl.Name} }

// Problems lists rows that could not be read, unknown series and levels,
// and totals that disagree with their parts; complete once Next has
// returned io.EOF.
func (r *TableReader) Problems() schemas.Problems {
	return append(slices.Clip(r.text.problems), r.problems...)
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
			r.finish()
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(pe.Err, csv.ErrFieldCount) {
				r.problem(schemas.SeverityError, pe.Line, "", "", pe.Err.Error())
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
			r.problem(schemas.SeverityError, line, "", "", fmt.Sprintf("%d fields, expected %d like the header", len(rec), r.width))
			continue
		}
		for i, f := range rec {
			rec[i] = r.text.fix(f, line, "")
		}
		r.row(rec, line)
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

func (r *TableReader) get(rec []string, role string) string {
	i, ok := r.cols[role]
	if !ok || i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func (r *TableReader) row(rec []string, line int) {
	c := r.tpl.CSV
	series := r.get(rec, schemas.CSVElement)
	code, known := c.Element(series)
	if !known {
		r.problem(schemas.SeverityError, line, r.tpl.CSV.Columns[schemas.CSVElement], series,
			"a series the "+r.tpl.Name+" form does not know; expected one of "+strings.Join(slices.Sorted(maps.Keys(c.Elements)), ", "))
		return
	}
	if code == "" {
		if r.skipped[series] == 0 {
			r.firstAt[series] = line
		}
		r.skipped[series]++
		return
	}
	level := r.get(rec, schemas.CSVLevel)
	action, ok := c.LevelAction(level)
	if !ok {
		r.problem(schemas.SeverityError, line, r.tpl.CSV.Columns[schemas.CSVLevel], level,
			"an unknown geographic level; expected one of "+strings.Join(slices.Sorted(maps.Keys(c.Levels)), ", "))
		return
	}
	area := r.get(rec, schemas.CSVArea)
	if area == "" {
		area = r.get(rec, schemas.CSVName)
	}
	period, value, unit := r.get(rec, schemas.CSVPeriod), r.get(rec, schemas.CSVValue), r.get(rec, schemas.CSVUnit)
	key := totalKey{code, period, unit}
	switch action {
	case schemas.LevelIgnore:
		return
	case schemas.LevelTotal:
		t := r.totalFor(key)
		if v, err := strconv.ParseFloat(value, 64); err == nil && !t.seen {
			t.value, t.line, t.text, t.name, t.seen = v, line, value, r.get(rec, schemas.CSVName), true
		}
		return
	case schemas.LevelPart, schemas.LevelStore:
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			t := r.totalFor(key)
			t.sum += v
			t.parts++
		}
		if action == schemas.LevelPart {
			return
		}
	}
	r.rb.Append(&ingest.Raw{
		Element: code, Area: area, Period: period, Status: c.StatusOf(r.get(rec, schemas.CSVStatus)),
		Value: value, Unit: unit, Row: line,
	})
}

func (r *TableReader) totalFor(k totalKey) *total {
	t, ok := r.totals[k]
	if !ok {
		t = &total{}
		r.totals[k] = t
	}
	return t
}

// finish checks the totals against their parts and reports the series not
// stored.
func (r *TableReader) finish() {
	keys := slices.SortedFunc(maps.Keys(r.totals), func(a, b totalKey) int {
		return r.totals[a].line - r.totals[b].line
	})
	for _, k := range keys {
		t := r.totals[k]
		if !t.seen || t.parts == 0 || !r.counted(k) {
			continue
		}
		diff := t.sum - t.value
		if math.Abs(diff) <= r.tpl.CSV.Tolerance/100*math.Abs(t.value) {
			continue
		}
		r.problem(schemas.SeverityWarning, t.line, r.tpl.CSV.Columns[schemas.CSVValue], t.text, fmt.Sprintf(
			"%s %s %s: the %d provinces sum to %s, %+.2f%% from this total (tolerance %g%%); the total row is not stored, chitieu sums the provinces itself",
			t.name, k.element, k.period, t.parts, strconv.FormatFloat(round(t.sum, 6), 'f', -1, 64), diff/t.value*100, r.tpl.CSV.Tolerance))
	}
	for _, s := range slices.Sorted(maps.Keys(r.skipped)) {
		r.problem(schemas.SeverityWarning, r.firstAt[s], r.tpl.CSV.Columns[schemas.CSVElement], s, fmt.Sprintf(
			"the %s form maps this series to no data element: its %d rows are not stored", r.tpl.Name, r.skipped[s]))
	}
}

// counted reports whether the totals of this element are sums of counts
// (persons, households); rates are not sums and are not checked.
func (r *TableReader) counted(k totalKey) bool {
	if k.unit != "" {
		u, ok := schemas.LookupUnit(k.unit)
		return ok && u.Unit != schemas.Percent
	}
	if r.es == nil {
		return false
	}
	d, err := r.es.Get(k.element)
	return err == nil && d.Counted()
}

func (r *TableReader) problem(sev string, line int, column, value, msg string) {
	r.problems = append(r.problems, schemas.Problem{Severity: sev, File: r.name, Row: line, Column: column, Value: value, Message: msg})
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

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}
