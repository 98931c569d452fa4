package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"

	"chitieu/indicators"
	"chitieu/ingest/xlsx"
	"chitieu/schemas"
	"chitieu/warehouse"
)

// limits bound what one request may cost the server.
type limits struct {
	maxUpload    int64         // bytes of one uploaded file
	queryRows    int           // rows one analyst query returns
	queryTimeout time.Duration // how long it may run
	queryMemory  string        // DuckDB memory_limit of the analysts' instance, all queries together
}

func defaultLimits() limits {
	return limits{maxUpload: 50 << 20, queryRows: 100_000, queryTimeout: 30 * time.Second, queryMemory: "1GB"}
}

// server is the HTTP API over one warehouse.
type server struct {
	w        *warehouse.Warehouse
	load     *loader
	ref      *indicators.Catalog
	log      *slog.Logger
	now      func() time.Time
	spool    string // where uploads are written before they are loaded
	snapshot string // the analysts' snapshot file
	lim      limits

	// writeMu makes loads (and publishing) one at a time: each load is its
	// own transaction, and superseding values must see the loads before.
	writeMu sync.Mutex
	closed  bool // under writeMu: the database is about to close

	fails failures // recent authentication failures by client address

	qmu     sync.Mutex
	query   *queryHandle // the current snapshot instance
	publish chan struct{}
	done    chan struct{}
	cancel  context.CancelFunc
}

// queryHandle is one opened snapshot, closed when replaced and no query
// uses it any more.
type queryHandle struct {
	db      *warehouse.QueryDB
	at      time.Time // when its copy began: it holds what was loaded by then
	refs    int
	retired bool
}

// start publishes a first snapshot, opens it and starts the publisher.
func (s *server) start(ctx context.Context) error {
	at := s.now()
	s.writeMu.Lock()
	err := s.w.Publish(ctx, s.snapshot)
	s.writeMu.Unlock()
	if err != nil {
		return err
	}
	if err := s.reopen(ctx, at); err != nil {
		return err
	}
	ctx, s.cancel = context.WithCancel(context.WithoutCancel(ctx))
	s.publish = make(chan struct{}, 1)
	s.done = make(chan struct{})
	go s.publisher(ctx)
	return nil
}

// errStopping refuses a load that arrives while the service stops.
var errStopping = errors.New("the service is stopping")

// stop waits for a load in progress, refuses any later one, stops the
// publisher and closes the snapshot instance.
func (s *server) stop() {
	s.writeMu.Lock()
	s.closed = true
	s.writeMu.Unlock()
	s.cancel()
	<-s.done
	s.qmu.Lock()
	defer s.qmu.Unlock()
	if s.query != nil {
		s.query.retired = true
		if s.query.refs == 0 {
			s.query.db.Close()
		}
	}
}

// published asks for a new snapshot; requests made while one is being
// written are served by the next.
func (s *server) published() {
	select {
	case s.publish <- struct{}{}:
	default:
	}
}

func (s *server) publisher(ctx context.Context) {
	defer close(s.done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.publish:
		}
		// The copy reads in a transaction of its own, so loads go on
		// meanwhile; it holds what was committed when it began.
		s.writeMu.Lock()
		closed := s.closed
		s.writeMu.Unlock()
		if closed {
			return
		}
		at := s.now()
		err := s.w.Publish(ctx, s.snapshot)
		if err == nil {
			err = s.reopen(ctx, at)
		}
		if err != nil && ctx.Err() == nil {
			s.log.Error("publish snapshot", "err", err)
		}
	}
}

// reopen opens the snapshot file as it is now and retires the instance before.
func (s *server) reopen(ctx context.Context, at time.Time) error {
	db, err := warehouse.OpenQuery(ctx, s.snapshot, warehouse.QueryLimits{MemoryLimit: s.lim.queryMemory, Threads: 2})
	if err != nil {
		return err
	}
	s.qmu.Lock()
	defer s.qmu.Unlock()
	if old := s.query; old != nil {
		old.retired = true
		if old.refs == 0 {
			old.db.Close()
		}
	}
	s.query = &queryHandle{db: db, at: at}
	return nil
}

func (s *server) acquire() *queryHandle {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	s.query.refs++
	return s.query
}

func (s *server) release(h *queryHandle) {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	h.refs--
	if h.refs == 0 && h.retired {
		h.db.Close()
	}
}

// routes is the API.
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("POST /api/submissions", s.auth(warehouse.RoleProvince, s.submit))
	mux.Handle("GET /api/submissions", s.auth("", s.submissions))
	mux.Handle("GET /api/indicators", s.auth("", s.indicators))
	mux.Handle("GET /api/status", s.auth("", s.status))
	mux.Handle("POST /api/query", s.auth(warehouse.RoleAnalyst, s.sql))
	return s.accessLog(mux)
}

// apiError is the body of every error answer.
type apiError struct {
	Error    string           `json:"error"`
	Problems schemas.Problems `json:"problems,omitempty"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func fail(w http.ResponseWriter, code int, format string, args ...any) {
	writeJSON(w, code, apiError{Error: fmt.Sprintf(format, args...)})
}

// recorder remembers the status and size of an answer for the access log.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	token  *warehouse.Token
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

type recorderKey struct{}

func (s *server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), recorderKey{}, rec)))
		attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rec.status, "bytes", rec.bytes,
			"duration_ms", time.Since(start).Milliseconds(), "remote", r.RemoteAddr}
		if rec.token != nil {
			attrs = append(attrs, "token", rec.token.ID, "role", rec.token.Role)
			if rec.token.Area != "" {
				attrs = append(attrs, "area", rec.token.Area)
			}
		}
		s.log.Info("request", attrs...)
	})
}

type tokenKey struct{}

// A client address that fails authentication this many times in a minute
// is refused (429) for the rest of the minute: guessing tokens, or a
// misconfigured client, costs the database nothing more.
const maxAuthFailures = 20

// failures counts authentication failures per client address.
type failures struct {
	mu    sync.Mutex
	start time.Time      // of the current minute
	count map[string]int // failures in it
}

func (f *failures) blocked(addr string, now time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if now.Sub(f.start) >= time.Minute {
		f.start, f.count = now, map[string]int{}
	}
	return f.count[addr] >= maxAuthFailures
}

func (f *failures) add(addr string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.count == nil {
		f.count = map[string]int{}
	}
	f.count[addr]++
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// auth admits requests bearing a live token of role ("" for any role).
func (s *server) auth(role string, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := clientAddr(r)
		if s.fails.blocked(addr, s.now()) {
			w.Header().Set("Retry-After", "60")
			fail(w, http.StatusTooManyRequests, "too many failed attempts from %s; try again in a minute", addr)
			return
		}
		secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || secret == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="chitieu"`)
			fail(w, http.StatusUnauthorized, "missing token: send Authorization: Bearer TOKEN")
			return
		}
		t, err := s.w.Authenticate(r.Context(), strings.TrimSpace(secret))
		if errors.Is(err, warehouse.ErrUnknownToken) {
			s.fails.add(addr)
			w.Header().Set("WWW-Authenticate", `Bearer realm="chitieu", error="invalid_token"`)
			fail(w, http.StatusUnauthorized, "unknown or revoked token")
			return
		}
		if err != nil {
			s.log.Error("authenticate", "err", err)
			fail(w, http.StatusInternalServerError, "cannot check the token")
			return
		}
		if rec, ok := r.Context().Value(recorderKey{}).(*recorder); ok {
			rec.token = &t
		}
		if role != "" && t.Role != role {
			fail(w, http.StatusForbidden, "this needs a %s token; yours is a %s token", role, t.Role)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), tokenKey{}, t)))
	})
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.w.DB().PingContext(r.Context()); err != nil {
		fail(w, http.StatusServiceUnavailable, "database: %v", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// submissionAnswer is the answer to an upload.
type submissionAnswer struct {
	Outcome    string           `json:"outcome"` // loaded, unchanged, rejected
	ID         int64            `json:"submission_id,omitempty"`
	File       string           `json:"file"`
	Province   string           `json:"province,omitempty"`
	Period     string           `json:"period,omitempty"`
	Values     int64            `json:"values"`
	Replaced   int64            `json:"replaced_values,omitempty"`
	Revised    int64            `json:"revised_values,omitempty"`
	PreviousID int64            `json:"previous_submission_id,omitempty"`
	Problems   schemas.Problems `json:"problems,omitempty"`
}

// submit takes one file from a province token: multipart field "file", or
// the raw body with ?filename=.
func (s *server) submit(w http.ResponseWriter, r *http.Request) {
	tok := r.Context().Value(tokenKey{}).(warehouse.Token)
	if r.ContentLength > s.lim.maxUpload {
		fail(w, http.StatusRequestEntityTooLarge, "the file is %d bytes; at most %d are accepted", r.ContentLength, s.lim.maxUpload)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.lim.maxUpload+1<<20) // room for multipart framing
	src, name, err := uploadedFile(r)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	clean, err := sanitizeFileName(name)
	if err != nil {
		fail(w, http.StatusBadRequest, "file name %q: %v", name, err)
		return
	}
	tmp, err := os.CreateTemp(s.spool, "upload-*"+strings.ToLower(filepath.Ext(clean)))
	if err != nil {
		s.log.Error("spool upload", "err", err)
		fail(w, http.StatusInternalServerError, "cannot store the upload")
		return
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, io.LimitReader(src, s.lim.maxUpload+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || n > s.lim.maxUpload:
		fail(w, http.StatusRequestEntityTooLarge, "the file is larger than %d bytes, the most accepted; nothing stored", s.lim.maxUpload)
		return
	case err != nil:
		fail(w, http.StatusBadRequest, "reading the upload: %v", err)
		return
	case n == 0:
		fail(w, http.StatusBadRequest, "the file %s is empty", clean)
		return
	}
	if ext := strings.ToLower(filepath.Ext(clean)); ext == ".xlsx" || ext == ".xlsm" {
		if err := xlsx.CheckArchive(tmp.Name()); errors.Is(err, xlsx.ErrArchiveTooLarge) {
			fail(w, http.StatusUnprocessableEntity, "%s: %v; nothing stored", clean, err)
			return
		}
	}

	by := fmt.Sprintf("token %d (province %s)", tok.ID, tok.Area)
	if tok.Note != "" {
		by = fmt.Sprintf("token %d (province %s, %s)", tok.ID, tok.Area, tok.Note)
	}
	sub := warehouse.Submission{FileName: clean, ReceivedAt: s.now(), OnlyArea: tok.Area, DeliveredBy: by}
	res, err := s.loadLocked(r.Context(), tmp.Name(), sub)
	ans := submissionAnswer{Outcome: res.Outcome, ID: res.ID, File: clean, Province: res.Province, Period: res.Period,
		Values: res.Rows, Replaced: res.Replaced, Revised: res.Revised, Problems: res.Problems}
	switch {
	case errors.Is(err, warehouse.ErrOtherProvince):
		fail(w, http.StatusForbidden, "%v; nothing stored", err)
	case errors.Is(err, warehouse.ErrDuplicateSubmission):
		ans.Outcome, ans.ID, ans.PreviousID = "unchanged", 0, res.PreviousID
		writeJSON(w, http.StatusOK, ans)
	case errors.Is(err, schemas.ErrRejected):
		writeJSON(w, http.StatusUnprocessableEntity, ans)
	case errors.Is(err, errStopping):
		w.Header().Set("Retry-After", "60")
		fail(w, http.StatusServiceUnavailable, "the service is stopping; nothing stored, send the file again later")
	case err != nil:
		s.log.Error("load upload", "file", clean, "err", err)
		fail(w, http.StatusInternalServerError, "the file could not be stored; nothing was changed")
	default:
		writeJSON(w, http.StatusCreated, ans)
	}
}

// submissions answers GET /api/submissions?period=&province=: the ledger,
// newest first, with every problem; a province token sees its own only.
func (s *server) submissions(w http.ResponseWriter, r *http.Request) {
	tok := r.Context().Value(tokenKey{}).(warehouse.Token)
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
	var res *result
	if err == nil {
		res, err = scan(rows)
	}
	if err != nil {
		s.log.Error("submissions", "err", err)
		fail(w, http.StatusInternalServerError, "cannot read the ledger")
		return
	}
	// problems is JSON already: embed it rather than quote it.
	for _, row := range res.rows {
		if p, ok := row[11].(string); ok {
			row[11] = json.RawMessage(p)
		}
	}
	writeJSON(w, http.StatusOK, jsonRows(res))
}

// uploadedFile finds the file in a request and the name its sender gave it.
func uploadedFile(r *http.Request) (io.Reader, string, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		name := r.URL.Query().Get("filename")
		if name == "" {
			return nil, "", errors.New("send the file as multipart form field \"file\", or as the body with ?filename=NAME.csv")
		}
		return r.Body, name, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", err
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, "", errors.New("the form has no field \"file\"")
		}
		if err != nil {
			return nil, "", fmt.Errorf("reading the form: %w", err)
		}
		if part.FormName() == "file" {
			// The name as sent: Part.FileName would drop its directories,
			// and a name with directories is refused, not trimmed.
			_, params, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
			return part, params["filename"], nil
		}
	}
}

// sanitizeFileName checks a sender's file name: a name, not a path (no
// directories, no ".."), without control characters or a leading dot, with
// a submission's extension. It is what the ledger records.
func sanitizeFileName(name string) (string, error) {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return -1 // and invalid UTF-8
		}
		return r
	}, name)
	if strings.ContainsAny(name, `/\`) || strings.Contains(name, "..") {
		return "", errors.New("a file name may not hold directories or \"..\"; send the name alone, like bao_cao_thang_3.xlsx")
	}
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if name == "" {
		return "", errors.New("the file has no name")
	}
	if len(name) > 200 {
		return "", errors.New("the file name is longer than 200 bytes")
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".tsv", ".txt", ".xlsx", ".xlsm":
	default:
		return "", errors.New("want a .csv or .xlsx file")
	}
	return name, nil
}

// indicators answers GET /api/indicators with the same filters as the command.
func (s *server) indicators(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	c := &indicatorsCmd{indicator: q.Get("indicator"), area: q.Get("area"), period: q.Get("period"), level: q.Get("level")}
	where, params, err := c.filters(s.ref)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", strings.TrimPrefix(err.Error(), errUsage.Error()+": "))
		return
	}
	// as_of=2024-10-25T00:00:00+07:00 (or a date: the end of that day in
	// Vietnam) shows what the warehouse held then, on a connection of this
	// request's own.
	asOf, err := parseAsOf(strings.ReplaceAll(q.Get("as_of"), " ", "+")) // a "+07:00" not escaped in the URL
	if err != nil {
		fail(w, http.StatusBadRequest, "as_of %q: want a time like 2024-10-25T00:00:00+07:00 or a date 2024-10-25", q.Get("as_of"))
		return
	}
	conn, err := s.w.ConnAsOf(r.Context(), asOf)
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
	res, err := scan(rows)
	if err != nil {
		s.log.Error("indicators", "err", err)
		fail(w, http.StatusInternalServerError, "cannot read the indicators")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	res.write(w, "json", nil)
}

// status answers GET /api/status?period=: with a period, every expected
// report of it and a summary per form; without, the summary of every period.
func (s *server) status(w http.ResponseWriter, r *http.Request) {
	out := map[string]any{}
	var err error
	var sum, rows *result
	if p := r.URL.Query().Get("period"); p != "" {
		per, perr := schemas.ParsePeriod(p)
		if perr != nil {
			fail(w, http.StatusBadRequest, "period: %v", perr)
			return
		}
		if sum, err = statusSummaryFor(r.Context(), s.w.DB(), s.now(), per.Code()); err == nil {
			rows, err = statusRows(r.Context(), s.w.DB(), s.now(), per.Code())
		}
	} else {
		sum, err = statusSummary(r.Context(), s.w.DB(), s.now())
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
func jsonRows(res *result) json.RawMessage {
	var b strings.Builder
	res.write(&b, "json", nil)
	return json.RawMessage(b.String())
}

// queryRequest is the body of POST /api/query.
type queryRequest struct {
	SQL    string `json:"sql"`
	Format string `json:"format"` // json (default), csv or arrow
	// AsOf, like "2024-10-25T00:00:00+07:00" or "2024-10-25", makes the
	// views show what the warehouse held then.
	AsOf string `json:"as_of,omitempty"`
}

// sql runs an analyst's read-only SELECT on the published snapshot.
func (s *server) sql(w http.ResponseWriter, r *http.Request) {
	var req queryRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 256<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, `body: want {"sql": "SELECT …", "format": "json|csv|arrow"}: %v`, err)
		return
	}
	if strings.TrimSpace(req.SQL) == "" {
		fail(w, http.StatusBadRequest, "sql is empty")
		return
	}
	switch req.Format {
	case "":
		req.Format = "json"
	case "json", "csv", "arrow":
	default:
		fail(w, http.StatusBadRequest, "format %q, want json, csv or arrow", req.Format)
		return
	}
	asOf, err := parseAsOf(req.AsOf)
	if err != nil {
		fail(w, http.StatusBadRequest, "as_of %q: want a time like 2024-10-25T00:00:00+07:00 or a date 2024-10-25", req.AsOf)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.lim.queryTimeout)
	defer cancel()
	h := s.acquire()
	defer s.release(h)
	w.Header().Set("X-Chitieu-Snapshot", h.at.UTC().Format(time.RFC3339))

	refuse := func(err error) {
		switch {
		case errors.Is(err, warehouse.ErrNotSelect):
			fail(w, http.StatusBadRequest, "%v", err)
		case ctx.Err() != nil && r.Context().Err() == nil:
			fail(w, http.StatusGatewayTimeout, "the query ran longer than %s and was stopped", s.lim.queryTimeout)
		case errors.Is(err, warehouse.ErrBadQuery):
			fail(w, http.StatusBadRequest, "%v", err)
		default:
			s.log.Error("query", "err", err)
			fail(w, http.StatusInternalServerError, "the query failed")
		}
	}
	if req.Format == "arrow" {
		wrote := false
		err := h.db.SelectArrow(ctx, req.SQL, asOf, func(rr array.RecordReader) error {
			w.Header().Set("Content-Type", "application/vnd.apache.arrow.stream")
			wrote = true
			iw := ipc.NewWriter(w, ipc.WithSchema(rr.Schema()))
			left := int64(s.lim.queryRows)
			for left > 0 && rr.Next() {
				rec := rr.RecordBatch()
				if rec.NumRows() > left {
					rec = rec.NewSlice(0, left)
					defer rec.Release()
				}
				left -= rec.NumRows()
				if err := iw.Write(rec); err != nil {
					return err
				}
			}
			if err := rr.Err(); err != nil {
				return err
			}
			return iw.Close()
		})
		if err != nil && !wrote {
			refuse(err)
		} else if err != nil {
			s.log.Warn("query stream ended early", "err", err)
		}
		return
	}
	res, err := h.db.Select(ctx, req.SQL, s.lim.queryRows, asOf)
	if err != nil {
		refuse(err)
		return
	}
	w.Header().Set("X-Chitieu-Rows", strconv.Itoa(len(res.Values)))
	w.Header().Set("X-Chitieu-Truncated", strconv.FormatBool(res.Truncated))
	if req.Format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		(&result{columns: res.Columns, rows: res.Values}).writeCSV(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"columns": res.Columns, "rows": jsonRows(&result{columns: res.Columns, rows: res.Values}),
		"row_count": len(res.Values), "truncated": res.Truncated})
}
