package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, got)
	}
}

// validate reports every problem of every file at once, stores nothing and
// exits 3 when a file has an error.
func TestValidateGolden(t *testing.T) {
	c := newCLI(t)
	// A database with the province's history makes the checks against it
	// possible; validate must leave it as it was.
	if _, errs, code := c.run("ingest", "testdata/submissions"); code != 0 {
		t.Fatal(errs)
	}
	out, _, code := c.run("validate", "--format", "json", "testdata/validate", "testdata/bad")
	if code != exitRejected {
		t.Errorf("exit %d, want %d", code, exitRejected)
	}
	var doc struct {
		Files []fileReport `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if len(doc.Files) != 5 {
		t.Fatalf("%d files reported, want 5", len(doc.Files))
	}
	golden(t, "validate.json", out)

	// the text report, in Vietnamese for the provinces' clerks by default
	text, _, code := c.run("validate", "testdata/validate", "testdata/bad")
	if code != exitRejected {
		t.Errorf("text: exit %d, want %d", code, exitRejected)
	}
	golden(t, "validate.txt", text)
	for _, want := range []string{
		"trả lại   testdata/validate/checks_nghe_an.csv: 4 lỗi, 0 cảnh báo\n  lỗi: dòng 3, cột value: giá trị \"4800\": «Người lao động đi làm việc ở nước ngoài theo hợp đồng» là phần",
		"(Nghệ An, 2024-12, thực hiện) ở dòng 2 là 4350",
		"  cảnh báo: trang tính \"BC thang\" ô E9:",
		"5 tệp: 1 hợp lệ, 4 bị trả lại",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("validate's report lacks %q", want)
		}
	}
	// no path printed twice on a line
	for _, line := range strings.Split(text, "\n") {
		if f, _, ok := strings.Cut(strings.TrimSpace(line), ": "); ok && strings.HasPrefix(f, "testdata/") && strings.Count(line, f) > 1 {
			t.Errorf("path printed twice: %q", line)
		}
	}
	en, _, _ := c.run("validate", "--lang", "en", "testdata/validate", "testdata/bad")
	golden(t, "validate_en.txt", en)
	for _, want := range []string{"4 errors, 0 warnings", "1 error, 1 warning", "  error: row 6, column value: value \"103.7\": «Trained-worker share» is a percentage", "5 files: 1 valid, 4 rejected"} {
		if !strings.Contains(en, want) {
			t.Errorf("validate --lang en lacks %q", want)
		}
	}

	ledger, _, _ := c.run("query", "--format", "csv", "SELECT count(*) AS n FROM submissions")
	if ledger != "n\n1\n" {
		t.Errorf("ledger after validate: %q, want the one ingested file only", ledger)
	}
}

// A valid file exits 0, and ingest then reports the same warnings.
func TestValidateThenIngestGSO(t *testing.T) {
	c := newCLI(t)
	out, errs, code := c.run("validate", "--lang", "en", "testdata/gso")
	if code != 0 {
		t.Fatalf("validate exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "valid     testdata/gso/gso_labour_force_2007_2021.csv: 126 values, period 2007..2021, 0 warnings (template gso_province_table)") {
		t.Errorf("validate output:\n%s", out)
	}
	if !strings.Contains(errs, "no database at") {
		t.Errorf("validate without a database does not say so: %q", errs)
	}
	if _, err := os.Stat(c.db); err == nil {
		t.Error("validate created the database")
	}
	if out, errs, code = c.run("ingest", "testdata/gso"); code != 0 {
		t.Fatalf("ingest exit %d\n%s%s", code, out, errs)
	}
	out, _, _ = c.run("query", "--format", "csv", `SELECT data_element, area, period, value, status FROM observations
		WHERE area = '40' ORDER BY period`)
	want := "data_element,area,period,value,status\n" +
		"labour_force,40,2007,1624000,final\n" + // 1624.0 thousand persons
		"labour_force,40,2021,1620600,provisional\n" +
		"poor_household_rate,40,2023,4.72,provisional\n"
	if out != want {
		t.Errorf("Nghệ An from GSO:\n%s\nwant\n%s", out, want)
	}
	out, _, _ = c.run("query", "--format", "csv", `SELECT count(*) AS n FROM observations WHERE area NOT IN (SELECT code FROM areas WHERE level = 'province')`)
	if out != "n\n0\n" {
		t.Errorf("country or region rows stored: %q", out)
	}
}

func TestTemplatesAndForcedTemplate(t *testing.T) {
	c := newCLI(t)
	out, _, code := c.run("templates")
	if code != 0 {
		t.Fatalf("templates exit %d", code)
	}
	for _, want := range []string{"long_csv (long_csv)", "provincial_monthly (sheet_rows)", "gso_province_table (table)"} {
		if !strings.Contains(out, want) {
			t.Errorf("templates lacks %q:\n%s", want, out)
		}
	}
	for _, want := range []string{"provincial_plan (sheet_rows)"} {
		if !strings.Contains(out, want) {
			t.Errorf("templates lacks %q:\n%s", want, out)
		}
	}
	out, _, code = c.run("catalog")
	for _, want := range []string{
		"vet_enrolment_college (flow, persons)", "part of vet_enrolment", `beneath vet_enrolment: "Cao đẳng, trung cấp"`,
		"women_share_jobs (rate, percent, better higher)", "jobs_created[sex=female] ÷ jobs_created × 100",
		"sums to 100 with its group employment_by_sector",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("catalog (exit %d) lacks %q", code, want)
		}
	}
	if _, _, code := c.run("validate", "--template", "no_such_form", "testdata/gso"); code != exitUsage {
		t.Errorf("unknown --template: exit %d, want %d", code, exitUsage)
	}
	// Forcing the GSO form on a long CSV says which columns it wanted.
	out, _, code = c.run("validate", "--template", "gso_province_table", "testdata/submissions/nghe_an_2024.csv")
	if code != exitRejected || !strings.Contains(out, "cần các cột indicator_id") {
		t.Errorf("forced template: exit %d\n%s", code, out)
	}
}

// Real-shaped workbooks (testdata/workbooks, written by its gen program):
// the monthly report with a three-row header, TCVN3, text numbers, stated
// percentages, a hidden row and notes; the summary by province with region
// and total rows.
func TestWorkbooks(t *testing.T) {
	c := newCLI(t)
	out, _, code := c.run("validate", "--format", "json", "testdata/workbooks")
	if code != 0 {
		t.Errorf("validate exit %d, want 0 (warnings only)", code)
	}
	golden(t, "workbooks.json", out)
	if _, errs, code := c.run("ingest", "testdata/workbooks"); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errs)
	}
	out, _, _ = c.run("query", "--format", "csv", `SELECT data_element, area, period, kind, value, source_cell FROM observations
		WHERE area IN ('40', '42') AND kind <> 'plan' ORDER BY area, data_element, period, kind`)
	want := `data_element,area,period,kind,value,source_cell
jobs_abroad,40,2024-06,actual,1650,'BC thang 6'!E12
jobs_abroad,40,2024-06,ytd,9800,'BC thang 6'!F12
jobs_created,40,2024-06,actual,4120,'BC thang 6'!E11
jobs_created,40,2024-06,ytd,24300,'BC thang 6'!F11
trained_share,40,2024-06,actual,69.5,'BC thang 6'!F15
vet_enrolment,40,2024-06,actual,5100,'BC thang 6'!E13
vet_enrolment,40,2024-06,ytd,31200,'BC thang 6'!F13
jobs_abroad,42,2024,actual,9000,'Tong hop'!E11
jobs_created,42,2024,actual,26200,'Tong hop'!D11
trained_share,42,2024,actual,68.5,'Tong hop'!G11
`
	if out != want {
		t.Errorf("observations:\n%s\nwant\n%s", out, want)
	}
}
