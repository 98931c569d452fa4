package main

import (
	"context"
	"fmt"
)

// queryCmd runs SQL against the warehouse.
type queryCmd struct {
	*env
	db     string
	format string
	asOf   string
}

func (c *queryCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("query", &c.db)
	fs.StringVar(&c.format, "format", "table", "output format: table, csv or json")
	fs.StringVar(&c.asOf, "as-of", "", "run the query on what the warehouse held at this time (SET VARIABLE as_of)")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, `Usage: chitieu query [--db FILE] [--format table|csv|json] [--as-of TIME] "SQL"`)
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(c.format); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usagef("query takes one SQL argument, got %d", fs.NArg())
	}
	asOf, err := parseAsOf(c.asOf)
	if err != nil {
		return err
	}
	w, err := c.openWarehouse(ctx, c.db)
	if err != nil {
		return err
	}
	defer w.Close()
	conn, err := w.ConnAsOf(ctx, asOf)
	if err != nil {
		return err
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	res, err := scan(rows)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	return res.write(c.stdout, c.format, func(_ int, v any) string { return human(v, 4) })
}
