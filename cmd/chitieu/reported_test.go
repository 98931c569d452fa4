package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestReportReceivedAsStatus holds the quarterly report's reporting table
// equal to chitieu status: one definition of "a province reported" (a
// loaded file of the monthly form for that province and month). The data
// is the demo's (samples/): the ministry's table of every province's 2024
// months (here January–September), which carries values but is no
// province's report, and Nghệ An's own monthly workbooks, here sent on time
// and late.
func TestReportReceivedAsStatus(t *testing.T) {
	c := newCLI(t)
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, ict) }
	ingest := func(when time.Time, files ...string) {
		t.Helper()
		c.now = when
		if out, errs, code := c.run(append([]string{"ingest"}, files...)...); code != 0 {
			t.Fatalf("ingest %v: exit %d\n%s%s", files, code, out, errs)
		}
	}
	ingest(at(2024, 8, 18, 9), "testdata/demo/nghe_an_2024_thang_07.xlsx") // due 20 August: on time
	ingest(at(2024, 9, 23, 9), "testdata/demo/nghe_an_2024_thang_08.xlsx") // due 20 September: 3 days late
	ingest(at(2024, 10, 2, 9), "testdata/demo/flows_2024_jan_sep.csv", "testdata/demo/plans_2024.csv")
	ingest(at(2024, 10, 30, 9), "testdata/demo/nghe_an_2024_thang_09.xlsx")

	for _, tc := range []struct {
		name string
		now  time.Time
		asOf string
	}{
		{"after every deadline", at(2024, 11, 2, 9), ""},
		{"before September is due", at(2024, 10, 5, 9), ""},
		{"as of 25 October, drawn later", at(2024, 11, 2, 9), "2024-10-25"},
	} {
		c.now = tc.now
		statusAt := tc.now
		dir := t.TempDir()
		args := []string{"report", "--period", "2024-Q3", "--out", dir}
		if tc.asOf != "" {
			args = append(args, "--as-of", tc.asOf)
			statusAt = at(2024, 10, 25, 24) // the end of that day in Viet Nam
		}
		out, errs, code := c.run(args...)
		if code != 0 {
			t.Fatalf("%s: report exit %d\n%s%s", tc.name, code, out, errs)
		}
		raw, err := os.ReadFile(filepath.Join(dir, "chitieu-2024-Q3-vi.json"))
		if err != nil {
			t.Fatal(err)
		}
		var m reportModel
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		report := map[[2]string]string{}
		counts := map[string]int{}
		for _, p := range m.Completeness.Provinces {
			for i, mr := range p.Months {
				report[[2]string{p.Area, []string{"2024-07", "2024-08", "2024-09"}[i]}] = mr.State
				counts[mr.State]++
			}
		}
		c.now = statusAt
		status := map[[2]string]string{}
		for _, month := range []string{"2024-07", "2024-08", "2024-09"} {
			out, errs, code := c.run("status", "--period", month, "--format", "json")
			if code != 0 {
				t.Fatalf("status %s: exit %d %s", month, code, errs)
			}
			var rows []struct{ Form, Period, Province, Status string }
			if err := json.Unmarshal([]byte(out), &rows); err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				if r.Form == "monthly" {
					status[[2]string{r.Province, r.Period}] = r.Status
				}
			}
		}
		if len(report) != 189 || len(status) != 189 {
			t.Errorf("%s: %d province-months in the report, %d in status; want 63 × 3", tc.name, len(report), len(status))
		}
		for k, want := range status {
			if report[k] != want {
				t.Errorf("%s: province %s %s: report %q, status %q", tc.name, k[0], k[1], report[k], want)
			}
		}
		if counts["on_time"] != m.Completeness.OnTime || counts["late"] != m.Completeness.Late || counts["missing"] != m.Completeness.Missing ||
			counts["pending"] != m.Completeness.Pending {
			t.Errorf("%s: the report's totals %+v disagree with its table %v", tc.name, m.Completeness, counts)
		}
		// Nghệ An: July on time, August 3 days late; September late (30
		// October) or not yet due (5 October) or not yet received (25 October)
		want := map[string][3]string{
			"after every deadline":          {"on_time", "late", "late"},
			"before September is due":       {"on_time", "late", "pending"},
			"as of 25 October, drawn later": {"on_time", "late", "missing"},
		}[tc.name]
		for i, month := range []string{"2024-07", "2024-08", "2024-09"} {
			if got := report[[2]string{"40", month}]; got != want[i] {
				t.Errorf("%s: Nghệ An %s = %q, want %q", tc.name, month, got, want[i])
			}
		}
	}
}
