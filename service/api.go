package service

import (
	"encoding/json"
	"net/http"
	"strings"

	"chitieu/indicators"
	"chitieu/schemas"
	"chitieu/table"
	"chitieu/warehouse"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.w.DB().PingContext(r.Context()); err != nil {
		fail(w, http.StatusServiceUnavailable, "database: %v", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// submissions answers GET /api/submissions?period=&province=: the ledger,
// newest first, with every problem; a province token sees its own only.
func (s *Server) submissions(w http.ResponseWriter, r *http.Request) {
	tok, _ := TokenOf(r)
	q := r.URL.Query()
	var conds []string
	var params []any
	province := q.Get("province")
	if tok.Role == warehouse.RoleProvince {
		if province != "" && province != tok.Area {
			fail(w, http.StatusForbidden, "a province token sees its own province's submissions only")
			return
		}
		province = tok.Area
	}
	if province != "" {
		codes := s.ref.Areas.Lookup(province)
		if len(codes) == 0 {
			fail(w, http.StatusBadRequest, "unknown province %q", province)
			return
		}
		conds, params = append(conds, "province = ?"), append(params, codes[0])
	}
	if p := q.Get("period"); p != "" {
		per, err := schemas.ParsePeriod(p)
		if err != nil {
			fail(w, http.StatusBadRequest, "period: %v", err)
			return
		}
		conds, params = append(conds, "period = ?"), append(params, per.Code())
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	rows, err := s.w.DB().QueryContext(r.Context(), `SELECT id, file_name, template, province, period, received_at, loaded_at,
		outcome, version, row_count, problem_count, CAST(problems AS VARCHAR) AS problems, delivered_by,
		previous_version, values_added, values_changed, values_removed
		FROM submission_history`+where+` ORDER BY id DESC LIMIT 1000`, params...)
	var res *table.Result
	if err == nil {
		res, err = table.Scan(rows)
	}
	if err != nil {
		s.log.Error("submissions", "err", err)
		fail(w, http.StatusInternalServerError, "cannot read the ledger")
		return
	}
	// problems is JSON already: embed it rather than quote it.
	for _, row := range res.Rows {
		if p, ok := row[11].(string); ok {
			row[11] = json.RawMessage(p)
		}
	}
	writeJSON(w, http.StatusOK, jsonRows(res))
}

// indicators answers GET /api/indicators with the same filters as the command.
func (s *Server) indicators(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := indicators.Filter{Indicator: q.Get("indicator"), Area: q.Get("area"), Period: q.Get("period"), Level: q.Get("level")}
	where, params, err := f.Where(s.ref)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	// as_of=2024-10-25T00:00:00+07:00 (or a date: the end of that day in
	// Vietnam) shows what the warehouse held then, on a connection of this
	// request's own.
	asOf, err := warehouse.ParseAsOf(strings.ReplaceAll(q.Get("as_of"), " ", "+")) // a "+07:00" not escaped in the URL
	if err != nil {
		fail(w, http.StatusBadRequest, "as_of %q: want a time like 2024-10-25T00:00:00+07:00 or a date 2024-10-25", q.Get("as_of"))
		return
	}
	conn, err := s.w.ConnAsOf(r.Context(), asOf, f.Years()...)
	if err != nil {
		s.log.Error("indicators", "err", err)
		fail(w, http.StatusInternalServerError, "cannot read the indicators")
		return
	}
	defer conn.Close()
	// current=true re-bases every period onto today's provinces.
	view := "indicator_values"
	if v := q.Get("current"); v == "true" || v == "1" {
		view = "indicator_values_current"
	}
	rows, err := conn.QueryContext(r.Context(), `SELECT iv.* FROM `+view+` iv
		JOIN indicator_definitions d ON d.code = iv.indicator`+where+`
		ORDER BY d.ordinal, CASE iv.area_level WHEN 'nation' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, iv.area, iv.period_type, iv.period`, params...)
	if err != nil {
		s.log.Error("indicators", "err", err)
		fail(w, http.StatusInternalServerError, "cannot read the indicators")
		return
	}
	res, err := table.Scan(rows)
	if err != nil {
		s.log.Error("indicators", "err", err)
		fail(w, http.StatusInternalServerError, "cannot read the indicators")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	res.Write(w, "json", nil)
}

// status answers GET /api/status?period=: with a period, every expected
// report of it and a summary per form; without, the summary of every period.
func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	out := map[string]any{}
	var err error
	var sum, rows *table.Result
	if p := r.URL.Query().Get("period"); p != "" {
		per, perr := schemas.ParsePeriod(p)
		if perr != nil {
			fail(w, http.StatusBadRequest, "period: %v", perr)
			return
		}
		if sum, err = s.w.StatusSummaryFor(r.Context(), s.now(), per.Code()); err == nil {
			rows, err = s.w.StatusRows(r.Context(), s.now(), per.Code())
		}
	} else {
		sum, err = s.w.StatusSummary(r.Context(), s.now())
	}
	if err != nil {
		s.log.Error("status", "err", err)
		fail(w, http.StatusInternalServerError, "cannot read the submission status")
		return
	}
	out["summary"] = jsonRows(sum)
	if rows != nil {
		out["reports"] = jsonRows(rows)
	}
	writeJSON(w, http.StatusOK, out)
}

// jsonRows renders a result as the JSON array the command's --format json prints.
func jsonRows(res *table.Result) json.RawMessage {
	var b strings.Builder
	res.Write(&b, "json", nil)
	return json.RawMessage(b.String())
}
