package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"chitieu/report"
)

func TestServeScheduledSources(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "inbox")
	os.MkdirAll(in, 0o755)
	old := time.Now().Add(-time.Hour)
	for name, body := range map[string]string{
		"nghe_an_2024_03.csv": "data_element,area,period,value\njobs_created,40,2024-03,4000\n",
		"ha_noi_2024_03.csv":  "data_element,area,period,value\njobs_created,01,2024-03,abc\n",
		"~$ha_noi.xlsx":       "Excel's lock file",
		"bao_cao.pdf":         "%PDF-1.4\n", // not readable: rejected, in the ledger, quarantined
		"README.md":           "# what the provinces send\n",
	} {
		p := filepath.Join(in, name)
		os.WriteFile(p, []byte(body), 0o644)
		os.Chtimes(p, old, old)
	}
	var gets, notModified atomic.Int32
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gets.Add(1)
		if r.Header.Get("If-None-Match") == `"2024-03"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"2024-03"`)
		fmt.Fprint(w, "data_element,area,period,value\njobs_created,79,2024-03,21000\n")
	}))
	defer feed.Close()
	cfgPath := filepath.Join(dir, "chitieu.yaml")
	os.WriteFile(cfgPath, []byte(`
sources:
  - name: provinces
    schedule: "@every 1s"
    inbox: {dir: inbox}
  - name: hcm
    schedule: "@every 1s"
    http: {url: "`+feed.URL+`/hcm.csv", timeout: 5s, retries: 1, backoff: 10ms}
`), 0o644)

	c := newCLI(t)
	analyst := c.token("--role", "analyst")
	s := startService(t, c, "--config", cfgPath)
	eventually(t, "both sources loaded", func() bool {
		return s.count(analyst, "SELECT count(*) FROM submissions WHERE outcome = 'loaded'") == 2
	})
	eventually(t, "the HTTP source asked again, conditionally", func() bool { return notModified.Load() > 0 })
	s.stop()

	if _, err := os.Stat(filepath.Join(in, "archive", "nghe_an_2024_03.csv")); err != nil {
		t.Errorf("loaded file not archived: %v", err)
	}
	report, err := os.ReadFile(filepath.Join(in, "quarantine", "ha_noi_2024_03.csv.problems.json"))
	if err != nil || !strings.Contains(string(report), `"value": "abc"`) {
		t.Errorf("quarantine report: %s %v", report, err)
	}
	if _, err := os.Stat(filepath.Join(in, "~$ha_noi.xlsx")); err != nil {
		t.Error("Excel's lock file was moved")
	}
	out, _, _ := c.run("query", "--format", "csv", "SELECT file_name, outcome, delivered_by FROM submissions ORDER BY file_name")
	want := "file_name,outcome,delivered_by\n" +
		"bao_cao.pdf,rejected,inbox provinces\n" +
		"ha_noi_2024_03.csv,rejected,inbox provinces\n" +
		"hcm.csv,loaded,http hcm " + feed.URL + "/hcm.csv\n" +
		"nghe_an_2024_03.csv,loaded,inbox provinces\n"
	if out != want {
		t.Errorf("ledger:\n%s\nwant\n%s", out, want)
	}
	out, _, _ = c.run("query", "--format", "csv", "SELECT job, last_success IS NOT NULL AS ok FROM job_runs ORDER BY job")
	if out != "job,ok\nsource:hcm,true\nsource:provinces,true\n" {
		t.Errorf("job runs: %q", out)
	}
	if !strings.Contains(s.logs.String(), "inbox scanned") {
		t.Errorf("no log of the inbox scan:\n%s", s.logs)
	}
	// The file chitieu cannot read is said so, once, as the directory walk
	// says it; documentation stays, reported once, not at every scan.
	report, err = os.ReadFile(filepath.Join(in, "quarantine", "bao_cao.pdf.problems.json"))
	if err != nil || !strings.Contains(string(report), "unsupported file type .pdf: expected a .csv, .xlsx or .xls file") {
		t.Errorf("quarantine report of the .pdf: %s %v", report, err)
	}
	logs := s.logs.String()
	if n := strings.Count(logs, `msg="inbox file rejected" source=provinces file=bao_cao.pdf`); n != 1 ||
		!strings.Contains(logs, `reason="unsupported file type .pdf: expected a .csv, .xlsx or .xls file"`) {
		t.Errorf("the .pdf logged rejected %d times, want once with its reason:\n%s", n, logs)
	}
	if n := strings.Count(logs, "file=README.md"); n != 1 {
		t.Errorf("README.md logged %d times, want once:\n%s", n, logs)
	}
	if _, err := os.Stat(filepath.Join(in, "README.md")); err != nil {
		t.Error("README.md left the inbox")
	}
}

func TestServeConfigErrors(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"unknown field": "sources:\n  - name: a\n    schedule: '@hourly'\n    inbox: {dir: x}\n    colour: blue\n",
		"time zone":     "sources:\n  - name: a\n    schedule: 'TZ=UTC 0 2 * * *'\n    inbox: {dir: x}\n",
		"both kinds":    "sources:\n  - name: a\n    schedule: '@hourly'\n    inbox: {dir: x}\n    http: {url: 'http://x'}\n",
		"bad duration":  "limits: {query_timeout: soon}\n",
		"report lang":   "reports:\n  - name: q\n    schedule: '@daily'\n    out: r\n    langs: [fr]\n",
		"report no out": "reports:\n  - name: q\n    schedule: '@daily'\n",
	} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".yaml")
		os.WriteFile(p, []byte(body), 0o644)
		c := newCLI(t)
		if _, errs, code := c.run("serve", "--addr", "127.0.0.1:0", "--config", p); code != exitUsage {
			t.Errorf("%s: exit %d, want %d (%s)", name, code, exitUsage, errs)
		}
	}
}

// A scheduled report writes the latest quarter due, in each language, into
// a directory of its own per run.
func TestServeScheduledReport(t *testing.T) {
	dir := t.TempDir()
	p := report.DueQuarter(time.Now())
	var csv strings.Builder
	csv.WriteString("data_element,area,period,value,kind\n")
	for m := 1; m <= 3*p.Quarter; m++ {
		fmt.Fprintf(&csv, "jobs_created,40,%d-%02d,%d,actual\n", p.Year, m, 4000+m)
		fmt.Fprintf(&csv, "jobs_created,42,%d-%02d,%d,actual\n", p.Year, m, 2000+m)
	}
	fmt.Fprintf(&csv, "jobs_created,40,%d,50000,plan\n", p.Year)
	data := filepath.Join(dir, "jobs.csv")
	os.WriteFile(data, []byte(csv.String()), 0o644)
	cfgPath := filepath.Join(dir, "chitieu.yaml")
	os.WriteFile(cfgPath, []byte(`
reports:
  - name: quarterly
    schedule: "@every 1s"
    out: reports
    langs: [vi, en]
`), 0o644)

	c := newCLI(t)
	c.now = time.Now() // the quarter's results are not in the future
	if out, errs, code := c.run("ingest", data); code != 0 {
		t.Fatalf("ingest exit %d\n%s%s", code, out, errs)
	}
	s := startService(t, c, "--config", cfgPath)
	var written []string
	eventually(t, "a report written", func() bool {
		written, _ = filepath.Glob(filepath.Join(dir, "reports", p.Code(), "*", "chitieu-"+p.Code()+"-*"))
		return len(written) >= 6
	})
	s.stop()
	for _, want := range []string{"-vi.xlsx", "-vi.html", "-en.xlsx", "-en.html"} {
		found := false
		for _, w := range written {
			found = found || strings.HasSuffix(w, want)
		}
		if !found {
			t.Errorf("no report ending %s among %v", want, written)
		}
	}
	out, _, _ := c.run("query", "--format", "csv", "SELECT job, last_success IS NOT NULL AS ok FROM job_runs ORDER BY job")
	if out != "job,ok\nreport:quarterly,true\n" {
		t.Errorf("job runs: %q", out)
	}
}
