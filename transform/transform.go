// Package transform turns the raw batches readers produce into observations:
// data elements, areas and periods resolved to their codes, numbers parsed
// in the file's locale, kinds and statuses normalised, and every value
// checked. It streams: memory is bounded by the batch size, not the file.
//
// Every problem of a file is collected, each with its position, and the
// whole file is read so that the report lists everything at once. Rows with
// a problem are left out; the others still flow, so that the warehouse can
// find values reported twice before it rejects the file.
package transform

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"chitieu/schemas"
)

// MaxProblems is how many problems of one file are kept in detail; the rest
// are counted.
const MaxProblems = 1000

// Source yields raw batches in schemas.RawSchema until io.EOF.
type Source interface {
	Next(ctx context.Context) (arrow.RecordBatch, error)
}

// Transformer holds the codelists values are checked against.
type Transformer struct {
	Areas    *schemas.Areas
	Elements *schemas.Elements
}

// Summary describes what a file held once it has been streamed.
type Summary struct {
	Rows      int64            // observations emitted (or that would have been)
	Areas     []string         // area codes, sorted
	Periods   []string         // period codes, sorted
	Elements  []string         // data element codes, sorted
	Problems  schemas.Problems // the first MaxProblems problems
	Dropped   int              // problems beyond MaxProblems
	Blank     int64            // values reported as blank ("-", empty), not stored
	errorSeen bool
}

// Rejected reports whether the file has an error-level problem.
func (s *Summary) Rejected() bool { return s.errorSeen }

// Province is the single province the file reports on, or "" when it covers
// several areas.
func (s *Summary) Province() string {
	if len(s.Areas) == 1 {
		return s.Areas[0]
	}
	return ""
}

// Period is the single period the file reports, or the range "first..last".
func (s *Summary) Period() string {
	switch len(s.Periods) {
	case 0:
		return ""
	case 1:
		return s.Periods[0]
	}
	return s.Periods[0] + ".." + s.Periods[len(s.Periods)-1]
}

// Stream is an array.RecordReader of observation batches (schemas.ObservationSchema).
// A producer goroutine reads and converts the next batches while the consumer
// (DuckDB's Arrow scan) stores the previous one. Close stops it and waits.
type Stream struct {
	out    chan arrow.RecordBatch
	cancel context.CancelFunc
	done   chan struct{}
	cur    arrow.RecordBatch
	err    error // set by the producer before out is closed
	sum    Summary
	refs   int64
	once   sync.Once
}

var _ array.RecordReader = (*Stream)(nil)

// Stream starts converting src, reporting problems against file. The stream
// must be drained or closed.
func (t *Transformer) Stream(ctx context.Context, file string, src Source) *Stream {
	ctx, cancel := context.WithCancel(ctx)
	s := &Stream{out: make(chan arrow.RecordBatch, 2), cancel: cancel, done: make(chan struct{}), refs: 1}
	c := newConverter(t, file, &s.sum)
	go func() {
		defer close(s.done)
		defer close(s.out)
		s.err = c.run(ctx, src, s.out)
		c.finish()
	}()
	return s
}

// Schema is schemas.ObservationSchema.
func (s *Stream) Schema() *arrow.Schema { return schemas.ObservationSchema }

// Next advances to the next batch.
func (s *Stream) Next() bool {
	if s.cur != nil {
		s.cur.Release()
		s.cur = nil
	}
	rec, ok := <-s.out
	if !ok {
		return false
	}
	s.cur = rec
	return true
}

// RecordBatch is the current batch, valid until the next call to Next.
func (s *Stream) RecordBatch() arrow.RecordBatch { return s.cur }

// Record is RecordBatch under its older name.
func (s *Stream) Record() arrow.RecordBatch { return s.cur }

// Err is the read error that ended the stream early, if any. Problems in the
// file's content are not errors here; see Summary.
func (s *Stream) Err() error {
	select {
	case <-s.done:
		return s.err
	default:
		return nil
	}
}

// Retain and Release count references as arrow readers do; the last Release
// closes the stream.
func (s *Stream) Retain() { s.refs++ }

// Release drops a reference.
func (s *Stream) Release() {
	if s.refs--; s.refs <= 0 {
		s.Close()
	}
}

// Close stops the producer, waits for it and frees pending batches.
func (s *Stream) Close() {
	s.once.Do(func() {
		s.cancel()
		for rec := range s.out {
			rec.Release()
		}
		<-s.done
		if s.cur != nil {
			s.cur.Release()
			s.cur = nil
		}
	})
}

// Drain reads the stream to its end without storing anything, as a dry run.
func (s *Stream) Drain() error {
	for s.Next() {
	}
	s.Close()
	return s.err
}

// Summary is valid once the stream has ended (Next returned false or Close
// returned).
func (s *Stream) Summary() *Summary { return &s.sum }

// converter holds one file's lookup caches; it runs on the producer goroutine.
type converter struct {
	t        *Transformer
	file     string
	sum      *Summary
	elements map[string]elementInfo
	periods  map[string]periodInfo
	areas    map[[2]string]string
	seen     struct{ areas, periods, elements map[string]bool }
	b        *array.RecordBuilder
}

type elementInfo struct {
	de  schemas.DataElement
	err string
}

type periodInfo struct {
	p   schemas.Period
	err string
}

func newConverter(t *Transformer, file string, sum *Summary) *converter {
	c := &converter{t: t, file: file, sum: sum,
		elements: map[string]elementInfo{}, periods: map[string]periodInfo{}, areas: map[[2]string]string{},
		b: array.NewRecordBuilder(memory.DefaultAllocator, schemas.ObservationSchema)}
	c.seen.areas, c.seen.periods, c.seen.elements = map[string]bool{}, map[string]bool{}, map[string]bool{}
	return c
}

func (c *converter) run(ctx context.Context, src Source, out chan<- arrow.RecordBatch) error {
	defer c.b.Release()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		raw, err := src.Next(ctx)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		c.convert(raw)
		raw.Release()
		rec := c.b.NewRecordBatch()
		if rec.NumRows() == 0 {
			rec.Release()
			continue
		}
		select {
		case out <- rec:
		case <-ctx.Done():
			rec.Release()
			return ctx.Err()
		}
	}
}

func (c *converter) finish() {
	for _, x := range []struct {
		set map[string]bool
		dst *[]string
	}{{c.seen.areas, &c.sum.Areas}, {c.seen.periods, &c.sum.Periods}, {c.seen.elements, &c.sum.Elements}} {
		for k := range x.set {
			*x.dst = append(*x.dst, k)
		}
		sort.Strings(*x.dst)
	}
}

// problem records one problem at the row's position.
func (c *converter) problem(sev string, row int, cell, column, value, msg string) {
	if sev == schemas.SeverityError {
		c.sum.errorSeen = true
	}
	if len(c.sum.Problems) >= MaxProblems {
		c.sum.Dropped++
		return
	}
	p := schemas.Problem{Severity: sev, File: c.file, Row: row, Value: value, Message: msg}
	if cell != "" {
		p.Cell = cell
		p.Row = 0
		if sheet, ref, ok := schemas.SplitSheetCell(cell); ok {
			p.Sheet, p.Cell = sheet, ref
		}
	} else {
		p.Column = column
	}
	c.sum.Problems = append(c.sum.Problems, p)
}

func (c *converter) convert(raw arrow.RecordBatch) {
	col := func(i int) *array.String { return raw.Column(i).(*array.String) }
	elem, area, period, kind, status, value := col(schemas.RawElement), col(schemas.RawArea), col(schemas.RawPeriod), col(schemas.RawKind), col(schemas.RawStatus), col(schemas.RawValue)
	unit, comment, cell := col(schemas.RawUnit), col(schemas.RawComment), col(schemas.RawSourceCell)
	numeric := raw.Column(schemas.RawNumeric).(*array.Boolean)
	rows := raw.Column(schemas.RawSourceRow).(*array.Int32)

	f := c.b.Fields()
	oElem, oArea, oPeriod := f[schemas.ObsElement].(*array.StringBuilder), f[schemas.ObsArea].(*array.StringBuilder), f[schemas.ObsPeriod].(*array.StringBuilder)
	oKind, oStatus, oValue := f[schemas.ObsKind].(*array.StringBuilder), f[schemas.ObsStatus].(*array.StringBuilder), f[schemas.ObsValue].(*array.Float64Builder)
	oComment, oRow, oCell := f[schemas.ObsComment].(*array.StringBuilder), f[schemas.ObsSourceRow].(*array.Int32Builder), f[schemas.ObsSourceCell].(*array.StringBuilder)

	for i := 0; i < int(raw.NumRows()); i++ {
		row := int(rows.Value(i))
		at := ""
		if cell.IsValid(i) {
			at = cell.Value(i)
		}
		ok := true
		bad := func(column, seen, msg string) {
			c.problem(schemas.SeverityError, row, at, column, seen, msg)
			ok = false
		}

		ei := c.element(elem.Value(i))
		if ei.err != "" {
			bad("data_element", elem.Value(i), ei.err)
		}
		pi := c.period(period.Value(i))
		if pi.err != "" {
			bad("period", period.Value(i), pi.err)
		}
		areaCode := ""
		if pi.err == "" {
			var msg string
			areaCode, msg = c.area(area.Value(i), pi.p)
			if msg != "" {
				bad("area", area.Value(i), msg)
			}
		}
		k, msg := normKind(nullable(kind, i))
		if msg != "" {
			bad("kind", nullable(kind, i), msg)
		}
		st, msg := normStatus(nullable(status, i))
		if msg != "" {
			bad("status", nullable(status, i), msg)
		}
		if ei.err == "" && k == schemas.KindYTD && ei.de.Kind != schemas.Flow {
			bad("kind", k, fmt.Sprintf("a year-to-date value applies to flows only; %s is a %s", ei.de.Code, ei.de.Kind))
		}

		text := nullable(value, i)
		if IsBlank(text) {
			c.sum.Blank++
			continue
		}
		var v float64
		var err error
		if numeric.Value(i) {
			v, err = strconv.ParseFloat(text, 64)
		} else {
			v, err = ParseNumber(text, ei.err == "" && ei.de.Counted())
		}
		if err != nil {
			bad("value", text, "expected a number such as 48500, 48.500, 103,19 or 103.19, or \"-\" for none")
		} else if ei.err == "" {
			scale, umsg := unitScale(nullable(unit, i), ei.de)
			if umsg != "" {
				bad("unit", nullable(unit, i), umsg)
			}
			v *= scale
			switch {
			case ei.de.Counted() && v < 0:
				bad("value", text, fmt.Sprintf("%s counts %s and cannot be negative", ei.de.Code, ei.de.Unit))
			case ei.de.Unit == schemas.Percent && (v < 0 || v > 100):
				bad("value", text, fmt.Sprintf("%s is a percentage and must lie between 0 and 100", ei.de.Code))
			}
		}
		if !ok {
			continue
		}
		c.seen.elements[ei.de.Code] = true
		c.seen.areas[areaCode] = true
		c.seen.periods[pi.p.Code()] = true
		c.sum.Rows++
		oElem.Append(ei.de.Code)
		oArea.Append(areaCode)
		oPeriod.Append(pi.p.Code())
		oKind.Append(k)
		oStatus.Append(st)
		oValue.Append(v)
		if comment.IsValid(i) {
			oComment.Append(schemas.NFC(comment.Value(i)))
		} else {
			oComment.AppendNull()
		}
		oRow.Append(int32(row))
		if cell.IsValid(i) {
			oCell.Append(cell.Value(i))
		} else {
			oCell.AppendNull()
		}
	}
}

func nullable(a *array.String, i int) string {
	if a.IsNull(i) {
		return ""
	}
	return a.Value(i)
}

func (c *converter) element(s string) elementInfo {
	if ei, ok := c.elements[s]; ok {
		return ei
	}
	var ei elementInfo
	if de, ok := c.t.Elements.Match(strings.TrimSpace(s)); ok {
		ei.de = de
	} else {
		var codes []string
		for _, de := range c.t.Elements.All() {
			codes = append(codes, de.Code)
		}
		ei.err = "unknown data element; expected one of " + strings.Join(codes, ", ")
	}
	c.elements[s] = ei
	return ei
}

func (c *converter) period(s string) periodInfo {
	if pi, ok := c.periods[s]; ok {
		return pi
	}
	var pi periodInfo
	p, err := schemas.ParsePeriod(s)
	if err != nil {
		pi.err = "expected a period such as 2024, 2024-Q1 or 2024-03"
	}
	pi.p = p
	c.periods[s] = pi
	return pi
}

// area resolves an area as of the end of the period: the map in force when
// the figure was measured.
func (c *converter) area(s string, p schemas.Period) (string, string) {
	key := [2]string{s, p.Code()}
	if code, ok := c.areas[key]; ok {
		if strings.HasPrefix(code, "!") {
			return "", code[1:]
		}
		return code, ""
	}
	a, err := c.t.Areas.Resolve(s, p.End())
	var msg string
	switch {
	case errors.Is(err, schemas.ErrUnknownArea):
		msg = "unknown province; expected a GSO code such as 40 or a province name such as Nghệ An"
	case err != nil:
		msg = fmt.Sprintf("not a valid area for period %s: %v", p.Code(), err)
	case a.Level != schemas.LevelProvince:
		msg = fmt.Sprintf("%s is a %s; provinces report their own figures, aggregates are computed", a.NameVI, a.Level)
	}
	if msg != "" {
		c.areas[key] = "!" + msg
		return "", msg
	}
	c.areas[key] = a.Code
	return a.Code, ""
}

func normKind(s string) (string, string) {
	switch schemas.Fold(s) {
	case "", "actual", "thuc hien", "th":
		return schemas.KindActual, ""
	case "plan", "ke hoach", "kh", "target":
		return schemas.KindPlan, ""
	case "ytd", "luy ke", "luy ke tu dau nam", "cumulative":
		return schemas.KindYTD, ""
	}
	return "", "expected kind actual, plan or ytd"
}

func normStatus(s string) (string, string) {
	switch schemas.Fold(s) {
	case "", "final", "chinh thuc":
		return schemas.StatusFinal, ""
	case "provisional", "so bo", "preliminary":
		return schemas.StatusProvisional, ""
	case "estimated", "uoc tinh", "uoc thuc hien", "estimate":
		return schemas.StatusEstimated, ""
	}
	return "", "expected status final, provisional or estimated"
}
