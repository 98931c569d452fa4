package web

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"chitieu/indicators"
	"chitieu/load"
	"chitieu/transform"
	"chitieu/warehouse"
)

var (
	catalogOnce sync.Once
	catalog     *indicators.Catalog
	catalogErr  error
)

func testCatalog(t testing.TB) *indicators.Catalog {
	catalogOnce.Do(func() { catalog, catalogErr = indicators.LoadCatalog() })
	if catalogErr != nil {
		t.Fatal(catalogErr)
	}
	return catalog
}

// passwords of the fixture's users.
var passwords = map[string]string{
	"admin":  "quản trị viên 1",
	"staff":  "cán bộ thống kê",
	"an":     "phân tích số liệu",
	"nghean": "Sở LĐTBXH Nghệ An",
	"hatinh": "Sở LĐTBXH Hà Tĩnh",
}

// fixture is a warehouse holding 2023 and 2024 (Nghệ An's January to
// November workbooks, every other province's months and plans), its users,
// and the web application over it, served by httptest.
type fixture struct {
	t      testing.TB
	dir    string
	w      *warehouse.Warehouse
	loader *load.Loader
	app    *App
	srv    *httptest.Server
	mu     sync.Mutex
	now    time.Time
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// ict is a time in Vietnam.
func ict(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, vietnam)
}

// baseDB is the fixture's database as loaded, built once per test binary
// and copied for each fixture.
var (
	baseOnce sync.Once
	baseDir  string
	baseErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if baseDir != "" {
		os.RemoveAll(baseDir)
	}
	os.Exit(code)
}

func reference(ref *indicators.Catalog) warehouse.Reference {
	return warehouse.Reference{Areas: ref.Areas, Elements: ref.Elements, Views: indicators.InstallSQL(ref.Definitions), Forms: ref.Forms}
}

// buildBase loads 2023 and 2024 and creates the users.
func buildBase(t testing.TB) {
	baseOnce.Do(func() {
		if baseDir, baseErr = os.MkdirTemp("", "chitieu-web-"); baseErr != nil {
			return
		}
		ref := testCatalog(t)
		f := &fixture{t: t, dir: baseDir, now: ict(2025, 1, 10, 9)}
		ctx := context.Background()
		w, err := warehouse.Open(ctx, filepath.Join(baseDir, "chitieu.duckdb"), reference(ref), f.clock)
		if err != nil {
			baseErr = err
			return
		}
		defer w.Close()
		f.w = w
		f.loader = &load.Loader{W: w, Ref: ref, Tr: &transform.Transformer{Areas: ref.Areas, Elements: ref.Elements},
			Originals: filepath.Join(baseDir, "originals")}
		for _, name := range []string{"flows_2023.csv", "plans_2023.csv", "plans_2024.csv", "flows_2024.csv"} {
			if _, baseErr = f.load(name, ict(2024, 1, 5, 9)); baseErr != nil {
				return
			}
		}
		for m := 1; m <= 11; m++ {
			if _, baseErr = f.load(fmt.Sprintf("nghe_an_2024_thang_%02d.xlsx", m), ict(2024, time.Month(m+1), 10, 9)); baseErr != nil {
				return
			}
		}
		for name, pw := range passwords {
			role, area := map[string]string{"admin": "admin", "staff": "staff", "an": "analyst"}[name], ""
			if role == "" {
				role, area = "province", map[string]string{"nghean": "40", "hatinh": "42"}[name]
			}
			if _, baseErr = w.CreateUser(ctx, name, role, area, pw); baseErr != nil {
				return
			}
		}
	})
	if baseErr != nil {
		t.Fatal(baseErr)
	}
}

func copyFile(t testing.TB, from, to string) {
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	buildBase(t)
	ref := testCatalog(t)
	f := &fixture{t: t, dir: t.TempDir(), now: ict(2025, 1, 10, 9)}
	copyFile(t, filepath.Join(baseDir, "chitieu.duckdb"), filepath.Join(f.dir, "chitieu.duckdb"))
	ctx := context.Background()
	w, err := warehouse.Open(ctx, filepath.Join(f.dir, "chitieu.duckdb"), reference(ref), f.clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	f.w = w
	f.loader = &load.Loader{W: w, Ref: ref, Tr: &transform.Transformer{Areas: ref.Areas, Elements: ref.Elements},
		Originals: filepath.Join(f.dir, "originals")}
	sq := &snapshotQuerier{f: f}
	t.Cleanup(sq.close)
	f.app = &App{W: w, Ref: ref, Loader: f.loader, Query: sq, Now: f.clock, Files: filepath.Join(f.dir, "files"),
		Originals: f.loader.Originals, MaxUpload: 10 << 20, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	t.Cleanup(func() { f.app.Close(context.Background()) }) // before the warehouse closes
	f.srv = httptest.NewServer(f.app.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) load(name string, at time.Time) (warehouse.Result, error) {
	res, err := f.loader.Load(context.Background(), filepath.Join("testdata", name),
		warehouse.Submission{FileName: name, ReceivedAt: at, DeliveredBy: "test"})
	if err != nil {
		return res, fmt.Errorf("load %s: %w %v", name, err, res.Problems)
	}
	return res, nil
}

func (f *fixture) mustLoad(name string, at time.Time) warehouse.Result {
	f.t.Helper()
	res, err := f.load(name, at)
	if err != nil {
		f.t.Fatal(err)
	}
	return res
}

// snapshotQuerier publishes the fixture's snapshot when first asked, and
// queries it as the service does.
type snapshotQuerier struct {
	f    *fixture
	once sync.Once
	q    *warehouse.QueryDB
	err  error
}

func (s *snapshotQuerier) Query(ctx context.Context, sql string, asOf time.Time) (*warehouse.Rows, error) {
	s.once.Do(func() {
		snap := filepath.Join(s.f.dir, "chitieu.snapshot.duckdb")
		if s.err = s.f.w.Publish(ctx, snap); s.err == nil {
			s.q, s.err = warehouse.OpenQuery(ctx, snap, warehouse.QueryLimits{MemoryLimit: "256MB", Threads: 1})
		}
	})
	if s.err != nil {
		return nil, s.err
	}
	return s.q.Select(ctx, sql, 1000, asOf)
}

func (s *snapshotQuerier) close() {
	if s.q != nil {
		s.q.Close()
	}
}

// client is a browser without JavaScript: cookies, no redirects followed.
type client struct {
	t    testing.TB
	f    *fixture
	http *http.Client
}

func (f *fixture) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: f.t, f: f, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// page is an answer: its status, headers and body.
type page struct {
	code int
	hdr  http.Header
	body string
}

func (c *client) do(req *http.Request) page {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	body := string(b)
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		body = html.UnescapeString(body) // the text as a reader sees it
	}
	return page{code: res.StatusCode, hdr: res.Header, body: body}
}

func (c *client) get(path string) page {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.f.srv.URL+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) page {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the token of the first form of a page.
func csrf(t testing.TB, p page) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no csrf field in the page:\n%s", p.body)
	}
	return m[1]
}

// signIn signs in as name with its password and returns the session's CSRF
// token, read from the page signed in to.
func (c *client) signIn(name string) string {
	c.t.Helper()
	p := c.get("/login")
	res := c.post("/login", url.Values{"csrf": {csrf(c.t, p)}, "username": {name}, "password": {passwords[name]}})
	if res.code != http.StatusSeeOther {
		c.t.Fatalf("sign in as %s: %d\n%s", name, res.code, res.body)
	}
	return csrf(c.t, c.get("/submissions"))
}
