// Package ingest reads provincial submissions. Each file format is an adapter
// in its own package (ingest/csvfile, ingest/xlsx) that streams the file's
// reported values as Arrow record batches in schemas.RawSchema, without
// interpreting them: numbers stay text as seen, names stay as written. The
// transform package turns raw batches into observations.
package ingest

import (
	"context"
	"errors"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"chitieu/schemas"
)

// BatchRows is the number of rows per record batch: large enough for DuckDB
// to scan efficiently, small enough that memory is bounded by it and not by
// the file.
const BatchRows = 64 * 1024

// ErrUnsupported is returned for a file no reader recognises.
var ErrUnsupported = errors.New("unsupported file")

// Header is what a file says about itself before its values: the template
// it was read with and, when the file names them (a title row "TỈNH NGHỆ AN",
// "THÁNG 12 NĂM 2024"), its province and period as written.
type Header struct {
	Template string
	Area     string
	Period   string
}

// Reader streams one file's values.
type Reader interface {
	// Header describes the file; valid once the reader is open.
	Header() Header
	// Next returns the next batch in schemas.RawSchema, or io.EOF after the
	// last. The caller releases the batch.
	Next(ctx context.Context) (arrow.RecordBatch, error)
	// Problems returns what the reader could not map (an unknown row label,
	// a row with too few fields); the file's values are still read.
	Problems() schemas.Problems
	Close() error
}

// Raw is one reported value as a reader found it.
type Raw struct {
	Element, Area, Period, Kind, Status, Value, Unit, Comment string
	Numeric                                                   bool
	Row                                                       int
	Cell                                                      string
}

// RawBuilder accumulates raw values into a record batch in schemas.RawSchema.
type RawBuilder struct {
	b *array.RecordBuilder
	n int
}

// NewRawBuilder returns a builder using the Go allocator.
func NewRawBuilder() *RawBuilder {
	b := array.NewRecordBuilder(memory.DefaultAllocator, schemas.RawSchema)
	b.Reserve(BatchRows)
	return &RawBuilder{b: b}
}

// Len is the number of rows appended since the last batch.
func (rb *RawBuilder) Len() int { return rb.n }

// Append adds one raw value. Empty strings are appended as nulls for the
// nullable columns.
func (rb *RawBuilder) Append(r *Raw) {
	f := rb.b.Fields()
	f[schemas.RawElement].(*array.StringBuilder).Append(r.Element)
	f[schemas.RawArea].(*array.StringBuilder).Append(r.Area)
	f[schemas.RawPeriod].(*array.StringBuilder).Append(r.Period)
	appendOrNull(f[schemas.RawKind].(*array.StringBuilder), r.Kind)
	appendOrNull(f[schemas.RawStatus].(*array.StringBuilder), r.Status)
	appendOrNull(f[schemas.RawValue].(*array.StringBuilder), r.Value)
	f[schemas.RawNumeric].(*array.BooleanBuilder).Append(r.Numeric)
	appendOrNull(f[schemas.RawUnit].(*array.StringBuilder), r.Unit)
	appendOrNull(f[schemas.RawComment].(*array.StringBuilder), r.Comment)
	f[schemas.RawSourceRow].(*array.Int32Builder).Append(int32(r.Row))
	appendOrNull(f[schemas.RawSourceCell].(*array.StringBuilder), r.Cell)
	rb.n++
}

func appendOrNull(b *array.StringBuilder, s string) {
	if s == "" {
		b.AppendNull()
		return
	}
	b.Append(s)
}

// Batch returns the rows appended so far as a record batch and resets the
// builder.
func (rb *RawBuilder) Batch() arrow.RecordBatch {
	rb.n = 0
	rec := rb.b.NewRecordBatch()
	rb.b.Reserve(BatchRows)
	return rec
}

// Release frees the builder.
func (rb *RawBuilder) Release() { rb.b.Release() }
