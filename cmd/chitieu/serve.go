package main

import (
	"chitieu/indicators"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"chitieu/schedule"
	"chitieu/service"
	"chitieu/web"
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

func (c *serveCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("serve", &c.db)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&c.config, "config", "", "config file (chitieu.yaml): sources, schedules, limits")
	fs.StringVar(&c.tlsCert, "tls-cert", "", "serve HTTPS with this certificate (PEM); needs --tls-key")
	fs.StringVar(&c.tlsKey, "tls-key", "", "the certificate's private key (PEM)")
	lim := service.DefaultLimits()
	fs.Int64Var(&lim.MaxUpload, "max-upload", lim.MaxUpload, "largest accepted upload, bytes")
	fs.IntVar(&lim.QueryRows, "query-rows", lim.QueryRows, "most rows one analyst query returns")
	fs.DurationVar(&lim.QueryTimeout, "query-timeout", lim.QueryTimeout, "longest an analyst query may run")
	fs.StringVar(&lim.QueryMemory, "query-memory", lim.QueryMemory, "memory all analyst queries together may use (DuckDB memory_limit)")
	fs.DurationVar(&lim.ReadTimeout, "read-timeout", lim.ReadTimeout, "longest reading one uploaded file may take")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "Usage: chitieu serve [--db FILE] [--addr HOST:PORT] [--config chitieu.yaml]\n\nServes the web application at / and the HTTP API (uploads by province tokens, indicators,\nstatus, analysts' read-only SQL) and runs the config's scheduled sources. SIGTERM stops it gracefully.")
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
	if cfg.Catalog != "" && c.catalog == "" {
		ref, err := indicators.LoadCatalogDir(cfg.Catalog)
		if err != nil {
			return err
		}
		c.ref, c.catalog = ref, cfg.Catalog
	}
	if cfg.DB != "" && c.db == "" && c.getenv("CHITIEU_DB") == "" {
		c.db = cfg.DB
	}
	if cfg.Limits.MaxUploadBytes > 0 && !set["max-upload"] {
		lim.MaxUpload = cfg.Limits.MaxUploadBytes
	}
	if cfg.Limits.QueryRows > 0 && !set["query-rows"] {
		lim.QueryRows = cfg.Limits.QueryRows
	}
	if cfg.Limits.QueryTimeout > 0 && !set["query-timeout"] {
		lim.QueryTimeout = time.Duration(cfg.Limits.QueryTimeout)
	}
	if cfg.Limits.QueryMemory != "" && !set["query-memory"] {
		lim.QueryMemory = cfg.Limits.QueryMemory
	}
	if cfg.Limits.ReadTimeout > 0 && !set["read-timeout"] {
		lim.ReadTimeout = time.Duration(cfg.Limits.ReadTimeout)
	}

	log := slog.New(slog.NewTextHandler(c.stderr, nil))
	w, err := c.openWarehouse(ctx, c.db)
	if err != nil {
		return err
	}
	defer w.Close()
	s, err := service.New(ctx, service.Config{Warehouse: w, DBPath: c.dbPath(c.db), Catalog: c.ref, Log: log, Now: c.now, Limits: lim})
	if err != nil {
		return err
	}
	defer s.Close()
	// The web application at /, beside the API. Its quarterly reports page
	// lists the first scheduled report's directory, else its own.
	app := &web.App{W: w, Ref: c.ref, Loader: s, Query: s, Log: log, Now: c.now, Originals: s.Originals(),
		Files: service.FilesDir(c.dbPath(c.db)), Secure: c.tlsCert != "", MaxUpload: lim.MaxUpload}
	if len(cfg.Reports) > 0 {
		app.Reports = cfg.Reports[0].Out
	}
	s.Handle("/", app.Handler())
	defer func() {
		// reports being drawn stop before the warehouse closes
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		app.Close(ctx)
	}()

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
	return s.Serve(ctx, service.Listen{Addr: c.addr, TLSCert: c.tlsCert, TLSKey: c.tlsKey, Ready: c.ready}, sched, len(jobs))
}
