package schemas

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestNamedIn(t *testing.T) {
	as, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct{ name, want string }{
		{"inbox/nghe_an_2024_thang_03.xlsx", "40"},
		{"Bao cao Ha Tinh T3-2024.xlsx", "42"},
		{"BÁO CÁO TỈNH NGHỆ AN 2024.xlsx", "40"},
		{"ho_chi_minh_2024.csv", "79"},
		{"01_2024.csv", ""}, // a number is a month, never a code here
		{"bao_cao_thang_03.xlsx", ""},
		{`C:\Bao cao\Quang Nam 2024.xlsx`, "49"},
	}
	for _, tt := range tests {
		a, ok := as.NamedIn(tt.name, at)
		if got := a.Code; got != tt.want || ok != (tt.want != "") {
			t.Errorf("NamedIn(%q) = %q, %v, want %q", tt.name, got, ok, tt.want)
		}
	}
}

func TestProblemsSort(t *testing.T) {
	ps := Problems{
		{Sheet: "B", Cell: "A1", Message: "1"},
		{Sheet: "A", Cell: "AA10", Message: "2"},
		{Sheet: "A", Cell: "E10", Message: "3"},
		{Sheet: "A", Cell: "E9", Message: "4"},
		{Message: "5"},
		{Row: 3, Column: "value", Message: "6"},
		{Row: 2, Message: "7"},
	}
	ps.Sort()
	var got string
	for _, p := range ps {
		got += p.Message
	}
	if want := "5764321"; got != want {
		t.Errorf("sorted order %s, want %s", got, want)
	}
}

// TestResolveRealSpellings: names as GSO's tables, censuses and provinces
// write them.
func TestResolveRealSpellings(t *testing.T) {
	as, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	tests := []struct{ in, want string }{
		{"Tỉnh Nghệ An (40)", "40"},
		{"Nghệ An(40)", "40"},
		{"Thành phố Hà Nội (1)", "01"},
		{"Ðà Nẵng", "48"},          // U+00D0, GSO's online tables
		{"Bình Ðịnh", "52"},        // U+00D0
		{"ÐỒNG THÁP", "87"},        // U+00D0 in capitals
		{"Hai Phong city", "31"},   // census labels
		{"Nghe An province", "40"}, //
		{"City of Can Tho", "92"},
		{"Cần Thơ thành phố", "92"},
		{"Haiphong", "31"}, // compact spellings
		{"DakLak", "66"},
		{"Hochiminh", "79"},
		{"BinhDuong", "74"},
		{"TP.HCM", "79"}, // abbreviations
		{"TPHCM", "79"},
		{"BR-VT", "77"},
		{"TT-Huế", "46"},
		{"TT Huế", "46"},
		{"Thừa Thiên - Huế", "46"},
		{"Bắc Cạn", "06"}, // older spellings
		{"Bắc Kạn ", "06"},
		{"Kontum", "62"},
		{"Đắc Lắc", "66"},
		{"Thanh Hãa", "38"}, // one TCVN3 cell in a Unicode file
		{"NghÖ An", "40"},
		{"TP. Hồ Chí Minh", "79"},
	}
	for _, tt := range tests {
		a, err := as.Resolve(tt.in, at)
		if err != nil || a.Code != tt.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tt.in, a.Code, err, tt.want)
		}
	}
}

func TestResolveCodeMismatch(t *testing.T) {
	as, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	_, err = as.Resolve("Tỉnh Nghệ An (42)", time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC))
	if !errors.Is(err, ErrAreaCodeMismatch) {
		t.Fatalf("Resolve(Nghệ An (42)) error = %v, want ErrAreaCodeMismatch", err)
	}
	for _, w := range []string{"40 (Nghệ An)", "42 (Hà Tĩnh)"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not name %q", err, w)
		}
	}
	// Code 08 is the old Tuyên Quang in 2024 and the new one in 2025: the
	// code is checked on the period's map.
	for _, tt := range []struct {
		in     string
		period Period
		ok     bool
	}{
		{"Tuyên Quang (08)", YearPeriod(2024), true},
		{"Hà Giang (02)", YearPeriod(2024), true},
		{"Hà Giang (08)", YearPeriod(2024), false},
	} {
		_, _, err := as.ResolveFor(tt.in, tt.period)
		if (err == nil) != tt.ok {
			t.Errorf("ResolveFor(%q, %s) error = %v, want ok %v", tt.in, tt.period.Code(), err, tt.ok)
		}
	}
}

func TestResolveFormer(t *testing.T) {
	as, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = as.ResolveFor("Tỉnh Hà Tây", YearPeriod(2010))
	if !errors.Is(err, ErrFormerArea) {
		t.Fatalf("ResolveFor(Hà Tây, 2010) error = %v, want ErrFormerArea", err)
	}
	for _, w := range []string{"Hà Nội (01)", "2008-08-01"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
	if _, _, err := as.ResolveFor("Ha Tay", YearPeriod(2006)); !errors.Is(err, ErrFormerArea) {
		t.Errorf("ResolveFor(Ha Tay, 2006) error = %v, want ErrFormerArea", err)
	}
}

// TestCompactNamesUnambiguous: no two provinces of one map share a compact
// spelling, so "Haiphong" can never land on the wrong one.
func TestCompactNamesUnambiguous(t *testing.T) {
	as, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)} {
		for k, ids := range as.byCompact {
			codes := map[string]bool{}
			for _, i := range ids {
				if a := as.list[i]; a.ValidAt(at) {
					codes[a.Code] = true
				}
			}
			if len(codes) > 1 {
				t.Errorf("compact name %q names %v on %s", k, codes, at.Format(time.DateOnly))
			}
		}
	}
}

func TestStatusIn(t *testing.T) {
	tests := []struct{ in, want, words string }{
		{"Ghi chú: số liệu tháng 12 là số ước thực hiện", StatusEstimated, "số ước"},
		{"Ước thực hiện năm 2024", StatusEstimated, "Ước thực hiện"},
		{"Ước tính quý II", StatusEstimated, "Ước tính"},
		{"Số liệu sơ bộ.", StatusProvisional, "sơ bộ"},
		{"SƠ BỘ", StatusProvisional, "SƠ BỘ"},
		{"Thực hiện tháng 12", "", ""},
		{"Hiệp ước lao động", "", ""},
	}
	for _, tt := range tests {
		got, words, ok := StatusIn(tt.in)
		if got != tt.want || ok != (tt.want != "") || words != tt.words {
			t.Errorf("StatusIn(%q) = %q, %q, %v, want %q, %q (the words as written)", tt.in, got, words, ok, tt.want, tt.words)
		}
	}
}

// A name typed in TCVN3 among Unicode cells is read, and the note says so.
func TestResolveTCVN3Note(t *testing.T) {
	as, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	a, note, err := as.ResolveFor("Thanh Hãa", YearPeriod(2024))
	if err != nil || a.Code != "38" || !strings.Contains(note.Text("en"), `read as "Thanh Hóa"`) {
		t.Errorf("ResolveFor(Thanh Hãa) = %s, %v, %v; want 38 with a TCVN3 note", a.Code, note, err)
	}
	if _, note, _ := as.ResolveFor("Thanh Hóa", YearPeriod(2024)); note.Code != "" {
		t.Errorf("ResolveFor(Thanh Hóa) note %v, want none", note)
	}
}
