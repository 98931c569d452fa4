package main

import (
	"context"
	"fmt"

	"chitieu/warehouse"
)

// snapshotCmd publishes the analysts' snapshot by hand (chitieu serve does
// it at start and after every load).
type snapshotCmd struct {
	*env
	db, out string
}

func (c *snapshotCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("snapshot", &c.db)
	fs.StringVar(&c.out, "out", "", "snapshot file (default: NAME.snapshot.duckdb beside the database)")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "Usage: chitieu snapshot [--db FILE] [--out FILE]\n\nPublishes a read-only copy of the database for analysts' queries, without the API tokens.")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("snapshot takes no arguments, got %q", fs.Args())
	}
	out := c.out
	if out == "" {
		out = warehouse.SnapshotPath(c.dbPath(c.db))
	}
	w, err := c.openWarehouse(ctx, c.db)
	if err != nil {
		return err
	}
	defer w.Close()
	if err := w.Publish(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "published %s\n", out)
	return nil
}
