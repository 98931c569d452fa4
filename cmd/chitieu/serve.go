package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"chitieu/transform"
	"chitieu/warehouse"
)

// serveCmd runs the HTTP API (and, with a config file, scheduled sources).
type serveCmd struct {
	*env
	db, addr string
	// ready, when set, receives the address listened on once the service
	// answers (tests listen on port 0).
	ready chan<- string
}

func (c *serveCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("serve", &c.db)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to listen on")
	lim := defaultLimits()
	fs.Int64Var(&lim.maxUpload, "max-upload", lim.maxUpload, "largest accepted upload, bytes")
	fs.IntVar(&lim.queryRows, "query-rows", lim.queryRows, "most rows one analyst query returns")
	fs.DurationVar(&lim.queryTimeout, "query-timeout", lim.queryTimeout, "longest an analyst query may run")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "Usage: chitieu serve [--db FILE] [--addr HOST:PORT]\n\nServes the HTTP API: uploads by province tokens, indicators, status, analysts' read-only SQL.")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments, got %q", fs.Args())
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
	}
	log.Info("serving", "addr", ln.Addr().String(), "db", dbPath, "snapshot", s.snapshot)
	if c.ready != nil {
		c.ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Stop taking requests; let running uploads finish (or roll back when
	// their time is up) before the database closes.
	log.Info("stopping")
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
