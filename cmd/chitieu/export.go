package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"chitieu/warehouse"
)

// exportCmd writes observations and indicator values for other tools.
type exportCmd struct {
	*env
	db, format, out string
}

func (c *exportCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("export", &c.db)
	fs.StringVar(&c.format, "format", "parquet", "parquet (partitioned by year and area), csv or sdmx (SDMX-CSV)")
	fs.StringVar(&c.out, "out", "", "directory to write into (required)")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "Usage: chitieu export [--db FILE] [--format parquet|csv|sdmx] --out DIR")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("export takes no arguments, got %q", fs.Args())
	}
	if c.out == "" {
		fs.Usage()
		return usagef("export needs --out")
	}
	if !slices.Contains(warehouse.ExportFormats, c.format) {
		return usagef("--format %q, want one of %s", c.format, strings.Join(warehouse.ExportFormats, ", "))
	}
	w, err := c.openWarehouse(ctx, c.db)
	if err != nil {
		return err
	}
	defer w.Close()
	paths, err := w.Export(ctx, c.format, c.out)
	if err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintln(c.stdout, p)
	}
	return nil
}
