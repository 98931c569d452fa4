package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"chitieu/indicators"
	"chitieu/warehouse"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Loader stores a received file, or with sub.DryRun checks it and stores
// nothing; the service runs loads one at a time and publishes the
// analysts' snapshot after each.
type Loader interface {
	Load(ctx context.Context, path string, sub warehouse.Submission) (warehouse.Result, error)
}

// Querier runs an analyst's read-only SELECT on the published snapshot,
// within the service's limits of rows and time.
type Querier interface {
	Query(ctx context.Context, sql string, asOf time.Time) (*warehouse.Rows, error)
}

// App is the web application over one warehouse.
type App struct {
	W      *warehouse.Warehouse
	Ref    *indicators.Catalog
	Loader Loader
	Query  Querier
	Log    *slog.Logger
	Now    func() time.Time
	// Originals is the directory where the service keeps the bytes of
	// every file it received (load.Keep).
	Originals string
	// Files is the application's own directory: files checked by a dry
	// run wait there to be sent (staging/), and quarterly reports are
	// drawn there (reports/) unless Reports says elsewhere.
	Files string
	// Reports is the directory of the quarterly reports the page lists and
	// staff draw into; "" is Files/reports.
	Reports string
	// Secure marks the session cookie Secure: the service runs under TLS.
	Secure bool
	// MaxUpload is the largest file accepted, in bytes.
	MaxUpload int64
	// SessionTTL is how long a sign-in lasts (default 12 hours).
	SessionTTL time.Duration

	once      sync.Once
	drawings  drawings // quarterly reports being drawn in the background
	reference sync.Map // the reference tables' rows pages show, by table and language
	pages     map[string]*template.Template
	tmplEr    error
	signin    throttle
}

// maxFiles is the most files one upload form may send.
const maxFiles = 10

// Cookie names.
const (
	sessionCookie = "chitieu_session"
	loginCookie   = "chitieu_login" // double-submit CSRF token of the sign-in form
	langCookie    = "chitieu_lang"
)

// Handler serves the web application. Paths it does not know answer 404.
func (a *App) Handler() http.Handler {
	a.once.Do(func() {
		a.pages, a.tmplEr = parseTemplates()
		if a.SessionTTL == 0 {
			a.SessionTTL = 12 * time.Hour
		}
		if a.Now == nil {
			a.Now = time.Now
		}
		if a.Log == nil {
			a.Log = slog.Default()
		}
		a.signin = throttle{now: a.Now}
	})
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheFor(http.FileServerFS(static))))
	mux.HandleFunc("GET /login", a.loginPage)
	mux.HandleFunc("POST /login", a.login)
	mux.HandleFunc("GET /lang", a.switchLang)
	mux.Handle("POST /logout", a.page(nil, a.logout))
	everyone := []string{warehouse.RoleAdmin, warehouse.RoleStaff, warehouse.RoleAnalyst, warehouse.RoleProvince}
	senders := []string{warehouse.RoleAdmin, warehouse.RoleStaff, warehouse.RoleProvince}
	readers := []string{warehouse.RoleAdmin, warehouse.RoleStaff, warehouse.RoleAnalyst}
	mux.Handle("GET /{$}", a.page(everyone, a.home))
	mux.Handle("GET /reports", a.page(everyone, a.board))
	mux.Handle("GET /submissions", a.page(everyone, a.history))
	mux.Handle("GET /submissions/{id}", a.page(everyone, a.submission))
	mux.Handle("GET /submissions/{id}/file", a.page(everyone, a.original))
	mux.Handle("GET /upload", a.page(senders, a.uploadPage))
	mux.Handle("POST /upload", a.page(senders, a.upload))
	mux.Handle("GET /indicators", a.page(everyone, a.explorer))
	mux.Handle("GET /indicators/{code}/{area}", a.page(everyone, a.indicatorArea))
	mux.Handle("GET /quarterly", a.page(everyone, a.quarterly))
	mux.Handle("GET /quarterly/{file}", a.page(everyone, a.quarterlyFile))
	mux.Handle("POST /quarterly", a.page([]string{warehouse.RoleAdmin, warehouse.RoleStaff}, a.drawQuarterly))
	mux.Handle("GET /sql", a.page(readers, a.sqlPage))
	mux.Handle("POST /sql", a.page(readers, a.sqlRun))
	admins := []string{warehouse.RoleAdmin}
	mux.Handle("GET /admin", a.page(admins, a.admin))
	mux.Handle("POST /admin/users", a.page(admins, a.adminCreateUser))
	mux.Handle("POST /admin/users/{name}/disable", a.page(admins, a.adminDisableUser))
	mux.Handle("POST /admin/tokens", a.page(admins, a.adminCreateToken))
	mux.Handle("POST /admin/tokens/{id}/revoke", a.page(admins, a.adminRevokeToken))
	return securityHeaders(mux)
}

func cacheFor(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// securityHeaders forbid framing and any script or style from elsewhere.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

// request is what a page handler gets: the signed-in session and the
// language of the page.
type request struct {
	*http.Request
	s    warehouse.Session
	lang string
}

// page admits a signed-in user of one of roles (nil: any) to h. A request
// that changes something (POST) must carry the session's CSRF token.
func (a *App) page(roles []string, h func(http.ResponseWriter, *request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := langOf(r)
		c, err := r.Cookie(sessionCookie)
		var s warehouse.Session
		if err == nil {
			s, err = a.W.SessionOf(r.Context(), c.Value)
		}
		if err != nil {
			if !errors.Is(err, http.ErrNoCookie) && !errors.Is(err, warehouse.ErrNoSession) {
				a.Log.Error("session", "err", err)
			}
			if r.Method != http.MethodGet {
				a.errorPage(w, &request{Request: r, lang: lang}, http.StatusUnauthorized, "err_signin_first")
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		req := &request{Request: r, s: s, lang: lang}
		if r.Method == http.MethodPost {
			var err error
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
				// Several files of up to MaxUpload each.
				r.Body = http.MaxBytesReader(w, r.Body, maxFiles*a.MaxUpload+1<<20)
				err = r.ParseMultipartForm(8 << 20)
			} else {
				r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
				err = r.ParseForm()
			}
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				a.errorPage(w, req, http.StatusRequestEntityTooLarge, "err_too_big")
				return
			}
			got := r.PostFormValue("csrf")
			if subtle.ConstantTimeCompare([]byte(got), []byte(s.CSRF)) != 1 {
				a.errorPage(w, req, http.StatusForbidden, "err_csrf")
				return
			}
		}
		if roles != nil && !contains(roles, s.User.Role) {
			a.errorPage(w, req, http.StatusForbidden, "err_forbidden")
			return
		}
		h(w, req)
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (a *App) home(w http.ResponseWriter, r *request) {
	switch r.s.User.Role {
	case warehouse.RoleProvince:
		http.Redirect(w, r.Request, "/upload", http.StatusSeeOther)
	case warehouse.RoleAnalyst:
		http.Redirect(w, r.Request, "/indicators", http.StatusSeeOther)
	default:
		http.Redirect(w, r.Request, "/reports", http.StatusSeeOther)
	}
}

// loginPage shows the sign-in form, with a fresh double-submit token.
func (a *App) loginPage(w http.ResponseWriter, r *http.Request) {
	a.renderLogin(w, r, http.StatusOK, "")
}

func (a *App) renderLogin(w http.ResponseWriter, r *http.Request, code int, msg string) {
	tok := randomString()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: tok, Path: "/login", HttpOnly: true, Secure: a.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	req := &request{Request: r, lang: langOf(r)}
	a.render(w, req, code, "login", map[string]any{"Token": tok, "Next": localPath(r.FormValue("next")), "Error": msg,
		"Name": r.PostFormValue("username")})
}

// login checks a user name and password, throttled per account and per
// address, and starts a session.
func (a *App) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	c, err := r.Cookie(loginCookie)
	if err != nil || c.Value == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		a.errorPage(w, &request{Request: r, lang: langOf(r)}, http.StatusForbidden, "err_csrf")
		return
	}
	name := strings.TrimSpace(r.PostFormValue("username"))
	addr := clientAddr(r)
	if wait := a.signin.blocked(name, addr); wait > 0 {
		w.Header().Set("Retry-After", itoa(int64(wait/time.Second)+1))
		a.renderLogin(w, r, http.StatusTooManyRequests, "err_throttled")
		return
	}
	u, err := a.W.SignIn(r.Context(), name, r.PostFormValue("password"))
	if errors.Is(err, warehouse.ErrBadCredentials) {
		a.signin.fail(name, addr)
		a.Log.Info("sign-in refused", "user", name, "remote", addr)
		a.renderLogin(w, r, http.StatusUnauthorized, "err_credentials")
		return
	}
	if err != nil {
		a.Log.Error("sign in", "err", err)
		a.errorPage(w, &request{Request: r, lang: langOf(r)}, http.StatusInternalServerError, "err_internal")
		return
	}
	a.signin.succeed(name)
	s, secret, err := a.W.CreateSession(r.Context(), u, a.SessionTTL)
	if err != nil {
		a.Log.Error("start session", "err", err)
		a.errorPage(w, &request{Request: r, lang: langOf(r)}, http.StatusInternalServerError, "err_internal")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", HttpOnly: true, Secure: a.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.ExpiresAt.Sub(a.Now()).Seconds())})
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: "/login", MaxAge: -1})
	a.Log.Info("signed in", "user", u.Name, "role", u.Role, "remote", addr)
	next := localPath(r.PostFormValue("next"))
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (a *App) logout(w http.ResponseWriter, r *request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := a.W.EndSession(r.Context(), c.Value); err != nil {
			a.Log.Error("end session", "err", err)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: a.Secure,
		SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r.Request, "/login", http.StatusSeeOther)
}

// switchLang remembers the language chosen and goes back to the page.
func (a *App) switchLang(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("to")
	if lang != "en" {
		lang = "vi"
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode,
		Secure: a.Secure})
	back := localPath(r.URL.Query().Get("back"))
	if back == "" {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// localPath keeps a redirect target on this site: a path, never a URL
// of another host ("//evil", "https://…").
func localPath(p string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return ""
	}
	u, err := url.Parse(p)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return ""
	}
	return path.Clean(u.Path) + func() string {
		if u.RawQuery != "" {
			return "?" + u.RawQuery
		}
		return ""
	}()
}

func langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return "en"
	}
	return "vi"
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func randomString() string {
	var b [24]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// Sign-in throttling: after accountFailures wrong passwords for one user
// name, or addrFailures from one address, within throttleWindow, sign-in
// is refused until the window that began with the first failure ends.
const (
	accountFailures = 5
	addrFailures    = 20
	throttleWindow  = 15 * time.Minute
)

// throttle counts failed sign-ins per account and per client address.
type throttle struct {
	now func() time.Time
	mu  sync.Mutex
	by  map[string]*window
}

type window struct {
	start time.Time
	count int
}

func (t *throttle) key(kind, k string) string { return kind + "\x00" + k }

// blocked says how long sign-in stays refused for this account or address.
func (t *throttle) blocked(name, addr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	for _, c := range []struct {
		key   string
		limit int
	}{{t.key("user", strings.ToLower(name)), accountFailures}, {t.key("addr", addr), addrFailures}} {
		w := t.by[c.key]
		if w == nil {
			continue
		}
		if now.Sub(w.start) >= throttleWindow {
			delete(t.by, c.key)
			continue
		}
		if w.count >= c.limit {
			wait = max(wait, throttleWindow-now.Sub(w.start))
		}
	}
	return wait
}

func (t *throttle) fail(name, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.by == nil {
		t.by = map[string]*window{}
	}
	now := t.now()
	for _, k := range []string{t.key("user", strings.ToLower(name)), t.key("addr", addr)} {
		w := t.by[k]
		if w == nil || now.Sub(w.start) >= throttleWindow {
			w = &window{start: now}
			t.by[k] = w
		}
		w.count++
	}
}

// succeed forgets an account's failures once its password was given.
func (t *throttle) succeed(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.by, t.key("user", strings.ToLower(name)))
}
