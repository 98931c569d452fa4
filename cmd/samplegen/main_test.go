package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"chitieu/schemas"
)

// generated runs the generator into a fresh directory.
func generated(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := generate(dir, nil); err != nil {
		t.Fatalf("generate: %v", err)
	}
	return dir
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := readTree(t, generated(t)), readTree(t, generated(t))
	if len(a) != len(b) {
		t.Fatalf("runs wrote %d and %d files", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	for _, want := range []string{
		"README.md", "monthly/flows_2023.csv", "monthly/flows_2024.csv",
		"annual/annual_2023.csv", "annual/annual_2024.csv",
		"plans/plans_2023.csv", "plans/plans_2024.csv",
		"xlsx/nghe_an_2024_thang_01.xlsx", "xlsx/nghe_an_2024_thang_12.xlsx",
	} {
		if _, ok := a[want]; !ok {
			t.Errorf("no %s written", want)
		}
	}
}

// record is one row of a long CSV, keyed by column name.
type record map[string]string

// readLong reads a long CSV, sniffing its delimiter from the header line as
// chitieu does.
func readLong(t *testing.T, path string) []record {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if got := strings.Join(rows[0], ","); got != strings.Join(header, ",") {
		t.Fatalf("%s: header %q, want %q", path, got, strings.Join(header, ","))
	}
	var recs []record
	for _, row := range rows[1:] {
		r := record{}
		for i, h := range rows[0] {
			r[h] = row[i]
		}
		recs = append(recs, r)
	}
	return recs
}

// number parses a plain ("48500", "70.1") or Vietnamese-style ("48.500",
// "70,1") value.
func number(t *testing.T, s string) float64 {
	t.Helper()
	if strings.Contains(s, ",") || strings.Count(s, ".") > 1 || (strings.Contains(s, ".") && len(s)-strings.Index(s, ".") == 4) {
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("value %q: %v", s, err)
	}
	return v
}

func TestNgheAnWorkbooks(t *testing.T) {
	dir := generated(t)
	var sum [4]float64
	for m := 1; m <= 12; m++ {
		path := filepath.Join(dir, filepath.FromSlash(workbookName(m)))
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		get := func(c string) string {
			v, err := f.GetCellValue(sheetName, c, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatalf("%s %s: %v", path, c, err)
			}
			return v
		}
		if got, want := get("A4"), fmt.Sprintf("THÁNG %d NĂM 2024", m); !strings.Contains(got, want) {
			t.Errorf("month %d: A4 = %q, want it to name %q", m, got, want)
		}
		if got := get("B10"); !strings.HasPrefix(got, "Trong đó:") {
			t.Errorf("month %d: B10 = %q, want a \"Trong đó:\" row", m, got)
		}
		for i := range 4 {
			r := strconv.Itoa(9 + i)
			month, ytd := number(t, get("E"+r)), number(t, get("F"+r))
			sum[i] += month
			if ytd != sum[i] {
				t.Errorf("month %d row %s: year to date %v, want the months' sum %v", m, r, ytd, sum[i])
			}
		}
		if m == 12 {
			for _, c := range []struct {
				cell string
				want float64
			}{{"D9", 47000}, {"F9", 48500}, {"D10", 16500}, {"F10", 20000}, {"D11", 65000}, {"F11", 65000}} {
				if got := number(t, get(c.cell)); got != c.want {
					t.Errorf("December %s = %v, want %v", c.cell, got, c.want)
				}
			}
			if got := get("A5"); got != "(Kèm theo Báo cáo số 15/BC-SLĐTBXH ngày 05/01/2025)" {
				t.Errorf("December A5 = %q", got)
			}
		}
		f.Close()
	}
	if sum[0] != 48500 {
		t.Errorf("Nghệ An's 2024 jobs_created months sum to %v, want 48500", sum[0])
	}
	if sum[1] != 20000 {
		t.Errorf("Nghệ An's 2024 jobs_abroad months sum to %v, want 20000", sum[1])
	}
}

func TestWorkedExample(t *testing.T) {
	dir := generated(t)
	find := func(file, element, area, period, kind string) (float64, bool) {
		for _, r := range readLong(t, filepath.Join(dir, file)) {
			if r["data_element"] == element && r["area"] == area && r["period"] == period && r["kind"] == kind {
				return number(t, r["value"]), true
			}
		}
		return 0, false
	}
	flows2023 := map[string]float64{}
	for _, r := range readLong(t, filepath.Join(dir, "monthly/flows_2023.csv")) {
		if r["area"] == ngheAn {
			flows2023[r["data_element"]] += number(t, r["value"])
		}
	}
	for _, r := range readLong(t, filepath.Join(dir, "monthly/flows_2024.csv")) {
		if r["area"] == ngheAn {
			t.Fatalf("flows_2024.csv has Nghệ An row %v; its 2024 months are in the workbooks", r)
		}
	}
	for _, r := range readLong(t, filepath.Join(dir, "plans/plans_2024.csv")) {
		if r["area"] == ngheAn && (r["data_element"] == "jobs_created" || r["data_element"] == "jobs_abroad") {
			t.Fatalf("plans_2024.csv has Nghệ An row %v; its 2024 flow plans are in the workbooks", r)
		}
	}
	pct := func(a, b float64) float64 { return math.Round(a/b*10000) / 100 }
	if got := pct(48500, flows2023["jobs_created"]); got != 104.85 {
		t.Errorf("jobs created 2024 = %v %% of 2023 (%v), want 104.85", got, flows2023["jobs_created"])
	}
	if got := pct(20000, flows2023["jobs_abroad"]); got != 87.5 {
		t.Errorf("jobs abroad 2024 = %v %% of 2023 (%v), want 87.5", got, flows2023["jobs_abroad"])
	}
	if got := pct(48500, 47000); got != 103.19 {
		t.Errorf("jobs created %% of plan = %v, want 103.19", got)
	}
	if got := pct(20000, 16500); got != 121.21 {
		t.Errorf("jobs abroad %% of plan = %v, want 121.21", got)
	}
	for _, c := range []struct {
		file, element, period string
		want                  float64
	}{
		{"annual/annual_2024.csv", "trained_share", "2024", 70.1},
		{"annual/annual_2024.csv", "si_coverage", "2024", 25.7},
		{"annual/annual_2024.csv", "poor_household_rate", "2024", 4.12},
	} {
		if got, ok := find(c.file, c.element, ngheAn, c.period, "actual"); !ok || got != c.want {
			t.Errorf("%s %s Nghệ An = %v (found %v), want %v", c.file, c.element, got, ok, c.want)
		}
	}
	if got, ok := find("annual/annual_2023.csv", "poor_household_rate", "Tỉnh Nghệ An", "2023", "actual"); !ok || got != 5.19 {
		t.Errorf("annual_2023 poor_household_rate Nghệ An = %v (found %v), want 5.19", got, ok)
	}
}

func TestAnnualFiles(t *testing.T) {
	dir := generated(t)
	areas, err := schemas.LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, file := range []string{"annual/annual_2023.csv", "annual/annual_2024.csv"} {
		provinces := map[string]bool{}
		labourForce := 0.0
		byArea := map[string]map[string]float64{}
		for _, r := range readLong(t, filepath.Join(dir, file)) {
			a, err := areas.Resolve(r["area"], at)
			if err != nil {
				t.Fatalf("%s: area %q: %v", file, r["area"], err)
			}
			provinces[a.Code] = true
			v := number(t, r["value"])
			if byArea[a.Code] == nil {
				byArea[a.Code] = map[string]float64{}
			}
			byArea[a.Code][r["data_element"]] = v
			if r["data_element"] == "labour_force" {
				labourForce += v
			}
		}
		if len(provinces) != 63 {
			t.Errorf("%s: %d provinces, want 63", file, len(provinces))
		}
		if labourForce < 50e6 || labourForce > 56e6 {
			t.Errorf("%s: national labour force %.0f, want 50–56 million", file, labourForce)
		}
		// Every rate is reported directly or through its numerator, and lies
		// in its plausible range either way.
		ranges := []struct {
			rate, num, den string
			lo, hi         float64
		}{
			{"trained_share", "trained_workers", "labour_force", 55, 80},
			{"si_coverage", "si_participants", "labour_force", 20, 80},
			{"poor_household_rate", "poor_households", "households", 0, 30},
			{"urban_unemployment_rate", "urban_unemployed", "urban_labour_force", 1.5, 4.5},
		}
		for code, vs := range byArea {
			for _, d := range []string{"labour_force", "households", "urban_labour_force"} {
				if vs[d] <= 0 {
					t.Errorf("%s: province %s has no %s", file, code, d)
				}
			}
			for _, rg := range ranges {
				rate, hasRate := vs[rg.rate]
				num, hasNum := vs[rg.num]
				if hasNum {
					rate = 100 * num / vs[rg.den]
				}
				if hasRate == hasNum {
					if rg.rate == "urban_unemployment_rate" && !hasRate && file == "annual/annual_2024.csv" && noUrbanUnemployment2024[code] {
						continue
					}
					t.Errorf("%s: province %s reports %s %v and %s %v, want exactly one", file, code, rg.rate, hasRate, rg.num, hasNum)
					continue
				}
				if rate < rg.lo || rate > rg.hi {
					t.Errorf("%s: province %s %s = %.2f, want %v–%v", file, code, rg.rate, rate, rg.lo, rg.hi)
				}
			}
		}
	}
}

func TestBinhDuongLacksDecember2024(t *testing.T) {
	dir := generated(t)
	months := map[string]int{}
	for _, r := range readLong(t, filepath.Join(dir, "monthly/flows_2024.csv")) {
		if r["area"] == binhDuong {
			months[r["period"]]++
		}
	}
	if months["2024-12"] != 0 {
		t.Errorf("Bình Dương has %d rows for 2024-12, want none", months["2024-12"])
	}
	if months["2024-11"] != nFlows {
		t.Errorf("Bình Dương has %d rows for 2024-11, want %d", months["2024-11"], nFlows)
	}
}

func TestMonthsSumToYear(t *testing.T) {
	ps, err := build()
	if err != nil {
		t.Fatal(err)
	}
	for yi := range years {
		var got [nFlows]int
		for _, p := range ps {
			y := p.Y[yi]
			for m := range 12 {
				if y.Months[jobsAbroad][m] > y.Months[jobsCreated][m] {
					t.Errorf("%s %d-%02d: jobs_abroad %d > jobs_created %d", p.Code, years[yi], m+1, y.Months[jobsAbroad][m], y.Months[jobsCreated][m])
				}
			}
			for f := range nFlows {
				got[f] += y.Annual(f)
			}
		}
		for f, want := range map[int]int{jobsCreated: jobsTotal[yi], jobsAbroad: abroadTotal[yi], vetEnrolment: vetTotal[yi]} {
			if got[f] != want {
				t.Errorf("%d %s: national total %d, want %d", years[yi], flowCodes[f], got[f], want)
			}
		}
	}
}

func TestApportion(t *testing.T) {
	tests := []struct {
		total   int
		weights []float64
		want    []int
	}{
		{10, []float64{1, 1, 1}, []int{4, 3, 3}},
		{100, []float64{1, 3}, []int{25, 75}},
		{7, []float64{0.5, 0.25, 0.25}, []int{3, 2, 2}},
		{0, []float64{1, 2}, []int{0, 0}},
	}
	for _, tt := range tests {
		got := apportion(tt.total, tt.weights)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("apportion(%d, %v) = %v, want %v", tt.total, tt.weights, got, tt.want)
		}
	}
}

func TestVNInt(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {4350, "4.350"}, {48500, "48.500"}, {1234567, "1.234.567"}, {-1000, "-1.000"}} {
		if got := vnInt(tt.n); got != tt.want {
			t.Errorf("vnInt(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
