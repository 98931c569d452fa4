package transform

import (
	"context"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"chitieu/ingest"
	"chitieu/schemas"
)

// rawSource yields one batch built from raws.
type rawSource struct{ rec arrow.RecordBatch }

func (s *rawSource) Next(context.Context) (arrow.RecordBatch, error) {
	if s.rec == nil {
		return nil, io.EOF
	}
	r := s.rec
	s.rec = nil
	return r, nil
}

// newTransformer is a transformer on the embedded codelists.
func newTransformer(tb testing.TB) *Transformer {
	tb.Helper()
	areas, err := schemas.LoadAreas()
	if err != nil {
		tb.Fatal(err)
	}
	elements, err := schemas.LoadElements()
	if err != nil {
		tb.Fatal(err)
	}
	return &Transformer{Areas: areas, Elements: elements}
}

func stream(t *testing.T, raws ...ingest.Raw) ([]obs, *Summary) {
	t.Helper()
	b := ingest.NewRawBuilder()
	for i := range raws {
		if raws[i].Row == 0 {
			raws[i].Row = i + 2
		}
		b.Append(&raws[i])
	}
	s := newTransformer(t).Stream(context.Background(), "t.csv", &rawSource{rec: b.Batch()})
	var out []obs
	for s.Next() {
		rec := s.RecordBatch()
		for i := range int(rec.NumRows()) {
			out = append(out, obs{
				element: rec.Column(schemas.ObsElement).(*array.String).Value(i),
				area:    rec.Column(schemas.ObsArea).(*array.String).Value(i),
				period:  rec.Column(schemas.ObsPeriod).(*array.String).Value(i),
				kind:    rec.Column(schemas.ObsKind).(*array.String).Value(i),
				status:  rec.Column(schemas.ObsStatus).(*array.String).Value(i),
				value:   rec.Column(schemas.ObsValue).(*array.Float64).Value(i),
			})
		}
	}
	s.Close()
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return out, s.Summary()
}

type obs struct {
	element, area, period, kind, status string
	value                               float64
}

func TestNormalise(t *testing.T) {
	got, sum := stream(t,
		ingest.Raw{Element: "Giải quyết việc làm", Area: "TỈNH NGHỆ AN", Period: "Tháng 3/2024", Value: "4.350", Kind: "Lũy kế", Status: "sơ bộ"},
		ingest.Raw{Element: "labour_force", Area: "40", Period: "Năm 2024", Value: "1.672,7", Unit: "nghìn người"},
		ingest.Raw{Element: "trained_share", Area: "Nghe An", Period: "2024", Value: "70.1", Numeric: true, Unit: "%"},
		ingest.Raw{Element: "jobs_created", Area: "40", Period: "2024-04", Value: "-"},
	)
	want := []obs{
		{"jobs_created", "40", "2024-03", "ytd", "provisional", 4350},
		{"labour_force", "40", "2024", "actual", "final", 1_672_700},
		{"trained_share", "40", "2024", "actual", "final", 70.1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d observations %v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("observation %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if sum.Blank != 1 || sum.Rows != 3 || sum.Rejected() || sum.Province() != "40" || sum.Period() != "2024..2024-03" {
		t.Errorf("summary = %+v", sum)
	}
}

func TestProblems(t *testing.T) {
	_, sum := stream(t,
		ingest.Raw{Element: "jobs_created", Area: "40", Period: "2024", Value: "12", Unit: "%"},
		ingest.Raw{Element: "jobs_created", Area: "40", Period: "2024", Value: "12", Unit: "con"},
		ingest.Raw{Element: "jobs_created", Area: "VN", Period: "2024", Value: "12"},
		ingest.Raw{Element: "jobs_created", Area: "40", Period: "2024", Value: "12", Cell: "'BC thang'!E9"},
		ingest.Raw{Element: "jobs_created", Area: "40", Period: "2024", Value: "12", Status: "maybe"},
		ingest.Raw{Element: "jobs_created", Area: "40", Period: "2026-Q5", Value: "12"},
	)
	wants := []string{
		`t.csv: row 2, column unit: value "%": jobs_created is in persons, not percent`,
		`t.csv: row 3, column unit: value "con": unknown unit; expected`,
		`t.csv: row 6, column status: value "maybe": expected status final, provisional or estimated`,
		`t.csv: row 7, column period: value "2026-Q5": expected a period`,
	}
	all := sum.Problems.Err().Error()
	if strings.Contains(all, `row 4`) {
		t.Errorf("the nation's own figure (row 4) was refused:\n%s", all)
	}
	for _, w := range wants {
		if !strings.Contains(all, w) {
			t.Errorf("problems lack %q:\n%s", w, all)
		}
	}
	if len(sum.Problems) != len(wants) {
		t.Errorf("%d problems, want %d:\n%s", len(sum.Problems), len(wants), all)
	}
}

func TestProblemCap(t *testing.T) {
	raws := make([]ingest.Raw, MaxProblems+5)
	for i := range raws {
		raws[i] = ingest.Raw{Element: "jobs_created", Area: "Atlantis", Period: "2024", Value: "1"}
	}
	_, sum := stream(t, raws...)
	if len(sum.Problems) != MaxProblems || sum.Dropped != 5 {
		t.Errorf("kept %d problems, dropped %d; want %d and 5", len(sum.Problems), sum.Dropped, MaxProblems)
	}
}

// "48.500" is read by its unit, and reported as a guess unless the file's
// other values show the same habit.
func TestAmbiguousNumbers(t *testing.T) {
	raw := func(element, value string) ingest.Raw {
		return ingest.Raw{Element: element, Area: "40", Period: "2024", Value: value}
	}
	tests := []struct {
		name string
		raws []ingest.Raw
		want []string // problem messages, in order (substrings)
	}{
		{"Vietnamese habit proven", []ingest.Raw{raw("jobs_created", "48.500"), raw("labour_force", "1.610.000"), raw("trained_share", "70,1")}, nil},
		{"English habit proven", []ingest.Raw{raw("jobs_created", "48,500"), raw("trained_share", "70.12")}, nil},
		{"no evidence", []ingest.Raw{raw("jobs_created", "48.500"), raw("jobs_abroad", "20.000")},
			[]string{`read as a thousands separator, as for every count of persons or households (48500); 2 values of the file are like it`}},
		{"percentage without evidence", []ingest.Raw{raw("trained_share", "70.125")},
			[]string{"read as a decimal mark, as for every percentage (70.125)"}},
		{"contradicted", []ingest.Raw{raw("trained_share", "70.12"), raw("jobs_created", "48.500")},
			[]string{`although the file writes "." as a decimal mark elsewhere ("70.12")`}},
		{"both decimal marks", []ingest.Raw{raw("trained_share", "70.12"), raw("si_coverage", "25,55")},
			[]string{"the file writes decimals both ways: 1 values with a decimal point"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, sum := stream(t, tt.raws...)
			if len(sum.Problems) != len(tt.want) {
				t.Fatalf("problems %v, want %d", sum.Problems, len(tt.want))
			}
			for i, want := range tt.want {
				if p := sum.Problems[i]; p.Severity != schemas.SeverityWarning || !strings.Contains(p.Message, want) {
					t.Errorf("problem %d = %v, want a warning containing %q", i, p, want)
				}
			}
		})
	}
}

// Areas are read on the map of each row's period: "Lào Cai" is code 10
// before the 2025 merger and 15 after; Hà Giang after the merger is counted
// in Tuyên Quang with a warning for each period, and the rows are kept.
func TestAreasOnTheMapOfTheirPeriod(t *testing.T) {
	got, sum := stream(t,
		ingest.Raw{Element: "jobs_created", Area: "Lào Cai", Period: "2025-06", Value: "1000"},
		ingest.Raw{Element: "jobs_created", Area: "Lào Cai", Period: "2025-07", Value: "2000"},
		ingest.Raw{Element: "jobs_created", Area: "Hà Giang", Period: "2025-08", Value: "300"},
		ingest.Raw{Element: "jobs_created", Area: "Hà Giang", Period: "2025-09", Value: "400"},
	)
	want := []string{"10 2025-06", "15 2025-07", "08 2025-08", "08 2025-09"}
	for i, w := range want {
		if i >= len(got) || got[i].area+" "+got[i].period != w {
			t.Fatalf("observations %v, want areas and periods %v", got, want)
		}
	}
	if len(sum.Problems) != 2 || sum.Rejected() {
		t.Errorf("problems = %v, want two warnings", sum.Problems)
	}
	for _, p := range sum.Problems {
		if p.Severity != schemas.SeverityWarning || !strings.Contains(p.Message, "counted in province 08 (Tuyên Quang)") {
			t.Errorf("problem %v, want a warning that Hà Giang is counted in Tuyên Quang", p)
		}
	}
}

// TestRepeats: a value given twice is found on the codes it resolves to,
// however its element, area and period are spelt; a row with a problem is
// not a value and repeats nothing.
func TestRepeats(t *testing.T) {
	for _, c := range []struct {
		name string
		raws []ingest.Raw
		want bool
	}{
		{"distinct keys", []ingest.Raw{
			{Element: "jobs_created", Area: "40", Period: "2024-03", Value: "1"},
			{Element: "jobs_created", Area: "40", Period: "2024-03", Value: "2", Kind: "plan"},
			{Element: "jobs_created", Area: "40", Period: "2024-03", Value: "2", Kind: "ytd"},
			{Element: "jobs_created", Area: "40", Period: "2024-04", Value: "3"},
			{Element: "jobs_created", Area: "01", Period: "2024-03", Value: "4"},
			{Element: "jobs_abroad", Area: "40", Period: "2024-03", Value: "5"},
		}, false},
		{"the same key spelt two ways", []ingest.Raw{
			{Element: "jobs_created", Area: "40", Period: "2024-03", Value: "1"},
			{Element: "jobs_abroad", Area: "40", Period: "2024-03", Value: "5"},
			{Element: "Giải quyết việc làm", Area: "Nghệ An", Period: "Tháng 3/2024", Value: "1", Kind: "Thực hiện"},
		}, true},
		{"a repeat with an unreadable value", []ingest.Raw{
			{Element: "jobs_created", Area: "40", Period: "2024-03", Value: "1"},
			{Element: "jobs_created", Area: "40", Period: "2024-03", Value: "abc"},
		}, false},
		{"a repeated blank", []ingest.Raw{
			{Element: "jobs_created", Area: "40", Period: "2024-03", Value: "1"},
			{Element: "jobs_created", Area: "40", Period: "2024-03", Value: "-"},
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, sum := stream(t, c.raws...)
			if sum.Repeats != c.want {
				t.Errorf("Repeats = %v, want %v", sum.Repeats, c.want)
			}
		})
	}
}

// TestKeySet: bits of one element and area, and of others, far apart.
func TestKeySet(t *testing.T) {
	var ks keySet
	keys := [][4]int32{{0, 0, 0, 0}, {0, 0, 0, 1}, {0, 0, 1, 0}, {0, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 900, 4}, {3, 70, 12, 2}}
	for _, k := range keys {
		if !ks.add(k[0], k[1], k[2], k[3]) {
			t.Fatalf("%v reported as a repeat", k)
		}
	}
	for i := len(keys) - 1; i >= 0; i-- {
		if k := keys[i]; ks.add(k[0], k[1], k[2], k[3]) {
			t.Fatalf("%v again not reported as a repeat", k)
		}
	}
}

// paddedSource makes batches on demand, each spelling the data element
// with its own run of trailing spaces: every batch brings the converter a
// text it has not seen, in a column of some 3 MB.
type paddedSource struct{ batches, next int }

func (s *paddedSource) Next(context.Context) (arrow.RecordBatch, error) {
	if s.next == s.batches {
		return nil, io.EOF
	}
	rb := ingest.NewRawBuilder()
	element := "jobs_created" + strings.Repeat(" ", 200+s.next)
	for i := range ingest.BatchRows {
		rb.Append(&ingest.Raw{Element: element, Area: "40", Period: "2024-03", Value: "1", Row: s.next*ingest.BatchRows + i + 2})
	}
	s.next++
	return rb.Batch(), nil
}

// TestMemoryBoundedByBatches: what the converter keeps of a file (the texts
// it has resolved) is not the batches they came in. Were each new text kept
// as the batch holds it, the forty batches' element columns (some 140 MB)
// would stay reachable until the file ends.
func TestMemoryBoundedByBatches(t *testing.T) {
	const batches = 40
	s := newTransformer(t).Stream(context.Background(), "padded.csv", &paddedSource{batches: batches})
	defer s.Close()
	for range batches - 4 { // the producer runs a few batches ahead
		if !s.Next() {
			t.Fatalf("stream ended early: %v", s.Err())
		}
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	t.Logf("heap in use after %d batches: %d MB", batches-4, m.HeapAlloc>>20)
	if m.HeapAlloc > 64<<20 {
		t.Errorf("%d MB of heap in use after %d batches of about 3 MB; the batches read are kept", m.HeapAlloc>>20, batches-4)
	}
	if err := s.Drain(); err != nil {
		t.Fatal(err)
	}
}
