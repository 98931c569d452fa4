package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"chitieu/indicators"
	"chitieu/service"
	"chitieu/warehouse"
	"chitieu/web"
)

// webTarget is the aim for a page's server time as a multiple of the JSON
// API call returning the same rows.
const webTarget = 3.0

// benchWebPart is part "web": a synthetic warehouse as the indicators
// part's, its indicator store built as chitieu refresh builds it (the pages
// and the API read the store, as they do in service), then benchWeb.
func benchWebPart(ctx context.Context, c *config, r *report, log io.Writer) error {
	ref, err := indicators.LoadCatalog()
	if err != nil {
		return err
	}
	path := filepath.Join(c.dir, "web.duckdb")
	syn, err := buildSynthetic(ctx, c, ref, path, log)
	if err != nil {
		return err
	}
	syn.conn.Close()
	w := syn.w
	defer w.Close()
	r.section("3. Web pages vs the JSON API returning the same rows (median of " + strconv.Itoa(c.runs) + ")")
	r.printf("warehouse: %s current observations, %d provinces × %d years (as in part 2; built in %.1f s),\n",
		count(syn.obs), syn.provinces, syn.years, syn.buildTime.Seconds())
	r.printf("           its indicator store built in %.1f s\n", syn.storeTime.Seconds())
	if err := benchWeb(ctx, c, r, w, path, log); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if c.keep {
		return nil
	}
	return removeDB(path)
}

// benchWeb times the web application's pages against the API calls that
// return the same rows, on the indicators part's warehouse, over loopback
// HTTP with the service wired as chitieu serve wires it. The time is the
// server's: from the request to the last byte of the answer.
func benchWeb(ctx context.Context, c *config, r *report, w *warehouse.Warehouse, path string, log io.Writer) error {
	ref, err := indicators.LoadCatalog()
	if err != nil {
		return err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	progress(log, "web: publishing the snapshot and starting the service")
	s, err := service.New(ctx, service.Config{Warehouse: w, DBPath: path, Catalog: ref, Log: quiet, Now: time.Now, Limits: service.DefaultLimits()})
	if err != nil {
		return err
	}
	defer s.Close()
	app := &web.App{W: w, Ref: ref, Loader: s, Query: s, Log: quiet, Now: time.Now, Originals: s.Originals(),
		Files: service.FilesDir(path), MaxUpload: service.DefaultLimits().MaxUpload}
	s.Handle("/", app.Handler())
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	const user, password = "bench-staff", "bench password 1"
	if _, err := w.CreateUser(ctx, user, warehouse.RoleStaff, "", password); err != nil {
		return err
	}
	_, token, err := w.CreateToken(ctx, warehouse.RoleAnalyst, "", "bench")
	if err != nil {
		return err
	}
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if err := signIn(browser, srv.URL, user, password); err != nil {
		return err
	}

	var year, month string
	if err := w.DB().QueryRowContext(ctx, `SELECT max(code) FILTER (WHERE period_type = 'year'),
		max(code) FILTER (WHERE period_type = 'month') FROM periods
		WHERE code IN (SELECT DISTINCT period FROM observations)`).Scan(&year, &month); err != nil {
		return err
	}
	pairs := []struct{ name, page, api string }{
		{"board (status of a month)", "/reports?period=" + month, "/api/status?period=" + month},
		{"explorer (a year, provinces)", "/indicators?indicator=jobs_created&period=" + year + "&level=province",
			"/api/indicators?indicator=jobs_created&period=" + year + "&level=province"},
		{"explorer (a year, all areas)", "/indicators?indicator=trained_share&period=" + year,
			"/api/indicators?indicator=trained_share&period=" + year},
		{"one area across years", "/indicators/jobs_created/40", "/api/indicators?indicator=jobs_created&area=40"},
		{"submissions", "/submissions", "/api/submissions"},
	}
	r.printf("the service as chitieu serve wires it, over loopback HTTP;\n")
	r.printf("a page's time is from the request to its last byte, against the API call's (Bearer token)\n\n")
	tab := [][]string{{"", "page s", "API s", "page/API", "page KB", "API KB"}}
	worst := 0.0
	for _, p := range pairs {
		var pageT, apiT []float64
		var pageN, apiN int
		for i := 0; i < c.runs+1; i++ { // the first run warms the caches
			progress(log, "web: %s, run %d/%d", p.name, i+1, c.runs+1)
			t, n, err := fetchTimed(browser, srv.URL+p.page, "")
			if err != nil {
				return fmt.Errorf("%s: %w", p.page, err)
			}
			ta, na, err := fetchTimed(http.DefaultClient, srv.URL+p.api, token)
			if err != nil {
				return fmt.Errorf("%s: %w", p.api, err)
			}
			if i > 0 {
				pageT, apiT = append(pageT, t), append(apiT, ta)
			}
			pageN, apiN = n, na
		}
		q := median(pageT) / median(apiT)
		worst = max(worst, q)
		tab = append(tab, []string{p.name, seconds(median(pageT)), seconds(median(apiT)), ratio(q),
			strconv.Itoa(pageN >> 10), strconv.Itoa(apiN >> 10)})
	}
	r.table(tab)
	verdict := "met"
	if worst > webTarget {
		verdict = "MISSED"
	}
	r.printf("\nthe slowest page against its API call: %s   (target ≤ %s: %s)\n", ratio(worst), ratio(webTarget), verdict)
	r.target(fmt.Sprintf("web pages, page / API (the slowest):    %5s   (target ≤ %s: %s)", ratio(worst), ratio(webTarget), verdict))
	return nil
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs in through the form, as a browser does.
func signIn(client *http.Client, base, user, password string) error {
	res, err := client.Get(base + "/login")
	if err != nil {
		return err
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfField.FindSubmatch(b)
	if m == nil {
		return fmt.Errorf("sign-in page: no form (%d)", res.StatusCode)
	}
	res, err = client.PostForm(base+"/login", url.Values{"csrf": {string(m[1])}, "username": {user}, "password": {password}})
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("sign in: %d", res.StatusCode)
	}
	return nil
}

// fetchTimed fetches u and returns the seconds to its last byte and its size.
func fetchTimed(client *http.Client, u, token string) (float64, int, error) {
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		return 0, 0, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	t := time.Since(start).Seconds()
	if err != nil {
		return 0, 0, err
	}
	if res.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("status %d", res.StatusCode)
	}
	return t, int(n), nil
}
