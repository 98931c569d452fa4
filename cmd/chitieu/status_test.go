package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeCSV writes a long CSV submission and returns its path.
func writeCSV(t *testing.T, name string, rows ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	body := "data_element,area,period,value\n" + strings.Join(rows, "\n") + "\n"
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStatusAndRevisions(t *testing.T) {
	c := newCLI(t)
	ict := time.FixedZone("ICT", 7*3600)
	ingestAt := func(at time.Time, path string) {
		t.Helper()
		c.now = at
		c.run("ingest", "--by", "test", path)
	}
	// March 2024 is due on 20 April 2024 (end of day, Vietnam time).
	ingestAt(time.Date(2024, 4, 10, 9, 0, 0, 0, ict), writeCSV(t, "nghe_an_2024_03.csv",
		"jobs_created,40,2024-03,4000", "jobs_abroad,40,2024-03,1500", "vocational_enrolment,40,2024-03,900"))
	ingestAt(time.Date(2024, 4, 20, 23, 59, 0, 0, ict), writeCSV(t, "ha_noi_2024_03.csv", "jobs_created,01,2024-03,12000"))
	ingestAt(time.Date(2024, 4, 21, 0, 1, 0, 0, ict), writeCSV(t, "hai_phong_2024_03.csv", "jobs_created,31,2024-03,5000"))
	ingestAt(time.Date(2024, 4, 15, 9, 0, 0, 0, ict), writeCSV(t, "hcm_2024_03.csv", "jobs_created,79,2024-03,5000", "jobs_abroad,79,2024-03,abc"))
	// Nghệ An revises March: one value changed, one added, one left out.
	ingestAt(time.Date(2024, 4, 30, 9, 0, 0, 0, ict), writeCSV(t, "nghe_an_2024_03_v2.csv",
		"jobs_created,40,2024-03,4100", "jobs_abroad,40,2024-03,1500", "vocational_graduates,40,2024-03,700"))

	c.now = time.Date(2024, 5, 2, 9, 0, 0, 0, ict)
	out, errs, code := c.run("status", "--period", "Tháng 3/2024")
	if code != 0 {
		t.Fatalf("status: exit %d %s", code, errs)
	}
	want := "monthly 2024-03: 3 of 63 provinces reported (4.8%), 2 on time (3.2%), 1 late; 1 rejected, 59 missing, 0 not yet due; 1 revised"
	if !strings.Contains(out, want) {
		t.Errorf("status lacks\n%s\n%s", want, out)
	}
	out, _, _ = c.run("status", "--period", "2024-03", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, r := range rows {
		status[r["province"].(string)] = r["status"].(string)
		if r["province"] == "40" && (r["versions"] != 2.0 || r["superseded"] != 1.0) {
			t.Errorf("Nghệ An: %v", r)
		}
	}
	for p, want := range map[string]string{"40": "on_time", "01": "on_time", "31": "late", "79": "rejected", "48": "missing"} {
		if status[p] != want {
			t.Errorf("province %s: %q, want %q", p, status[p], want)
		}
	}
	if len(rows) != 63 {
		t.Errorf("%d provinces expected, want 63", len(rows))
	}
	// April is not yet due on 2 May.
	out, _, _ = c.run("status", "--period", "2024-04")
	if !strings.Contains(out, "0 of 63 provinces reported (0.0%), 0 on time (0.0%), 0 late; 0 rejected, 0 missing, 63 not yet due") {
		t.Errorf("April:\n%s", out)
	}

	// After the 2025 reorganisation, 34 provinces owe the report.
	c.now = time.Date(2025, 10, 1, 9, 0, 0, 0, ict)
	if out, _, _ = c.run("status", "--period", "2025-08"); !strings.Contains(out, "monthly 2025-08: 0 of 34 provinces reported") {
		t.Errorf("August 2025:\n%.300s", out)
	}

	// The ledger says what the revision changed; the left-out value is no
	// longer current.
	out, _, _ = c.run("query", "--format", "csv", `SELECT previous_version, values_added, values_changed, values_removed
		FROM submissions WHERE file_name LIKE '%v2.csv'`)
	if out != "previous_version,values_added,values_changed,values_removed\n1,1,1,1\n" {
		t.Errorf("revision in the ledger: %q", out)
	}
	out, _, _ = c.run("query", "--format", "csv", `SELECT data_element, value FROM observations WHERE area = '40' ORDER BY 1`)
	if out != "data_element,value\njobs_abroad,1500\njobs_created,4100\nvet_graduates,700\n" {
		t.Errorf("current values after the revision: %q", out)
	}
	out, _, _ = c.run("query", "--format", "csv", `SELECT count(*) AS n FROM observation_values WHERE area = '40'`)
	if out != "n\n6\n" {
		t.Errorf("every version kept: %q", out)
	}
}
