package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// refreshCmd rebuilds the indicator store (loads keep it up to date), or
// with --check compares it with the views it materialises.
type refreshCmd struct {
	*env
	db    string
	check bool
}

func (c *refreshCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("refresh", &c.db)
	fs.BoolVar(&c.check, "check", false, "compare the indicator store with the views, change nothing; exit 1 when they differ")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "Usage: chitieu refresh [--db FILE] [--check]\n\nRebuilds the indicator store that indicator_values and indicator_values_current read\n(every load refreshes what it changed), or checks it against the views.")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("refresh takes no arguments, got %q", fs.Args())
	}
	w, err := c.openWarehouse(ctx, c.db)
	if err != nil {
		return err
	}
	defer w.Close()
	start := time.Now()
	if c.check {
		missing, extra, err := w.StoreDifferences(ctx)
		if err != nil {
			return err
		}
		if missing != 0 || extra != 0 {
			return fmt.Errorf("the indicator store differs from the views: %d rows of the views missing, %d rows the views do not have; run chitieu refresh", missing, extra)
		}
		fmt.Fprintf(c.stdout, "the indicator store holds what the views compute (checked in %.1f s)\n", time.Since(start).Seconds())
		return nil
	}
	if err := w.Refresh(ctx); err != nil {
		return errors.Join(fmt.Errorf("refresh: the store is as it was"), err)
	}
	fmt.Fprintf(c.stdout, "indicator store rebuilt in %.1f s\n", time.Since(start).Seconds())
	return nil
}
