// Command bench measures chitieu's performance against plain DuckDB doing
// comparable work in the same run, and prints a report. Figures are ratios
// against those baselines, so that they mean the same on a laptop and on a
// server; nothing here asserts a wall-clock limit.
//
//	bench -bin bin/chitieu -dir .bench [-rows N] [-obs N] [-runs N] [-parts ingest,indicators,web] [-keep]
//
// Part "ingest" writes a long CSV and loads it with `chitieu ingest` in a
// child process, against DuckDB's read_csv into a table in another child
// process (wall time and peak resident memory of each). It also times the
// stages of the ingest in-process: hashing, reading, transforming.
//
// Part "xlsx" writes long-table workbooks of 100,000 and 200,000 rows × 6
// columns and loads them with `chitieu ingest`, against a bare excelize
// streaming read of the same file (wall time and peak memory of each); then
// it ingests 63 provincial monthly workbooks and computes the indicators.
//
// Part "indicators" builds a warehouse of synthetic observations with SQL and
// times the indicator_values view against a hand-written query computing the
// same figures (the view's same columns, and all of them), each materialised
// in a temporary table, then checks that both agree.
//
// Part "web" builds the same synthetic warehouse and its indicator store
// (as chitieu refresh does), then times the web application's pages against
// the JSON API calls returning the same rows, over loopback HTTP with the
// service wired as chitieu serve wires it.
//
// Working files go under -dir; the databases are deleted at the end unless
// -keep is given.
// Exit codes: 0 ok (whether or not a target is met), 1 failure, 2 usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	code := 0
	switch {
	case errors.Is(err, flag.ErrHelp):
		code = 2
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "bench:", err)
		code = 2
	case err != nil:
		fmt.Fprintln(os.Stderr, "bench:", err)
		code = 1
	}
	os.Exit(code)
}

// errUsage marks a usage error (exit 2).
var errUsage = errors.New("usage")

// config is what the flags set.
type config struct {
	bin        string // the chitieu binary
	dir        string // working directory
	rows       int    // rows of the generated CSV
	obs        int    // observations of the indicators warehouse
	xlsxRows   int    // rows of the generated long-table workbook
	runs       int    // timed runs of each contender; the median is reported
	parts      []string
	cpuProfile string // CPU profile of the in-process ingest stages
	keep       bool   // keep the working databases for a closer look
	stages     bool   // time each view of the chain alone (indicators part)
	check      bool   // compare the store with the views after the loads (indicators part)

	// Hidden: the read_csv baseline, run by bench itself as a child process.
	childCSV, childDB string
	childXLSX         string
	childView         string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.bin, "bin", "bin/chitieu", "the chitieu binary to measure")
	fs.StringVar(&c.dir, "dir", ".bench", "directory for working files")
	fs.IntVar(&c.rows, "rows", 2_000_000, "rows of the generated long CSV (at most every key the area codelist admits)")
	fs.IntVar(&c.obs, "obs", 10_000_000, "current observations in the indicators warehouse (at least)")
	fs.IntVar(&c.xlsxRows, "xlsx-rows", 200_000, "rows of the generated long-table workbook (6 columns)")
	fs.IntVar(&c.runs, "runs", 3, "timed runs of each contender; the median is reported")
	// xlsx first: a child's peak memory, as Linux reports it, counts the
	// parent's at the fork, and the other parts grow this process.
	parts := fs.String("parts", "xlsx,ingest,indicators", "parts to run, comma-separated: xlsx, ingest, indicators, web (the pages against the API, on a warehouse like the indicators part's with its store built; not by default)")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the in-process ingest stages to this file")
	fs.BoolVar(&c.stages, "stages", true, "indicators part: time each view of the chain materialised alone (minutes at 10 M observations)")
	fs.BoolVar(&c.check, "check", true, "indicators part: check the indicator store against the views after the loads (chitieu refresh --check; minutes at 10 M)")
	fs.BoolVar(&c.keep, "keep", false, "keep the working databases under -dir (to run EXPLAIN ANALYZE on them)")
	fs.StringVar(&c.childCSV, "child-readcsv", "", "internal: load this CSV with read_csv (the baseline child)")
	fs.StringVar(&c.childDB, "child-db", "", "internal: database file of the baseline child")
	fs.StringVar(&c.childXLSX, "child-xlsxread", "", "internal: read this workbook with excelize alone (the baseline child)")
	fs.StringVar(&c.childView, "child-view", "", "internal: compute indicator_values' view in this warehouse (the rebuild's baseline child)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: bench [-bin FILE] [-dir DIR] [-rows N] [-obs N] [-xlsx-rows N] [-runs N] [-parts xlsx,ingest,indicators,web] [-stages=false] [-check=false] [-cpuprofile FILE] [-keep]")
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.HasPrefix(f.Name, "child-") {
				fmt.Fprintf(stderr, "  -%s\n    \t%s (default %q)\n", f.Name, f.Usage, f.DefValue)
			}
		})
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: bench takes no arguments, got %q", errUsage, fs.Args())
	}
	if c.childCSV != "" {
		return readCSVChild(ctx, c.childCSV, c.childDB, stdout)
	}
	if c.childXLSX != "" {
		return readXLSXChild(c.childXLSX, stdout)
	}
	if c.childView != "" {
		return viewChild(ctx, c.childView, stdout)
	}
	if c.runs < 1 || c.rows < 1 || c.obs < 1 || c.xlsxRows < 2 {
		return fmt.Errorf("%w: -runs, -rows, -obs and -xlsx-rows must be positive", errUsage)
	}
	for _, p := range strings.Split(*parts, ",") {
		switch p = strings.TrimSpace(p); p {
		case "ingest", "indicators", "xlsx", "web":
			c.parts = append(c.parts, p)
		case "":
		default:
			return fmt.Errorf("%w: unknown part %q, want ingest, indicators, xlsx or web", errUsage, p)
		}
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	version, err := duckdbVersion(ctx)
	if err != nil {
		return err
	}
	r := newReport(stdout)
	r.header(version)
	for _, p := range c.parts {
		if err := r.flush(); err != nil {
			return err
		}
		var err error
		switch p {
		case "ingest":
			err = benchIngest(ctx, &c, r, stderr)
		case "indicators":
			err = benchIndicators(ctx, &c, r, stderr)
		case "xlsx":
			err = benchXLSX(ctx, &c, r, stderr)
		case "web":
			err = benchWebPart(ctx, &c, r, stderr)
		}
		if err != nil {
			r.flush()
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	r.printSummary()
	return r.flush()
}
