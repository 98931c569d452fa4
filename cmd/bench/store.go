package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"chitieu/indicators"
	"chitieu/ingest/csvfile"
	"chitieu/transform"
	"chitieu/warehouse"

	"github.com/duckdb/duckdb-go/v2"
)

// Targets of the indicator store (issue 15), as ratios in one run.
const (
	lookupTarget  = 3.0 // a lookup in indicator_values / the same in observations
	refreshTarget = 1.0 // a load's refresh of the store / the rest of that load
	rebuildTarget = 1.0 // full rebuild / today's view (every column of indicator_values)
	rebuildPeakMB = 3000
	publishTarget = 0.2 // the analysts' snapshot after a one-province load / built whole
)

// storeProvince is the province whose monthly files the benchmark loads:
// Nghệ An, a real province of the warehouse.
const storeProvince = "40"

// benchStore is the indicator store's part of "indicators", run on the
// synthetic warehouse at path once this process has closed it: a full
// rebuild (chitieu refresh) against the view's time viewSeconds measured
// in the same run; lookups through chitieu query, in indicator_values and
// in observations; one province's monthly files loaded, the store's
// refresh against the rest of the load, and after each the analysts'
// snapshot brought up to date against one built whole; a real chitieu ingest into the
// warehouse; and the store checked against the views at the end.
func benchStore(ctx context.Context, c *config, r *report, log io.Writer, path string, ref *indicators.Catalog, last int, viewSeconds float64) error {
	bin, err := filepath.Abs(c.bin)
	if err != nil {
		return err
	}
	r.section("2b. The indicator store (median of " + fmt.Sprint(c.runs) + ")")

	// Full rebuild, in a process of its own so that its peak memory is its
	// own, against today's view computed in a process of its own too: both
	// open the warehouse and read it cold (the view above ran in this
	// process after the others, on blocks already read).
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var rebuild, view []childRun
	for range c.runs {
		progress(log, "store: today's view, a process of its own")
		run, err := runChild(ctx, self, "-child-view", path)
		if err != nil {
			return err
		}
		view = append(view, run)
		progress(log, "store: full rebuild")
		if run, err = runChild(ctx, bin, "refresh", "--db", path); err != nil {
			return err
		}
		rebuild = append(rebuild, run)
	}
	secs, peaks, viewSecs, viewPeaks := make([]float64, len(rebuild)), make([]float64, len(rebuild)), make([]float64, len(view)), make([]float64, len(view))
	for i := range rebuild {
		secs[i], peaks[i] = rebuild[i].seconds, rebuild[i].rssKiB
		viewSecs[i], viewPeaks[i] = view[i].seconds, view[i].rssKiB
	}
	rb, peak, vw := median(secs), maxOf(peaks), median(viewSecs)
	verdict := met(rb/vw <= rebuildTarget && peak/1024 <= rebuildPeakMB)
	r.printf("full rebuild (chitieu refresh, a process of its own): %s s (runs %s), peak %s MB (highest of the runs);\n", seconds(rb), joinSeconds(secs), mib(peak))
	r.printf("           today's view (every column of indicator_values, map of the period), a process of its own:\n")
	r.printf("           %s s (runs %s), peak %s MB; in this process, above: %s s\n", seconds(vw), joinSeconds(viewSecs), mib(maxOf(viewPeaks)), seconds(viewSeconds))
	r.printf("time ratio rebuild / view: %s   (target ≤ %s and peak ≤ %d MB: %s)\n\n", ratio(rb/vw), ratio(rebuildTarget), rebuildPeakMB, verdict)
	r.target(fmt.Sprintf("store full rebuild / view:              %5s, peak %s MB   (target ≤ %s, ≤ %d MB: %s)", ratio(rb/vw), mib(peak), ratio(rebuildTarget), rebuildPeakMB, verdict))

	// Lookups through chitieu query: the analyst's view of the speed.
	year := fmt.Sprint(last)
	lookups := []struct{ name, sql string }{
		{"observations, one province, year", fmt.Sprintf(`SELECT * FROM observations WHERE data_element = 'jobs_created' AND area = '%s' AND period = '%s'`, storeProvince, year)},
		{"indicator_values, one province, year", fmt.Sprintf(`SELECT * FROM indicator_values WHERE indicator = 'jobs_created' AND area = '%s' AND period = '%s'`, storeProvince, year)},
		{"indicator_values, nation, quarter", fmt.Sprintf(`SELECT * FROM indicator_values WHERE indicator = 'jobs_created' AND area = 'VN' AND period = '%s-Q3'`, year)},
	}
	tab := [][]string{{"chitieu query", "seconds", "rows", "runs (s)"}}
	lookupSecs := make([]float64, len(lookups))
	for i, l := range lookups {
		var times []float64
		var rows int
		for range c.runs {
			progress(log, "store: lookup %s", l.name)
			run, err := runChild(ctx, bin, "query", "--db", path, "--format", "csv", l.sql)
			if err != nil {
				return err
			}
			times = append(times, run.seconds)
			rows = strings.Count(run.stdout, "\n") - 1
		}
		lookupSecs[i] = median(times)
		tab = append(tab, []string{l.name, seconds(lookupSecs[i]), fmt.Sprint(rows), joinSeconds(times)})
	}
	r.table(tab)
	for i, name := range []string{"point", "national"} {
		got := lookupSecs[i+1] / lookupSecs[0]
		v := met(got <= lookupTarget)
		r.printf("%s lookup / observations lookup: %s   (target ≤ %s: %s)\n", name, ratio(got), ratio(lookupTarget), v)
		r.target(fmt.Sprintf("store %-8s lookup / observations:   %5s   (target ≤ %s: %s)", name, ratio(got), ratio(lookupTarget), v))
	}

	// One province's monthly files, each a new version of months the
	// warehouse holds: the load in this process, its refresh timed apart.
	w, err := openWarehouse(ctx, path, ref)
	if err != nil {
		return err
	}
	tr := &transform.Transformer{Areas: ref.Areas, Elements: ref.Elements}
	// The analysts' snapshot: built whole (as chitieu snapshot does), then
	// kept by the service's publisher, which applies each load to it.
	var whole []float64
	for range c.runs {
		progress(log, "store: snapshot built whole")
		start := time.Now()
		if err := w.Publish(ctx, filepath.Join(c.dir, "whole.snapshot.duckdb")); err != nil {
			w.Close()
			return err
		}
		whole = append(whole, time.Since(start).Seconds())
	}
	snaps := w.Snapshots(filepath.Join(c.dir, "indicators.snapshot.duckdb"))
	for range 2 { // the first file built, the second copied from it
		if _, err := snaps.Publish(ctx, nil); err != nil {
			w.Close()
			return err
		}
	}
	var refresh, rest, publish []float64
	for i := range c.runs {
		month := fmt.Sprintf("%s-%02d", year, 12-i)
		file := filepath.Join(c.dir, fmt.Sprintf("store_%s_%s.csv", storeProvince, month))
		if err := writeMonthlyFile(file, ref, storeProvince, month, i); err != nil {
			w.Close()
			return err
		}
		progress(log, "store: load %s", file)
		start := time.Now()
		res, err := loadFile(ctx, w, file, tr)
		if err != nil {
			w.Close()
			return err
		}
		total := time.Since(start).Seconds()
		refresh = append(refresh, res.Refresh.Seconds())
		rest = append(rest, total-res.Refresh.Seconds())
		progress(log, "store: snapshot after the load")
		start = time.Now()
		if _, err := snaps.Publish(ctx, nil); err != nil {
			w.Close()
			return err
		}
		publish = append(publish, time.Since(start).Seconds())
	}
	if snaps.Whole != 2 {
		w.Close()
		return fmt.Errorf("the snapshot was built whole %d times, want 2 (the first file and its copy)", snaps.Whole)
	}
	if err := w.Close(); err != nil {
		return err
	}
	got := median(refresh) / median(rest)
	v := met(got <= refreshTarget)
	r.printf("\none province's monthly file (%s, %d values, a new version of a month): the load %s s, of which\n", storeProvince, monthlyValues(ref), seconds(median(rest)+median(refresh)))
	r.printf("           the store's refresh %s s (runs %s) and the rest %s s (runs %s)\n", seconds(median(refresh)), joinSeconds(refresh), seconds(median(rest)), joinSeconds(rest))
	r.printf("refresh / the rest of the load: %s   (target ≤ %s: %s)\n", ratio(got), ratio(refreshTarget), v)
	r.target(fmt.Sprintf("store refresh / the rest of the load:   %5s   (target ≤ %s: %s)", ratio(got), ratio(refreshTarget), v))
	got = median(publish) / median(whole)
	v = met(got <= publishTarget)
	r.printf("analysts' snapshot after that load (the service's publisher, applying it): %s s (runs %s);\n", seconds(median(publish)), joinSeconds(publish))
	r.printf("           built whole (chitieu snapshot): %s s (runs %s)\n", seconds(median(whole)), joinSeconds(whole))
	r.printf("snapshot after a load / built whole: %s   (target ≤ %s: %s)\n", ratio(got), ratio(publishTarget), v)
	r.target(fmt.Sprintf("snapshot after a load / built whole:    %5s   (target ≤ %s: %s)", ratio(got), ratio(publishTarget), v))

	// A real chitieu ingest into the warehouse: the ledger and its sequence
	// are those a user's warehouse would have.
	file := filepath.Join(c.dir, fmt.Sprintf("store_%s_%s-01.csv", storeProvince, year))
	if err := writeMonthlyFile(file, ref, storeProvince, year+"-01", 7); err != nil {
		return err
	}
	run, err := runChild(ctx, bin, "ingest", "--db", path, file)
	if err != nil {
		return err
	}
	r.printf("chitieu ingest of another monthly file into the warehouse: %s s: %s", seconds(run.seconds), run.stdout)

	if !c.check {
		r.printf("the store was not checked against the views (-check=false)\n")
		return nil
	}
	progress(log, "store: checking the store against the views")
	check, err := runChild(ctx, bin, "refresh", "--check", "--db", path)
	if err != nil {
		return fmt.Errorf("after the loads: %w", err)
	}
	r.printf("checked after the loads: %s", check.stdout)
	return nil
}

// viewChild computes today's view of indicator_values (every column, the
// map of the period) in the warehouse at path, materialised in a temporary
// table as the indicators part does: the rebuild's baseline, in a process
// of its own like the rebuild. It opens the file with DuckDB alone, so that
// nothing is installed or rebuilt.
func viewChild(ctx context.Context, path string, stdout io.Writer) error {
	connector, err := duckdb.NewConnector(path, nil)
	if err != nil {
		return err
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	c, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, computedFigures); err != nil {
		return err
	}
	if _, err := c.ExecContext(ctx, "CREATE TEMP TABLE bench_view AS "+viewQuery); err != nil {
		return fmt.Errorf("today's view: %w", err)
	}
	var n int64
	if err := c.QueryRowContext(ctx, "SELECT count(*) FROM bench_view").Scan(&n); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rows %d\n", n)
	return nil
}

// writeMonthlyFile writes a province's monthly long CSV: every flow's
// actual and year-to-date value for the month, shifted by salt so that
// each file is a new version.
func writeMonthlyFile(path string, ref *indicators.Catalog, area, month string, salt int) error {
	var b strings.Builder
	b.WriteString("data_element,area,period,value,kind\n")
	m := 0
	fmt.Sscanf(month[5:], "%d", &m)
	for _, e := range ref.Elements.All() {
		if e.Kind != "flow" {
			continue
		}
		v := 1000 + salt // the same for every flow: a part ("of which") may equal its total
		fmt.Fprintf(&b, "%s,%s,%s,%d,actual\n", e.Code, area, month, v)
		fmt.Fprintf(&b, "%s,%s,%s,%d,ytd\n", e.Code, area, month, v*m)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// monthlyValues is how many values writeMonthlyFile writes.
func monthlyValues(ref *indicators.Catalog) int {
	n := 0
	for _, e := range ref.Elements.All() {
		if e.Kind == "flow" {
			n += 2
		}
	}
	return n
}

// loadFile loads one long CSV as chitieu ingest does.
func loadFile(ctx context.Context, w *warehouse.Warehouse, path string, tr *transform.Transformer) (warehouse.Result, error) {
	sub := warehouse.Submission{FileName: filepath.Base(path), DeliveredBy: "bench", ReceivedAt: time.Now(), Template: csvfile.TemplateName}
	var err error
	if sub.SHA256, err = hashFile(path); err != nil {
		return warehouse.Result{}, err
	}
	rd, err := csvfile.Open(path, sub.FileName)
	if err != nil {
		return warehouse.Result{}, err
	}
	defer rd.Close()
	s := tr.Stream(ctx, sub.FileName, rd)
	defer s.Close()
	return w.Load(ctx, sub, s, func() warehouse.Contents {
		c := warehouse.ContentsOf(s.Summary())
		c.Problems = append(rd.Problems(), c.Problems...)
		return c
	})
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

func maxOf(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

func joinSeconds(xs []float64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprintf("%.2f", x)
	}
	return strings.Join(s, " ")
}
