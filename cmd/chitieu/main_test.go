package main

import (
	"bytes"
	"chitieu/indicators"
	"chitieu/schemas"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// cli runs chitieu in-process as a user would, with CHITIEU_DB set to db.
type cli struct {
	t   testing.TB
	db  string
	now time.Time // the clock of the commands; zero means 2025-01-20 09:00 UTC
}

func newCLI(t testing.TB) *cli {
	return &cli{t: t, db: filepath.Join(t.TempDir(), "test.duckdb")}
}

func (c *cli) run(args ...string) (stdout, stderr string, code int) {
	c.t.Helper()
	var out, errb bytes.Buffer
	now := c.now
	if now.IsZero() {
		now = time.Date(2025, 1, 20, 9, 0, 0, 0, time.UTC)
	}
	e := &env{stdout: &out, stderr: &errb, now: func() time.Time { return now },
		getenv: func(k string) string {
			if k == "CHITIEU_DB" {
				return c.db
			}
			return ""
		}}
	err := e.run(context.Background(), args)
	return out.String(), errb.String(), exitCode(err)
}

func TestIngestQueryIndicators(t *testing.T) {
	c := newCLI(t)
	out, errs, code := c.run("ingest", "testdata/submissions")
	if code != 0 {
		t.Fatalf("ingest exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "loaded    testdata/submissions/nghe_an_2024.csv: 6 values, province 40, period 2023..2024") {
		t.Errorf("ingest output:\n%s", out)
	}
	out, _, code = c.run("ingest", "testdata/submissions/nghe_an_2024.csv")
	if code != 0 || !strings.Contains(out, "unchanged testdata/submissions/nghe_an_2024.csv: the same bytes were loaded as submission") {
		t.Errorf("re-ingest exit %d:\n%s", code, out)
	}

	out, errs, code = c.run("indicators", "--area", "Nghệ An", "--period", "Năm 2024", "--indicator", "jobs_created")
	if code != 0 {
		t.Fatalf("indicators exit %d: %s", code, errs)
	}
	for _, want := range []string{"40 Nghệ An", "48,500", "47,000", "103.19%", "46,256", "104.85%", "+4.85%", "1/1"} {
		if !strings.Contains(out, want) {
			t.Errorf("indicators table lacks %q:\n%s", want, out)
		}
	}

	out, _, code = c.run("query", "--format", "json", "SELECT indicator, value, pct_of_plan FROM indicator_values WHERE area = '40' AND period = '2024' ORDER BY indicator")
	if code != 0 {
		t.Fatalf("query exit %d", code)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("query json: %v\n%s", err, out)
	}
	if len(rows) != 2 || rows[1]["indicator"] != "jobs_created" || rows[1]["pct_of_plan"] != 103.19 {
		t.Errorf("query rows = %v", rows)
	}

	out, _, _ = c.run("query", "--format", "csv", "SELECT file_name, outcome, row_count FROM submissions")
	if want := "file_name,outcome,row_count\ntestdata/submissions/nghe_an_2024.csv,loaded,6\n"; out != want {
		t.Errorf("ledger csv = %q, want %q", out, want)
	}
}

func TestRejectedExitCode(t *testing.T) {
	c := newCLI(t)
	out, _, code := c.run("ingest", "testdata/bad")
	if code != exitRejected {
		t.Errorf("exit %d, want %d", code, exitRejected)
	}
	for _, want := range []string{
		"rejected  testdata/bad/dup_and_bad.csv",
		`row 4, column value: value "abc": expected a number`,
		"reported 2 times (at 2, 3)",
		"rejected  testdata/bad/wrong_header.csv",
		"expected the columns data_element,area,period,value",
		"2 files: 0 loaded, 0 unchanged, 2 rejected",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = c.run("query", "--format", "csv", "SELECT count(*) AS n FROM observations")
	if out != "n\n0\n" {
		t.Errorf("observations after rejected files: %q", out)
	}
}

func TestUsageErrors(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"ingest"},
		{"query"},
		{"query", "--format", "xml", "SELECT 1"},
		{"indicators", "--area", "Atlantis"},
		{"indicators", "--period", "someday"},
		{"indicators", "--bogus"},
	} {
		if _, _, code := c.run(args...); code != exitUsage {
			t.Errorf("chitieu %q: exit %d, want %d", args, code, exitUsage)
		}
	}
	if _, _, code := c.run("query", "SELECT * FROM no_such_table"); code != exitFailure {
		t.Errorf("bad SQL: exit %d, want %d", code, exitFailure)
	}
}

func TestDatabasePath(t *testing.T) {
	e := &env{getenv: func(string) string { return "" }}
	if got := e.dbPath(""); got != "chitieu.duckdb" {
		t.Errorf("default db = %q", got)
	}
	e.getenv = func(k string) string { return map[string]string{"CHITIEU_DB": "/data/x.duckdb"}[k] }
	if got := e.dbPath(""); got != "/data/x.duckdb" {
		t.Errorf("db from CHITIEU_DB = %q", got)
	}
	if got := e.dbPath("flag.duckdb"); got != "flag.duckdb" {
		t.Errorf("--db = %q", got)
	}
	// --db really is used.
	c := newCLI(t)
	other := filepath.Join(t.TempDir(), "other.duckdb")
	if _, errs, code := c.run("ingest", "--db", other, "testdata/submissions"); code != 0 {
		t.Fatal(errs)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("--db file not created: %v", err)
	}
	if _, err := os.Stat(c.db); err == nil {
		t.Errorf("CHITIEU_DB file created although --db was given")
	}
}

func TestIngestQuarantine(t *testing.T) {
	c := newCLI(t)
	q := filepath.Join(t.TempDir(), "quarantine")
	out, _, code := c.run("ingest", "--quarantine", q, "testdata/bad/dup_and_bad.csv", "testdata/submissions")
	if code != exitRejected || !strings.Contains(out, "kept as "+filepath.Join(q, "dup_and_bad.csv")) {
		t.Errorf("exit %d:\n%s", code, out)
	}
	var rep struct {
		File     string
		Problems []struct {
			Row            int
			Value, Message string
		}
	}
	b, _ := os.ReadFile(filepath.Join(q, "dup_and_bad.csv.problems.json"))
	if err := json.Unmarshal(b, &rep); err != nil || rep.File != "dup_and_bad.csv" || len(rep.Problems) < 2 {
		t.Errorf("report %s: %+v %v", b, rep, err)
	}
	if _, err := os.Stat("testdata/bad/dup_and_bad.csv"); err != nil {
		t.Error("the command line moved the user's file")
	}
	if entries, _ := os.ReadDir(q); len(entries) != 2 {
		t.Errorf("quarantine holds %d files, want the rejected file and its report", len(entries))
	}
}

// --as-of shows what the warehouse held at a time (files are loaded at
// 2025-01-20 09:00 UTC, 16:00 in Vietnam); --current re-bases history onto
// today's 34 provinces and the table says which map it shows.
func TestAsOfAndCurrentMap(t *testing.T) {
	c := newCLI(t)
	file := filepath.Join(t.TempDir(), "tuyen_quang.csv")
	body := "data_element,area,period,value\njobs_created,Hà Giang,2024,9000\njobs_created,Tuyên Quang,2024,13000\n"
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errs, code := c.run("ingest", file); code != 0 {
		t.Fatalf("ingest exit %d\n%s%s", code, out, errs)
	}
	out, errs, code := c.run("indicators", "--area", "Tuyên Quang", "--period", "2024", "--as-of", "2025-01-20 15:59")
	if code != 0 || strings.Contains(out, "13,000") || !strings.Contains(errs, "no indicator values match as of 2025-01-20 15:59 +07:00") {
		t.Errorf("as of before the load: exit %d\n%s%s", code, out, errs)
	}
	out, _, _ = c.run("indicators", "--area", "Tuyên Quang", "--period", "2024", "--as-of", "2025-01-20")
	if !strings.Contains(out, "08 Tuyên Quang    2024  13,000") || !strings.Contains(out, "map of each period: 63 provinces; as of 2025-01-20 23:59") {
		t.Errorf("as of the day of the load:\n%s", out)
	}
	out, _, _ = c.run("indicators", "--current", "--area", "Tuyên Quang", "--period", "2024")
	if !strings.Contains(out, "08 Tuyên Quang    2024  22,000") || !strings.Contains(out, "2/2") || !strings.Contains(out, "re-based onto today's map: 34 provinces") {
		t.Errorf("on today's map Tuyên Quang 2024 should be Hà Giang + Tuyên Quang, 22,000 from 2/2:\n%s", out)
	}
	if _, _, code := c.run("query", "--as-of", "yesterday", "SELECT 1"); code != exitUsage {
		t.Errorf("bad --as-of: exit %d, want %d", code, exitUsage)
	}
}

// The demo's 2025 files, end to end: the new Tuyên Quang (08) for
// January–September 2025 is the old Hà Giang's (02) and Tuyên Quang's (08)
// January–June plus its own July–September, compared with the two old
// provinces' January–September 2024, against the sum of their 2025 plans.
func TestMergerSamples(t *testing.T) {
	c := newCLI(t)
	c.now = time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC) // after the samples' last month
	files := []string{"../../samples/monthly/flows_2024.csv", "../../samples/merger/flows_2025_h1.csv",
		"../../samples/merger/flows_2025_q3.csv", "../../samples/merger/plans_2025.csv"}
	if out, errs, code := c.run(append([]string{"ingest"}, files...)...); code != 0 {
		t.Fatalf("ingest exit %d\n%s%s", code, out, errs)
	}
	// the indicator store holds what the views compute on the merger's warehouse
	if out, errs, code := c.run("refresh", "--check"); code != 0 {
		t.Errorf("refresh --check exit %d\n%s%s", code, out, errs)
	}
	sum := func(file string, keep func(r []string) bool) float64 {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var n float64
		for _, r := range recs[1:] { // data_element,area,period,value,kind,…
			if r[0] == "jobs_created" && keep(r) {
				v, _ := strconv.ParseFloat(r[3], 64)
				n += v
			}
		}
		return n
	}
	oldTQ := func(r []string) bool { return r[1] == "02" || r[1] == "08" }
	value := sum(files[1], oldTQ) + sum(files[2], func(r []string) bool { return r[1] == "Tỉnh Tuyên Quang" })
	prev := sum(files[0], func(r []string) bool { return oldTQ(r) && r[2] <= "2024-09" })
	plan := sum(files[3], oldTQ)

	out, errs, code := c.run("indicators", "--format", "json", "--period", "9 tháng đầu năm 2025", "--area", "08", "--indicator", "jobs_created")
	if code != 0 {
		t.Fatalf("indicators exit %d: %s", code, errs)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("indicators output %q: %v", out, err)
	}
	r := rows[0]
	if r["value"] != value || r["previous_year"] != prev || r["plan"] != plan || r["boundaries"] != "34 provinces" {
		t.Errorf("Tuyên Quang 2025-YTD09 = %v, previous year %v, plan %v on %v; want %v, %v, %v on 34 provinces",
			r["value"], r["previous_year"], r["plan"], r["boundaries"], value, prev, plan)
	}

	// The quarterly report of 2025-Q3: issued by the Ministry of Home
	// Affairs, naming the ministry of each field, on the 34 provinces
	// without regions, stating which new province absorbed which old ones.
	for _, lang := range []string{"vi", "en"} {
		dir := t.TempDir()
		if out, errs, code := c.run("report", "--period", "2025-Q3", "--lang", lang, "--out", dir); code != 0 {
			t.Fatalf("report %s exit %d\n%s%s", lang, code, out, errs)
		}
		b, err := os.ReadFile(filepath.Join(dir, "chitieu-2025-Q3-"+lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Issuer struct {
				NameVI string `json:"name_vi"`
			} `json:"issuer"`
			Ministries []struct {
				NameVI string `json:"name_vi"`
			} `json:"ministries"`
			Regions map[string]string `json:"regions"`
			Mergers []struct {
				Code string
				Old  []struct{ Code string }
			} `json:"mergers"`
			Indicators []struct {
				Ministry  string
				Provinces []struct{ Area, Region string }
			} `json:"indicators"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m.Issuer.NameVI != "Bộ Nội vụ" || len(m.Ministries) < 3 || len(m.Regions) != 0 || len(m.Mergers) != 34 {
			t.Errorf("%s: issuer %q, %d ministries, %d regions, %d new provinces; want Bộ Nội vụ, several, none, 34",
				lang, m.Issuer.NameVI, len(m.Ministries), len(m.Regions), len(m.Mergers))
		}
		for _, mg := range m.Mergers {
			if mg.Code == "08" && (len(mg.Old) != 2 || mg.Old[0].Code != "02" || mg.Old[1].Code != "08") {
				t.Errorf("%s: Tuyên Quang formed from %v, want 02 and 08", lang, mg.Old)
			}
		}
		for _, ind := range m.Indicators {
			if len(ind.Provinces) != 34 || ind.Ministry == "" {
				t.Errorf("%s: %d province rows, ministry %q; want 34 and a ministry", lang, len(ind.Provinces), ind.Ministry)
			}
		}
	}
}

// TestWalkEveryFile: in a walked directory every file gets a line; one
// chitieu cannot read is rejected and recorded, documentation is skipped,
// and a file that would store nothing is rejected, not "loaded 0 values".
func TestWalkEveryFile(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"nghe_an_2024.csv": "data_element,area,period,value\njobs_created,Tỉnh Nghệ An (40),2024,48500\n",
		"blank.csv":        "data_element,area,period,value\njobs_created,40,2024-03,-\n",
		"bao_cao.pdf":      "%PDF-1.4\n",
		"README.md":        "# what these files are\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := newCLI(t)
	out, _, code := c.run("ingest", dir)
	if code != exitRejected {
		t.Errorf("exit %d, want %d", code, exitRejected)
	}
	for _, want := range []string{
		"skipped   " + filepath.Join(dir, "README.md") + ": documentation, not a submission",
		"rejected  " + filepath.Join(dir, "bao_cao.pdf"),
		"unsupported file type .pdf: expected a .csv, .xlsx or .xls file",
		"rejected  " + filepath.Join(dir, "blank.csv"),
		"the file would store nothing",
		"loaded    " + filepath.Join(dir, "nghe_an_2024.csv") + ": 1 values, province 40",
		"4 files: 1 loaded, 0 unchanged, 2 rejected, 1 skipped",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = c.run("query", "--format", "csv", "SELECT regexp_replace(file_name, '.*/', '') AS f, outcome FROM submissions ORDER BY f")
	if want := "f,outcome\nbao_cao.pdf,rejected\nblank.csv,rejected\nnghe_an_2024.csv,loaded\n"; out != want {
		t.Errorf("ledger = %q, want %q", out, want)
	}
}

// TestRefusalSaysWhyPerSheet: a workbook holding no table chitieu reads is
// refused with the reason of each sheet, and no sheet is said to have a
// header it lacks ("Phân theo một số tỉnh, thành phố", a heading inside
// GSO's investment table, is no "Tỉnh, thành phố" column).
func TestRefusalSaysWhyPerSheet(t *testing.T) {
	f := excelize.NewFile()
	set := func(sheet, ref string, v any) {
		if err := f.SetCellValue(sheet, ref, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetSheetName("Sheet1", "VonDT"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("GDP"); err != nil {
		t.Fatal(err)
	}
	set("VonDT", "A1", "10. Vốn đầu tư thực hiện từ nguồn ngân sách Nhà nước")
	set("VonDT", "C3", "Thực hiện tháng 02 năm 2015")
	set("VonDT", "A5", "TỔNG SỐ")
	set("VonDT", "C5", 9602.5)
	set("VonDT", "B6", "Phân theo một số tỉnh, thành phố")
	for i, p := range []string{"Hà Nội", "TP. Hồ Chí Minh", "Bà Rịa - Vũng Tàu", "Nghệ An", "Thanh Hóa", "Kiên Giang"} {
		set("VonDT", fmt.Sprintf("B%d", 7+i), p)
		set("VonDT", fmt.Sprintf("C%d", 7+i), 100+i)
	}
	set("GDP", "A1", "1. Tổng sản phẩm trong nước quý I năm 2015")
	set("GDP", "A3", "Nông, lâm nghiệp và thủy sản")
	set("GDP", "B3", 2.1)
	path := filepath.Join(t.TempDir(), "gso_bieu_2015_03.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)
	out, _, code := c.run("validate", "--lang", "en", path)
	if code != exitRejected {
		t.Errorf("exit %d, want %d", code, exitRejected)
	}
	for _, want := range []string{
		"error: no sheet holds a table chitieu reads",
		`note: sheet "VonDT" cell A1: value "10. Vốn đầu tư thực hiện từ nguồn ngân sách Nhà nước": not read: a table by province (6 provinces in its rows, from row 7: "Hà Nội", "TP. Hồ Chí Minh", "Bà Rịa - Vũng Tàu" and 3 more) whose columns name none of chitieu's data elements`,
		`note: sheet "GDP" cell A1: value "1. Tổng sản phẩm trong nước quý I năm 2015": not read: neither a table by province`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "no column headed") {
		t.Errorf("a header claimed where there is none:\n%s", out)
	}
	// The clerks read the reasons in Vietnamese.
	out, _, _ = c.run("validate", path)
	for _, want := range []string{
		"lỗi: không trang tính nào có bảng chitieu đọc được",
		`không đọc: bảng theo tỉnh (6 tỉnh, từ dòng 7: "Hà Nội", "TP. Hồ Chí Minh", "Bà Rịa - Vũng Tàu" and 3 more) nhưng không cột nào là chỉ tiêu của chitieu`,
		"không đọc: không phải bảng theo tỉnh (không dòng nào là tên tỉnh)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Vietnamese output lacks %q:\n%s", want, out)
		}
	}
}

// Every reason a sheet or a line is not read, and what a file's words say
// of its figures, reads in Vietnamese: the problems as the readers make them
// (a code and its arguments), said by validate's problem line. Every code
// of the catalogue has its Vietnamese (schemas.TestMessagesInVietnamese);
// these are the ones a refused workbook or a CSV's notes give.
func TestTranslateReasons(t *testing.T) {
	for _, m := range []schemas.Message{
		schemas.Say("sheet.not_provinces", `industry_employment_index_mom (header "Chỉ số sử dụng lao động")`, `"Toàn ngành công nghiệp", "Khai khoáng"`),
		schemas.Say("sheet.by_province_no_header", 7, 9, `jobs_created (header "Giải quyết việc làm")`),
		schemas.Say("sheet.tcvn3", 28, `"NN", "2gtcn", "3sp" and 25 more`),
		schemas.Say("file.unsupported_type", ".pdf"),
		schemas.Say("csv.file_status", "số ước", schemas.StatusEstimated),
		schemas.Say("csv.title_above_header"),
		schemas.Say("csv.comment_lines", 2, 3),
	} {
		p := schemas.Problem{Severity: schemas.SeverityInfo, File: "f.xlsx"}.Says(m)
		vi := words("vi").problemLine(p, "f.xlsx", newNamer(nil))
		en := words("en").problemLine(p, "f.xlsx", newNamer(nil))
		if strings.Contains(vi, p.Message) || !strings.Contains(en, p.Message) {
			t.Errorf("%s: Vietnamese %q, English %q", m.Code, vi, en)
		}
	}
}

// A series of a breakdown is named whole in messages: the women's jobs,
// not the total's name followed by "[sex=female]".
func TestNamerNamesSeries(t *testing.T) {
	ref, err := indicators.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	n := newNamer(ref.Catalog)
	got := n.replace("jobs_created[sex=female] (40, 2024, actual) exceeds jobs_created", "vi")
	want := "«Số lao động được giải quyết việc làm, nữ» (Nghệ An, 2024, actual) exceeds «Số lao động được giải quyết việc làm»"
	if got != want {
		t.Errorf("replace = %q\nwant      %q", got, want)
	}
}
