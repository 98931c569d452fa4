package main

import (
	"context"
	"errors"
	"fmt"

	"chitieu/report"
	"chitieu/schemas"
)

// reportCmd writes the quarterly report.
type reportCmd struct {
	*env
	db, period, lang, asOf, out string
	issuers, number             string
}

func (c *reportCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("report", &c.db)
	fs.StringVar(&c.period, "period", "", "the quarter: 2024-Q3, Quý III/2024 (required)")
	fs.StringVar(&c.lang, "lang", "vi", "language: vi or en")
	fs.StringVar(&c.asOf, "as-of", "", "show the warehouse as it was at this time: 2024-10-25T00:00:00+07:00, 2024-10-25 08:00 or 2024-10-25 (the end of that day), Vietnam time")
	fs.StringVar(&c.out, "out", "", "directory to write the report into (required)")
	fs.StringVar(&c.issuers, "issuers", "", "who issues the report, by date: a YAML file shaped like report/issuers.yaml (default: the one built in)")
	fs.StringVar(&c.number, "number", "", `the document's number, "125/BC-BNV" (default: a blank to fill in)`)
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "Usage: chitieu report [--db FILE] --period 2024-Q3 [--lang vi|en] [--as-of TIME] [--number N] [--issuers FILE] --out DIR")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("report takes no arguments, got %q", fs.Args())
	}
	if c.period == "" || c.out == "" {
		fs.Usage()
		return usagef("report needs --period and --out")
	}
	p, err := schemas.ParsePeriod(c.period)
	if err != nil {
		return usagef("%v", err)
	}
	if p.Type != schemas.Quarter {
		return usagef("--period %q: %v", c.period, report.ErrNotQuarter)
	}
	if c.lang != "vi" && c.lang != "en" {
		return usagef("--lang %q, want vi or en", c.lang)
	}
	opts := report.Options{Period: p, Lang: c.lang, Now: c.now, DocNumber: c.number}
	if c.issuers != "" {
		if opts.Issuers, err = report.ReadIssuers(c.issuers); err != nil {
			return usagef("--issuers: %v", err)
		}
	}
	if opts.AsOf, err = parseAsOf(c.asOf); err != nil {
		return err
	}
	w, err := c.openWarehouse(ctx, c.db)
	if err != nil {
		return err
	}
	defer w.Close()
	paths, err := report.Write(ctx, w.DB(), c.out, opts)
	if err != nil {
		if errors.Is(err, report.ErrNoData) {
			return fmt.Errorf("report: %w", err)
		}
		return fmt.Errorf("report %s: %w", p.Code(), err)
	}
	for _, path := range paths {
		fmt.Fprintln(c.stdout, path)
	}
	return nil
}
