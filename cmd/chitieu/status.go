package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"chitieu/schemas"
	"chitieu/table"
)

// statusCmd shows who has reported: per form, province and period.
type statusCmd struct {
	*env
	db, period, format string
}

func (c *statusCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("status", &c.db)
	fs.StringVar(&c.period, "period", "", "period: 2024-03, Tháng 3/2024, 2024 … (default: every period since the first report, in summary)")
	fs.StringVar(&c.format, "format", "table", "output format: table, csv or json")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "Usage: chitieu status [--db FILE] [--period P] [--format table|csv|json]\n\nWhich provinces have reported each form: on time, late, rejected, missing or pending (not yet due).")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("status takes no arguments, got %q", fs.Args())
	}
	if err := checkFormat(c.format); err != nil {
		return err
	}
	var period string
	if c.period != "" {
		p, err := schemas.ParsePeriod(c.period)
		if err != nil {
			return usagef("--period: %v", err)
		}
		period = p.Code()
	}
	w, err := c.openWarehouse(ctx, c.db)
	if err != nil {
		return err
	}
	defer w.Close()
	if period == "" {
		res, err := w.StatusSummary(ctx, c.now())
		if err != nil {
			return err
		}
		if c.format == "table" && len(res.Rows) == 0 {
			fmt.Fprintln(c.stderr, "no reports received yet; use --period to see who owes one")
			return nil
		}
		return res.Write(c.stdout, c.format, func(col int, v any) string {
			// reporting_rate and on_time_rate are percentages
			if name := res.Columns[col]; strings.HasSuffix(name, "_rate") && v != nil {
				return rate(v)
			}
			return table.Human(v, 1)
		})
	}
	res, err := w.StatusRows(ctx, c.now(), period)
	if err != nil {
		return err
	}
	if c.format != "table" {
		return res.Write(c.stdout, c.format, nil)
	}
	sum, err := w.StatusSummaryFor(ctx, c.now(), period)
	if err != nil {
		return err
	}
	for _, r := range sum.Rows {
		fmt.Fprintf(c.stdout, "%s %s: %d of %d provinces reported (%s), %d on time (%s), %d late; %d rejected, %d missing, %d not yet due; %d revised\n",
			r[0], r[1], r[3], r[2], rate(r[10]), r[4], rate(r[11]), r[5], r[6], r[7], r[8], r[9])
	}
	if len(sum.Rows) == 0 {
		fmt.Fprintf(c.stdout, "no form is due for period %s\n", period)
		return nil
	}
	fmt.Fprintln(c.stdout)
	return res.Write(c.stdout, "table", func(_ int, v any) string {
		if t, ok := v.(time.Time); ok {
			return t.Local().Format("2006-01-02 15:04")
		}
		return table.Human(v, 0)
	})
}

// rate writes a reporting rate, a percentage, with one decimal: "4.8%", "0.0%".
func rate(v any) string {
	if x, ok := v.(float64); ok {
		return strconv.FormatFloat(x, 'f', 1, 64) + "%"
	}
	return table.Human(v, 1) + "%"
}
