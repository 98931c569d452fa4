package csvfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"

	"chitieu/ingest"
	"chitieu/schemas"
)

func readAll(t *testing.T, r ingest.Reader) []ingest.Raw {
	t.Helper()
	var out []ingest.Raw
	for {
		rec, err := r.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		s := func(col, i int) string {
			a := rec.Column(col).(*array.String)
			if a.IsNull(i) {
				return ""
			}
			return a.Value(i)
		}
		for i := range int(rec.NumRows()) {
			out = append(out, ingest.Raw{Element: s(schemas.RawElement, i), Area: s(schemas.RawArea, i),
				Period: s(schemas.RawPeriod, i), Value: s(schemas.RawValue, i), Status: s(schemas.RawStatus, i),
				Comment: s(schemas.RawComment, i), Unit: s(schemas.RawUnit, i), Row: int(rec.Column(schemas.RawSourceRow).(*array.Int32).Value(i))})
		}
		rec.Release()
	}
}

// The same three rows, saved by Excel in three encodings and delimiters,
// read alike (text is normalised to NFC by the transform; folding makes the
// names resolve whatever the composition).
func TestEncodings(t *testing.T) {
	for _, name := range []string{"utf16le_tab.txt", "utf8_bom_semicolon.csv", "windows1258_semicolon.csv"} {
		t.Run(name, func(t *testing.T) {
			r, err := Open("testdata/"+name, name)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			rows := readAll(t, r)
			if len(rows) != 3 {
				t.Fatalf("%d rows, want 3", len(rows))
			}
			if got := schemas.NFC(rows[0].Area); got != "Tỉnh Nghệ An" {
				t.Errorf("area = %q, want Tỉnh Nghệ An", got)
			}
			if got := schemas.NFC(rows[0].Comment); got != "Số liệu ước" {
				t.Errorf("comment = %q, want Số liệu ước", got)
			}
			if rows[0].Period != "Tháng 3/2024" && schemas.NFC(rows[0].Period) != "Tháng 3/2024" {
				t.Errorf("period = %q", rows[0].Period)
			}
			if rows[2].Value != "62,5" || rows[2].Row != 4 {
				t.Errorf("row 3 = %+v, want value 62,5 on line 4", rows[2])
			}
		})
	}
}

func TestHeader(t *testing.T) {
	tests := []struct {
		name, body string
		ok         bool
	}{
		{"minimal", "data_element,area,period,value\njobs_created,40,2024,1\n", true},
		{"reordered with options", "value,period,area,data_element,comment\n1,2024,40,jobs_created,x\n", true},
		{"upper case and spaces", " DATA_ELEMENT , Area,Period,Value\njobs_created,40,2024,1\n", true},
		{"missing value", "data_element,area,period\njobs_created,40,2024\n", false},
		{"unknown column", "data_element,area,period,value,province\njobs_created,40,2024,1,x\n", false},
		{"duplicate column", "data_element,area,period,value,value\n", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		_, err := newReader(strings.NewReader(tt.body), tt.name)
		if (err == nil) != tt.ok {
			t.Errorf("%s: error %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestBadRows(t *testing.T) {
	body := "data_element,area,period,value\njobs_created,40,2024,1\njobs_created,40\n\njobs_created,01,2024,2\n"
	r, err := newReader(strings.NewReader(body), "short.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows := readAll(t, r)
	if len(rows) != 2 || rows[1].Row != 5 {
		t.Errorf("rows = %+v, want 2 rows, the second on line 5", rows)
	}
	ps := r.Problems()
	if len(ps) != 1 || ps[0].Row != 3 || !strings.Contains(ps[0].Message, "2 fields, expected 4") {
		t.Errorf("problems = %v", ps)
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte("data_element,area,period,value\njobs_created,40,2024,1\n"))
	f.Add([]byte("\xff\xfed\x00a\x00t\x00a\x00"))
	f.Add([]byte("data_element;area;period;value\r\n\"a;b\";40;2024;\"1,5\"\r\n"))
	f.Add([]byte("data_element;area\nTuy\xd3n sinh;Ngh\xd6 An\n"))         // TCVN3 bytes
	f.Add([]byte("data_element;area\nTuy\xea\xcc\x89n sinh;Ngh\xea An\n")) // Windows-1258 bytes
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := newReader(strings.NewReader(string(data)), "fuzz.csv")
		if err != nil {
			return
		}
		for {
			rec, err := r.Next(context.Background())
			if err != nil {
				break
			}
			rec.Release()
		}
		r.Close()
	})
}

// A file saved from a .VnTime-font program: its bytes are TCVN3, which
// must not be mistaken for Windows-1258.
func TestTCVN3File(t *testing.T) {
	r, err := Open("testdata/tcvn3_semicolon.csv", "tcvn3.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := readAll(t, r)
	if len(got) != 2 {
		t.Fatalf("%d rows, want 2", len(got))
	}
	want := []ingest.Raw{
		// the comment "Ước tính" (estimate) makes the row's figure estimated
		{Element: "Số lao động được giải quyết việc làm", Area: "Nghệ An", Period: "Tháng 3/2024", Status: schemas.StatusEstimated, Value: "4.350", Comment: "Ước tính", Row: 2},
		{Element: "Tuyển sinh giáo dục nghề nghiệp", Area: "Hà Tĩnh", Period: "Tháng 3/2024", Value: "1.200", Comment: "Bảo Thắng đã báo cáo", Row: 3},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	ps := r.Problems()
	if len(ps) != 2 || ps[0].Severity != schemas.SeverityWarning || !strings.Contains(ps[0].Message, "the file is in the old TCVN3 (ABC) encoding") ||
		ps[1].Severity != schemas.SeverityInfo || !strings.Contains(ps[1].Message, `the comment says "Ước tính"`) {
		t.Errorf("problems %v, want one TCVN3 warning and the estimate's note", ps)
	}
}

// Mojibake pasted into a UTF-8 file is converted field by field; real
// Vietnamese beside it is left alone.
func TestTCVN3Field(t *testing.T) {
	body := "data_element,area,period,value\nTuyển sinh,B¶o Th¾ng,2024,1\nTuyển sinh,Thái Bình,2024,2\n"
	r, err := newReader(strings.NewReader(body), "mixed.csv")
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, r)
	if got[0].Area != "Bảo Thắng" || got[1].Area != "Thái Bình" || got[0].Element != "Tuyển sinh" {
		t.Errorf("areas %q, %q, want Bảo Thắng, Thái Bình", got[0].Area, got[1].Area)
	}
	if ps := r.Problems(); len(ps) != 1 || ps[0].Row != 2 || ps[0].Column != "area" || ps[0].Value != "B¶o Th¾ng" {
		t.Errorf("problems %v, want one at row 2, column area", ps)
	}
}

// TestNoSilentLoss: every line of a long CSV holding a number is read or
// named in a problem, whatever the damage (too few or too many fields,
// blank lines, quoted numbers).
func TestNoSilentLoss(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 13))
		var b strings.Builder
		b.WriteString("data_element,area,period,value\n")
		numeric := map[int]bool{} // line → holds a number
		for line := 2; line < 60; line++ {
			v := strconv.Itoa(rng.IntN(100000))
			switch rng.IntN(6) {
			case 0:
				b.WriteString("jobs_created,40\n") // too few fields
			case 1:
				fmt.Fprintf(&b, "jobs_created,40,2024,%s,extra,fields\n", v) // too many
			case 2:
				b.WriteString("\n")
				continue
			case 3:
				fmt.Fprintf(&b, "jobs_created,40,2024-%02d,\"%s\"\n", 1+rng.IntN(12), v)
			default:
				fmt.Fprintf(&b, "jobs_created,%d,2024,%s\n", 1+rng.IntN(96), v)
			}
			numeric[line] = true
		}
		r, err := newReader(strings.NewReader(b.String()), "gen.csv")
		if err != nil {
			t.Fatal(err)
		}
		accounted := map[int]bool{}
		for _, rw := range readAll(t, r) {
			accounted[rw.Row] = true
		}
		for _, p := range r.Problems() {
			accounted[p.Row] = true
		}
		for line := range numeric {
			if !accounted[line] {
				t.Errorf("seed %d: line %d neither read nor named in a problem:\n%s", seed, line, b.String())
			}
		}
	}
}

// The file's own words set its results' status (issue: "số liệu tháng 12
// là số ước thực hiện" stored as final): a title line or a comment above
// the header for the whole file, a row's comment for that row; a plan keeps
// its status, and a status column written wins. Each is stated in a note.
func TestStatusWords(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       []string // status of each row
		notes      []string
	}{
		{"title", "BÁO CÁO KẾT QUẢ THÁNG 12 NĂM 2024 (số ước thực hiện)\n" +
			"data_element,area,period,value,kind,status\n" +
			"jobs_created,40,2024-12,4100,,\n" +
			"jobs_created,40,2024,47000,plan,\n" +
			"jobs_created,40,2024-11,3900,,final\n",
			[]string{"estimated", "", "final"},
			[]string{`row 1: note: value "BÁO CÁO KẾT QUẢ THÁNG 12 NĂM 2024 (số ước thực hiện)": the file says "số ước": its results (not its plans) are stored as estimated`}},
		{"comments", "# Sở LĐTBXH Nghệ An\n# Số liệu sơ bộ\n" +
			"data_element;area;period;value\n" +
			"jobs_created;40;2024-12;4100\n",
			[]string{"provisional"},
			[]string{`row 1: note: value "# Sở LĐTBXH Nghệ An": a title or comment above the header`, `row 2: note: value "# Số liệu sơ bộ": the file says "sơ bộ"`}},
		{"comment column", "data_element,area,period,value,comment\n" +
			"jobs_created,40,2024-12,4100,Số ước thực hiện\n" +
			"jobs_created,40,2024-11,3900,\n",
			[]string{"estimated", ""},
			[]string{`row 2, column comment: note: value "Số ước thực hiện": the comment says "Số ước"`}},
		{"none", "data_element,area,period,value,comment\njobs_created,40,2024-12,4100,Bảo Thắng đã báo cáo\n",
			[]string{""}, nil},
		{"comment below", "data_element,area,period,value\njobs_created,40,2024-12,4100\n# số ước thực hiện\n# người lập: Lê Văn A\n",
			[]string{""}, []string{`row 3: warning: value "# số ước thực hiện": the comment says "số ước" below the header`,
				`row 3: note: 2 comment lines (starting with "#") below the header are not read as figures, the first at line 3`}},
	} {
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, []byte(tt.body), 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Open(path, "f.csv")
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := readAll(t, r)
		if len(got) != len(tt.want) {
			t.Fatalf("%s: %d rows, want %d", tt.name, len(got), len(tt.want))
		}
		for i, w := range tt.want {
			if got[i].Status != w {
				t.Errorf("%s: row %d status %q, want %q", tt.name, got[i].Row, got[i].Status, w)
			}
		}
		all := fmt.Sprint(r.Problems())
		for _, n := range tt.notes {
			if !strings.Contains(all, n) {
				t.Errorf("%s: problems %s\nlack %q", tt.name, all, n)
			}
		}
		r.Close()
	}
}
