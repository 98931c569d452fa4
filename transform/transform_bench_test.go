package transform

import (
	"context"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"chitieu/ingest"
	"chitieu/schemas"
)

// batchSource yields the same prepared batches on every pass; the
// transform releases what it is given, so each is retained first.
type batchSource struct {
	recs []arrow.RecordBatch
	next int
}

func (s *batchSource) Next(context.Context) (arrow.RecordBatch, error) {
	if s.next == len(s.recs) {
		return nil, io.EOF
	}
	r := s.recs[s.next]
	s.next++
	r.Retain()
	return r, nil
}

// longRaws builds n raw rows as a long CSV of monthly flows would hold them:
// codes, canonical months, plain integers, kind and status written out.
func longRaws(b *testing.B, n int) []arrow.RecordBatch {
	b.Helper()
	areas, err := schemas.LoadAreas()
	if err != nil {
		b.Fatal(err)
	}
	provinces := areas.Provinces(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	flows := []string{"jobs_created", "jobs_abroad", "vet_enrolment", "vet_graduates"}
	rb := ingest.NewRawBuilder()
	var recs []arrow.RecordBatch
	for i := range n {
		month := i / (len(provinces) * len(flows))
		raw := ingest.Raw{
			Element: flows[i%len(flows)],
			Area:    provinces[i/len(flows)%len(provinces)].Code,
			Period:  schemas.MonthPeriod(2000+month/12%25, 1+month%12).Code(),
			Kind:    schemas.KindActual, Status: schemas.StatusFinal,
			Value: strconv.Itoa(i % 50_000), Row: i + 2,
		}
		rb.Append(&raw)
		if rb.Len() == ingest.BatchRows {
			recs = append(recs, rb.Batch())
		}
	}
	if rb.Len() > 0 {
		recs = append(recs, rb.Batch())
	}
	return recs
}

// BenchmarkTransform measures the transform alone on raw batches held in
// memory (no reading, no storing), in rows per second.
func BenchmarkTransform(b *testing.B) {
	const rows = 16 * ingest.BatchRows // a file of 262,144 values: its codes resolved once, its batches many times
	recs := longRaws(b, rows)
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	tr := newTransformer(b)
	for b.Loop() {
		s := tr.Stream(context.Background(), "bench.csv", &batchSource{recs: recs})
		if err := s.Drain(); err != nil {
			b.Fatal(err)
		}
		if sum := s.Summary(); sum.Rows != rows || sum.Rejected() {
			b.Fatalf("transform: %d rows, problems %v; want %d rows", sum.Rows, sum.Problems.Err(), rows)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
