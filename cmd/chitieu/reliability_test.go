package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"chitieu/indicators"
	"chitieu/schemas"
	"chitieu/warehouse"
)

// 63 provinces upload at once while analysts query: every upload is in the
// ledger, and every query answers.
func TestConcurrentUploadsWhileQuerying(t *testing.T) {
	areas, err := schemas.LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	provinces := areas.Provinces(time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC))
	if len(provinces) != 63 {
		t.Fatalf("%d provinces", len(provinces))
	}
	c := newCLI(t)
	analyst := c.token("--role", "analyst")
	// The provinces' tokens in one go (chitieu token create opens the
	// database each time).
	ref, err := indicators.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{ref: ref, now: time.Now, getenv: func(string) string { return "" }}
	w, err := e.openWarehouse(context.Background(), c.db)
	if err != nil {
		t.Fatal(err)
	}
	tokens := make([]string, len(provinces))
	for i, p := range provinces {
		if _, tokens[i], err = w.CreateToken(context.Background(), warehouse.RoleProvince, p.Code, ""); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	s := startService(t, c)

	var uploads sync.WaitGroup
	done := make(chan struct{})
	var queries, failedQueries atomic.Int32
	var readers sync.WaitGroup
	for range 3 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				code, body := s.query(analyst, "SELECT area, sum(value) FROM observations GROUP BY area ORDER BY area", "json")
				queries.Add(1)
				if code != 200 {
					failedQueries.Add(1)
					t.Errorf("query during uploads = %d %s", code, body)
				}
			}
		}()
	}
	codes := make([]int, len(provinces))
	for i, p := range provinces {
		uploads.Add(1)
		go func() {
			defer uploads.Done()
			body := fmt.Sprintf("data_element,area,period,value\njobs_created,%s,2024-03,%d\njobs_abroad,%s,2024-03,%d\n",
				p.Code, 1000+i, p.Code, 100+i)
			codes[i], _ = s.upload(tokens[i], "bao_cao_"+p.Code+"_2024_03.csv", []byte(body))
		}()
	}
	uploads.Wait()
	close(done)
	readers.Wait()
	for i, code := range codes {
		if code != http.StatusCreated {
			t.Errorf("province %s: upload %d, want 201", provinces[i].Code, code)
		}
	}
	if queries.Load() == 0 {
		t.Error("no query ran during the uploads")
	}
	eventually(t, "the snapshot holds every upload", func() bool {
		return s.count(analyst, "SELECT count(DISTINCT area) FROM observations") == 63
	})
	if n := s.count(analyst, "SELECT count(*) FROM submissions WHERE outcome = 'loaded' AND delivered_by LIKE 'token %'"); n != 63 {
		t.Errorf("%d uploads in the ledger, want 63", n)
	}
	// 63 × (1000 … 1062) jobs: Σ = 63·1000 + 0+…+62.
	if n := s.count(analyst, "SELECT CAST(sum(value) AS BIGINT) FROM observations WHERE data_element = 'jobs_created'"); n != 63*1000+62*63/2 {
		t.Errorf("jobs created summed = %d, want %d", n, 63*1000+62*63/2)
	}
	code, body := s.do("GET", "/api/status?period=2024-03", analyst, "", nil)
	if code != 200 || !strings.Contains(body, `"received": 63`) {
		t.Errorf("status after 63 uploads: %d %.400s", code, body)
	}
	if strings.Contains(s.logs.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", s.logs)
	}
	t.Logf("%d analyst queries answered during 63 concurrent uploads", queries.Load())
}

// The test binary doubles as chitieu for the tests that need a real process.
func TestMain(m *testing.M) {
	if os.Getenv("CHITIEU_TEST_CHILD") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// child is a chitieu serve process.
type child struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	logs strings.Builder
	seen chan string // log lines
}

func startChild(t *testing.T, db string, args ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "CHITIEU_TEST_CHILD=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ch := &child{cmd: cmd, seen: make(chan string, 1000)}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			ch.mu.Lock()
			ch.logs.WriteString(sc.Text() + "\n")
			ch.mu.Unlock()
			select {
			case ch.seen <- sc.Text():
			default:
			}
		}
		close(ch.seen)
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return ch
}

// waitFor waits for a log line containing all of words: up to three
// minutes, since loading bigCSV's 200,000 values with its indicators'
// refresh takes over a minute on a busy machine.
func (ch *child) waitFor(t *testing.T, words ...string) {
	t.Helper()
	timeout := time.After(3 * time.Minute)
	for {
		select {
		case line, ok := <-ch.seen:
			if !ok {
				t.Fatalf("chitieu serve ended before logging %q:\n%s", words, ch.log())
			}
			all := true
			for _, w := range words {
				all = all && strings.Contains(line, w)
			}
			if all {
				return
			}
		case <-timeout:
			t.Fatalf("no log line with %q:\n%s", words, ch.log())
		}
	}
}

func (ch *child) log() string {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return ch.logs.String()
}

// bigCSV writes a long CSV of every province's monthly values over many
// years: large enough that loading it takes a while.
func bigCSV(t *testing.T, path string) int {
	t.Helper()
	areas, _ := schemas.LoadAreas()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("data_element,area,period,value\n")
	n := 0
	for _, p := range areas.Provinces(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)) {
		for y := 1990; y <= 2024; y++ {
			for m := 1; m <= 12; m++ {
				for _, e := range []string{"jobs_created", "jobs_abroad", "vet_enrolment", "vet_graduates", "labour_force", "households", "trained_workers", "si_participants"} {
					v := 1000 + n%997
					switch e {
					case "jobs_abroad", "trained_workers", "si_participants": // parts: within their totals
						v = 100 + n%97
					}
					fmt.Fprintf(w, "%s,%s,%d-%02d,%d\n", e, p.Code, y, m, v)
					n++
				}
			}
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	old := time.Now().Add(-time.Hour)
	os.Chtimes(path, old, old)
	return n
}

// SIGKILL in the middle of a load, then a restart: the database opens, the
// interrupted file is loaded exactly once, and what was loaded before stays.
func TestKilledMidIngest(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "chitieu.duckdb")
	in := filepath.Join(dir, "inbox")
	os.MkdirAll(in, 0o755)
	cfg := filepath.Join(dir, "chitieu.yaml")
	os.WriteFile(cfg, []byte("sources:\n  - name: inbox\n    schedule: '@every 1s'\n    inbox: {dir: inbox}\n"), 0o644)
	small := filepath.Join(in, "nghe_an_2024_03.csv")
	os.WriteFile(small, []byte("data_element,area,period,value\njobs_created,40,2024-03,4000\n"), 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(small, old, old)

	first := startChild(t, db, "--config", cfg)
	first.waitFor(t, "inbox file", "nghe_an_2024_03.csv", "outcome=loaded")
	rows := bigCSV(t, filepath.Join(dir, "big.csv"))
	os.Rename(filepath.Join(dir, "big.csv"), filepath.Join(in, "big.csv"))
	first.waitFor(t, "loading", "big.csv")
	time.Sleep(100 * time.Millisecond)
	first.cmd.Process.Signal(syscall.SIGKILL)
	first.cmd.Wait()

	c := &cli{t: t, db: db}
	out, errs, code := c.run("query", "--format", "csv", "SELECT file_name, outcome FROM submissions ORDER BY id")
	if code != 0 {
		t.Fatalf("the database after SIGKILL: exit %d %s", code, errs)
	}
	if out != "file_name,outcome\nnghe_an_2024_03.csv,loaded\n" {
		t.Logf("the kill came after the load had committed; ledger:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(in, "big.csv")); err != nil && out == "file_name,outcome\nnghe_an_2024_03.csv,loaded\n" {
		t.Errorf("the interrupted file left the inbox without being loaded")
	}

	second := startChild(t, db, "--config", cfg)
	second.waitFor(t, "inbox file", "big.csv", "outcome=loaded")
	second.cmd.Process.Signal(syscall.SIGTERM)
	if err := second.cmd.Wait(); err != nil {
		t.Errorf("chitieu serve after SIGTERM: %v\n%s", err, second.log())
	}
	if !strings.Contains(second.log(), "msg=stopped") {
		t.Errorf("no graceful stop in the log:\n%s", second.log())
	}

	out, _, _ = c.run("query", "--format", "csv", `SELECT file_name, count(*) AS loads FROM submissions
		WHERE outcome = 'loaded' GROUP BY file_name ORDER BY file_name`)
	if out != "file_name,loads\nbig.csv,1\nnghe_an_2024_03.csv,1\n" {
		t.Errorf("loads after the restart:\n%s", out)
	}
	out, _, _ = c.run("query", "--format", "csv", "SELECT count(*) AS n FROM observation_values")
	if want := fmt.Sprintf("n\n%d\n", rows+1); out != want {
		t.Errorf("values after the restart: %q, want %q", out, want)
	}
	if _, err := os.Stat(filepath.Join(in, "archive", "big.csv")); err != nil {
		t.Errorf("big.csv not archived: %v", err)
	}
}

// SIGTERM while a province is still sending its file: the service stops
// taking new connections but finishes the upload, stores it, and exits 0.
func TestSIGTERMFinishesRunningUpload(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "chitieu.duckdb")
	c := &cli{t: t, db: db}
	token := c.token("--area", "40")
	ch := startChild(t, db)
	addr := ch.addr(t)
	body := "data_element,area,period,value\njobs_created,40,2024-03,4000\n"
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", "http://"+addr+"/api/submissions?filename=nghe_an_2024_03.csv", pr)
	req.Header.Set("Authorization", "Bearer "+token)
	type answer struct {
		code int
		err  error
	}
	answers := make(chan answer, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answers <- answer{0, err}
			return
		}
		resp.Body.Close()
		answers <- answer{resp.StatusCode, nil}
	}()
	pw.Write([]byte(body[:20])) // the first bytes; the rest comes after SIGTERM
	time.Sleep(200 * time.Millisecond)
	ch.cmd.Process.Signal(syscall.SIGTERM)
	ch.waitFor(t, "msg=stopping")
	pw.Write([]byte(body[20:]))
	pw.Close()
	if a := <-answers; a.err != nil || a.code != http.StatusCreated {
		t.Errorf("upload across SIGTERM = %d, %v; want 201", a.code, a.err)
	}
	if err := ch.cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", err, ch.log())
	}
	out, _, _ := c.run("query", "--format", "csv", "SELECT file_name, outcome FROM submissions")
	if out != "file_name,outcome\nnghe_an_2024_03.csv,loaded\n" {
		t.Errorf("ledger after the stop: %q", out)
	}
}

// addr waits for the service to listen and returns its address.
func (ch *child) addr(t *testing.T) string {
	t.Helper()
	for {
		line, ok := <-ch.seen
		if !ok {
			t.Fatalf("serve ended:\n%s", ch.log())
		}
		if i := strings.Index(line, "addr="); i >= 0 && strings.Contains(line, "msg=serving") {
			return strings.Fields(line[i+len("addr="):])[0]
		}
	}
}

// peakRSS is the most memory the process has held (VmHWM), in bytes; 0
// where /proc does not say.
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb << 10
		}
	}
	return 0
}

// An analyst's query over a billion rows, in every format, is streamed and
// cut at --query-rows: the service's memory stays within --query-memory
// and a constant, whatever the result's size.
func TestBillionRowQueryStaysBounded(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "chitieu.duckdb")
	c := &cli{t: t, db: db}
	c.run("ingest", "testdata/submissions/nghe_an_2024.csv")
	analyst := c.token("--role", "analyst")
	ch := startChild(t, db, "--query-memory", "256MB", "--query-rows", "100000")
	addr := ch.addr(t)
	pid := ch.cmd.Process.Pid
	start := peakRSS(pid)
	if start == 0 {
		t.Skip("no /proc/PID/status here to read peak memory from")
	}
	for _, tc := range []struct{ format, sql string }{
		{"csv", "SELECT range AS x, range*2 AS y FROM range(1000000000)"},
		{"json", "SELECT range AS x, range*2 AS y FROM range(1000000000)"},
		{"arrow", "SELECT range AS x, range*2 AS y FROM range(10000000000)"},
	} {
		body := fmt.Sprintf(`{"sql": %q, "format": %q}`, tc.sql, tc.format)
		req, _ := http.NewRequest("POST", "http://"+addr+"/api/query", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+analyst)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.format, err, ch.log())
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Trailer.Get("X-Chitieu-Rows") != "100000" || resp.Trailer.Get("X-Chitieu-Truncated") != "true" {
			t.Errorf("%s: %d, %d bytes, trailers %v; want 200 with 100,000 rows, truncated", tc.format, resp.StatusCode, n, resp.Trailer)
		}
		peak := peakRSS(pid)
		t.Logf("%s of %s: %d bytes; peak RSS of the service %d MB (%d MB before the queries)", tc.format, tc.sql, n, peak>>20, start>>20)
		if limit := start + 256<<20; peak > limit {
			t.Errorf("%s: the service's peak memory grew to %d MB, beyond the %d MB it held before and the 256 MB the queries may use", tc.format, peak>>20, start>>20)
		}
	}
}
