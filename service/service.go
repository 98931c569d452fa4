// Package service is the HTTP service of chitieu: the API now (uploads by
// province tokens, indicators, reporting status, analysts' read-only SQL on
// a published snapshot) and the web application next. A Server owns the
// warehouse's writes while it runs: every load, by upload or by a scheduled
// source (Load), goes through it one at a time and is followed by a new
// snapshot for analysts.
package service

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"chitieu/indicators"
	"chitieu/load"
	"chitieu/schedule"
	"chitieu/schemas"
	"chitieu/transform"
	"chitieu/warehouse"
)

// Config is what a Server is made of.
type Config struct {
	Warehouse *warehouse.Warehouse // open; the Server does not close it
	DBPath    string               // the warehouse's file: the spool and the snapshot live beside it
	Catalog   *indicators.Catalog
	Log       *slog.Logger
	Now       func() time.Time
	Limits    Limits
	// Originals is where the bytes of every file received are kept
	// (load.Keep); "" is FilesDir(DBPath)/originals.
	Originals string
}

// FilesDir is the directory of the service's files beside the database
// at dbPath: "chitieu.duckdb" keeps them in "chitieu.files".
func FilesDir(dbPath string) string {
	ext := filepath.Ext(dbPath)
	return strings.TrimSuffix(dbPath, ext) + ".files"
}

// StopGrace is how long running loads may take to finish on shutdown before
// they are cancelled (and roll back).
const StopGrace = 30 * time.Second

// New makes a Server: it clears the upload spool of an interrupted run,
// publishes a first snapshot, opens it for analysts and starts the
// publisher. Close stops it.
func New(ctx context.Context, cfg Config) (*Server, error) {
	spool := filepath.Join(filepath.Dir(cfg.DBPath), ".chitieu-uploads")
	if err := os.MkdirAll(spool, 0o700); err != nil {
		return nil, err
	}
	// Uploads and downloads left by a service that was killed: never loaded
	// (their transaction died with it); the sender gets no answer and sends again.
	if left, _ := filepath.Glob(filepath.Join(spool, "*-*")); len(left) > 0 {
		for _, p := range left {
			os.Remove(p)
		}
		cfg.Log.Info("removed files of an interrupted run", "dir", spool, "files", len(left))
	}
	if cfg.Originals == "" {
		cfg.Originals = filepath.Join(FilesDir(cfg.DBPath), "originals")
	}
	s := &Server{
		w: cfg.Warehouse,
		load: &load.Loader{W: cfg.Warehouse, Ref: cfg.Catalog, Tr: &transform.Transformer{Areas: cfg.Catalog.Areas, Elements: cfg.Catalog.Elements},
			Originals: cfg.Originals},
		originals: cfg.Originals,
		ref:       cfg.Catalog,
		log:       cfg.Log,
		now:       cfg.Now,
		dbPath:    cfg.DBPath,
		spool:     spool,
		snapshot:  warehouse.SnapshotPath(cfg.DBPath),
		lim:       cfg.Limits,
		mux:       http.NewServeMux(),
	}
	s.writeMu.init()
	s.routes()
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Close waits for a load in progress, refuses later ones and closes the
// analysts' snapshot.
func (s *Server) Close() { s.stop() }

// Warehouse is the warehouse the Server writes to.
func (s *Server) Warehouse() *warehouse.Warehouse { return s.w }

// Log is the Server's logger.
func (s *Server) Log() *slog.Logger { return s.log }

// Now is the Server's clock.
func (s *Server) Now() time.Time { return s.now() }

// Spool is the directory where files wait before they are loaded; a file
// left there is removed when the next Server starts.
func (s *Server) Spool() string { return s.spool }

// Originals is the directory where the bytes of every file received are
// kept (load.Original names a file there).
func (s *Server) Originals() string { return s.originals }

// Limits are the Server's limits.
func (s *Server) Limits() Limits { return s.lim }

// Snapshot is the analysts' snapshot file.
func (s *Server) Snapshot() string { return s.snapshot }

// Load loads one file as the service does every load: read through once
// outside the write lock, under the reading limits (a workbook's cells,
// rows, columns and sheets, and ReadTimeout), so that a file costly to read
// delays no other; then loaded, one at a time, and followed by a new
// snapshot for analysts whenever the ledger changed (a rejection too). A
// load that cannot begin within LockWait is ErrBusy.
func (s *Server) Load(ctx context.Context, path string, sub warehouse.Submission) (warehouse.Result, error) {
	rctx, cancel := context.WithTimeout(ctx, s.lim.ReadTimeout)
	err := s.load.Read(rctx, path, sub.FileName)
	cancel()
	if ctx.Err() != nil {
		return warehouse.Result{}, ctx.Err()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return warehouse.Result{}, fmt.Errorf("%w: reading %s took longer than %s", ErrReadTimeout, sub.FileName, s.lim.ReadTimeout)
	}
	// Other errors of reading are the file's: the load below meets them at
	// once and records the rejection.
	lctx, cancel := context.WithTimeout(ctx, LockWait)
	err = s.writeMu.lock(lctx)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return warehouse.Result{}, ctx.Err()
		}
		return warehouse.Result{}, ErrBusy
	}
	if s.closed {
		s.writeMu.Unlock()
		return warehouse.Result{}, ErrStopping
	}
	res, err := s.load.Load(ctx, path, sub)
	s.writeMu.Unlock()
	if !sub.DryRun && (err == nil || errors.Is(err, schemas.ErrRejected)) {
		s.published() // the ledger changed: loaded, or rejected
	}
	return res, err
}

// LockWait is the longest a load waits for the loads before it.
const LockWait = 2 * time.Minute

// Errors of Load beyond the warehouse's.
var (
	// ErrBusy: the loads before took longer than LockWait; nothing stored.
	ErrBusy = errors.New("the warehouse is busy with other files")
	// ErrReadTimeout: reading the file took longer than ReadTimeout.
	ErrReadTimeout = errors.New("the file takes too long to read")
)

// writeLock is a mutex whose Lock can give up.
type writeLock struct{ ch chan struct{} }

func (l *writeLock) init() { l.ch = make(chan struct{}, 1) }

func (l *writeLock) lock(ctx context.Context) error {
	select {
	case l.ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *writeLock) Lock()   { l.ch <- struct{}{} }
func (l *writeLock) Unlock() { <-l.ch }

// Listen says where and how the service listens.
type Listen struct {
	Addr            string // host:port; port 0 picks one
	TLSCert, TLSKey string // HTTPS when set (PEM files)
	// Ready, when set, receives the address listened on once the service
	// answers (tests listen on port 0).
	Ready chan<- string
}

// Serve answers requests on l and runs the scheduler's jobs (sched may be
// nil) until ctx is done; then it stops taking requests and starting jobs,
// and lets running uploads and loads finish, or roll back when StopGrace
// ends.
func (s *Server) Serve(ctx context.Context, l Listen, sched *schedule.Scheduler, jobs int) error {
	ln, err := net.Listen("tcp", l.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // a province's upload over a slow line
		// A reply may wait for a query, or for a file to be read and then
		// for the loads before it (LockWait): its deadline lies beyond both.
		WriteTimeout:   max(s.lim.QueryTimeout, s.lim.ReadTimeout+LockWait) + time.Minute,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		TLSConfig:      &tls.Config{MinVersion: tls.VersionTLS12},
	}
	if sched != nil {
		if err := sched.Start(ctx); err != nil {
			ln.Close()
			return err
		}
	}
	s.log.Info("serving", "addr", ln.Addr().String(), "https", l.TLSCert != "", "db", s.dbPath, "snapshot", s.snapshot, "jobs", jobs)
	if l.Ready != nil {
		l.Ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() {
		if l.TLSCert != "" {
			errc <- hs.ServeTLS(ln, l.TLSCert, l.TLSKey)
			return
		}
		errc <- hs.Serve(ln)
	}()
	select {
	case err = <-errc:
	case <-ctx.Done():
	}
	s.log.Info("stopping")
	grace, cancel := context.WithTimeout(context.WithoutCancel(ctx), StopGrace)
	defer cancel()
	stopped := make(chan struct{})
	go func() {
		if sched != nil {
			sched.Stop(grace)
		}
		close(stopped)
	}()
	if serr := hs.Shutdown(grace); serr != nil {
		// Requests still running when the grace ends: closing their
		// connections cancels them, and their loads roll back.
		hs.Close()
	}
	<-stopped
	s.log.Info("stopped")
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
