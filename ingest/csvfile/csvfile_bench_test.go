package csvfile

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"testing"
	"time"

	"chitieu/schemas"
	"chitieu/transform"
)

// longCSV is an in-memory long CSV of n rows of monthly flows for the 63
// provinces: codes, canonical months, plain integers, as a national
// compilation would hold them.
func longCSV(b *testing.B, n int) []byte {
	b.Helper()
	areas, err := schemas.LoadAreas()
	if err != nil {
		b.Fatal(err)
	}
	provinces := areas.Provinces(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	flows := []string{"jobs_created", "jobs_abroad", "vet_enrolment", "vet_graduates"}
	var buf bytes.Buffer
	buf.WriteString("data_element,area,period,value,kind,status,comment\n")
	for i := range n {
		month := i / (len(provinces) * len(flows))
		buf.WriteString(flows[i%len(flows)] + "," + provinces[i/len(flows)%len(provinces)].Code + "," +
			schemas.MonthPeriod(2000+month/12%25, 1+month%12).Code() + "," + strconv.Itoa(i%50_000) + ",actual,final,\n")
	}
	return buf.Bytes()
}

const benchRows = 250_000

// BenchmarkRead measures the long CSV reader alone: decoding, splitting and
// building raw batches, in rows per second.
func BenchmarkRead(b *testing.B) {
	data := longCSV(b, benchRows)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r, err := newReader(bytes.NewReader(data), "bench.csv")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			rec, err := r.Next(context.Background())
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n += int(rec.NumRows())
			rec.Release()
		}
		r.Close()
		if n != benchRows {
			b.Fatalf("read %d rows, want %d", n, benchRows)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkReadTransform measures the reader and the transform together,
// as chitieu ingest runs them before DuckDB stores the batches.
func BenchmarkReadTransform(b *testing.B) {
	data := longCSV(b, benchRows)
	areas, err := schemas.LoadAreas()
	if err != nil {
		b.Fatal(err)
	}
	elements, err := schemas.LoadElements()
	if err != nil {
		b.Fatal(err)
	}
	tr := &transform.Transformer{Areas: areas, Elements: elements}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r, err := newReader(bytes.NewReader(data), "bench.csv")
		if err != nil {
			b.Fatal(err)
		}
		s := tr.Stream(context.Background(), "bench.csv", r)
		if err := s.Drain(); err != nil {
			b.Fatal(err)
		}
		r.Close()
		if sum := s.Summary(); sum.Rows != benchRows || sum.Rejected() {
			b.Fatalf("transform: %d rows, problems %v; want %d rows", sum.Rows, sum.Problems.Err(), benchRows)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
