package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"chitieu/indicators"
	"chitieu/schemas"
	"chitieu/table"
)

// indicatorsCmd prints computed indicators.
type indicatorsCmd struct {
	*env
	db                             string
	indicator, area, period, level string
	format                         string
	current                        bool
	asOf                           string
}

func (c *indicatorsCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("indicators", &c.db)
	fs.StringVar(&c.indicator, "indicator", "", "indicator codes, comma-separated (default all)")
	fs.StringVar(&c.area, "area", "", "areas: VN, R1–R6, a province code or name; comma-separated (default all)")
	fs.StringVar(&c.period, "period", "", "periods: 2024, 2024-Q1, 2024-03 or any spelling; comma-separated (default all)")
	fs.StringVar(&c.level, "level", "", "area level: nation, region or province (default all)")
	fs.StringVar(&c.format, "format", "table", "output format: table, csv or json")
	fs.BoolVar(&c.current, "current", false, "re-base every period onto today's provinces (indicator_values_current); default: the map of each period")
	fs.StringVar(&c.asOf, "as-of", "", "show what the warehouse held at this time: 2024-10-25, 2024-10-25 08:00 (Vietnam time) or RFC 3339")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "Usage: chitieu indicators [--db FILE] [--indicator X] [--area A] [--period P] [--level L] [--current] [--as-of TIME] [--format table|csv|json]")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("indicators takes no arguments, got %q", fs.Args())
	}
	if err := checkFormat(c.format); err != nil {
		return err
	}
	filter := indicators.Filter{Indicator: c.indicator, Area: c.area, Period: c.period, Level: c.level}
	where, params, err := filter.Where(c.ref)
	if err != nil {
		return usagef("%v", err)
	}
	asOf, err := parseAsOf(c.asOf)
	if err != nil {
		return err
	}
	conn, closeAll, err := c.openAsOf(ctx, c.db, asOf, filter.Years()...)
	if err != nil {
		return err
	}
	defer closeAll()
	view := "indicator_values"
	if c.current {
		view = "indicator_values_current"
	}

	q := `SELECT iv.indicator, iv.area, iv.area_level, iv.period, iv.value, iv.unit, iv.plan, iv.pct_of_plan,
	             iv.previous_year, iv.pct_of_previous_year, iv.change_from_previous_year, iv.change_unit,
	             iv.provinces_reporting, iv.provinces_expected, iv.status, iv.boundaries, iv.plan_met, iv.target
	      FROM ` + view + ` iv JOIN indicator_definitions d ON d.code = iv.indicator` + where + `
	      ORDER BY d.ordinal, CASE iv.area_level WHEN 'nation' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, iv.area,
	               iv.period_type, iv.period`
	rows, err := conn.QueryContext(ctx, q, params...)
	if err != nil {
		return fmt.Errorf("indicators: %w", err)
	}
	res, err := table.Scan(rows)
	if err != nil {
		return fmt.Errorf("indicators: %w", err)
	}
	if c.format != "table" {
		return res.Write(c.stdout, c.format, nil)
	}
	if len(res.Rows) == 0 {
		if !asOf.IsZero() {
			fmt.Fprintf(c.stderr, "no indicator values match as of %s\n", asOf.Format("2006-01-02 15:04 -07:00"))
			return nil
		}
		fmt.Fprintln(c.stderr, "no indicator values match; load submissions with chitieu ingest")
		return nil
	}
	err = c.table(res, c.ref).Write(c.stdout, "table", func(_ int, v any) string {
		if s, ok := v.(string); ok {
			return s
		}
		return table.Human(v, 2)
	})
	if err != nil {
		return err
	}
	// Say which map the figures are on.
	var maps []string
	for _, r := range res.Rows {
		if b := fmt.Sprint(r[15]); !slices.Contains(maps, b) {
			maps = append(maps, b)
		}
	}
	note := "map of each period: " + strings.Join(maps, ", ")
	if c.current {
		note = "history re-based onto today's map: " + strings.Join(maps, ", ")
	}
	if !asOf.IsZero() {
		note += "; as of " + asOf.Format("2006-01-02 15:04 -07:00")
	}
	fmt.Fprintln(c.stdout, note)
	return nil
}

// table reshapes indicator rows for people: area names, units, change with
// its unit, coverage as "62/63".
func (c *indicatorsCmd) table(res *table.Result, ref *indicators.Catalog) *table.Result {
	names := map[string]string{}
	for _, a := range ref.Areas.All() {
		names[a.Code] = a.NameVI
	}
	out := &table.Result{Columns: []string{"indicator", "area", "period", "value", "plan", "% plan", "prev. year", "% prev.", "change", "provinces", "status", "met", "target"}}
	for _, r := range res.Rows {
		get := func(i int) any { return r[i] }
		unit, _ := get(5).(string)
		inUnit := func(v any) string {
			if unit == schemas.Percent {
				return percent(v)
			}
			return table.Human(v, decimalsFor(unit))
		}
		change := ""
		if ch, ok := get(10).(float64); ok {
			change = fmt.Sprintf("%+.2f", ch)
			if get(11) == "percentage points" {
				change += " pp"
			} else {
				change += "%"
			}
		}
		pct := percent
		area := fmt.Sprintf("%s %s", get(1), names[fmt.Sprint(get(1))])
		out.Rows = append(out.Rows, []any{
			get(0), area, get(3), inUnit(get(4)), inUnit(get(6)), pct(get(7)),
			inUnit(get(8)), pct(get(9)), change,
			fmt.Sprintf("%v/%v", get(12), get(13)), get(14), met(get(16)), get(17),
		})
	}
	return out
}

// met says whether a plan was met: yes, no, or blank when nothing judges it.
func met(v any) string {
	switch v {
	case true:
		return "yes"
	case false:
		return "no"
	}
	return ""
}

// percent writes a percentage with two decimals, always two, so that a
// column of them lines up: "103.10%", not "103.1%".
func percent(v any) string {
	x, ok := v.(float64)
	if !ok {
		return table.Human(v, 2)
	}
	s := table.FormatNumber(x, 2)
	switch i := strings.IndexByte(s, '.'); {
	case s == "":
	case i < 0:
		s += ".00"
	case len(s)-i == 2:
		s += "0"
	}
	return s + "%"
}

func decimalsFor(unit string) int {
	if unit == schemas.Percent {
		return 2
	}
	return 0
}
