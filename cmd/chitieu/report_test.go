package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite golden files")

var ict = time.FixedZone("ICT", 7*3600)

// reportCLI loads testdata/report: three provinces' months of 2023 and 2024
// to September and their 2024 plans on 15 October 2024, Nghệ An's July,
// August and September as its own monthly reports (files of one province
// and one month, what counts as a report received) the same day, and a
// revision of Nghệ An's September on 25 October.
func reportCLI(t *testing.T) *cli {
	c := newCLI(t)
	c.now = time.Date(2024, 10, 15, 10, 0, 0, 0, ict)
	if out, errs, code := c.run("ingest", "testdata/report/q3_2024.csv", "testdata/report/plans_2024.csv",
		"testdata/report/nghe_an_2024_07.csv", "testdata/report/nghe_an_2024_08.csv", "testdata/report/nghe_an_2024_09.csv"); code != 0 {
		t.Fatalf("ingest exit %d\n%s%s", code, out, errs)
	}
	c.now = time.Date(2024, 10, 25, 9, 0, 0, 0, ict)
	if out, errs, code := c.run("ingest", "testdata/report/revision.csv"); code != 0 {
		t.Fatalf("ingest revision exit %d\n%s%s", code, out, errs)
	}
	c.now = time.Date(2024, 11, 1, 8, 0, 0, 0, ict)
	return c
}

// reportModel is the JSON model the report command wrote.
type reportModel struct {
	Cumulative  string `json:"cumulative"`
	Previous    string `json:"previous"`
	DataVersion struct {
		Submission int64  `json:"last_submission"`
		LoadedAt   string `json:"loaded_at"`
	} `json:"data_version"`
	Indicators []struct {
		Code    string `json:"code"`
		Summary []struct {
			Area      string   `json:"area"`
			Value     *float64 `json:"value"`
			Plan      *float64 `json:"plan"`
			PctPlan   *float64 `json:"pct_of_plan"`
			Previous  *float64 `json:"previous_year"`
			PctPrev   *float64 `json:"pct_of_previous"`
			Reporting int      `json:"provinces_reporting"`
			Expected  int      `json:"provinces_expected"`
			Status    string   `json:"status"`
			Missing   []string `json:"missing"`
		} `json:"summary"`
		Provinces []struct {
			Area    string   `json:"area"`
			Rank    int      `json:"rank"`
			Value   *float64 `json:"value"`
			PctPlan *float64 `json:"pct_of_plan"`
		} `json:"provinces"`
	} `json:"indicators"`
	Completeness struct {
		OnTime    int `json:"on_time"`
		Late      int `json:"late"`
		Missing   int `json:"missing"`
		Pending   int `json:"pending"`
		Provinces []struct {
			Area   string `json:"area"`
			Months []struct {
				State    string `json:"state"`
				DaysLate int    `json:"days_late"`
			} `json:"months"`
		} `json:"provinces"`
	} `json:"completeness"`
}

func readModel(t *testing.T, path string) (reportModel, []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m reportModel
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m, b
}

func near(p *float64, want float64) bool { return p != nil && *p > want-0.005 && *p < want+0.005 }

func TestReportQuarter(t *testing.T) {
	c := reportCLI(t)
	dir := t.TempDir()
	out, errs, code := c.run("report", "--period", "Quý III/2024", "--out", dir)
	if code != 0 {
		t.Fatalf("report exit %d\n%s%s", code, out, errs)
	}
	base := filepath.Join(dir, "chitieu-2024-Q3-vi")
	if want := base + ".xlsx\n" + base + ".html\n" + base + ".json\n"; out != want {
		t.Errorf("report printed %q, want %q", out, want)
	}
	m, raw := readModel(t, base+".json")
	golden := "testdata/report/golden_2024-Q3_vi.json"
	if *update {
		os.WriteFile(golden, raw, 0o644)
	}
	if want, err := os.ReadFile(golden); err != nil || !bytes.Equal(raw, want) {
		t.Errorf("report model differs from %s (go test -update to rewrite, then review the diff); err %v", golden, err)
	}

	// The numbers, worked out by hand: jobs January–September 2024 against
	// the 2024 plan and January–September 2023.
	if m.Cumulative != "2024-YTD09" || m.Previous != "2023-YTD09" {
		t.Errorf("periods %s, %s; want 2024-YTD09, 2023-YTD09", m.Cumulative, m.Previous)
	}
	jobs, poor := m.Indicators[0], m.Indicators[1]
	if jobs.Code != "jobs_created" || poor.Code != "poor_household_rate" {
		t.Fatalf("indicators %s, %s", jobs.Code, poor.Code)
	}
	vn := jobs.Summary[0]
	// 9 × (10,000 + 5,000 + 4,000) + 1,000 revised in Nghệ An's September
	if vn.Area != "VN" || !near(vn.Value, 172000) || !near(vn.Plan, 227000) || !near(vn.PctPlan, 75.77) ||
		!near(vn.Previous, 159300) || !near(vn.PctPrev, 107.97) {
		t.Errorf("national jobs = %+v", vn)
	}
	if vn.Reporting != 3 || vn.Expected != 63 || len(vn.Missing) != 60 || vn.Status != "provisional" {
		t.Errorf("national coverage %d/%d, %d missing, %s; want 3/63, 60 missing, provisional (Thanh Hóa's September)",
			vn.Reporting, vn.Expected, len(vn.Missing), vn.Status)
	}
	// every province of the map has a row, reported or not: three
	// provinces sent figures, 60 are shown as not reported
	for _, ind := range m.Indicators {
		with := 0
		for _, p := range ind.Provinces {
			if p.Value != nil {
				with++
			}
		}
		if len(ind.Provinces) != 63 || with != 3 {
			t.Errorf("%s: %d province rows, %d with a figure; want 63 and 3", ind.Code, len(ind.Provinces), with)
		}
	}
	// ranking by % of plan: Nghệ An 37,000/47,000 = 78.72%, then Hà Nội and
	// Thanh Hóa tied at 75%
	var ranks []string
	for _, p := range jobs.Provinces {
		ranks = append(ranks, p.Area+":"+string(rune('0'+p.Rank)))
	}
	if got := strings.Join(ranks[:3], " "); got != "40:1 01:2 38:2" {
		t.Errorf("jobs ranking %s, want 40:1 01:2 38:2", got)
	}
	// poverty is lower-is-better and a rate: Σ poor ÷ Σ households =
	// 110,000 ÷ 3,800,000 = 2.89% (the mean of the rates would be 3.83%);
	// plan weighted by households 2.71%; % of plan = plan ÷ actual = 93.64%
	pv := poor.Summary[0]
	if !near(pv.Value, 2.89) || !near(pv.Plan, 2.71) || !near(pv.PctPlan, 93.64) {
		t.Errorf("national poverty = value %v plan %v %% plan %v; want 2.89, 2.71, 93.64", *pv.Value, pv.Plan, pv.PctPlan)
	}

	// completeness, as chitieu status counts it: Nghệ An's own monthly
	// reports arrived on 15 October: July (due 20 August) 56 days late,
	// August 25 days late, September on time (its revision of 25 October
	// does not make it late). The table of three provinces is not a
	// province's report: 62 provinces sent none.
	cm := m.Completeness
	if cm.OnTime != 1 || cm.Late != 2 || cm.Missing != 186 {
		t.Errorf("completeness on time %d, late %d, missing %d; want 1, 2, 186", cm.OnTime, cm.Late, cm.Missing)
	}
	for _, p := range cm.Provinces {
		if p.Area == "40" {
			got := []any{p.Months[0].State, p.Months[0].DaysLate, p.Months[1].DaysLate, p.Months[2].State}
			if want := []any{"late", 56, 25, "on_time"}; !equalAny(got, want) {
				t.Errorf("Nghệ An months %v, want %v", got, want)
			}
		}
	}

	// The workbook holds the same numbers.
	f, err := excelize.OpenFile(base + ".xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !equalAny(anySlice(got), anySlice([]string{"Bìa", "Tổng hợp", "Giải quyết việc làm", "Tỷ lệ hộ nghèo", "Diễn biến tháng", "Tình hình báo cáo", "Ghi chú", "Số liệu biểu đồ"})) {
		t.Errorf("sheets %q", got)
	}
	for cell, want := range map[string]string{"C5": "Cả nước", "D5": "227000", "E5": "58000", "F5": "172000", "K5": "3/63"} {
		if got, _ := f.GetCellValue("Tổng hợp", cell, excelize.Options{RawCellValue: true}); got != want {
			t.Errorf("Tổng hợp!%s = %q, want %q", cell, got, want)
		}
	}
	if got, _ := f.GetCellValue("Giải quyết việc làm", "C5"); got != "Nghệ An" {
		t.Errorf("first ranked province %q, want Nghệ An", got)
	}
	// The notes say which map of provinces the figures are on.
	notes, _ := f.GetRows("Ghi chú")
	stated := false
	for _, row := range notes {
		stated = stated || len(row) > 1 && row[0] == "Địa giới hành chính" && strings.HasPrefix(row[1], "63 tỉnh, thành phố")
	}
	if !stated {
		t.Errorf("the notes do not state the map of provinces: %q", notes)
	}
	// Charts are not pictures to excelize; the report package checks them in the workbook's parts.
}

// The same period and --as-of give the same numbers, whatever was loaded
// since; the report states the data version it was drawn from.
func TestReportAsOf(t *testing.T) {
	c := reportCLI(t)
	dir := t.TempDir()
	if out, errs, code := c.run("report", "--period", "2024-Q3", "--as-of", "2024-10-20T00:00:00+07:00", "--lang", "en", "--out", dir); code != 0 {
		t.Fatalf("report exit %d\n%s%s", code, out, errs)
	}
	m, _ := readModel(t, filepath.Join(dir, "chitieu-2024-Q3-en.json"))
	if got := m.Indicators[0].Summary[0].Value; !near(got, 171000) {
		t.Errorf("national jobs as of 20 October = %v, want 171,000 (before the revision)", got)
	}
	if m.DataVersion.Submission != 5 || m.DataVersion.LoadedAt != "2024-10-15T03:00:00Z" {
		t.Errorf("data version %+v, want submission 5 loaded 2024-10-15T03:00:00Z", m.DataVersion)
	}
	// a later load changes nothing as of then
	c.now = time.Date(2024, 12, 1, 8, 0, 0, 0, ict)
	if _, errs, code := c.run("ingest", "testdata/submissions/nghe_an_2024.csv"); code != 0 {
		t.Fatal(errs)
	}
	dir2 := t.TempDir()
	if _, errs, code := c.run("report", "--period", "2024-Q3", "--as-of", "2024-10-20T00:00:00+07:00", "--lang", "en", "--out", dir2); code != 0 {
		t.Fatal(errs)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "chitieu-2024-Q3-en.json"))
	b, _ := os.ReadFile(filepath.Join(dir2, "chitieu-2024-Q3-en.json"))
	a = bytes.ReplaceAll(a, []byte("2024-11-01T01:00:00Z"), nil)
	b = bytes.ReplaceAll(b, []byte("2024-12-01T01:00:00Z"), nil)
	if !bytes.Equal(a, b) {
		t.Errorf("report as of 20 October changed after a later load")
	}
}

func TestReportUsage(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{
		{"report"},
		{"report", "--period", "2024-Q3"},
		{"report", "--period", "2024", "--out", t.TempDir()},
		{"report", "--period", "2024-Q3", "--lang", "fr", "--out", t.TempDir()},
		{"report", "--period", "2024-Q3", "--as-of", "yesterday", "--out", t.TempDir()},
	} {
		if _, _, code := c.run(args...); code != exitUsage {
			t.Errorf("chitieu %q: exit %d, want %d", args, code, exitUsage)
		}
	}
	// an empty warehouse has nothing to report
	if _, errs, code := c.run("report", "--period", "2024-Q3", "--out", t.TempDir()); code != exitFailure || !strings.Contains(errs, "") {
		t.Errorf("empty warehouse: exit %d", code)
	}
}

func anySlice[T any](s []T) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func equalAny(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
