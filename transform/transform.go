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
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

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
	Named     []string         // area codes any row named, its values valid or not, sorted
	Periods   []string         // period codes, sorted
	Elements  []string         // data element codes, sorted
	Problems  schemas.Problems // the first MaxProblems problems
	Dropped   int              // problems beyond MaxProblems
	Blank     int64            // values reported as blank ("-", empty), not stored
	errorSeen bool

	// What the file holds, so that the warehouse runs only the checks with
	// something to look at (warehouse.Holdings).
	Parts         bool      // a data element that is part of another (of which, a rate's numerator)
	MonthlyActual bool      // a month's own figure
	MonthlyYTD    bool      // a month's year-to-date figure
	Stated        bool      // a stated percentage (of plan, of last year)
	Repeats       bool      // a data element, area, period and kind given twice
	LatestStart   time.Time // the latest start of a period given a result (not a plan)
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

// Stream starts converting src, reporting problems against file. Two
// goroutines own the work: one reads raw batches ahead, one converts them;
// with DuckDB storing the previous batch, the three stages overlap. The
// stream must be drained or closed; Close waits for both goroutines.
func (t *Transformer) Stream(ctx context.Context, file string, src Source) *Stream {
	ctx, cancel := context.WithCancel(ctx)
	s := &Stream{out: make(chan arrow.RecordBatch, 2), cancel: cancel, done: make(chan struct{}), refs: 1}
	raws := make(chan rawBatch, 2)
	go readAhead(ctx, src, raws)
	c := newConverter(t, file, &s.sum)
	go func() {
		defer close(s.done)
		defer close(s.out)
		s.err = c.run(ctx, raws, s.out)
		for rb := range raws { // let the reader finish before the caller closes it
			if rb.rec != nil {
				rb.rec.Release()
			}
		}
		c.finish()
	}()
	return s
}

// rawBatch is a raw batch read ahead, or the error that ended reading.
type rawBatch struct {
	rec arrow.RecordBatch
	err error
}

// readAhead reads src until it ends, fails or ctx is cancelled, and closes out.
func readAhead(ctx context.Context, src Source, out chan<- rawBatch) {
	defer close(out)
	for {
		rec, err := src.Next(ctx)
		select {
		case out <- rawBatch{rec, err}:
		case <-ctx.Done():
			if rec != nil {
				rec.Release()
			}
			return
		}
		if err != nil {
			return
		}
	}
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
// Files repeat the same few element, area, period, kind and status texts on
// every row, so each distinct text is resolved once; the cache entries also
// record whether a valid row used them, for the summary.
type converter struct {
	t        *Transformer
	file     string
	sum      *Summary
	elements memo[string, *elementInfo]
	periods  memo[string, *periodInfo]
	areas    memo[areaKey, *areaInfo]
	kinds    memo[string, *codeInfo]
	statuses memo[string, *codeInfo]
	keys     keySet // the keys of the values emitted
	b        observations
	parts    map[string]bool // data elements bound by another: parts and numerators

	unknownElement schemas.Message // the message of an unknown data element, built once

	// How the file writes numbers as text, for the one rule per file.
	ambiguous map[ambiguity]*ambiguousSeen // values like "48.500", read by their unit
	decimals  map[byte]*decimalSeen        // decimal marks the file's unambiguous values prove
}

// ambiguity is a separator and how it was read in values like "48.500".
type ambiguity struct {
	sep   byte
	group bool // read as a thousands separator (counts), else as a decimal mark
}

// ambiguousSeen is the first such value and how many there are.
type ambiguousSeen struct {
	n   int
	how string  // how it was read: a term of schemas' messages
	v   float64 // the first value as read
	p   schemas.Problem
}

// decimalSeen is the first value proving a decimal mark, and how many do.
type decimalSeen struct {
	n          int
	row        int
	cell, text string
}

type elementInfo struct {
	de   schemas.DataElement
	id   int32 // the element's number in keys
	err  schemas.Message
	used bool
}

type periodInfo struct {
	p     schemas.Period
	id    int32 // the period's number in keys
	code  string
	err   schemas.Message
	used  bool
	start time.Time // the period's first day, for the summary
}

// memo holds what each distinct text resolved to. A file repeats a row's
// element, area and period on the rows that follow, so the last key looked
// up is compared before the map is hashed. The texts of a batch point into
// its buffers: a key kept in the map is a copy, or the map would keep every
// batch that brought a new key alive until the file ends.
//
// Texts that resolve to nothing (an unknown data element, a misspelt
// period) are kept only up to maxFailedMemo of each kind: a file of a
// million distinct unknown names is checked name by name, at the cost of
// looking each up again, rather than held in memory whole.
type memo[K comparable, V any] struct {
	m      map[K]V
	last   K
	val    V
	has    bool
	failed int // entries that resolved to an error
}

// maxFailedMemo is how many texts of one kind that resolve to an error a
// memo keeps.
const maxFailedMemo = 1024

func (m *memo[K, V]) get(k K) (V, bool) {
	if m.has && k == m.last {
		return m.val, true
	}
	v, ok := m.m[k]
	if ok {
		m.last, m.val, m.has = k, v, true
	}
	return v, ok
}

// put remembers what k resolved to; failed says it resolved to an error.
func (m *memo[K, V]) put(k K, v V, failed bool) {
	m.last, m.val, m.has = k, v, true
	if failed {
		if m.failed >= maxFailedMemo {
			return
		}
		m.failed++
	}
	if m.m == nil {
		m.m = map[K]V{}
	}
	m.m[k] = v
}

// keySet holds the data element, area, period and kind of every value a
// file gave, to tell as it streams whether one was given twice: codes are
// numbered as they are met, and each element and area the file has gets a
// bitmap with a bit per period and kind. A national file of 1.4 million
// values takes a few hundred kilobytes, where a set of its keys would take
// tens of megabytes.
type keySet struct {
	numbers map[string]int32       // "kind:code" → number
	counts  map[string]int32       // kind → codes numbered
	bits    map[[2]int32]*[]uint64 // element, area → bit per period × kind
	last    [2]int32               // the element and area of the last value
	lastSet *[]uint64              // and their bitmap
}

// kindSlots is the room each period has for kinds in a bitmap.
const kindSlots = 8

// number returns the number of a code of the given kind of code.
func (ks *keySet) number(kind, code string) int32 {
	if ks.numbers == nil {
		ks.numbers, ks.counts = map[string]int32{}, map[string]int32{}
	}
	k := kind + ":" + code
	n, ok := ks.numbers[k]
	if !ok {
		n = ks.counts[kind]
		ks.numbers[k] = n
		ks.counts[kind]++
	}
	return n
}

// add records a value's key, and reports whether it is new.
func (ks *keySet) add(element, area, period, kind int32) bool {
	pair := [2]int32{element, area}
	if ks.lastSet == nil || pair != ks.last {
		set := ks.bits[pair]
		if set == nil {
			if ks.bits == nil {
				ks.bits = map[[2]int32]*[]uint64{}
			}
			set = new([]uint64)
			ks.bits[pair] = set
		}
		ks.last, ks.lastSet = pair, set
	}
	bit := int(period)*kindSlots + int(kind)
	set := ks.lastSet
	for len(*set) <= bit/64 {
		*set = append(*set, 0)
	}
	w, m := &(*set)[bit/64], uint64(1)<<(bit%64)
	if *w&m != 0 {
		return false
	}
	*w |= m
	return true
}

type areaKey struct{ text, period string }

type areaInfo struct {
	code   string
	id     int32 // the area's number in keys
	err    schemas.Message
	note   schemas.Message // a warning to give once: an old province read as its successor
	warned bool
	used   bool
}

type codeInfo struct {
	code string
	err  schemas.Message
	id   int32 // the kind's number in keys
}

func newConverter(t *Transformer, file string, sum *Summary) *converter {
	parts := map[string]bool{}
	for _, b := range t.Elements.Bounds() {
		parts[b.Part] = true
	}
	for _, g := range t.Elements.Groups() {
		for _, code := range g {
			parts[code] = true // checked with the parts: the group sums to 100
		}
	}
	return &converter{parts: parts, t: t, file: file, sum: sum,
		decimals: map[byte]*decimalSeen{}, ambiguous: map[ambiguity]*ambiguousSeen{}}
}

func (c *converter) run(ctx context.Context, raws <-chan rawBatch, out chan<- arrow.RecordBatch) error {
	for rb := range raws {
		if errors.Is(rb.err, io.EOF) {
			return nil
		}
		if rb.err != nil {
			return rb.err
		}
		c.convert(rb.rec)
		rb.rec.Release()
		rec := c.b.batch()
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
	return ctx.Err()
}

// notice records how a number written as text uses its separators.
func (c *converter) notice(text string, v float64, counted bool, row int, cell string) {
	ambiguous, dec := Separators(text)
	switch {
	case ambiguous:
		sep := byte('.')
		if strings.Contains(text, ",") {
			sep = ','
		}
		k := ambiguity{sep, counted}
		a := c.ambiguous[k]
		if a == nil {
			how := "a decimal mark, as for every percentage"
			if counted {
				how = "a thousands separator, as for every count of persons or households"
			}
			text, cell = strings.Clone(text), strings.Clone(cell) // kept past the batch
			a = &ambiguousSeen{how: how, v: v, p: schemas.Problem{Severity: schemas.SeverityWarning, File: c.file, Row: row, Value: text}}
			c.locate(&a.p, cell, "value")
			c.ambiguous[k] = a
		}
		a.n++
	case dec != 0:
		d := c.decimals[dec]
		if d == nil {
			d = &decimalSeen{row: row, cell: strings.Clone(cell), text: strings.Clone(text)}
			c.decimals[dec] = d
		}
		d.n++
	}
}

// locate puts a problem at a workbook cell, or at a row and column of a
// text file.
func (c *converter) locate(p *schemas.Problem, cell, column string) {
	if cell == "" {
		p.Column = column
		return
	}
	p.Cell, p.Row = cell, 0
	if sheet, ref, ok := schemas.SplitSheetCell(cell); ok {
		p.Sheet, p.Cell = sheet, ref
	}
}

// numberProblems reports, once per file, the values whose reading was a
// guess, and a file that writes decimals both ways.
func (c *converter) numberProblems() {
	// A value like "48.500" is no guess when the file's other values show
	// the same habit: "1.610.000" or "103,19" beside it say "." groups.
	for _, k := range slices.SortedFunc(maps.Keys(c.ambiguous), func(a, b ambiguity) int {
		return c.ambiguous[a].p.Row - c.ambiguous[b].p.Row
	}) {
		a := c.ambiguous[k]
		other := byte(',')
		if k.sep == ',' {
			other = '.'
		}
		asDecimal, otherDecimal := c.decimals[k.sep], c.decimals[other]
		if k.group && otherDecimal != nil && asDecimal == nil || !k.group && asDecimal != nil && otherDecimal == nil {
			continue
		}
		var m schemas.Message
		switch mixed := k.group && asDecimal != nil; {
		case a.n > 1 && mixed:
			m = schemas.Say("value.separator_n_mixed", a.how, a.v, a.n, string(k.sep), asDecimal.text)
		case a.n > 1:
			m = schemas.Say("value.separator_n", a.how, a.v, a.n)
		case mixed:
			m = schemas.Say("value.separator_mixed", a.how, a.v, string(k.sep), asDecimal.text)
		default:
			m = schemas.Say("value.separator", a.how, a.v)
		}
		c.add(a.p.Says(m))
	}
	dot, comma := c.decimals['.'], c.decimals[',']
	if dot != nil && comma != nil {
		other := comma // the later kind, where the file changes its habit
		if comma.row < dot.row {
			other = dot
		}
		p := schemas.Problem{Severity: schemas.SeverityWarning, File: c.file, Row: other.row, Value: other.text}.Says(
			schemas.Say("file.decimals_both_ways", dot.n, dot.text, comma.n, comma.text))
		c.locate(&p, other.cell, "value")
		c.add(p)
	}
}

// add records a problem built elsewhere.
func (c *converter) add(p schemas.Problem) {
	if p.Severity == schemas.SeverityError {
		c.sum.errorSeen = true
	}
	if len(c.sum.Problems) >= MaxProblems {
		c.sum.Dropped++
		return
	}
	c.sum.Problems = append(c.sum.Problems, p)
}

// holds records what kind of value the file holds.
func (c *converter) holds(ei *elementInfo, kind string, pi *periodInfo) {
	s := c.sum
	if !s.Parts && c.parts[ei.de.Code] {
		s.Parts = true
	}
	month := pi.p.Type == schemas.Month
	switch {
	case kind == schemas.KindActual && month:
		s.MonthlyActual = true
	case kind == schemas.KindYTD && month:
		s.MonthlyYTD = true
	case schemas.Reported(kind):
		s.Stated = true
	}
	if kind != schemas.KindPlan && pi.start.After(s.LatestStart) {
		s.LatestStart = pi.start
	}
}

func (c *converter) finish() {
	c.numberProblems()
	areas, named, periods, elements := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, a := range c.areas.m {
		if a.used {
			areas[a.code] = true
		}
		if a.code != "" {
			named[a.code] = true
		}
	}
	for _, p := range c.periods.m {
		if p.used {
			periods[p.code] = true
		}
	}
	for _, e := range c.elements.m {
		if e.used {
			elements[e.de.Code] = true
		}
	}
	for _, x := range []struct {
		set map[string]bool
		dst *[]string
	}{{areas, &c.sum.Areas}, {named, &c.sum.Named}, {periods, &c.sum.Periods}, {elements, &c.sum.Elements}} {
		for k := range x.set {
			*x.dst = append(*x.dst, k)
		}
		sort.Strings(*x.dst)
	}
}

// problem records one problem at the row's position.
func (c *converter) problem(sev string, row int, cell, column, value string, msg schemas.Message) {
	if sev == schemas.SeverityError {
		c.sum.errorSeen = true
	}
	if len(c.sum.Problems) >= MaxProblems {
		c.sum.Dropped++
		return
	}
	// value and cell point into the batch, which a problem outlives
	value, cell = strings.Clone(value), strings.Clone(cell)
	p := schemas.Problem{Severity: sev, File: c.file, Row: row, Value: value}.Says(msg)
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

	o := &c.b
	for i := 0; i < int(raw.NumRows()); i++ {
		row := int(rows.Value(i))
		at := ""
		if cell.IsValid(i) {
			at = cell.Value(i)
		}
		ok := true
		bad := func(column, seen string, msg schemas.Message) {
			c.problem(schemas.SeverityError, row, at, column, seen, msg)
			ok = false
		}

		ei := c.element(elem.Value(i))
		if ei.err.Code != "" {
			bad("data_element", elem.Value(i), ei.err)
		}
		pi := c.period(period.Value(i))
		if pi.err.Code != "" {
			bad("period", period.Value(i), pi.err)
		}
		var ai *areaInfo
		if pi.err.Code == "" {
			ai = c.area(area.Value(i), pi)
			if ai.err.Code != "" {
				bad("area", area.Value(i), ai.err)
			} else if ai.note.Code != "" && !ai.warned {
				c.problem(schemas.SeverityWarning, row, at, "area", area.Value(i), ai.note)
				ai.warned = true
			}
		}
		k := c.kind(nullable(kind, i))
		if k.err.Code != "" {
			bad("kind", nullable(kind, i), k.err)
		}
		st := c.status(nullable(status, i))
		if st.err.Code != "" {
			bad("status", nullable(status, i), st.err)
		}
		if ei.err.Code == "" && k.code == schemas.KindYTD && ei.de.Kind != schemas.Flow {
			bad("kind", k.code, schemas.Say("value.ytd_not_flow", ei.de.Code, ei.de.Kind))
		}

		text := nullable(value, i)
		if IsBlank(text) {
			c.sum.Blank++
			continue
		}
		var v float64
		var err error
		var target Target // a plan stated as a bound, range or reduction
		if numeric.Value(i) {
			v, err = strconv.ParseFloat(text, 64)
		} else {
			counted := ei.err.Code == "" && ei.de.Counted() && !schemas.Reported(k.code)
			v, err = ParseNumber(text, counted)
			if err == nil && strings.ContainsAny(text, ".,") {
				c.notice(text, v, counted, row, at)
			}
			// Not a number: perhaps a target stated as a bound, range or
			// reduction ("<4", "1 - 1,5", "giảm 1,5"), which no number reads.
			if err != nil {
				var shaped bool
				var terr error
				if target, shaped, terr = ParseTarget(text, counted); shaped {
					switch {
					case terr != nil:
						bad("value", text, schemas.Say("value.bad_target", terr))
					case k.code != schemas.KindPlan:
						bad("value", text, schemas.Say("value.target_not_plan"))
					}
					err, v = nil, target.Low
				}
			}
		}
		if err != nil {
			bad("value", text, schemas.Say("value.not_number"))
		} else if ei.err.Code == "" && schemas.Reported(k.code) {
			if v < 0 {
				bad("value", text, schemas.Say("value.negative_pct"))
			}
		} else if ei.err.Code == "" {
			scale, umsg := unitScale(nullable(unit, i), ei.de)
			if umsg.Code != "" {
				bad("unit", nullable(unit, i), umsg)
			}
			v *= scale
			target.High *= scale
			switch {
			case ei.de.Counted() && v < 0:
				bad("value", text, schemas.Say("value.negative_count", ei.de.Code, ei.de.Unit))
			case ei.de.Unit == schemas.Percent && (v < 0 || v > 100 || target.High > 100):
				bad("value", text, schemas.Say("value.pct_range", ei.de.Code))
			}
		}
		if !ok {
			continue
		}
		ei.used, ai.used, pi.used = true, true, true
		c.holds(ei, k.code, pi)
		if !c.keys.add(ei.id, ai.id, pi.id, k.id) {
			c.sum.Repeats = true
		}
		c.sum.Rows++
		o.element.Append(ei.de.Base())
		o.breakdown.Append(ei.de.BreakdownOrTotal())
		o.area.Append(ai.code)
		o.period.Append(pi.code)
		o.kind.Append(k.code)
		o.status.Append(st.code)
		o.value.Append(v)
		if comment.IsValid(i) {
			o.comment.Append(schemas.NFC(comment.Value(i)))
		} else {
			o.comment.AppendNull()
		}
		o.row.Append(int32(row))
		if cell.IsValid(i) {
			o.cell.Append(cell.Value(i))
		} else {
			o.cell.AppendNull()
		}
		if target.Shape != TargetPoint {
			o.shape.Append(target.Shape)
			o.high.Append(target.High)
		} else {
			o.shape.AppendNull()
			o.high.AppendNull()
		}
		o.n++
	}
}

// observations builds a batch in schemas.ObservationSchema.
type observations struct {
	element, breakdown, area, period, kind, status, comment, cell, shape schemas.StringColumn
	value, high                                                          schemas.Float64Column
	row                                                                  schemas.Int32Column
	n                                                                    int
}

// batch returns the observations appended so far and starts a new batch.
func (o *observations) batch() arrow.RecordBatch {
	rec := schemas.NewBatch(schemas.ObservationSchema, o.n, &o.element, &o.breakdown, &o.area, &o.period, &o.kind, &o.status,
		&o.value, &o.comment, &o.row, &o.cell, &o.shape, &o.high)
	o.n = 0
	return rec
}

func nullable(a *array.String, i int) string {
	if a.IsNull(i) {
		return ""
	}
	return a.Value(i)
}

func (c *converter) element(s string) *elementInfo {
	if ei, ok := c.elements.get(s); ok {
		return ei
	}
	s = strings.Clone(s) // a key of the memo: not the batch's memory
	ei := &elementInfo{}
	if de, ok := c.t.Elements.Match(strings.TrimSpace(s)); ok {
		ei.de = de
		ei.id = c.keys.number("element", de.Code)
	} else {
		if c.unknownElement.Code == "" {
			var codes []string
			for _, de := range c.t.Elements.All() {
				codes = append(codes, de.Code)
			}
			c.unknownElement = schemas.Say("value.unknown_element", strings.Join(codes, ", "))
		}
		ei.err = c.unknownElement // one string for every unknown name
	}
	c.elements.put(s, ei, ei.err.Code != "")
	return ei
}

func (c *converter) period(s string) *periodInfo {
	if pi, ok := c.periods.get(s); ok {
		return pi
	}
	s = strings.Clone(s) // a key of the memo: not the batch's memory
	pi := &periodInfo{}
	p, err := schemas.ParsePeriod(s)
	if err != nil {
		pi.err = schemas.Say("value.bad_period")
	}
	pi.p, pi.code = p, p.Code()
	if err == nil {
		pi.start = p.Start()
		pi.id = c.keys.number("period", pi.code)
	}
	c.periods.put(s, pi, pi.err.Code != "")
	return pi
}

// area resolves an area on the map of the period (schemas.Areas.ResolveFor):
// the map in force when the figure was measured.
func (c *converter) area(s string, pi *periodInfo) *areaInfo {
	key := areaKey{s, pi.code}
	if ai, ok := c.areas.get(key); ok {
		return ai
	}
	key.text = strings.Clone(s) // a key of the memo: not the batch's memory
	ai := &areaInfo{}
	a, note, err := c.t.Areas.ResolveFor(s, pi.p)
	ai.note = note
	switch {
	case errors.Is(err, schemas.ErrUnknownArea):
		ai.err = schemas.Say("value.unknown_area")
	case err != nil:
		ai.err = schemas.Say("value.area_not_valid", pi.code, err)
	default:
		// The nation and the regions report too: the ministry's plan, GSO's
		// survey figure. They are stored as that area's own; the figures
		// built from the provinces are computed beside them.
		ai.code = a.Code
		ai.id = c.keys.number("area", a.Code)
	}
	c.areas.put(key, ai, ai.err.Code != "")
	return ai
}

func (c *converter) kind(s string) *codeInfo {
	if k, ok := c.kinds.get(s); ok {
		return k
	}
	s = strings.Clone(s) // a key of the memo: not the batch's memory
	code, err := normKind(s)
	k := &codeInfo{code: code, err: err, id: c.keys.number("kind", code)}
	c.kinds.put(s, k, k.err.Code != "")
	return k
}

func (c *converter) status(s string) *codeInfo {
	if st, ok := c.statuses.get(s); ok {
		return st
	}
	s = strings.Clone(s) // a key of the memo: not the batch's memory
	code, err := normStatus(s)
	st := &codeInfo{code: code, err: err}
	c.statuses.put(s, st, st.err.Code != "")
	return st
}

func normKind(s string) (string, schemas.Message) {
	if k, ok := schemas.ParseKind(s); ok {
		return k, schemas.Message{}
	}
	return "", schemas.Say("value.bad_kind")
}

func normStatus(s string) (string, schemas.Message) {
	switch schemas.Fold(s) {
	case "", "final", "chinh thuc":
		return schemas.StatusFinal, schemas.Message{}
	case "provisional", "so bo", "preliminary":
		return schemas.StatusProvisional, schemas.Message{}
	case "estimated", "uoc tinh", "uoc thuc hien", "estimate":
		return schemas.StatusEstimated, schemas.Message{}
	}
	return "", schemas.Say("value.bad_status")
}
