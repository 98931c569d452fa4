package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		lang     string
		v        any
		decimals int
		want     string
	}{
		{"vi", 48500.0, 0, "48.500"},
		{"en", 48500.0, 0, "48,500"},
		{"vi", 103.1914, 2, "103,19"},
		{"en", 103.1914, 2, "103.19"},
		{"vi", 1604602.0, 0, "1.604.602"},
		{"vi", -2.745, 2, "−2,75"},
		{"vi", -0.001, 2, "0,00"},
		{"vi", 999.0, 0, "999"},
		{"vi", int64(1000), 0, "1.000"},
		{"vi", (*float64)(nil), 2, "–"},
		{"vi", nil, 0, "–"},
	} {
		if got := number(tc.lang, tc.v, tc.decimals); got != tc.want {
			t.Errorf("number(%s, %v, %d) = %q, want %q", tc.lang, tc.v, tc.decimals, got, tc.want)
		}
	}
	if got := changeIn("vi", 4.85, "percent"); got != "+4,85%" {
		t.Errorf("changeIn(4.85, percent) = %q", got)
	}
	if got := changeIn("en", -1.07, "percentage points"); got != "−1.07 pp" {
		t.Errorf("changeIn(-1.07, pp) = %q", got)
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/reports?period=2024-12": "/reports?period=2024-12",
		"//evil.example/x":        "",
		"https://evil.example/":   "",
		"/\\evil.example":         "",
		"reports":                 "",
		"/a/../upload":            "/upload",
		"":                        "",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTranslations(t *testing.T) {
	for k, m := range messages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("message %q lacks a language: %q", k, m)
		}
		verbs := regexp.MustCompile(`%[sdqv]`)
		if len(verbs.FindAllString(m[0], -1)) != len(verbs.FindAllString(m[1], -1)) {
			t.Errorf("message %q: the languages take different arguments: %q", k, m)
		}
	}
	// Every key the templates use has words.
	key := regexp.MustCompile(`(?:\{\{|\()t "([a-z_]+)"`)
	files, _ := filepath.Glob("templates/*.html")
	for _, fn := range files {
		b, _ := os.ReadFile(fn)
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			if _, ok := messages[m[1]]; !ok {
				t.Errorf("%s uses message %q, which has no words", fn, m[1])
			}
		}
	}
}

func TestSignIn(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	if p := c.get("/reports?period=2024-12"); p.code != http.StatusSeeOther || p.hdr.Get("Location") != "/login?next=%2Freports%3Fperiod%3D2024-12" {
		t.Errorf("GET /reports signed out: %d to %q, want 303 to the sign-in page", p.code, p.hdr.Get("Location"))
	}
	login := c.get("/login")
	if login.code != http.StatusOK || !strings.Contains(login.body, `name="username"`) || !strings.Contains(login.body, `name="password"`) {
		t.Fatalf("GET /login: %d\n%s", login.code, login.body)
	}
	tok := csrf(t, login)
	// A sign-in form posted from elsewhere has no double-submit cookie.
	other := f.client()
	if p := other.post("/login", url.Values{"csrf": {tok}, "username": {"staff"}, "password": {passwords["staff"]}}); p.code != http.StatusForbidden {
		t.Errorf("sign-in without the form's cookie: %d, want 403", p.code)
	}
	p := c.post("/login", url.Values{"csrf": {tok}, "username": {"staff"}, "password": {"wrong password"}, "next": {"/reports"}})
	if p.code != http.StatusUnauthorized || !strings.Contains(p.body, "Sai tên đăng nhập hoặc mật khẩu") {
		t.Errorf("wrong password: %d\n%s", p.code, p.body)
	}
	p = c.post("/login", url.Values{"csrf": {csrf(t, p)}, "username": {"staff"}, "password": {passwords["staff"]}, "next": {"/reports?period=2024-11"}})
	if p.code != http.StatusSeeOther || p.hdr.Get("Location") != "/reports?period=2024-11" {
		t.Fatalf("sign in: %d to %q", p.code, p.hdr.Get("Location"))
	}
	cookie := ""
	for _, h := range p.hdr.Values("Set-Cookie") {
		if strings.HasPrefix(h, sessionCookie+"=") {
			cookie = h
		}
	}
	for _, want := range []string{"HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("session cookie %q is Secure without TLS", cookie)
	}
	if p := c.get("/reports?period=2024-11"); p.code != http.StatusOK {
		t.Errorf("GET /reports signed in: %d", p.code)
	}
	// Sign out ends the session on the server: the old cookie no longer works.
	jarCookies := c.http.Jar.Cookies(mustURL(f.srv.URL))
	p = c.post("/logout", url.Values{"csrf": {csrf(t, c.get("/reports?period=2024-11"))}})
	if p.code != http.StatusSeeOther {
		t.Errorf("sign out: %d", p.code)
	}
	replay := f.client()
	replay.http.Jar.SetCookies(mustURL(f.srv.URL), jarCookies)
	if p := replay.get("/reports"); p.code != http.StatusSeeOther {
		t.Errorf("the cookie of a signed-out session still opens pages: %d", p.code)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestSignInThrottled(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	var p page
	for i := 0; i < accountFailures; i++ {
		p = c.post("/login", url.Values{"csrf": {csrf(t, c.get("/login"))}, "username": {"nghean"}, "password": {"guess " + string(rune('a'+i))}})
		if p.code != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, p.code)
		}
	}
	// The right password is refused too until the window ends.
	p = c.post("/login", url.Values{"csrf": {csrf(t, c.get("/login"))}, "username": {"nghean"}, "password": {passwords["nghean"]}})
	if p.code != http.StatusTooManyRequests || p.hdr.Get("Retry-After") == "" {
		t.Errorf("sign-in after %d failures: %d, Retry-After %q; want 429", accountFailures, p.code, p.hdr.Get("Retry-After"))
	}
	// Another account from the same address is not locked out by them.
	p = c.post("/login", url.Values{"csrf": {csrf(t, c.get("/login"))}, "username": {"hatinh"}, "password": {passwords["hatinh"]}})
	if p.code != http.StatusSeeOther {
		t.Errorf("another account's sign-in: %d", p.code)
	}
	f.mu.Lock()
	f.now = f.now.Add(throttleWindow)
	f.mu.Unlock()
	p = f.client().post("/login", url.Values{"csrf": {csrf(t, c.get("/login"))}, "username": {"nghean"}, "password": {passwords["nghean"]}})
	if p.code == http.StatusTooManyRequests {
		t.Errorf("sign-in still refused after the window")
	}
}

// multipartUpload builds an upload form with files from testdata (or the
// given bytes).
func multipartUpload(t testing.TB, fields url.Values, files map[string][]byte) (string, *bytes.Buffer) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	return mw.FormDataContentType(), &b
}

func (c *client) upload(fields url.Values, files map[string][]byte) page {
	c.t.Helper()
	ct, body := multipartUpload(c.t, fields, files)
	req, _ := http.NewRequest("POST", c.f.srv.URL+"/upload", body)
	req.Header.Set("Content-Type", ct)
	return c.do(req)
}

// brokenDecember is Nghệ An's December workbook with its month's jobs
// (cell E9) written as words.
func brokenDecember(t testing.TB) []byte {
	x, err := excelize.OpenFile("testdata/nghe_an_2024_thang_12.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.SetCellValue("BC thang", "E9", "khoảng 4 nghìn"); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := x.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func (f *fixture) count(query string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.w.DB().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func TestUploadDesk(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	tok := c.signIn("nghean")
	december, err := os.ReadFile("testdata/nghe_an_2024_thang_12.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	before := f.count(`SELECT count(*) FROM submissions`)

	// Without its CSRF token the form is refused and nothing is stored.
	p := c.upload(url.Values{"action": {"send"}}, map[string][]byte{"nghe_an_2024_thang_12.xlsx": december})
	if p.code != http.StatusForbidden || !strings.Contains(p.body, "CSRF") {
		t.Errorf("upload without CSRF: %d", p.code)
	}
	p = c.upload(url.Values{"action": {"send"}, "csrf": {"forged"}}, map[string][]byte{"nghe_an_2024_thang_12.xlsx": december})
	if p.code != http.StatusForbidden {
		t.Errorf("upload with a forged CSRF token: %d", p.code)
	}
	if n := f.count(`SELECT count(*) FROM submissions`); n != before {
		t.Fatalf("refused forms stored %d submissions", n-before)
	}

	// The dry run shows the problem at its cell and stores nothing.
	p = c.upload(url.Values{"action": {"check"}, "csrf": {tok}}, map[string][]byte{"nghe_an_2024_thang_12.xlsx": brokenDecember(t)})
	if p.code != http.StatusOK || !strings.Contains(p.body, `data-outcome="rejected"`) {
		t.Fatalf("dry run of the broken file: %d\n%s", p.code, p.body)
	}
	if !regexp.MustCompile(`<tr class="sev-error" data-cell="E9">.*BC thang.*E9.*khoảng 4 nghìn`).MatchString(p.body) {
		t.Errorf("the dry run does not show the problem at E9:\n%s", p.body)
	}
	// Said in Vietnamese, the note as a note; in English with the switch.
	for _, want := range []string{"cần một số như 48500, 48.500", "ℹ Ghi chú", "được lưu là ước tính"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the dry run in Vietnamese lacks %q", want)
		}
	}
	if strings.Contains(p.body, "expected a number") {
		t.Errorf("the dry run in Vietnamese says a problem in English")
	}
	base, _ := url.Parse(f.srv.URL)
	c.http.Jar.SetCookies(base, []*http.Cookie{{Name: langCookie, Value: "en", Path: "/"}})
	p = c.upload(url.Values{"action": {"check"}, "csrf": {tok}}, map[string][]byte{"nghe_an_2024_thang_12.xlsx": brokenDecember(t)})
	if !strings.Contains(p.body, "expected a number such as 48500") || !strings.Contains(p.body, "stored as estimated") {
		t.Errorf("the dry run in English does not say its problems in English:\n%s", p.body)
	}
	c.http.Jar.SetCookies(base, []*http.Cookie{{Name: langCookie, Value: "vi", Path: "/"}})
	if n := f.count(`SELECT count(*) FROM submissions`); n != before {
		t.Errorf("the dry run stored %d submissions", n-before)
	}
	// Checked valid, then sent from the staged copy.
	p = c.upload(url.Values{"action": {"check"}, "csrf": {tok}}, map[string][]byte{"nghe_an_2024_thang_12.xlsx": december})
	if !strings.Contains(p.body, `data-outcome="valid"`) || !strings.Contains(p.body, `name="staged"`) {
		t.Fatalf("dry run of the good file:\n%s", p.body)
	}
	staged := regexp.MustCompile(`name="staged" value="([^"]+)"`).FindStringSubmatch(p.body)[1]
	// Another user cannot send it.
	other := f.client()
	otok := other.signIn("hatinh")
	if p := other.post("/upload", url.Values{"csrf": {otok}, "action": {"send"}, "staged": {staged}}); !strings.Contains(p.body, `data-outcome="refused"`) {
		t.Errorf("another user sent a file staged by nghean:\n%s", p.body)
	}
	p = c.post("/upload", url.Values{"csrf": {tok}, "action": {"send"}, "staged": {staged}})
	if !strings.Contains(p.body, `data-outcome="loaded"`) {
		t.Fatalf("sending the staged file:\n%s", p.body)
	}
	id := regexp.MustCompile(`href="/submissions/(\d+)"`).FindStringSubmatch(p.body)[1]
	if n := f.count(`SELECT count(*) FROM submissions WHERE outcome = 'loaded' AND province = '40' AND period = '2024-12' AND delivered_by = 'web user nghean (province 40)'`); n != 1 {
		t.Errorf("%d loaded December submissions from the web, want 1", n)
	}

	// The submission's page: outcome, values with their cells, the original.
	p = c.get("/submissions/" + id)
	if p.code != http.StatusOK || !strings.Contains(p.body, "48.500") || !strings.Contains(p.body, `<td class="cell">'BC thang'!F9</td>`) {
		t.Errorf("submission page: %d\n%s", p.code, p.body)
	}
	p = c.get("/submissions/" + id + "/file")
	if p.code != http.StatusOK || p.body != string(december) || !strings.Contains(p.hdr.Get("Content-Disposition"), "nghe_an_2024_thang_12.xlsx") {
		t.Errorf("original: %d, %d bytes (want %d), %q", p.code, len(p.body), len(december), p.hdr.Get("Content-Disposition"))
	}

	// Another province's account cannot open it, nor its original.
	if p := other.get("/submissions/" + id); p.code != http.StatusForbidden {
		t.Errorf("hatinh opened Nghệ An's submission: %d", p.code)
	}
	if p := other.get("/submissions/" + id + "/file"); p.code != http.StatusForbidden {
		t.Errorf("hatinh downloaded Nghệ An's file: %d", p.code)
	}
	// …nor send Nghệ An's figures.
	p = other.upload(url.Values{"action": {"send"}, "csrf": {otok}}, map[string][]byte{"bao_cao.xlsx": brokenDecemberFixed(t)})
	if !strings.Contains(p.body, `data-outcome="refused"`) && !strings.Contains(p.body, `data-outcome="rejected"`) {
		t.Errorf("hatinh sent Nghệ An's figures:\n%s", p.body)
	}
	if n := f.count(`SELECT count(*) FROM submissions WHERE delivered_by LIKE '%hatinh%' AND outcome = 'loaded'`); n != 0 {
		t.Errorf("hatinh loaded %d files of Nghệ An", n)
	}

	// The board shows December on time.
	sc := f.client()
	sc.signIn("staff")
	p = sc.get("/reports?period=2024-12")
	if !strings.Contains(rowOf(p.body, "40"), `<td class="st st-on_time" data-status="on_time">`) {
		t.Errorf("the board does not show Nghệ An on time:\n%s", p.body)
	}
	// An analyst reads, but may not upload.
	ac := f.client()
	atok := ac.signIn("an")
	if p := ac.upload(url.Values{"action": {"check"}, "csrf": {atok}}, map[string][]byte{"x.csv": []byte("a")}); p.code != http.StatusForbidden {
		t.Errorf("an analyst's upload: %d", p.code)
	}
}

// brokenDecemberFixed is December's workbook under another name, changed
// so that it is not the same bytes as the one loaded.
func brokenDecemberFixed(t testing.TB) []byte {
	x, err := excelize.OpenFile("testdata/nghe_an_2024_thang_12.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	x.SetCellValue("BC thang", "A5", "(bản sửa)")
	var b bytes.Buffer
	x.WriteTo(&b)
	return b.Bytes()
}

func TestBoard(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	c.signIn("staff")
	p := c.get("/reports?period=2024-11")
	if p.code != http.StatusOK {
		t.Fatalf("board: %d", p.code)
	}
	// Nghệ An's November workbook arrived on 10 December: on time.
	if !strings.Contains(rowOf(p.body, "40"), `data-status="on_time">`) {
		t.Errorf("Nghệ An November not on time:\n%s", p.body)
	}
	// December is not due before 20 January: pending, in words.
	p = c.get("/reports?period=2024-12&form=monthly")
	if !strings.Contains(p.body, `data-status="pending"`) || !strings.Contains(p.body, "Chưa đến hạn") {
		t.Errorf("December not pending:\n%s", p.body)
	}
	// After the deadline it is missing.
	f.mu.Lock()
	f.now = ict(2025, 1, 25, 9)
	f.mu.Unlock()
	c.signIn("staff") // the session of 10 January has ended
	p = c.get("/reports?period=2024-12&form=monthly&region=R3")
	if !strings.Contains(rowOf(p.body, "40"), `data-status="missing"><span class="badge">✗ Chưa nộp`) {
		t.Errorf("December not missing after the deadline:\n%s", p.body)
	}
	if strings.Contains(p.body, `data-province="01"`) {
		t.Error("the region filter R3 shows Hà Nội (R1)")
	}
	// A province's account sees its own row only.
	pc := f.client()
	pc.signIn("nghean")
	p = pc.get("/reports?period=2024-11")
	if !strings.Contains(p.body, `data-province="40"`) || strings.Contains(p.body, `data-province="42"`) {
		t.Errorf("a province account's board shows other provinces or not its own")
	}
	if p := c.get("/reports?period=nonsense"); p.code != http.StatusBadRequest {
		t.Errorf("a bad period: %d", p.code)
	}
}

func TestExplorer(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("nghe_an_2024_thang_12.xlsx", ict(2025, 1, 5, 9))
	c := f.client()
	c.signIn("staff")
	p := c.get("/indicators?indicator=jobs_created&period=2024&level=province")
	if p.code != http.StatusOK {
		t.Fatalf("explorer: %d\n%s", p.code, p.body)
	}
	row := regexp.MustCompile(`(?s)<tr class="lvl-province" data-area="40">.*?</tr>`).FindString(p.body)
	for _, want := range []string{"Nghệ An", "48.500", "47.000", "103,19%", "46.256", "+4,85%", "1/1"} {
		if !strings.Contains(row, want) {
			t.Errorf("Nghệ An's row lacks %q:\n%s", want, row)
		}
	}
	// The workbook says "Số liệu tháng 12 là số ước thực hiện": its figures
	// are estimates, so the year's is provisional and marked *.
	if !strings.Contains(p.body, `<svg`) || !strings.Contains(p.body, "Nghệ An*: 103,19%") {
		t.Errorf("no ranked bars with Nghệ An* at 103,19%%")
	}
	// English numbers.
	c.get("/lang?to=en&back=/")
	p = c.get("/indicators?indicator=jobs_created&period=2024&area=40")
	if !strings.Contains(p.body, "103.19%") || !strings.Contains(p.body, "48,500") || !strings.Contains(p.body, `lang="en"`) {
		t.Errorf("English explorer lacks 103.19%% or 48,500")
	}
	// Downloads.
	p = c.get("/indicators?indicator=jobs_created&period=2024&area=40&format=csv")
	if p.code != http.StatusOK || !strings.Contains(p.body, ",province,2024,48500,47000,,103.19,true,46256,104.85,4.85,percent,1,1,provisional") {
		t.Errorf("CSV: %d\n%s", p.code, p.body)
	}
	p = c.get("/indicators?indicator=jobs_created&period=2024&format=xlsx")
	x, err := excelize.OpenReader(strings.NewReader(p.body))
	if err != nil {
		t.Fatalf("XLSX: %v", err)
	}
	rows, _ := x.GetRows("jobs_created")
	if len(rows) < 60 || rows[0][0] != "indicator" {
		t.Errorf("XLSX has %d rows", len(rows))
	}
	p = c.get("/indicators/jobs_created/40")
	if p.code != http.StatusOK || !strings.Contains(p.body, "103.19%") || !strings.Contains(p.body, "2023") {
		t.Errorf("one area across years: %d", p.code)
	}
	if p := c.get("/indicators?indicator=nonsense"); p.code != http.StatusBadRequest {
		t.Errorf("an unknown indicator: %d", p.code)
	}
}

func TestPagesByRole(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		user, path string
		want       int
	}{
		{"nghean", "/admin", http.StatusForbidden},
		{"nghean", "/sql", http.StatusForbidden},
		{"staff", "/admin", http.StatusForbidden},
		{"an", "/upload", http.StatusForbidden},
		{"an", "/sql", http.StatusOK},
		{"admin", "/admin", http.StatusOK},
		{"nghean", "/quarterly", http.StatusOK},
		{"nghean", "/submissions", http.StatusOK},
	} {
		c := f.client()
		c.signIn(tc.user)
		if p := c.get(tc.path); p.code != tc.want {
			t.Errorf("%s GET %s: %d, want %d", tc.user, tc.path, p.code, tc.want)
		}
	}
}

func TestSQLAndAdmin(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	tok := c.signIn("an")
	p := c.post("/sql", url.Values{"csrf": {tok}, "sql": {"SELECT area, value FROM indicator_values WHERE indicator = 'jobs_created' AND period = '2023' AND area = '40'"}})
	if p.code != http.StatusOK || !strings.Contains(p.body, "<td>40</td><td>46256</td>") {
		t.Errorf("SQL: %d\n%s", p.code, p.body)
	}
	p = c.post("/sql", url.Values{"csrf": {tok}, "sql": {"DELETE FROM submissions"}})
	if p.code != http.StatusBadRequest {
		t.Errorf("a DELETE: %d", p.code)
	}
	p = c.post("/sql", url.Values{"csrf": {tok}, "format": {"csv"}, "sql": {"SELECT 1 AS one"}})
	if p.body != "one\n1\n" {
		t.Errorf("SQL as CSV: %q", p.body)
	}

	ad := f.client()
	tok = ad.signIn("admin")
	p = ad.post("/admin/users", url.Values{"csrf": {tok}, "name": {"quangtri"}, "role": {"province"}, "area": {"45"}, "password": {"Quảng Trị 2024"}})
	if p.code != http.StatusOK || !strings.Contains(p.body, "quangtri") {
		t.Errorf("create user: %d\n%s", p.code, p.body)
	}
	if n := f.count(`SELECT count(*) FROM users WHERE name = 'quangtri' AND area = '45'`); n != 1 {
		t.Errorf("quangtri stored %d times with area 45", n)
	}
	p = ad.post("/admin/tokens", url.Values{"csrf": {tok}, "role": {"province"}, "area": {"40"}, "note": {"máy chủ Nghệ An"}})
	secret := regexp.MustCompile(`<code id="new-token">(chitieu_[^<]+)</code>`).FindStringSubmatch(p.body)
	if secret == nil {
		t.Fatalf("the new token is not shown:\n%s", p.body)
	}
	if tk, err := f.w.Authenticate(context.Background(), secret[1]); err != nil || tk.Area != "40" {
		t.Errorf("the token shown does not authenticate: %+v %v", tk, err)
	}
	// Disabling a user signs them out.
	nc := f.client()
	nc.signIn("nghean")
	if p := ad.post("/admin/users/nghean/disable", url.Values{"csrf": {tok}}); p.code != http.StatusOK {
		t.Errorf("disable: %d", p.code)
	}
	if p := nc.get("/upload"); p.code != http.StatusSeeOther {
		t.Errorf("a disabled user's session still opens pages: %d", p.code)
	}
	_ = time.Second
}

// rowOf is a province's row of the board.
func rowOf(body, province string) string {
	return regexp.MustCompile(`(?s)<tr data-province="` + province + `">.*?</tr>`).FindString(body)
}

// Staff draw a quarterly report: the request returns at once to a page
// that follows the drawing, and the report's files appear when it is done.
func TestQuarterlyDrawnInBackground(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	c.signIn("staff")
	follow := func(period string) string {
		t.Helper()
		p := c.post("/quarterly", url.Values{"csrf": {csrf(t, c.get("/quarterly"))}, "period": {period}, "lang": {"vi"}})
		loc := p.hdr.Get("Location")
		if p.code != http.StatusSeeOther || !strings.HasPrefix(loc, "/quarterly?drawing=") {
			t.Fatalf("POST /quarterly %s: %d to %q, want 303 to the drawing", period, p.code, loc)
		}
		// the page follows the drawing until it ends (bounded: a report of
		// the test's warehouse takes seconds)
		for range 1200 {
			p = c.get(loc)
			if p.code != http.StatusOK {
				t.Fatalf("GET %s: %d", loc, p.code)
			}
			if !strings.Contains(p.body, `class="drawing-drawing"`) {
				if strings.Contains(p.body, `http-equiv="refresh"`) {
					t.Errorf("the page reloads itself with no report being drawn")
				}
				return p.body
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("the drawing of %s did not end", period)
		return ""
	}
	body := follow("2024-Q3")
	if !strings.Contains(body, `class="drawing-done"`) || !strings.Contains(body, `href="/quarterly/chitieu-2024-Q3-vi.xlsx"`) {
		t.Fatalf("the drawing of 2024-Q3 did not end with its files:\n%s", body)
	}
	if p := c.get("/quarterly/chitieu-2024-Q3-vi.xlsx"); p.code != http.StatusOK || len(p.body) == 0 {
		t.Errorf("the drawn workbook: %d, %d bytes", p.code, len(p.body))
	}
	entries, _ := os.ReadDir(f.app.reportsDir())
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".drawing-") {
			t.Errorf("a drawing's working directory was left: %s", e.Name())
		}
	}
	body = follow("2031-Q1")
	if !strings.Contains(body, `class="drawing-no_data"`) || !strings.Contains(body, "Chưa có số liệu cho quý này") {
		t.Errorf("a quarter without figures:\n%s", body)
	}
	// a province's clerk may not draw one
	pc := f.client()
	pc.signIn("nghean")
	if p := pc.post("/quarterly", url.Values{"csrf": {csrf(t, pc.get("/quarterly"))}, "period": {"2024-Q3"}}); p.code != http.StatusForbidden {
		t.Errorf("a province user drew a report: %d", p.code)
	}
}
