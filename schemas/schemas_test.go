package schemas

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Nghệ An", "nghe an"},
		{"  NGHỆ   AN ", "nghe an"},
		{norm.NFD.String("Nghệ An"), "nghe an"},
		{"Đắk Lắk", "dak lak"},
		{"Hoà Bình", "hoa binh"},
		{"Hòa Bình", "hoa binh"},
		{"Thua Thien-Hue", "thua thien hue"},
		{"Kế hoạch\nnăm 2024", "ke hoach nam 2024"},
		{"70,12%", "70 12%"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestResolveArea(t *testing.T) {
	areas, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct{ in, want string }{
		{"40", "40"},
		{"Nghệ An", "40"},
		{"Tỉnh Nghệ An", "40"},
		{"NGHỆ AN", "40"},
		{"nghe an", "40"},
		{norm.NFD.String("Tỉnh Nghệ An"), "40"},
		{"1", "01"},
		{"Thành phố Hà Nội", "01"},
		{"TP. Hồ Chí Minh", "79"},
		{"Ho Chi Minh city", "79"},
		{"Thua Thien-Hue", "46"},
		{"Thừa Thiên Huế", "46"},
		{"Hòa Bình", "17"},
		{"Ba Ria - Vung Tau", "77"},
		{"Đắk Lắk", "66"},
		{"vn", "VN"},
		{"R3", "R3"},
		{"Tây Nguyên", "R4"},
	}
	for _, tt := range tests {
		a, err := areas.Resolve(tt.in, at)
		if err != nil || a.Code != tt.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tt.in, a.Code, err, tt.want)
		}
	}
	if _, err := areas.Resolve("Atlantis", at); !errors.Is(err, ErrUnknownArea) {
		t.Errorf("Resolve(Atlantis) error = %v, want ErrUnknownArea", err)
	}
	// The 63-province map ends with June 2025: Hà Giang exists no more.
	if _, err := areas.Resolve("Hà Giang", time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrAreaNotValid) {
		t.Errorf("Resolve(Hà Giang, 2025-09-30) error = %v, want ErrAreaNotValid", err)
	}
	if n := len(areas.Provinces(at)); n != 63 {
		t.Errorf("Provinces(2024) = %d, want 63", n)
	}
	if n := len(areas.Provinces(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC))); n != 34 {
		t.Errorf("Provinces(2025-07-01) = %d, want 34", n)
	}
	regions := map[string]int{}
	for _, p := range areas.Provinces(at) {
		regions[p.Parent]++
	}
	want := map[string]int{"R1": 11, "R2": 14, "R3": 14, "R4": 5, "R5": 6, "R6": 13}
	for r, n := range want {
		if regions[r] != n {
			t.Errorf("region %s has %d provinces, want %d (GSO grouping)", r, regions[r], n)
		}
	}
}

// Codes and names are read on the map of the figure's period; an old
// province in a post-merger period is counted in its new province, with a
// note.
func TestResolveForPeriod(t *testing.T) {
	areas, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in, period string
		want       string // code and the day it became valid ("" for the 63)
		note       bool
	}{
		{"40", "2024", "40 ", false},
		{"40", "2025-09", "40 2025-07-01", false},
		{"08", "2024-12", "08 ", false},
		{"08", "2025-Q3", "08 2025-07-01", false},
		{"Lào Cai", "2024", "10 ", false},              // reused name: old Lào Cai, code 10 …
		{"Lào Cai", "2025-Q4", "15 2025-07-01", false}, // … new Lào Cai, code 15
		{"Bắc Ninh", "2025-Q4", "24 2025-07-01", false},
		{"Hà Giang", "2025", "02 ", false}, // valid at the start: its figures for 2025, like its plan
		{"Hà Giang", "2025-09", "08 2025-07-01", true},
		{"2", "2025-09", "08 2025-07-01", true},
		{"Bình Dương", "2025-YTD09", "74 ", false}, // spans the merger: read at its start
		{"Bình Dương", "2025-Q4", "79 2025-07-01", true},
	}
	for _, tt := range tests {
		p, err := ParsePeriod(tt.period)
		if err != nil {
			t.Fatal(err)
		}
		a, note, err := areas.ResolveFor(tt.in, p)
		from := ""
		if !a.ValidFrom.IsZero() {
			from = a.ValidFrom.Format(time.DateOnly)
		}
		if got := a.Code + " " + from; err != nil || got != tt.want || (note.Code != "") != tt.note {
			t.Errorf("ResolveFor(%q, %s) = %q, note %v, %v; want %q, note %v", tt.in, tt.period, got, note, err, tt.want, tt.note)
		}
	}
	if _, _, err := areas.ResolveFor("Atlantis", YearPeriod(2025)); !errors.Is(err, ErrUnknownArea) {
		t.Errorf("ResolveFor(Atlantis) error = %v", err)
	}
}

// The code map re-bases old codes onto the 34 provinces.
func TestCodeMap(t *testing.T) {
	areas, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	m, err := areas.CodeMap()
	if err != nil {
		t.Fatal(err)
	}
	at := func(code, day string) string {
		d, _ := time.Parse(time.DateOnly, day)
		for _, s := range m {
			if s.Code == code && (s.From.IsZero() || !d.Before(s.From)) && (s.To.IsZero() || !d.After(s.To)) {
				return s.Area
			}
		}
		return ""
	}
	for _, tt := range []struct{ code, day, want string }{
		{"02", "2024-06-30", "02"}, {"02", "2025-07-01", "08"},
		{"27", "2024-01-01", "27"}, {"27", "2030-01-01", "24"},
		{"10", "2026-01-01", "15"}, {"15", "2020-01-01", "15"}, {"15", "2026-01-01", "15"},
		{"74", "2025-12-31", "79"}, {"40", "2026-01-01", "40"},
	} {
		if got := at(tt.code, tt.day); got != tt.want {
			t.Errorf("code %s on %s belongs to %q, want %q", tt.code, tt.day, got, tt.want)
		}
	}
	// A reused code whose old area went elsewhere cannot be re-based by code.
	bad := "code,level,parent,name_vi,full_name_vi,name_en,valid_from,valid_to,aliases,successor\n" +
		"VN,nation,,Cả nước,,,,,,\n" +
		"01,province,VN,A,,,,2025-06-30,,02\n" +
		"02,province,VN,B,,,,2025-06-30,,02\n" +
		"02,province,VN,B mới,,,2025-07-01,,,\n" +
		"01,province,VN,C,,,2025-07-01,,,\n"
	if _, err := ParseAreas(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("ParseAreas of an ambiguous reuse = %v, want an ambiguity error", err)
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024", "2024"},
		{"Năm 2024", "2024"},
		{"2024-Q1", "2024-Q1"},
		{"2024Q3", "2024-Q3"},
		{"Q2/2024", "2024-Q2"},
		{"Quý I/2024", "2024-Q1"},
		{"quý IV năm 2023", "2023-Q4"},
		{"2024-03", "2024-03"},
		{"202403", "2024-03"},
		{"03/2024", "2024-03"},
		{"3/2024", "2024-03"},
		{"Tháng 3/2024", "2024-03"},
		{"tháng 03 năm 2024", "2024-03"},
		{"THÁNG 12 NĂM 2024", "2024-12"},
		{"2024-YTD06", "2024-YTD06"},
		{"6 tháng đầu năm 2024", "2024-YTD06"},
		{"9 THÁNG NĂM 2024", "2024-YTD09"},
		{"Lũy kế 9 tháng 2024", "2024-YTD09"},
		{"12 tháng năm 2024", "2024"},
		{"1 tháng đầu năm 2024", "2024-01"},
	}
	for _, tt := range tests {
		p, err := ParsePeriod(tt.in)
		if err != nil || p.Code() != tt.want {
			t.Errorf("ParsePeriod(%q) = %q, %v; want %q", tt.in, p.Code(), err, tt.want)
		}
	}
	for _, bad := range []string{"", "2024-13", "Q5/2024", "tháng 0/2024", "1850", "next year", "2024-3-1", "13 tháng đầu năm 2024", "2024-YTD00"} {
		if p, err := ParsePeriod(bad); !errors.Is(err, ErrBadPeriod) {
			t.Errorf("ParsePeriod(%q) = %q, %v; want ErrBadPeriod", bad, p.Code(), err)
		}
	}
}

func TestPeriodDates(t *testing.T) {
	tests := []struct {
		p          Period
		start, end string
		prev       string
	}{
		{YearPeriod(2024), "2024-01-01", "2024-12-31", "2023"},
		{QuarterPeriod(2024, 3), "2024-07-01", "2024-09-30", "2023-Q3"},
		{MonthPeriod(2024, 2), "2024-02-01", "2024-02-29", "2023-02"},
		{YearToDate(2024, 9), "2024-01-01", "2024-09-30", "2023-YTD09"},
	}
	for _, tt := range tests {
		if s, e := tt.p.Start().Format(time.DateOnly), tt.p.End().Format(time.DateOnly); s != tt.start || e != tt.end {
			t.Errorf("%s spans %s..%s, want %s..%s", tt.p, s, e, tt.start, tt.end)
		}
		if got := tt.p.PreviousYear().Code(); got != tt.prev {
			t.Errorf("%s.PreviousYear() = %s, want %s", tt.p, got, tt.prev)
		}
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2024", "Quý I/2024", "tháng 03 năm 2024", "2024Q1", "03/2024", "6 tháng đầu năm 2024"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			return
		}
		q, err := ParsePeriod(p.Code())
		if err != nil || q != p {
			t.Fatalf("ParsePeriod(%q) = %v, but its code %q parses to %v, %v", s, p, p.Code(), q, err)
		}
	})
}

func TestElements(t *testing.T) {
	es, err := LoadElements()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"jobs_created", "jobs_abroad", "vet_enrolment", "labour_force", "trained_workers",
		"trained_share", "si_participants", "si_coverage", "households", "poor_households", "poor_household_rate",
		"urban_unemployment_rate"} {
		if _, err := es.Get(code); err != nil {
			t.Errorf("element %s: %v", code, err)
		}
	}
	if de, ok := es.Match("GIẢI QUYẾT VIỆC LÀM"); !ok || de.Code != "jobs_created" {
		t.Errorf("Match(GIẢI QUYẾT VIỆC LÀM) = %q, %v", de.Code, ok)
	}
	bad := []struct{ name, yaml string }{
		{"unknown field", "- code: x\n  name_vi: X\n  name_en: X\n  unit: persons\n  kind: flow\n  colour: red\n"},
		{"rate without denominator", "- code: x\n  name_vi: X\n  name_en: X\n  unit: percent\n  kind: rate\n"},
		{"rate in persons", "- code: d\n  name_vi: D\n  name_en: D\n  unit: persons\n  kind: stock\n- code: x\n  name_vi: X\n  name_en: X\n  unit: persons\n  kind: rate\n  denominator: d\n"},
		{"unknown kind", "- code: x\n  name_vi: X\n  name_en: X\n  unit: persons\n  kind: level\n"},
	}
	for _, tt := range bad {
		if _, err := ParseElements(tt.name, []byte(tt.yaml)); err == nil {
			t.Errorf("ParseElements(%s) succeeded, want an error", tt.name)
		}
	}
}
