package warehouse_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	stdcsv "encoding/csv"
	"encoding/hex"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/indicators"
	"chitieu/ingest/csvfile"
	"chitieu/schemas"
	"chitieu/transform"
	"chitieu/warehouse"
)

// fixture is a warehouse in a temporary directory with the real codelists
// and indicator definitions.
type fixture struct {
	t    *testing.T
	dir  string
	path string
	w    *warehouse.Warehouse
	ref  warehouse.Reference
	tr   *transform.Transformer
	now  time.Time // the warehouse's clock: when files are received and loaded
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	areas, err := schemas.LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	return newFixtureWith(t, areas)
}

// newFixtureWith is newFixture with another area codelist.
func newFixtureWith(t *testing.T, areas *schemas.Areas) *fixture {
	t.Helper()
	elements, err := schemas.LoadElements()
	if err != nil {
		t.Fatal(err)
	}
	defs, err := indicators.Load(elements)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := &fixture{t: t, dir: dir, path: filepath.Join(dir, "test.duckdb"),
		ref: warehouse.Reference{Areas: areas, Elements: elements, Views: indicators.InstallSQL(defs)},
		tr:  &transform.Transformer{Areas: areas, Elements: elements},
		now: time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)} // after every period the tests load
	f.open()
	t.Cleanup(func() { f.w.Close() })
	return f
}

// checkStore fails the test when the indicator store differs from the views.
func (f *fixture) checkStore() {
	f.t.Helper()
	missing, extra, err := f.w.StoreDifferences(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	if missing != 0 || extra != 0 {
		f.t.Errorf("indicator store: %d rows of the views missing, %d rows the views do not have", missing, extra)
	}
}

func (f *fixture) open() {
	f.t.Helper()
	w, err := warehouse.Open(context.Background(), f.path, f.ref, func() time.Time { return f.now })
	if err != nil {
		f.t.Fatal(err)
	}
	f.w = w
}

func (f *fixture) reopen() {
	f.t.Helper()
	if err := f.w.Close(); err != nil {
		f.t.Fatal(err)
	}
	f.open()
}

// load writes body as a long CSV named name and loads it.
func (f *fixture) load(name, body string) (warehouse.Result, error) {
	f.t.Helper()
	path := filepath.Join(f.dir, name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		f.t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(body))
	r, err := csvfile.Open(path, name)
	if err != nil {
		f.t.Fatal(err)
	}
	defer r.Close()
	stream := f.tr.Stream(context.Background(), name, r)
	defer stream.Close()
	sub := warehouse.Submission{FileName: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(body)), Template: "long_csv"}
	return f.w.Load(context.Background(), sub, stream, func() warehouse.Contents {
		c := warehouse.ContentsOf(stream.Summary())
		c.Problems = append(r.Problems(), c.Problems...)
		return c
	})
}

// mustLoad loads a file that must be accepted.
func (f *fixture) mustLoad(name, body string) warehouse.Result {
	f.t.Helper()
	res, err := f.load(name, body)
	if err != nil {
		f.t.Fatalf("load %s: %v", name, err)
	}
	return res
}

// csv builds a long CSV from rows "element,area,period,value[,kind[,status]]".
func csv(rows ...string) string {
	var b strings.Builder
	b.WriteString("data_element,area,period,value,kind,status\n")
	for _, r := range rows {
		fields, err := stdcsv.NewReader(strings.NewReader(r)).Read()
		if err != nil {
			panic(err)
		}
		b.WriteString(r + strings.Repeat(",", 6-len(fields)) + "\n")
	}
	return b.String()
}

// row is one indicator_values row, the columns tests look at.
type row struct {
	value, plan, pct, prev, pctPrev, change sql.NullFloat64
	reporting, expected                     int
	status                                  string
	conflicts                               int
}

func (f *fixture) indicator(ind, area, period string) (row, bool) {
	f.t.Helper()
	var r row
	err := f.w.DB().QueryRow(`SELECT value, plan, pct_of_plan, previous_year, pct_of_previous_year,
		change_from_previous_year, provinces_reporting, provinces_expected, status, ytd_conflicts
		FROM indicator_values WHERE indicator = ? AND area = ? AND period = ?`, ind, area, period).
		Scan(&r.value, &r.plan, &r.pct, &r.prev, &r.pctPrev, &r.change, &r.reporting, &r.expected, &r.status, &r.conflicts)
	if err == sql.ErrNoRows {
		return r, false
	}
	if err != nil {
		f.t.Fatalf("indicator %s %s %s: %v", ind, area, period, err)
	}
	return r, true
}

func (f *fixture) mustIndicator(ind, area, period string) row {
	f.t.Helper()
	r, ok := f.indicator(ind, area, period)
	if !ok {
		f.t.Fatalf("no indicator value for %s %s %s", ind, area, period)
	}
	return r
}

func (f *fixture) count(query string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.w.DB().QueryRow(query, args...).Scan(&n); err != nil {
		f.t.Fatalf("%s: %v", query, err)
	}
	return n
}

func near(got sql.NullFloat64, want float64) bool {
	return got.Valid && math.Abs(got.Float64-want) < 1e-6
}
