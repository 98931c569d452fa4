package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"chitieu/schedule"
	"chitieu/transform"
	"chitieu/warehouse"
)

// serveCmd runs the HTTP API and, with a config file, scheduled sources.
type serveCmd struct {
	*env
	db, addr, config string
	tlsCert, tlsKey  string
	// ready, when set, receives the address listened on once the service
	// answers (tests listen on port 0).
	ready chan<- string
}

// stopGrace is how long running loads may take to finish on SIGTERM before
// they are cancelled (and roll back).
const stopGrace = 30 * time.Second

func (c *serveCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("serve", &c.db)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&c.config, "config", "", "config file (chitieu.yaml): sources, schedules, limits")
	fs.StringVar(&c.tlsCert, "tls-cert", "", "serve HTTPS with this certificate (PEM); needs --tls-key")
	fs.StringVar(&c.tlsKey, "tls-key", "", "the certificate's private key (PEM)")
	lim := defaultLimits()
	fs.Int64Var(&lim.maxUpload, "max-upload", lim.maxUpload, "largest accepted upload, bytes")
	fs.IntVar(&lim.queryRows, "query-rows", lim.queryRows, "most rows one analyst query returns")
	fs.DurationVar(&lim.queryTimeout, "query-timeout", lim.queryTimeout, "longest an analyst query may run")
	fs.StringVar(&lim.queryMemory, "query-memory", lim.queryMemory, "memory all analyst queries together may use (DuckDB memory_limit)")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "Usage: chitieu serve [--db FILE] [--addr HOST:PORT] [--config chitieu.yaml]\n\nServes the HTTP API (uploads by province tokens, indicators, status, analysts' read-only SQL)\nand runs the config's scheduled sources. SIGTERM stops it gracefully.")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments, got %q", fs.Args())
	}
	cfg := &config{}
	if c.config != "" {
		var err error
		if cfg, err = loadConfig(c.config); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if cfg.Addr != "" && !set["addr"] {
		c.addr = cfg.Addr
	}
	if cfg.TLSCert != "" && !set["tls-cert"] {
		c.tlsCert, c.tlsKey = cfg.TLSCert, cfg.TLSKey
	}
	if (c.tlsCert == "") != (c.tlsKey == "") {
		return usagef("HTTPS needs both a certificate and its key (--tls-cert, --tls-key)")
	}
	if cfg.DB != "" && c.db == "" && c.getenv("CHITIEU_DB") == "" {
		c.db = cfg.DB
	}
	if cfg.Limits.MaxUploadBytes > 0 && !set["max-upload"] {
		lim.maxUpload = cfg.Limits.MaxUploadBytes
	}
	if cfg.Limits.QueryRows > 0 && !set["query-rows"] {
		lim.queryRows = cfg.Limits.QueryRows
	}
	if cfg.Limits.QueryTimeout > 0 && !set["query-timeout"] {
		lim.queryTimeout = time.Duration(cfg.Limits.QueryTimeout)
	}
	if cfg.Limits.QueryMemory != "" && !set["query-memory"] {
		lim.queryMemory = cfg.Limits.QueryMemory
	}

	log := slog.New(slog.NewTextHandler(c.stderr, nil))
	dbPath := c.dbPath(c.db)
	w, err := c.openWarehouse(ctx, c.db)
	if err != nil {
		return err
	}
	defer w.Close()
	spool := filepath.Join(filepath.Dir(dbPath), ".chitieu-uploads")
	if err := os.MkdirAll(spool, 0o700); err != nil {
		return err
	}
	// Uploads and downloads left by a service that was killed: never loaded
	// (their transaction died with it); the sender gets no answer and sends again.
	if left, _ := filepath.Glob(filepath.Join(spool, "*-*")); len(left) > 0 {
		for _, p := range left {
			os.Remove(p)
		}
		log.Info("removed files of an interrupted run", "dir", spool, "files", len(left))
	}
	s := &server{
		w:        w,
		load:     &loader{w: w, ref: c.ref, tr: &transform.Transformer{Areas: c.ref.Areas, Elements: c.ref.Elements}},
		ref:      c.ref,
		log:      log,
		now:      c.now,
		spool:    spool,
		snapshot: warehouse.SnapshotPath(dbPath),
		lim:      lim,
	}
	if err := s.start(ctx); err != nil {
		return err
	}
	defer s.stop()

	sched, err := schedule.New(w, log, c.now)
	if err != nil {
		return err
	}
	jobs, err := serviceJobs(cfg, s)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	for _, j := range jobs {
		if err := sched.Add(j); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	}

	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           s.routes(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // a province's upload over a slow line
		WriteTimeout:      lim.queryTimeout + time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		TLSConfig:         &tls.Config{MinVersion: tls.VersionTLS12},
	}
	if err := sched.Start(ctx); err != nil {
		ln.Close()
		return err
	}
	log.Info("serving", "addr", ln.Addr().String(), "https", c.tlsCert != "", "db", dbPath, "snapshot", s.snapshot, "jobs", len(jobs))
	if c.ready != nil {
		c.ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() {
		if c.tlsCert != "" {
			errc <- hs.ServeTLS(ln, c.tlsCert, c.tlsKey)
			return
		}
		errc <- hs.Serve(ln)
	}()
	select {
	case err = <-errc:
	case <-ctx.Done():
	}
	// Stop taking requests and starting jobs; let running uploads and loads
	// finish, or roll back when the grace period ends, before the database
	// closes.
	log.Info("stopping")
	grace, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopGrace)
	defer cancel()
	stopped := make(chan struct{})
	go func() { sched.Stop(grace); close(stopped) }()
	if serr := hs.Shutdown(grace); serr != nil {
		// Requests still running when the grace ends: closing their
		// connections cancels them, and their loads roll back.
		hs.Close()
	}
	<-stopped
	log.Info("stopped")
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
