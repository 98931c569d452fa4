package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"go.yaml.in/yaml/v3"

	"chitieu/schedule"
	"chitieu/schemas"
)

// config is chitieu.yaml, the service's configuration. Every field is
// optional; unknown fields are errors.
type config struct {
	Addr    string         `yaml:"addr"`     // listen address; --addr wins
	DB      string         `yaml:"db"`       // database file; --db and $CHITIEU_DB win
	TLSCert string         `yaml:"tls_cert"` // HTTPS certificate (PEM); --tls-cert wins
	TLSKey  string         `yaml:"tls_key"`
	Limits  configLimits   `yaml:"limits"`
	Sources []sourceConfig `yaml:"sources"`
	Reports []reportConfig `yaml:"reports"`
	Catalog string         `yaml:"catalog"` // a catalogue directory; --catalog wins
}

// reportConfig schedules the quarterly report: each run writes the report
// of the latest quarter whose monthly reports are due (report.DueQuarter)
// into OUT/2024-Q3/20241021T060000/, so every generated report is kept.
type reportConfig struct {
	Name     string   `yaml:"name"`
	Schedule string   `yaml:"schedule"` // cron, in Asia/Ho_Chi_Minh time
	Out      string   `yaml:"out"`      // directory
	Langs    []string `yaml:"langs"`    // vi, en; default vi
}

type configLimits struct {
	MaxUploadBytes int64    `yaml:"max_upload_bytes"`
	QueryRows      int      `yaml:"query_rows"`
	QueryTimeout   duration `yaml:"query_timeout"`
	QueryMemory    string   `yaml:"query_memory"` // "1GB"
	ReadTimeout    duration `yaml:"read_timeout"` // reading one uploaded file
}

// sourceConfig is one scheduled source: an inbox directory or a URL.
type sourceConfig struct {
	Name     string       `yaml:"name"`
	Schedule string       `yaml:"schedule"` // cron, in Asia/Ho_Chi_Minh time
	Inbox    *inboxConfig `yaml:"inbox"`
	HTTP     *httpConfig  `yaml:"http"`
}

type inboxConfig struct {
	Dir    string   `yaml:"dir"`
	Settle duration `yaml:"settle"` // a file unmodified this long is read; default 1m
}

type httpConfig struct {
	URL        string   `yaml:"url"`
	FileName   string   `yaml:"file_name"`
	Timeout    duration `yaml:"timeout"`
	MaxBytes   int64    `yaml:"max_bytes"`
	Retries    int      `yaml:"retries"`
	Backoff    duration `yaml:"backoff"`
	Quarantine string   `yaml:"quarantine"` // directory for rejected downloads and their reports
}

// duration reads "90s", "5m", "1h30m".
type duration time.Duration

func (d *duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %q is not a duration like 30s or 5m", n.Line, n.Value)
	}
	*d = duration(v)
	return nil
}

// loadConfig reads and checks a config file. Relative directories in it
// are relative to the file.
func loadConfig(path string) (*config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c config
	if err := schemas.DecodeYAML(path, data, &c); err != nil {
		return nil, err
	}
	base := filepath.Dir(path)
	rel := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(base, p)
	}
	c.DB, c.TLSCert, c.TLSKey, c.Catalog = rel(c.DB), rel(c.TLSCert), rel(c.TLSKey), rel(c.Catalog)
	names := map[string]bool{}
	var errs []error
	for i := range c.Sources {
		s := &c.Sources[i]
		where := fmt.Sprintf("%s: source %d (%s)", path, i+1, s.Name)
		switch {
		case s.Name == "":
			errs = append(errs, fmt.Errorf("%s: a source needs a name", where))
		case names[s.Name]:
			errs = append(errs, fmt.Errorf("%s: name used twice", where))
		}
		names[s.Name] = true
		if _, err := schedule.Parse(s.Schedule); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
		}
		switch {
		case (s.Inbox == nil) == (s.HTTP == nil):
			errs = append(errs, fmt.Errorf("%s: give exactly one of inbox or http", where))
		case s.Inbox != nil:
			if s.Inbox.Dir == "" {
				errs = append(errs, fmt.Errorf("%s: inbox needs dir", where))
			}
			s.Inbox.Dir = rel(s.Inbox.Dir)
		case s.HTTP != nil:
			if s.HTTP.URL == "" {
				errs = append(errs, fmt.Errorf("%s: http needs url", where))
			}
			s.HTTP.Quarantine = rel(s.HTTP.Quarantine)
		}
	}
	for i := range c.Reports {
		r := &c.Reports[i]
		where := fmt.Sprintf("%s: report %d (%s)", path, i+1, r.Name)
		switch {
		case r.Name == "":
			errs = append(errs, fmt.Errorf("%s: a report needs a name", where))
		case names["report:"+r.Name]:
			errs = append(errs, fmt.Errorf("%s: name used twice", where))
		}
		names["report:"+r.Name] = true
		if _, err := schedule.Parse(r.Schedule); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
		}
		if r.Out == "" {
			errs = append(errs, fmt.Errorf("%s: report needs out, the directory to keep reports in", where))
		}
		r.Out = rel(r.Out)
		if len(r.Langs) == 0 {
			r.Langs = []string{"vi"}
		}
		for _, l := range r.Langs {
			if l != "vi" && l != "en" {
				errs = append(errs, fmt.Errorf("%s: language %q, want vi or en", where, l))
			}
		}
	}
	return &c, errors.Join(errs...)
}
