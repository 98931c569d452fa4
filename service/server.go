package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"chitieu/indicators"
	"chitieu/load"
	"chitieu/schemas"
	"chitieu/warehouse"
)

// Limits bound what one request may cost the server.
type Limits struct {
	MaxUpload    int64         // bytes of one uploaded file
	QueryRows    int           // rows one analyst query returns
	QueryTimeout time.Duration // how long it may run
	QueryMemory  string        // DuckDB memory_limit of the analysts' instance, all queries together
	// ReadTimeout is how long reading one file may take before it is
	// refused (outside the write lock: other files do not wait on it).
	ReadTimeout time.Duration
	// QueryTempSize is how much disk analysts' queries may spill to, all
	// together, when a sort or join outgrows QueryMemory.
	QueryTempSize string
}

// DefaultLimits are the limits of chitieu serve without flags or config.
func DefaultLimits() Limits {
	return Limits{MaxUpload: 50 << 20, QueryRows: 100_000, QueryTimeout: 30 * time.Second, QueryMemory: "1GB", QueryTempSize: "4GB", ReadTimeout: time.Minute}
}

// Server is the HTTP service over one warehouse.
type Server struct {
	w        *warehouse.Warehouse
	load     *load.Loader
	ref      *indicators.Catalog
	log      *slog.Logger
	now      func() time.Time
	dbPath   string
	spool    string // where uploads are written before they are loaded
	snapshot string // the analysts' snapshot file
	snaps    *warehouse.Snapshots
	lim      Limits
	// originals is where received files are kept (load.Keep).
	originals string

	// writeMu makes loads (and publishing) one at a time: each load is its
	// own transaction, and superseding values must see the loads before.
	writeMu writeLock
	closed  bool // under writeMu: the database is about to close

	fails failures // recent authentication failures by client address

	qmu     sync.Mutex
	query   *queryHandle   // the current snapshot instance
	opened  map[string]int // snapshot files open, by path: not to be written in place
	publish chan struct{}
	done    chan struct{}
	cancel  context.CancelFunc

	mux *http.ServeMux // every route; see Handle
}

// queryHandle is one opened snapshot, closed when replaced and no query
// uses it any more.
type queryHandle struct {
	db      *warehouse.QueryDB
	path    string    // the file it opened
	at      time.Time // when its copy began: it holds what was loaded by then
	refs    int
	retired bool
}

// start publishes a first snapshot, opens it and starts the publisher.
func (s *Server) start(ctx context.Context) error {
	at := s.now()
	s.opened = map[string]int{}
	s.snaps = s.w.Snapshots(s.snapshot)
	s.writeMu.Lock()
	path, err := s.snaps.Publish(ctx, s.inUse)
	s.writeMu.Unlock()
	if err != nil {
		return err
	}
	if err := s.reopen(ctx, at, path); err != nil {
		return err
	}
	ctx, s.cancel = context.WithCancel(context.WithoutCancel(ctx))
	s.publish = make(chan struct{}, 1)
	s.done = make(chan struct{})
	go s.publisher(ctx)
	return nil
}

// ErrStopping refuses a load that arrives while the service stops.
var ErrStopping = errors.New("the service is stopping")

// stop waits for a load in progress, refuses any later one, stops the
// publisher and closes the snapshot instance.
func (s *Server) stop() {
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
			s.closeHandle(s.query)
		}
	}
}

// published asks for a new snapshot; requests made while one is being
// written are served by the next.
func (s *Server) published() {
	select {
	case s.publish <- struct{}{}:
	default:
	}
}

func (s *Server) publisher(ctx context.Context) {
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
		path, err := s.snaps.Publish(ctx, s.inUse)
		if err == nil {
			err = s.reopen(ctx, at, path)
		}
		if err != nil && ctx.Err() == nil {
			s.log.Error("publish snapshot", "err", err)
		}
	}
}

// reopen opens the snapshot file at path (the one the published snapshot
// links to) and retires the instance before.
func (s *Server) reopen(ctx context.Context, at time.Time, path string) error {
	db, err := warehouse.OpenQuery(ctx, path, warehouse.QueryLimits{MemoryLimit: s.lim.QueryMemory, Threads: 2,
		TempDir: filepath.Join(s.spool, "query"), MaxTempSize: s.lim.QueryTempSize})
	if err != nil {
		return err
	}
	s.qmu.Lock()
	defer s.qmu.Unlock()
	if old := s.query; old != nil {
		old.retired = true
		if old.refs == 0 {
			s.closeHandle(old)
		}
	}
	s.query = &queryHandle{db: db, path: path, at: at}
	s.opened[path]++
	return nil
}

// closeHandle closes h's instance; under qmu.
func (s *Server) closeHandle(h *queryHandle) {
	h.db.Close()
	if s.opened[h.path]--; s.opened[h.path] <= 0 {
		delete(s.opened, h.path)
	}
}

// inUse says whether an instance of this process has the snapshot file at
// path open: the publisher does not write it in place then.
func (s *Server) inUse(path string) bool {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	return s.opened[path] > 0
}

func (s *Server) acquire() *queryHandle {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	s.query.refs++
	return s.query
}

func (s *Server) release(h *queryHandle) {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	h.refs--
	if h.refs == 0 && h.retired {
		s.closeHandle(h)
	}
}

// routes registers the API.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.Handle("POST /api/submissions", s.Auth(warehouse.RoleProvince+","+warehouse.RoleStaff, s.submit))
	s.mux.Handle("GET /api/submissions", s.Auth("", s.submissions))
	s.mux.Handle("GET /api/indicators", s.Auth("", s.indicators))
	s.mux.Handle("GET /api/status", s.Auth("", s.status))
	s.mux.Handle("POST /api/query", s.Auth(warehouse.RoleAnalyst, s.sql))
}

// Handle adds a route (a net/http ServeMux pattern such as "GET /app/{$}")
// beside the API's; its requests are logged as the API's are. Wrap a
// handler in Auth to admit token holders only.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Handler is the service: every route, with the access log.
func (s *Server) Handler() http.Handler { return s.accessLog(s.mux) }

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

func (s *Server) accessLog(next http.Handler) http.Handler {
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
