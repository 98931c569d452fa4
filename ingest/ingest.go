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

	"chitieu/schemas"
)

// BatchRows is the number of rows per record batch: large enough for DuckDB
// to scan efficiently (eight of its vectors), small enough that memory is
// bounded by it and not by the file. A load has about ten batches in
// flight (read ahead, converted, being stored): 13–26 MB of live Go heap
// while a 2-million-row CSV streams.
const BatchRows = 16 * 1024

// ErrUnsupported is returned for a file no reader recognises.
var ErrUnsupported = errors.New("unsupported file")

// Refusal is a file no reader takes, with the reason for each of its parts
// (a workbook's sheets), so that a refusal names every reason rather than
// the first near miss. It wraps the reader's error (ErrUnsupported).
type Refusal struct {
	Err      error
	Problems schemas.Problems
}

func (r *Refusal) Error() string { return r.Err.Error() }
func (r *Refusal) Unwrap() error { return r.Err }

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
	element, area, period, kind, status, value, unit, comment, cell schemas.StringColumn
	numeric                                                         schemas.BoolColumn
	row                                                             schemas.Int32Column
	n                                                               int
}

// NewRawBuilder returns an empty builder.
func NewRawBuilder() *RawBuilder { return &RawBuilder{} }

// Len is the number of rows appended since the last batch.
func (rb *RawBuilder) Len() int { return rb.n }

// Append adds one raw value. Empty strings are appended as nulls for the
// nullable columns.
func (rb *RawBuilder) Append(r *Raw) {
	rb.element.Append(r.Element)
	rb.area.Append(r.Area)
	rb.period.Append(r.Period)
	rb.kind.AppendOrNull(r.Kind)
	rb.status.AppendOrNull(r.Status)
	rb.value.AppendOrNull(r.Value)
	rb.numeric.Append(r.Numeric)
	rb.unit.AppendOrNull(r.Unit)
	rb.comment.AppendOrNull(r.Comment)
	rb.row.Append(int32(r.Row))
	rb.cell.AppendOrNull(r.Cell)
	rb.n++
}

// Batch returns the rows appended so far as a record batch and resets the
// builder.
func (rb *RawBuilder) Batch() arrow.RecordBatch {
	rec := schemas.NewBatch(schemas.RawSchema, rb.n, &rb.element, &rb.area, &rb.period, &rb.kind, &rb.status,
		&rb.value, &rb.numeric, &rb.unit, &rb.comment, &rb.row, &rb.cell)
	rb.n = 0
	return rec
}
