package web

import (
	"encoding/csv"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"chitieu/service"
	"chitieu/table"
	"chitieu/warehouse"
)

// reportFile is the name of a generated quarterly report file.
var reportFile = regexp.MustCompile(`^chitieu-([0-9]{4}-Q[1-4])-(vi|en)\.(xlsx|html|json)$`)

// reportSet is one quarter's report in one language, in its formats.
type reportSet struct {
	Period, Lang string
	Files        []string
	Made         time.Time
}

func (a *App) reportsDir() string {
	if a.Reports != "" {
		return a.Reports
	}
	return filepath.Join(a.Files, "reports")
}

// quarterly lists the generated quarterly reports; staff may draw one.
func (a *App) quarterly(w http.ResponseWriter, r *request) {
	a.renderQuarterly(w, r, http.StatusOK, "")
}

// renderQuarterly lists the reports and the drawings of this process; the
// page reloads itself while one is drawing, and names the one the browser
// follows (?drawing=N).
func (a *App) renderQuarterly(w http.ResponseWriter, r *request, code int, msg string) {
	entries, _ := os.ReadDir(a.reportsDir())
	sets := map[string]*reportSet{}
	var keys []string
	for _, e := range entries {
		m := reportFile.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		k := m[1] + "-" + m[2]
		s := sets[k]
		if s == nil {
			s = &reportSet{Period: m[1], Lang: m[2]}
			sets[k] = s
			keys = append(keys, k)
		}
		s.Files = append(s.Files, e.Name())
		if info, err := e.Info(); err == nil && info.ModTime().After(s.Made) {
			s.Made = info.ModTime()
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(keys)))
	var list []reportSet
	for _, k := range keys {
		sort.Strings(sets[k].Files)
		list = append(list, *sets[k])
	}
	canDraw := r.s.User.Role == warehouse.RoleAdmin || r.s.User.Role == warehouse.RoleStaff
	drawings, running := a.drawings.all()
	var followed *drawing
	if id, err := strconv.Atoi(r.FormValue("drawing")); err == nil {
		if g, ok := a.drawings.get(id); ok {
			followed = &g
		}
	}
	a.render(w, r, code, "quarterly", map[string]any{"Reports": list, "CanDraw": canDraw, "Error": msg,
		"Drawings": drawings, "Running": running, "Followed": followed,
		"Period": r.FormValue("period"), "AsOf": r.FormValue("as_of")})
}

// quarterlyFile sends one generated report file.
func (a *App) quarterlyFile(w http.ResponseWriter, r *request) {
	name := r.PathValue("file")
	if !reportFile.MatchString(name) {
		a.errorPage(w, r, http.StatusNotFound, "err_no_report")
		return
	}
	f, err := os.Open(filepath.Join(a.reportsDir(), name))
	if err != nil {
		a.errorPage(w, r, http.StatusNotFound, "err_no_report")
		return
	}
	defer f.Close()
	info, _ := f.Stat()
	if strings.HasSuffix(name, ".html") {
		// The report is one page with its own style and no scripts.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	} else {
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	}
	http.ServeContent(w, r.Request, name, info.ModTime(), f)
}

// htmlRows is how many rows of a query the page shows; the CSV has all
// the service's limit allows.
const htmlRows = 1000

// sqlPage is the analysts' query box.
func (a *App) sqlPage(w http.ResponseWriter, r *request) {
	a.render(w, r, http.StatusOK, "sql", map[string]any{"SQL": "SELECT area, value, pct_of_plan\nFROM indicator_values\nWHERE indicator = 'jobs_created' AND period = '2024' AND area_level = 'province'\nORDER BY pct_of_plan DESC"})
}

// sqlRun runs a query on the snapshot: a table, or CSV with format=csv.
func (a *App) sqlRun(w http.ResponseWriter, r *request) {
	query := r.PostFormValue("sql")
	data := map[string]any{"SQL": query, "AsOf": r.PostFormValue("as_of")}
	asOf, err := warehouse.ParseAsOf(r.PostFormValue("as_of"))
	if err != nil {
		data["Error"] = text(r.lang, "err_as_of", r.PostFormValue("as_of"))
		a.render(w, r, http.StatusBadRequest, "sql", data)
		return
	}
	if strings.TrimSpace(query) == "" {
		data["Error"] = text(r.lang, "err_sql_empty")
		a.render(w, r, http.StatusBadRequest, "sql", data)
		return
	}
	res, err := a.Query.Query(r.Context(), query, asOf)
	if err != nil {
		switch {
		case errors.Is(err, warehouse.ErrNotSelect), errors.Is(err, warehouse.ErrBadQuery):
			data["Error"] = err.Error()
		case errors.Is(err, service.ErrQueryTimeout):
			data["Error"] = text(r.lang, "err_sql_timeout")
		default:
			a.Log.Error("sql", "err", err)
			data["Error"] = text(r.lang, "err_sql_failed")
		}
		a.render(w, r, http.StatusBadRequest, "sql", data)
		return
	}
	if r.PostFormValue("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="query.csv"`)
		cw := csv.NewWriter(w)
		cw.Write(res.Columns)
		for _, row := range res.Values {
			rec := make([]string, len(row))
			for i, v := range row {
				rec[i] = table.Plain(v)
			}
			cw.Write(rec)
		}
		cw.Flush()
		return
	}
	rows := res.Values
	if len(rows) > htmlRows {
		rows = rows[:htmlRows]
	}
	cells := make([][]string, len(rows))
	for i, row := range rows {
		cells[i] = make([]string, len(row))
		for j, v := range row {
			cells[i][j] = table.Plain(v)
		}
	}
	data["Columns"], data["Rows"], data["Count"], data["Truncated"], data["Shown"] = res.Columns, cells, len(res.Values), res.Truncated, len(rows)
	a.render(w, r, http.StatusOK, "sql", data)
}

// admin lists users and tokens, with forms to add and end them.
func (a *App) admin(w http.ResponseWriter, r *request) {
	a.renderAdmin(w, r, http.StatusOK, nil)
}

func (a *App) renderAdmin(w http.ResponseWriter, r *request, code int, extra map[string]any) {
	users, err := a.W.Users(r.Context())
	if err != nil {
		a.fail(w, r, "admin", err)
		return
	}
	tokens, err := a.W.Tokens(r.Context())
	if err != nil {
		a.fail(w, r, "admin", err)
		return
	}
	data := map[string]any{"Users": users, "Tokens": tokens, "Roles": warehouse.UserRoles}
	for k, v := range extra {
		data[k] = v
	}
	a.render(w, r, code, "admin", data)
}

// province resolves a province's code or name, "" for none.
func (a *App) province(s string) (string, error) {
	if s = strings.TrimSpace(s); s == "" {
		return "", nil
	}
	return a.Ref.Areas.ProvinceCode(s)
}

func (a *App) adminCreateUser(w http.ResponseWriter, r *request) {
	area, err := a.province(r.PostFormValue("area"))
	if err == nil {
		_, err = a.W.CreateUser(r.Context(), r.PostFormValue("name"), r.PostFormValue("role"), area, r.PostFormValue("password"))
	}
	if err != nil {
		a.renderAdmin(w, r, http.StatusBadRequest, map[string]any{"Error": err.Error()})
		return
	}
	a.Log.Info("user created", "by", r.s.User.Name, "user", r.PostFormValue("name"), "role", r.PostFormValue("role"))
	a.renderAdmin(w, r, http.StatusOK, map[string]any{"Done": text(r.lang, "user_created", r.PostFormValue("name"))})
}

func (a *App) adminDisableUser(w http.ResponseWriter, r *request) {
	name := r.PathValue("name")
	if name == r.s.User.Name {
		a.renderAdmin(w, r, http.StatusBadRequest, map[string]any{"Error": text(r.lang, "err_disable_self")})
		return
	}
	if err := a.W.DisableUser(r.Context(), name); err != nil {
		a.renderAdmin(w, r, http.StatusBadRequest, map[string]any{"Error": err.Error()})
		return
	}
	a.Log.Info("user disabled", "by", r.s.User.Name, "user", name)
	a.renderAdmin(w, r, http.StatusOK, map[string]any{"Done": text(r.lang, "user_disabled", name)})
}

func (a *App) adminCreateToken(w http.ResponseWriter, r *request) {
	role := r.PostFormValue("role")
	area, err := a.province(r.PostFormValue("area"))
	var t warehouse.Token
	var secret string
	if err == nil {
		t, secret, err = a.W.CreateToken(r.Context(), role, area, r.PostFormValue("note"))
	}
	if err != nil {
		a.renderAdmin(w, r, http.StatusBadRequest, map[string]any{"Error": err.Error()})
		return
	}
	a.Log.Info("token created", "by", r.s.User.Name, "token", t.ID, "role", t.Role, "area", t.Area)
	a.renderAdmin(w, r, http.StatusOK, map[string]any{"Secret": secret, "SecretID": t.ID})
}

func (a *App) adminRevokeToken(w http.ResponseWriter, r *request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil {
		err = a.W.RevokeToken(r.Context(), id)
	}
	if err != nil {
		a.renderAdmin(w, r, http.StatusBadRequest, map[string]any{"Error": err.Error()})
		return
	}
	a.Log.Info("token revoked", "by", r.s.User.Name, "token", id)
	a.renderAdmin(w, r, http.StatusOK, map[string]any{"Done": text(r.lang, "token_revoked", id)})
}
