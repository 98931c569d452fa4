package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"chitieu/ingest/inbox"
	"chitieu/load"
	"chitieu/schemas"
	"chitieu/table"
	"chitieu/transform"
	"chitieu/warehouse"
)

// validateCmd checks files as ingest would and stores nothing.
type validateCmd struct {
	*env
	db       string
	template string
	format   string
	lang     string
}

// fileReport is one file's outcome in validate's JSON output.
type fileReport struct {
	File     string           `json:"file"`
	Outcome  string           `json:"outcome"` // valid or rejected
	Template string           `json:"template,omitempty"`
	Province string           `json:"province,omitempty"`
	Period   string           `json:"period,omitempty"`
	Values   int64            `json:"values"`
	Errors   int              `json:"errors"`
	Warnings int              `json:"warnings"`
	Problems schemas.Problems `json:"problems"`
}

func (c *validateCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("validate", &c.db)
	fs.StringVar(&c.template, "template", "", "read every file with this template (see chitieu templates) instead of choosing by content")
	fs.StringVar(&c.format, "format", "text", "output format: text or json")
	fs.StringVar(&c.lang, "lang", "vi", "language of the text report: vi (the provinces' clerks read it) or en")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, `Usage: chitieu validate [--db FILE] [--template NAME] [--format text|json] FILE|DIR...

Checks files exactly as ingest does and stores nothing: every problem of each
file, with its sheet and cell, the value seen, what was expected and its
severity (an error rejects the file, a warning loads it). Checks against
values already loaded (year-to-date, history) use the database when it
exists. Exit status 3 when any file has an error.`)
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if c.format != "text" && c.format != "json" {
		return usagef("--format %q, want text or json", c.format)
	}
	if c.lang != "vi" && c.lang != "en" {
		return usagef("--lang %q, want vi or en", c.lang)
	}
	lw := words(c.lang)
	names := newNamer(c.ref.Catalog)
	if fs.NArg() == 0 {
		fs.Usage()
		return usagef("validate needs at least one file or directory")
	}
	files, err := collect(fs.Args())
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	// The checks run inside a transaction that is rolled back; without a
	// database they run against an empty one in memory.
	path := c.dbPath(c.db)
	if _, err := os.Stat(path); err != nil {
		fmt.Fprintf(c.stderr, "validate: no database at %s: the file is checked on its own, not against values loaded before\n", path)
		path = ""
	}
	w, err := warehouse.Open(ctx, path, c.reference(), c.now)
	if err != nil && path != "" && strings.Contains(err.Error(), "Conflicting lock") {
		// chitieu serve holds the file: check the files on their own
		// rather than not at all.
		fmt.Fprintf(c.stderr, "validate: %s is in use by another process: the file is checked on its own, not against values loaded before\n", path)
		w, err = warehouse.Open(ctx, "", c.reference(), c.now)
	}
	if err != nil {
		return err
	}
	defer w.Close()

	tr := &transform.Transformer{Areas: c.ref.Areas, Elements: c.ref.Elements}
	var reports []fileReport
	rejected, skipped := 0, 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if inbox.IsDocumentation(f) && !slices.Contains(fs.Args(), f) {
			skipped++
			reports = append(reports, fileReport{File: f, Outcome: "skipped", Problems: schemas.Problems{}})
			if c.format == "text" {
				fmt.Fprintf(c.stdout, "%s  %s: %s\n", lw.get("skipped"), f, lw.get("documentation"))
			}
			continue
		}
		l := &load.Loader{W: w, Ref: c.ref, Tr: tr, Template: c.template}
		res, err := l.Load(ctx, f, warehouse.Submission{FileName: f, ReceivedAt: c.now(), DryRun: true})
		if errors.Is(err, schemas.ErrUnknownTemplate) {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		if err != nil && !errors.Is(err, schemas.ErrRejected) {
			return err
		}
		rep := fileReport{File: f, Outcome: res.Outcome, Template: res.Template, Province: res.Province, Period: res.Period,
			Values: res.Rows, Errors: res.Problems.Errors(), Problems: res.Problems}
		rep.Warnings = res.Problems.Warnings()
		if rep.Problems == nil {
			rep.Problems = schemas.Problems{}
		}
		rep.Problems.Sort()
		if rep.Errors > 0 {
			rejected++
			rep.Values = 0
		}
		reports = append(reports, rep)
		if c.format == "text" {
			c.printReport(rep, lw, names)
		}
	}
	if c.format == "json" {
		if err := table.JSONEncoder(c.stdout).Encode(map[string]any{"files": reports}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(c.stdout, lw.get("summary"), lw.count(len(files), "file"), len(files)-rejected-skipped, rejected)
		if skipped > 0 {
			fmt.Fprintf(c.stdout, lw.get("skipped_n"), skipped)
		}
		fmt.Fprintln(c.stdout)
	}
	if rejected > 0 {
		return fmt.Errorf("%w: %w: %d files", errReported, errRejected, rejected)
	}
	return nil
}

// printReport writes one file's outcome and its problems, each labelled
// error or warning, in the clerks' language.
func (c *validateCmd) printReport(r fileReport, l words, names *namer) {
	if r.Errors > 0 {
		fmt.Fprintf(c.stdout, "%s  %s: %s, %s\n", l.get("rejected"), r.File, l.count(r.Errors, "error"), l.count(r.Warnings, "warning"))
	} else {
		what := l.count(int(r.Values), "values")
		if r.Province != "" {
			p := r.Province
			if a, ok := names.areas[p]; ok {
				p = a[map[bool]int{true: 1, false: 0}[l == "en"]] + " (" + p + ")"
			}
			what += ", " + l.get("province") + " " + p
		}
		if r.Period != "" {
			what += ", " + l.get("period") + " " + r.Period
		}
		fmt.Fprintf(c.stdout, "%s  %s: %s, %s (%s %s)\n", l.get("valid"), r.File, what, l.count(r.Warnings, "warning"), l.get("template"), r.Template)
	}
	for _, p := range r.Problems {
		fmt.Fprintf(c.stdout, "  %s\n", l.problemLine(p, r.File, names))
	}
}
