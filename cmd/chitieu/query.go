package main

import (
	"context"
	"fmt"
	"math"

	"chitieu/table"
	"chitieu/warehouse"
)

// queryCmd runs SQL against the warehouse.
type queryCmd struct {
	*env
	db       string
	format   string
	asOf     string
	snapshot bool
}

func (c *queryCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("query", &c.db)
	fs.StringVar(&c.format, "format", "table", "output format: table, csv or json")
	fs.StringVar(&c.asOf, "as-of", "", "run the query on what the warehouse held at this time (SET VARIABLE as_of)")
	fs.BoolVar(&c.snapshot, "snapshot", false, "query the published snapshot read-only, as POST /api/query does (works while chitieu serve runs; one SELECT)")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, `Usage: chitieu query [--db FILE] [--snapshot] [--format table|csv|json] [--as-of TIME] "SQL"`)
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
	if c.snapshot {
		q, err := warehouse.OpenQuery(ctx, warehouse.SnapshotPath(c.dbPath(c.db)), warehouse.QueryLimits{})
		if err != nil {
			return err
		}
		defer q.Close()
		rows, err := q.Select(ctx, fs.Arg(0), math.MaxInt, asOf)
		if err != nil {
			return fmt.Errorf("query: %w", err)
		}
		res := &table.Result{Columns: rows.Columns, Rows: rows.Values}
		return res.Write(c.stdout, c.format, func(_ int, v any) string { return table.Human(v, 4) })
	}
	conn, closeAll, err := c.openAsOf(ctx, c.db, asOf)
	if err != nil {
		return err
	}
	defer closeAll()
	rows, err := conn.QueryContext(ctx, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	res, err := table.Scan(rows)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	return res.Write(c.stdout, c.format, func(_ int, v any) string { return table.Human(v, 4) })
}
