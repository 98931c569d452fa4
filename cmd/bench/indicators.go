package main

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"chitieu/indicators"
	"chitieu/schemas"
	"chitieu/warehouse"
)

// indicatorsTarget is the aim for the indicator_values view's time as a
// multiple of the hand-written query's.
const indicatorsTarget = 1.5

//go:embed synthetic.sql
var syntheticSQL string

//go:embed hand.sql
var handSQL string

// handColumns are the columns of hand.sql's result: the view is timed
// computing the same ones (and, beside, all of its own).
const handColumns = "indicator, area, area_level, period, period_type, value, unit, plan, pct_of_plan, " +
	"previous_year, pct_of_previous_year, change_from_previous_year, provinces_reporting, provinces_expected"

// valuesPerProvinceYear is how many values a province reports a year in the
// synthetic warehouse, the rows of bench_shape in synthetic.sql: a flow 12
// months actual and ytd and 5 plans, a stock 5 actuals, a rate 5 actuals and
// a plan. The series of an element's breakdowns (jobs_created[sex=female])
// are not generated.
func valuesPerProvinceYear(elements *schemas.Elements) int {
	n := 0
	for _, e := range elements.All() {
		if e.Breakdown != "" {
			continue
		}
		switch e.Kind {
		case schemas.Flow:
			n += 2*12 + 5
		case schemas.Stock:
			n += 5
		case schemas.Rate:
			n += 5 + 1
		}
	}
	return n
}

// benchIndicators is part 2: the indicator_values view against a
// hand-written query over the same synthetic warehouse.
func benchIndicators(ctx context.Context, c *config, r *report, log io.Writer) error {
	ref, err := indicators.LoadCatalog()
	if err != nil {
		return err
	}
	path := filepath.Join(c.dir, "indicators.duckdb")
	syn, err := buildSynthetic(ctx, c, ref, path, log)
	if err != nil {
		return err
	}
	w, conn := syn.w, syn.conn
	defer w.Close()
	defer conn.Close()
	first, last, years, perYear, realProvinces := syn.first, syn.last, syn.years, syn.perYear, syn.realProvinces
	obs, provinces, buildTime := syn.obs, syn.provinces, syn.buildTime

	r.section("2. Indicators: the indicator_values view vs a hand-written query (median of " + strconv.Itoa(c.runs) + ")")
	r.printf("warehouse: %s current observations (built with SQL in %.1f s, its indicator store in %.1f s), %d–%d:\n",
		count(obs), buildTime.Seconds(), syn.storeTime.Seconds(), first, last)
	r.printf("           %d provinces (the %d of the codelist and %d synthetic district-sized units, so\n", provinces, realProvinces, provinces-int64(realProvinces))
	r.printf("           that every key is distinct; the codelist's provinces end on %s) × %d years ×\n", provincesEnd(ref.Areas), years)
	r.printf("           %d values a year: flows monthly actual and ytd with quarterly and yearly plans,\n", perYear)
	r.printf("           stocks and rates (with their numerators and denominators) quarterly and yearly, rate plans\n")
	r.printf("hand-written: cmd/bench/hand.sql, same rows and core columns (value, plan, %% of plan, previous year,\n")
	r.printf("           %% of and change from previous year, provinces reporting and expected); it trusts that months\n")
	r.printf("           are complete and numerators reported, so it skips the view's ytd fallback and conflict checks,\n")
	r.printf("           rate × denominator, validity of areas by date and status\n")
	r.printf("each result is materialised in a temporary table (in memory): the time is the computing, not\n")
	r.printf("           writing to the database file; the target compares the view's and the hand-written\n")
	r.printf("           query's same columns, and the view's every column is timed beside them\n\n")

	// keep says whether the result stays for compareIndicators; the others
	// are dropped at once, so as not to weigh on the next run's memory.
	contenders := []struct {
		name, table, query string
		keep               bool
	}{
		// indicator_values computed from the views (chitieu_figures, set
		// below), not read from the store
		{"indicator_values' view, same columns", "bench_iv", "SELECT " + handColumns + " FROM indicator_values", true},
		{"hand-written query", "bench_hand", handSQL, true},
		{"indicator_values' view, every column", "bench_iv_all", viewQuery, false},
	}
	if _, err := conn.ExecContext(ctx, computedFigures); err != nil { // on the bench's own connection
		return err
	}
	times := make([][]float64, len(contenders))
	peaks := make([][]float64, len(contenders))
	rows := make([]int64, len(contenders))
	for i := range c.runs {
		for j, ct := range contenders {
			progress(log, "run %d/%d: %s", i+1, c.runs, ct.name)
			resetPeakRSS()
			start := time.Now()
			if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE "+ct.table+" AS "+ct.query); err != nil {
				return fmt.Errorf("%s: %w", ct.name, err)
			}
			times[j] = append(times[j], time.Since(start).Seconds())
			peaks[j] = append(peaks[j], peakRSSSelfKiB())
			if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM "+ct.table).Scan(&rows[j]); err != nil {
				return err
			}
			if !ct.keep {
				if _, err := conn.ExecContext(ctx, "DROP TABLE "+ct.table); err != nil {
					return err
				}
			}
		}
	}
	tab := [][]string{{"", "seconds", "peak MB", "rows out", "runs (s)"}}
	for j, ct := range contenders {
		n := rows[j]
		var each []string
		for _, t := range times[j] {
			each = append(each, strconv.FormatFloat(t, 'f', 2, 64))
		}
		tab = append(tab, []string{ct.name, seconds(median(times[j])), mib(median(peaks[j])), count(n), strings.Join(each, " ")})
	}
	r.table(tab)
	got := median(times[0]) / median(times[1])
	verdict := "met"
	if got > indicatorsTarget {
		verdict = "MISSED"
	}
	r.printf("\ntime ratio view / hand-written, same columns: %s   (target ≤ %s: %s)\n", ratio(got), ratio(indicatorsTarget), verdict)
	r.printf("time ratio view / hand-written, the view's every column: %s\n", ratio(median(times[2])/median(times[1])))
	r.target(fmt.Sprintf("indicators time, view / hand-written:   %5s   (target ≤ %s: %s)", ratio(got), ratio(indicatorsTarget), verdict))
	if err := compareIndicators(ctx, conn, r); err != nil {
		return err
	}
	if c.stages {
		if err := viewStages(ctx, conn, r, log); err != nil {
			return err
		}
	}
	conn.Close()
	if err := w.Close(); err != nil {
		return err
	}
	if err := benchStore(ctx, c, r, log, path, ref, last, median(times[2])); err != nil {
		return fmt.Errorf("indicator store: %w", err)
	}
	if c.keep {
		return nil
	}
	return removeDB(path)
}

// synthetic is a warehouse of synthetic observations built with SQL
// (synthetic.sql), open, with the connection that built it.
type synthetic struct {
	w                           *warehouse.Warehouse
	conn                        *sql.Conn
	first, last, years, perYear int
	realProvinces               int
	obs, provinces              int64
	buildTime, storeTime        time.Duration
}

// buildSynthetic builds the synthetic warehouse at path: at least c.obs
// current observations, the codelist's provinces and district-sized units
// over every year in which they all exist.
func buildSynthetic(ctx context.Context, c *config, ref *indicators.Catalog, path string, log io.Writer) (*synthetic, error) {
	first, last := fullYears(ref.Areas)
	years := last - first + 1
	perYear := valuesPerProvinceYear(ref.Elements)
	units := (c.obs + years*perYear - 1) / (years * perYear)
	realProvinces := len(ref.Areas.Provinces(time.Date(last, 12, 31, 0, 0, 0, 0, time.UTC)))
	units = max(units, realProvinces)

	if err := removeDB(path); err != nil {
		return nil, err
	}
	progress(log, "building %s: %d provinces × %d years × %d values", path, units, years, perYear)
	start := time.Now()
	w, err := openWarehouse(ctx, path, ref)
	if err != nil {
		return nil, err
	}
	syn := &synthetic{w: w, first: first, last: last, years: years, perYear: perYear, realProvinces: realProvinces}
	// Variables belong to a connection: run the script on one.
	conn, err := w.DB().Conn(ctx)
	if err != nil {
		w.Close()
		return nil, err
	}
	syn.conn = conn
	fail := func(err error) (*synthetic, error) {
		conn.Close()
		w.Close()
		return nil, err
	}
	for name, v := range map[string]int{"units": units, "first_year": first, "last_year": last} {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("SET VARIABLE %s = %d", name, v)); err != nil {
			return fail(err)
		}
	}
	if _, err := conn.ExecContext(ctx, syntheticSQL); err != nil {
		return fail(fmt.Errorf("build synthetic warehouse: %w", err))
	}
	if err := w.RefreshMaps(ctx); err != nil {
		return fail(err)
	}
	if _, err := conn.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return fail(err)
	}
	syn.buildTime = time.Since(start)
	// A user's warehouse has its indicator store: every load keeps it, and
	// the timed rebuilds below replace a full store.
	progress(log, "building its indicator store")
	start = time.Now()
	if err := w.Refresh(ctx); err != nil {
		return fail(err)
	}
	syn.storeTime = time.Since(start)
	if err := conn.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM observations),
		(SELECT count(*) FROM bench_units)`).Scan(&syn.obs, &syn.provinces); err != nil {
		return fail(err)
	}
	return syn, nil
}

// fullYears is the span of years in which every province of the codelist
// (as of 2024-01-01) exists from January to December.
func fullYears(areas *schemas.Areas) (first, last int) {
	provinces := areas.Provinces(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	valid := func(y int) bool {
		for _, p := range provinces {
			if !p.ValidAt(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)) || !p.ValidAt(time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)) {
				return false
			}
		}
		return true
	}
	for first = schemas.MinYear; first < 2024 && !valid(first); first++ {
	}
	for last = 2024; last < schemas.MaxYear && valid(last+1); last++ {
	}
	return first, last
}

// provincesEnd is the last day on which a province of the codelist (as of
// 2024-01-01) exists, "open" when one has no end.
func provincesEnd(areas *schemas.Areas) string {
	var last time.Time
	for _, p := range areas.Provinces(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
		if p.ValidTo.IsZero() {
			return "open"
		}
		if p.ValidTo.After(last) {
			last = p.ValidTo
		}
	}
	return last.Format(time.DateOnly)
}

// compareIndicators checks that the view and the hand-written query give
// the same rows and figures, so that the comparison is like for like.
func compareIndicators(ctx context.Context, conn *sql.Conn, r *report) error {
	const differ = `NOT (v.%[1]s IS NOT DISTINCT FROM h.%[1]s OR coalesce(abs(v.%[1]s - h.%[1]s) <= %[2]s * greatest(1, abs(v.%[1]s)), false))`
	var conds []string
	for _, c := range []string{"value", "plan", "previous_year"} {
		conds = append(conds, fmt.Sprintf(differ, c, "1e-9"))
	}
	for _, c := range []string{"pct_of_plan", "pct_of_previous_year", "change_from_previous_year"} {
		conds = append(conds, fmt.Sprintf(differ, c, "0.0101")) // rounded to 2 decimals: sums in another order may round apart
	}
	conds = append(conds, "v.provinces_reporting <> h.provinces_reporting", "v.provinces_expected <> h.provinces_expected")
	q := `SELECT count(*) FILTER (WHERE h.indicator IS NULL), count(*) FILTER (WHERE v.indicator IS NULL),
	             count(*) FILTER (WHERE v.indicator IS NOT NULL AND h.indicator IS NOT NULL AND (` + strings.Join(conds, " OR ") + `)),
	             count(*)
	      FROM bench_iv v FULL JOIN bench_hand h ON h.indicator = v.indicator AND h.area = v.area AND h.period = v.period`
	var onlyView, onlyHand, differing, all int64
	if err := conn.QueryRowContext(ctx, q).Scan(&onlyView, &onlyHand, &differing, &all); err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	if onlyView+onlyHand+differing > 0 {
		r.printf("checked: the results DIFFER: %s rows only in the view, %s only in the hand-written query, %s with other figures\n",
			count(onlyView), count(onlyHand), count(differing))
		return nil
	}
	r.printf("checked: both give the same %s rows with the same figures\n", count(all))
	return nil
}

// viewQuery is indicator_values' view: every column of the rows
// indicator_values reads from the store, computed once computedFigures is
// set.
const (
	viewQuery       = "SELECT * FROM indicator_values"
	computedFigures = "SET VARIABLE chitieu_figures = 'computed'"
)

// viewStages times the views indicator_values is built on, each
// materialised on its own, to show where the time goes.
func viewStages(ctx context.Context, conn *sql.Conn, r *report, log io.Writer) error {
	r.printf("\nwhere the time goes: each view of the chain materialised alone (one run; each includes those before)\n\n")
	tab := [][]string{{"view", "seconds", "rows"}}
	for _, v := range []string{"observations", "element_values", "indicator_parts", "indicator_figures"} {
		progress(log, "stage %s", v)
		start := time.Now()
		if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE bench_stage AS SELECT * FROM "+v); err != nil {
			return fmt.Errorf("%s: %w", v, err)
		}
		s := time.Since(start).Seconds()
		var n int64
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM bench_stage").Scan(&n); err != nil {
			return err
		}
		tab = append(tab, []string{v, seconds(s), count(n)})
	}
	r.table(tab)
	_, err := conn.ExecContext(ctx, "DROP TABLE bench_stage")
	return err
}
