package web

import (
	"bytes"
	"chitieu/schemas"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"chitieu/report"
	"chitieu/warehouse"
)

// view is what every page's template gets: the layout's needs and the
// page's own Data.
type view struct {
	Lang string
	User warehouse.User
	CSRF string
	Path string // the page's URI, to come back to after switching language
	Nav  string // the page, to mark its link in the menu
	Data any
}

// parseTemplates parses each page with the layout.
func parseTemplates() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		page := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if page == "layout" || page == "partials" {
			continue
		}
		t, err := template.New(page).Funcs(funcs("vi")).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", page, err)
		}
		pages[page] = t
	}
	return pages, nil
}

// render writes a page; a template that fails is logged and answered 500
// before anything was sent.
func (a *App) render(w http.ResponseWriter, r *request, code int, page string, data any) {
	if a.tmplEr != nil {
		a.Log.Error("templates", "err", a.tmplEr)
		http.Error(w, "templates: "+a.tmplEr.Error(), http.StatusInternalServerError)
		return
	}
	t, err := a.pages[page].Clone()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	t.Funcs(funcs(r.lang))
	v := view{Lang: r.lang, User: r.s.User, CSRF: r.s.CSRF, Path: r.URL.RequestURI(), Nav: page, Data: data}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", v); err != nil {
		a.Log.Error("render", "page", page, "err", err)
		http.Error(w, "render "+page+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

// errorPage answers code with a page saying msg (a message key).
func (a *App) errorPage(w http.ResponseWriter, r *request, code int, msg string, args ...any) {
	a.render(w, r, code, "error", map[string]any{"Code": code, "Message": text(r.lang, msg, args...)})
}

// funcs are the templates' functions in language lang.
func funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t":      func(key string, args ...any) string { return text(lang, key, args...) },
		"num":    func(v any, decimals int) string { return number(lang, v, decimals) },
		"figure": func(v any) string { return figureText(lang, v) },
		"value":  func(v any, unit string) string { return valueIn(lang, v, unit) },
		"pct":    func(v any) string { return percent(lang, v) },
		"change": func(v any, unit string) string { return changeIn(lang, v, unit) },
		"when":   func(t any) string { return when(t) },
		"status": func(s string) string { return text(lang, "status_"+s) },
		// a problem's message in the page's language (schemas' catalogue)
		"problem": func(p schemas.Problem) string { return p.Text(lang) },
		"json":    func(s string) string { return s },
		"add":     func(a, b int) int { return a + b },
		"list":    func(s ...string) []string { return s },
	}
}

// vietnam is the time of Vietnam (UTC+7 all year).
var vietnam = time.FixedZone("ICT", 7*3600)

func when(v any) string {
	switch t := v.(type) {
	case time.Time:
		if t.IsZero() {
			return ""
		}
		return t.In(vietnam).Format("2006-01-02 15:04")
	case *time.Time:
		if t == nil {
			return ""
		}
		return when(*t)
	}
	return ""
}

// float reads a number of any type the templates pass; ok is false for none.
func float(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x)
	case *float64:
		if x == nil {
			return 0, false
		}
		return *x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case *int64:
		if x == nil {
			return 0, false
		}
		return float64(*x), true
	}
	return 0, false
}

// number formats v with decimals in the language's way: 48.500 and 103,19
// in Vietnamese, 48,500 and 103.19 in English, as the quarterly report
// writes them. None is "–".
func number(lang string, v any, decimals int) string {
	f, ok := float(v)
	if !ok || math.IsInf(f, 0) {
		return "–"
	}
	return report.Number(lang, f, decimals)
}

// valueIn formats an indicator value in its unit: percent with two
// decimals and a sign, counts whole.
func valueIn(lang string, v any, unit string) string {
	if unit == "percent" {
		if _, ok := float(v); !ok {
			return "–"
		}
		return number(lang, v, 2) + "%"
	}
	f, ok := float(v)
	if ok && f != math.Trunc(f) {
		return number(lang, v, 1)
	}
	return number(lang, v, 0)
}

func percent(lang string, v any) string {
	if _, ok := float(v); !ok {
		return "–"
	}
	return number(lang, v, 2) + "%"
}

// changeIn formats a change: percentage points for rates, percent for counts.
func changeIn(lang string, v any, unit string) string {
	f, ok := float(v)
	if !ok {
		return "–"
	}
	sign := "+"
	if f < 0 {
		sign = ""
	}
	if unit == "percentage points" || unit == "pp" {
		return sign + number(lang, v, 2) + " " + text(lang, "pp")
	}
	return sign + number(lang, v, 2) + "%"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// figureText formats a value of a file: whole numbers without decimals,
// others with up to two.
func figureText(lang string, v any) string {
	f, ok := float(v)
	if !ok {
		return "–"
	}
	if f == math.Trunc(f) {
		return number(lang, f, 0)
	}
	s := number(lang, f, 2)
	return strings.TrimSuffix(s, "0")
}
