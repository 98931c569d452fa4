package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"chitieu/indicators"
	"chitieu/service"
	"chitieu/warehouse"
)

// liveService is a chitieu serve running in-process on a loopback port.
type liveService struct {
	t    testing.TB
	c    *cli
	url  string
	logs *syncBuffer
	stop func()
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startService(t testing.TB, c *cli, args ...string) *liveService {
	t.Helper()
	ref, err := indicators.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	e := &env{stdout: io.Discard, stderr: logs, now: time.Now, ref: ref,
		getenv: func(k string) string {
			if k == "CHITIEU_DB" {
				return c.db
			}
			return ""
		}}
	ready := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- (&serveCmd{env: e, ready: ready}).Run(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...))
	}()
	s := &liveService{t: t, c: c, logs: logs}
	select {
	case addr := <-ready:
		s.url = "http://" + addr
	case err := <-done:
		cancel()
		t.Fatalf("serve ended: %v\n%s", err, logs)
	}
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
	t.Cleanup(s.stop)
	return s
}

// token creates a token with the command line, as an operator would.
func (c *cli) token(args ...string) string {
	c.t.Helper()
	out, errs, code := c.run(append([]string{"token", "create"}, args...)...)
	if code != 0 {
		c.t.Fatalf("token create %v: exit %d: %s", args, code, errs)
	}
	return strings.TrimSpace(out)
}

// do sends a request and returns the status and body.
func (s *liveService) do(method, path, token, contentType string, body io.Reader) (int, string) {
	s.t.Helper()
	req, err := http.NewRequest(method, s.url+path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (s *liveService) upload(token, name string, data []byte) (int, string) {
	s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	return s.do("POST", "/api/submissions", token, mw.FormDataContentType(), &body)
}

func (s *liveService) query(token, sql, format string) (int, string) {
	s.t.Helper()
	return s.queryAsOf(token, sql, format, "")
}

func (s *liveService) queryAsOf(token, sql, format, asOf string) (int, string) {
	s.t.Helper()
	b, _ := json.Marshal(service.QueryRequest{SQL: sql, Format: format, AsOf: asOf})
	return s.do("POST", "/api/query", token, "application/json", bytes.NewReader(b))
}

// count asks the main database directly (after the service has stopped, or
// through an analyst query while it runs).
func (s *liveService) count(analyst, sql string) int {
	s.t.Helper()
	code, body := s.query(analyst, sql, "csv")
	if code != 200 {
		s.t.Fatalf("query %q: %d %s", sql, code, body)
	}
	lines := strings.Split(strings.TrimSpace(body), "\n")
	var n int
	fmt.Sscan(lines[len(lines)-1], &n)
	return n
}

// eventually polls until f is true: the snapshot is published after a load.
func eventually(t *testing.T, what string, f func() bool) {
	t.Helper()
	// Up to a minute: on a machine busy with other work a scheduled job
	// can take seconds; a condition met returns at once.
	for i := 0; i < 2400; i++ {
		if f() {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("never: %s", what)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestServeUploadsAndQueries(t *testing.T) {
	c := newCLI(t)
	ngheAn := c.token("--area", "Nghệ An", "--note", "Sở LĐTBXH Nghệ An")
	hanoi := c.token("--area", "01")
	analyst := c.token("--role", "analyst")
	s := startService(t, c)

	if code, body := s.do("GET", "/healthz", "", "", nil); code != 200 || !strings.Contains(body, "ok") {
		t.Errorf("healthz = %d %s", code, body)
	}
	file := mustRead(t, "testdata/submissions/nghe_an_2024.csv")

	// Who may upload.
	for _, tc := range []struct {
		name, token string
		want        int
	}{
		{"no token", "", 401},
		{"unknown token", "chitieu_nope", 401},
		{"analyst token", analyst, 403},
		{"another province's token", hanoi, 403},
	} {
		if code, body := s.upload(tc.token, "nghe_an_2024.csv", file); code != tc.want {
			t.Errorf("%s: upload = %d %s, want %d", tc.name, code, body, tc.want)
		}
	}
	if code, body := s.upload(hanoi, "nghe_an_2024.csv", file); !strings.Contains(body, "area 40, the token may deliver only area 01") {
		t.Errorf("other province's refusal = %d %s", code, body)
	}
	if n := s.count(analyst, "SELECT count(*) FROM submissions"); n != 0 {
		t.Errorf("%d ledger entries after refused uploads, want 0", n)
	}

	// The province's own upload, by multipart form, then the same bytes raw.
	code, body := s.upload(ngheAn, "nghe_an_2024.csv", file)
	if code != 201 {
		t.Fatalf("upload = %d %s", code, body)
	}
	var ans service.SubmissionAnswer
	json.Unmarshal([]byte(body), &ans)
	if ans.Outcome != "loaded" || ans.Values != 6 || ans.Province != "40" || ans.File != "nghe_an_2024.csv" {
		t.Errorf("upload answer = %+v", ans)
	}
	code, body = s.do("POST", "/api/submissions?filename=again.csv", ngheAn, "text/csv", bytes.NewReader(file))
	if code != 200 || !strings.Contains(body, `"outcome": "unchanged"`) {
		t.Errorf("same bytes again = %d %s", code, body)
	}
	if code, body := s.upload(hanoi, "nghe_an_2024.csv", file); code != 403 {
		t.Errorf("another province's token sending bytes already loaded = %d %s, want 403", code, body)
	}
	eventually(t, "the snapshot shows the upload", func() bool {
		return s.count(analyst, "SELECT count(*) FROM observations WHERE area = '40'") == 6
	})

	// Indicators for any token.
	code, body = s.do("GET", "/api/indicators?indicator=jobs_created&area=Nghe+An&period=2024", ngheAn, "", nil)
	if code != 200 || !strings.Contains(body, `"pct_of_plan": 103.19`) {
		t.Errorf("indicators = %d %s", code, body)
	}
	code, body = s.do("GET", "/api/indicators?indicator=jobs_created&area=40&period=2024&current=true", ngheAn, "", nil)
	if code != 200 || !strings.Contains(body, `"value": 48500`) || !strings.Contains(body, `"boundaries": "34 provinces"`) {
		t.Errorf("indicators on today's map = %d %.600s", code, body)
	}
	if code, _ := s.do("GET", "/api/indicators?area=Atlantis", ngheAn, "", nil); code != 400 {
		t.Errorf("indicators of an unknown area = %d, want 400", code)
	}

	// Who has reported: the upload is an annual long CSV of Nghệ An.
	code, body = s.do("GET", "/api/status?period=2023", hanoi, "", nil)
	if code != 200 || !strings.Contains(body, `"expected": 63`) || !strings.Contains(body, `"reports": [`) {
		t.Errorf("status = %d %.300s", code, body)
	}
	if code, body := s.do("GET", "/api/status?period=someday", hanoi, "", nil); code != 400 {
		t.Errorf("status of a bad period = %d %s", code, body)
	}
	if n := s.count(analyst, "SELECT count(*) FROM submission_status_at(0, DATE '2024-01-01', DATE '2024-12-31') WHERE form = 'annual'"); n != 63 {
		t.Errorf("submission status in the snapshot: %d annual reports expected, want 63", n)
	}

	// Analysts' SQL in three formats.
	code, body = s.query(analyst, "SELECT area, value FROM observations WHERE data_element = 'jobs_abroad'", "json")
	if code != 200 || !strings.Contains(body, `"value": 20000`) {
		t.Errorf("json query = %d %s", code, body)
	}
	code, body = s.query(analyst, "SELECT area, value FROM observations WHERE data_element = 'jobs_abroad' AND kind = 'actual' AND period = '2024'", "csv")
	if code != 200 || body != "area,value\n40,20000\n" {
		t.Errorf("csv query = %d %q", code, body)
	}
	code, body = s.query(analyst, "SELECT area, value FROM observations", "arrow")
	if code != 200 || !strings.HasPrefix(body, "\xff\xff\xff\xff") {
		t.Errorf("arrow query = %d, %d bytes", code, len(body))
	}
	req, _ := http.NewRequest("POST", s.url+"/api/query", strings.NewReader(`{"sql": "SELECT 1"}`))
	req.Header.Set("Authorization", "Bearer "+analyst)
	if resp, err := http.DefaultClient.Do(req); err != nil {
		t.Error(err)
	} else {
		resp.Body.Close()
		if at, err := time.Parse(time.RFC3339, resp.Header.Get("X-Chitieu-Snapshot")); err != nil || time.Since(at) > time.Minute {
			t.Errorf("X-Chitieu-Snapshot = %q", resp.Header.Get("X-Chitieu-Snapshot"))
		}
	}
	if code, _ := s.query(ngheAn, "SELECT 1", "json"); code != 403 {
		t.Errorf("query with a province token = %d, want 403", code)
	}
	// Tokens are not in the snapshot.
	if code, body := s.query(analyst, "SELECT * FROM api_tokens", "json"); code != 400 {
		t.Errorf("tokens through the query API = %d %s", code, body)
	}

	s.stop()
	logs := s.logs.String()
	for _, want := range []string{"path=/api/submissions status=403", "token=", "area=40", "path=/api/query status=200"} {
		if !strings.Contains(logs, want) {
			t.Errorf("access log lacks %q", want)
		}
	}
	if strings.Contains(logs, ngheAn) {
		t.Error("the access log holds a token")
	}
}

// Hostile input: each gets a clear refusal and nothing changes.
func TestServeRefusesHostileInput(t *testing.T) {
	c := newCLI(t)
	ngheAn := c.token("--area", "40")
	analyst := c.token("--role", "analyst")
	s := startService(t, c, "--max-upload", "1048576", "--query-timeout", "2s")
	if code, body := s.upload(ngheAn, "nghe_an_2024.csv", mustRead(t, "testdata/submissions/nghe_an_2024.csv")); code != 201 {
		t.Fatalf("upload = %d %s", code, body)
	}
	eventually(t, "snapshot", func() bool { return s.count(analyst, "SELECT count(*) FROM observations") == 6 })

	// A zip bomb named .xlsx: 200 MB of zeros deflate to about 200 KB.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	fw, _ := zw.Create("xl/worksheets/sheet1.xml")
	zeros := make([]byte, 1<<20)
	for range 200 {
		fw.Write(zeros)
	}
	zw.Close()
	code, body := s.upload(ngheAn, "bao_cao.xlsx", bomb.Bytes())
	if code != 422 || !strings.Contains(body, "too large when unzipped") {
		t.Errorf("zip bomb = %d %s", code, body)
	}

	// A 1 GB upload, streamed: refused at the limit, never read whole.
	req, _ := http.NewRequest("POST", s.url+"/api/submissions?filename=big.csv", io.LimitReader(zeroReader{}, 1<<30))
	req.Header.Set("Authorization", "Bearer "+ngheAn)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 413 {
			t.Errorf("1 GB upload = %d %s", resp.StatusCode, b)
		}
	} // else the server hung up on the body: refused as well
	req, _ = http.NewRequest("POST", s.url+"/api/submissions?filename=big.csv", io.LimitReader(zeroReader{}, 1<<30))
	req.ContentLength = 1 << 30
	req.Header.Set("Authorization", "Bearer "+ngheAn)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		if resp.StatusCode != 413 {
			t.Errorf("1 GB upload with its length = %d", resp.StatusCode)
		}
	}

	// Path tricks in the file name.
	good := []byte("data_element,area,period,value\njobs_created,40,2024-05,10\n")
	for _, name := range []string{"../../etc/passwd", "../../etc/passwd.csv", `..\..\Windows\bao_cao.csv`, "..", "report.exe", ".csv"} {
		if code, body := s.upload(ngheAn, name, good); code != 400 {
			t.Errorf("file name %q = %d %s, want 400", name, code, body)
		}
	}
	code, body = s.do("POST", "/api/submissions?filename=../../etc/passwd.csv", ngheAn, "text/csv", bytes.NewReader(good))
	if code != 400 || !strings.Contains(body, "may not hold directories") {
		t.Errorf("raw upload named ../../etc/passwd.csv = %d %s", code, body)
	}

	// A query that runs too long is stopped.
	code, body = s.query(analyst, "SELECT count(*) FROM range(1000000000000) a", "json")
	if code != 504 {
		t.Errorf("endless query = %d %s, want 504", code, body)
	}

	// SQL that is not one SELECT, or reaches for files.
	for _, tc := range []struct {
		sql  string
		code int
		want string
	}{
		{"COPY observations TO '/tmp/x.csv'", 400, "only one SELECT"},
		{"ATTACH '/tmp/other.duckdb' AS other", 400, "only one SELECT"},
		{"SELECT * FROM read_csv('/etc/passwd')", 403, "may not read files"},
		{"SET enable_external_access = true", 400, "only one SELECT"},
		{"SELECT 1; DROP TABLE observation_values", 400, "more than one statement"},
		{"SELECT 1; SELECT 2", 400, "more than one statement"},
		{"DELETE FROM observation_values", 400, "only one SELECT"},
		{"INSTALL httpfs", 400, "only one SELECT"},
		{"SELECT * FROM glob('/etc/*')", 403, "may not read files"},
		{"SELECT * FROM read_blob('" + warehouse.SnapshotPath(c.db) + "')", 403, "read_blob"},
		{"SELECT current_setting('temp_directory') AS d", 403, "current_setting"},
		{"SELECT path FROM duckdb_databases()", 403, "duckdb_databases"},
		{"SELECT * FROM '" + warehouse.SnapshotPath(c.db) + "'", 403, "a file named as a table"},
	} {
		code, body := s.query(analyst, tc.sql, "json")
		if code != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("query %q = %d %s, want %d saying %q", tc.sql, code, body, tc.code, tc.want)
		}
	}
	if _, err := os.Stat("/tmp/x.csv"); err == nil {
		t.Error("COPY wrote a file")
	}

	if n := s.count(analyst, "SELECT count(*) FROM submissions"); n != 1 {
		t.Errorf("%d ledger entries, want the 1 good upload", n)
	}
	if n := s.count(analyst, "SELECT count(*) FROM observation_values"); n != 6 {
		t.Errorf("%d values, want 6", n)
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestTokenCommands(t *testing.T) {
	c := newCLI(t)
	secret := c.token("--area", "40", "--note", "Nghệ An")
	if !strings.HasPrefix(secret, "chitieu_") || len(secret) < 40 {
		t.Fatalf("token = %q", secret)
	}
	c.token("--role", "analyst")
	for _, args := range [][]string{
		{"token", "create"},                       // a province token needs its province
		{"token", "create", "--area", "Atlantis"}, // unknown
		{"token", "create", "--area", "VN"},       // not a province
		{"token", "create", "--role", "admin"},    // no such role
		{"token", "create", "--role", "analyst", "--area", "40"},
		{"token", "revoke", "x"},
		{"token", "frob"},
	} {
		if _, _, code := c.run(args...); code != exitUsage {
			t.Errorf("chitieu %q: exit %d, want %d", args, code, exitUsage)
		}
	}
	out, _, _ := c.run("token", "list")
	if !strings.Contains(out, "province    40  Nghệ An") || !strings.Contains(out, "analyst") || strings.Contains(out, secret) {
		t.Errorf("token list:\n%s", out)
	}
	if out, errs, code := c.run("token", "revoke", "1"); code != 0 || out != "token 1 revoked\n" {
		t.Errorf("revoke: exit %d %q %s", code, out, errs)
	}
	if _, _, code := c.run("token", "revoke", "1"); code != exitFailure {
		t.Errorf("revoking twice: exit %d, want %d", code, exitFailure)
	}
	out, _, _ = c.run("query", "--format", "csv", "SELECT count(*) FROM api_tokens WHERE sha256 LIKE 'chitieu%'")
	if out != "count_star()\n0\n" {
		t.Errorf("a token is stored in clear: %q", out)
	}
	s := startService(t, c)
	if code, _ := s.upload(secret, "a.csv", []byte("data_element,area,period,value\njobs_created,40,2024-01,1\n")); code != 401 {
		t.Errorf("upload with a revoked token = %d, want 401", code)
	}
}

func TestSnapshotCommand(t *testing.T) {
	c := newCLI(t)
	c.run("ingest", "testdata/submissions")
	c.token("--area", "40")
	out, errs, code := c.run("snapshot")
	snap := strings.TrimSuffix(c.db, ".duckdb") + ".snapshot.duckdb"
	if code != 0 || out != "published "+snap+"\n" {
		t.Fatalf("snapshot: exit %d %q %s", code, out, errs)
	}
	if out, errs, code := c.run("query", "--snapshot", "--format", "csv", "SELECT count(*) AS n FROM observations"); out != "n\n6\n" {
		t.Errorf("query --snapshot: exit %d %q %s", code, out, errs)
	}
	if _, _, code := c.run("query", "--snapshot", "SELECT 1; SELECT 2"); code != exitFailure {
		t.Errorf("query --snapshot of two statements: exit %d", code)
	}
	other := &cli{t: t, db: snap}
	if out, _, _ := other.run("query", "--format", "csv", "SELECT count(*) AS n FROM observations"); out != "n\n6\n" {
		t.Errorf("observations in the snapshot: %q", out)
	}
	// (Opening it with chitieu creates an empty token table.)
	if out, _, _ := other.run("query", "--format", "csv", "SELECT count(*) AS n FROM api_tokens"); out != "n\n0\n" {
		t.Errorf("the snapshot holds the tokens: %q", out)
	}
}

// GET /api/indicators?as_of= shows what the warehouse said at a time.
func TestServeIndicatorsAsOf(t *testing.T) {
	c := newCLI(t)
	ngheAn := c.token("--area", "40")
	s := startService(t, c)
	v1 := "data_element,area,period,value\njobs_created,40,2024-03,4000\n"
	v2 := "data_element,area,period,value\njobs_created,40,2024-03,4100\n"
	if code, body := s.upload(ngheAn, "march.csv", []byte(v1)); code != 201 {
		t.Fatalf("v1 = %d %s", code, body)
	}
	between := time.Now()
	time.Sleep(10 * time.Millisecond)
	if code, body := s.upload(ngheAn, "march_revised.csv", []byte(v2)); code != 201 || !strings.Contains(body, `"revised_values": 1`) {
		t.Fatalf("v2 = %d %s", code, body)
	}
	get := func(query string) string {
		code, body := s.do("GET", "/api/indicators?indicator=jobs_created&area=40&period=2024-03"+query, ngheAn, "", nil)
		if code != 200 {
			t.Fatalf("indicators%s = %d %s", query, code, body)
		}
		return body
	}
	if body := get(""); !strings.Contains(body, `"value": 4100`) {
		t.Errorf("now: %s", body)
	}
	if body := get("&as_of=" + between.Format(time.RFC3339Nano)); !strings.Contains(body, `"value": 4000`) {
		t.Errorf("as of between the versions: %s", body)
	}
	if body := get("&as_of=2020-01-01"); strings.Contains(body, `"value"`) {
		t.Errorf("as of 2020: %s", body)
	}
	// The connection the past was set on is not handed on in the past.
	for range 5 {
		if body := get(""); !strings.Contains(body, `"value": 4100`) {
			t.Fatalf("after as_of, now: %s", body)
		}
	}
	// The province's ledger: the revision is current, the first version superseded.
	code, body := s.do("GET", "/api/submissions?period=2024-03", ngheAn, "", nil)
	var subs []map[string]any
	if err := json.Unmarshal([]byte(body), &subs); err != nil || code != 200 || len(subs) != 2 {
		t.Fatalf("submissions = %d %s", code, body)
	}
	if subs[0]["version"] != "current" || subs[0]["values_changed"] != 1.0 || subs[1]["version"] != "superseded" ||
		subs[0]["previous_version"] != subs[1]["id"] {
		t.Errorf("submissions: %v", subs)
	}
	if code, _ := s.do("GET", "/api/submissions?province=01", ngheAn, "", nil); code != 403 {
		t.Errorf("a province token asking for another's ledger = %d, want 403", code)
	}

	// The same past through analysts' SQL on the snapshot.
	analyst := c.token("--role", "analyst")
	eventually(t, "the snapshot has v2", func() bool {
		_, body := s.query(analyst, "SELECT value FROM observations", "csv")
		return body == "value\n4100\n"
	})
	if code, body := s.queryAsOf(analyst, "SELECT value FROM observations", "csv", between.Format(time.RFC3339Nano)); body != "value\n4000\n" {
		t.Errorf("query as of between the versions = %d %q", code, body)
	}
	if _, body := s.query(analyst, "SELECT value FROM observations", "csv"); body != "value\n4100\n" {
		t.Errorf("query after an as_of query = %q", body)
	}
	if code, _ := s.do("GET", "/api/indicators?as_of=yesterday", ngheAn, "", nil); code != 400 {
		t.Errorf("as_of=yesterday = %d, want 400", code)
	}
}

// A province uploads its monthly workbook; the status counts it.
func TestServeWorkbookUpload(t *testing.T) {
	c := newCLI(t)
	ngheAn := c.token("--area", "40")
	hanoi := c.token("--area", "01")
	s := startService(t, c)
	book := mustRead(t, "testdata/xlsx/nghe_an_2024_thang_03.xlsx")
	if code, body := s.upload(hanoi, "bao_cao.xlsx", book); code != 403 {
		t.Errorf("Nghệ An's workbook with Hà Nội's token = %d %s", code, body)
	}
	code, body := s.upload(ngheAn, "Báo cáo tháng 3.xlsx", book)
	if code != 201 || !strings.Contains(body, `"period": "2024-03"`) || !strings.Contains(body, `"province": "40"`) {
		t.Fatalf("workbook upload = %d %s", code, body)
	}
	code, body = s.do("GET", "/api/status?period=2024-03", ngheAn, "", nil)
	if code != 200 || !strings.Contains(body, `"received": 1`) {
		t.Errorf("status = %d %.500s", code, body)
	}
}

func TestServeLimitsTokenGuessing(t *testing.T) {
	c := newCLI(t)
	analyst := c.token("--role", "analyst")
	s := startService(t, c)
	// One wrong token again and again (a client with a revoked token).
	for i := range service.MaxAuthFailures {
		if code, _ := s.do("GET", "/api/status", "chitieu_revoked0000", "", nil); code != 401 {
			t.Fatalf("wrong token, try %d = %d, want 401", i, code)
		}
	}
	if code, _ := s.do("GET", "/api/status", "chitieu_revoked0000", "", nil); code != 429 {
		t.Errorf("the same wrong token after %d failures = %d, want 429", service.MaxAuthFailures, code)
	}
	// A guesser trying ever new tokens from the same address.
	last := 0
	for i := range 10 * service.MaxAuthFailures {
		last, _ = s.do("GET", "/api/status", fmt.Sprintf("chitieu_%06dguess", i), "", nil)
	}
	if last != 429 {
		t.Errorf("the %dth new guess from one address = %d, want 429", 10*service.MaxAuthFailures, last)
	}
	// The address is shared (a proxy): a live token still gets in, in any
	// spelling of the scheme.
	if code, body := s.do("GET", "/api/status", analyst, "", nil); code != 200 {
		t.Errorf("a good token from the same address within the minute = %d %s, want 200", code, body)
	}
	for _, scheme := range []string{"bearer ", "BEARER  ", "Bearer "} {
		req, _ := http.NewRequest("GET", s.url+"/api/status", nil)
		req.Header.Set("Authorization", scheme+analyst)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("Authorization: %q + token = %d, want 200", scheme, resp.StatusCode)
		}
	}
	if code, _ := s.do("GET", "/healthz", "", "", nil); code != 200 {
		t.Errorf("healthz = %d", code)
	}
}

// A rejection is in the analysts' snapshot like a load; a file of only
// another province's rows is refused whole, even when those rows are
// invalid, and leaves no ledger row; a file name is stored without the
// characters that would make it read otherwise.
func TestServeLedgerAndSnapshotFollowEveryUpload(t *testing.T) {
	c := newCLI(t)
	ngheAn := c.token("--area", "40")
	analyst := c.token("--role", "analyst")
	s := startService(t, c)

	code, body := s.upload(ngheAn, "ha_tinh.csv", []byte("data_element,area,period,value\njobs_created,42,2024-03,lots\njobs_created,42,2024-04,-5\n"))
	if code != 403 || !strings.Contains(body, "area 42") {
		t.Errorf("invalid rows of another province = %d %s, want 403 naming area 42", code, body)
	}
	code, body = s.upload(ngheAn, "nghe_an_bad.csv", []byte("data_element,area,period,value\njobs_created,40,2024-03,lots\n"))
	if code != 422 {
		t.Errorf("an invalid file of the province = %d %s, want 422", code, body)
	}
	eventually(t, "the rejection in the snapshot", func() bool {
		return s.count(analyst, "SELECT count(*) FROM submissions WHERE outcome = 'rejected'") == 1
	})
	if n := s.count(analyst, "SELECT count(*) FROM submissions"); n != 1 {
		t.Errorf("%d ledger rows, want only the rejection of Nghệ An's own file", n)
	}

	good := []byte("data_element,area,period,value\njobs_created,40,2024-05,10\n")
	if code, body := s.upload(ngheAn, "nghe_an_\u202Evsc.csv", good); code != 201 {
		t.Fatalf("upload with a right-to-left override in its name = %d %s", code, body)
	}
	eventually(t, "the load in the snapshot", func() bool {
		return s.count(analyst, "SELECT count(*) FROM submissions WHERE outcome = 'loaded'") == 1
	})
	_, body = s.query(analyst, "SELECT file_name FROM submissions WHERE outcome = 'loaded'", "csv")
	if !strings.Contains(body, "nghe_an_vsc.csv") || strings.ContainsRune(body, '\u202E') {
		t.Errorf("the ledger's file name: %q, want nghe_an_vsc.csv", body)
	}
}

// wideWorkbook is a small .xlsx (about 1 MB) of a long table's header and
// rows rows, each holding one cell in the last column, XFD: cheap to send,
// 16,384 cells a row to read.
func wideWorkbook(t *testing.T, rows int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	part := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	part("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	part("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	part("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	part("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	bw.WriteString(`<row r="1">`)
	for i, h := range []string{"data_element", "area", "period", "value"} {
		fmt.Fprintf(bw, `<c r="%c1" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, h)
	}
	bw.WriteString(`</row>`)
	for n := 2; n <= rows+1; n++ {
		fmt.Fprintf(bw, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, n, n)
	}
	bw.WriteString(`</sheetData></worksheet>`)
	bw.Flush()
	zw.Close()
	return b.Bytes()
}

// A small workbook that would take long to read is refused at once, and a
// province uploading beside it does not wait for it. The figures are
// logged (go test -v -run TestServeSlowWorkbookDelaysNoOne ./cmd/chitieu).
func TestServeSlowWorkbookDelaysNoOne(t *testing.T) {
	c := newCLI(t)
	haTinh := c.token("--area", "42")
	ngheAn := c.token("--area", "40")
	s := startService(t, c, "--read-timeout", "5s")
	wide := wideWorkbook(t, 200_000)

	type answer struct {
		code int
		body string
		took time.Duration
	}
	wideDone := make(chan answer, 1)
	go func() {
		start := time.Now()
		code, body := s.upload(haTinh, "ha_tinh_2024.xlsx", wide)
		wideDone <- answer{code, body, time.Since(start)}
	}()
	start := time.Now()
	code, body := s.upload(ngheAn, "nghe_an_2024.csv", mustRead(t, "testdata/submissions/nghe_an_2024.csv"))
	valid := time.Since(start)
	if code != 201 {
		t.Errorf("the valid upload beside the wide workbook = %d %s", code, body)
	}
	a := <-wideDone
	if a.code != 422 || !strings.Contains(a.body, "column XFD") {
		t.Errorf("the wide workbook = %d %s, want 422 naming column XFD", a.code, a.body)
	}
	t.Logf("a %d-byte workbook of 200,000 rows with a cell in column XFD: %d in %v; a valid CSV uploaded beside it: %d in %v",
		len(wide), a.code, a.took.Round(time.Millisecond), code, valid.Round(time.Millisecond))
}
