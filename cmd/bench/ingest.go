package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"

	"chitieu/indicators"
	"chitieu/ingest/csvfile"
	"chitieu/schemas"
	"chitieu/transform"
	"chitieu/warehouse"
)

// ingestTarget is the aim for chitieu's ingest throughput as a share of
// DuckDB's read_csv into a table.
const ingestTarget = 0.7

// ingestMemoryTarget is the aim for the peak memory of chitieu ingest of
// the bench file, in MiB: bounded by the batches, not by the file.
const ingestMemoryTarget = 300

// readCSVColumns are the types the baseline reads the long CSV with: those
// chitieu stores (codes as text, so that "01" keeps its zero; value DOUBLE).
const readCSVColumns = `{'data_element': 'VARCHAR', 'area': 'VARCHAR', 'period': 'VARCHAR', 'value': 'DOUBLE',
	'kind': 'VARCHAR', 'status': 'VARCHAR', 'comment': 'VARCHAR'}`

// childRun is one measured child process.
type childRun struct {
	seconds float64 // wall time from start to exit
	rssKiB  float64 // peak resident set size
	stdout  string
}

// runChild runs a program to completion and measures it. A non-zero exit
// is an error carrying the end of its output.
func runChild(ctx context.Context, name string, args ...string) (childRun, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Start()
	// The child's peak as the system reports it after its end counts this
	// process's own peak (Linux records the memory it forked from), which
	// after the indicators part's views is gigabytes: the child's own is
	// read while it runs (VmHWM), at most 50 ms before its end.
	var polled float64
	if err == nil {
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			t := time.NewTicker(50 * time.Millisecond)
			defer t.Stop()
			for {
				polled = max(polled, peakRSSRunningKiB(cmd.Process.Pid))
				select {
				case <-stop:
					return
				case <-t.C:
				}
			}
		}()
		err = cmd.Wait()
		close(stop)
		<-done
	}
	elapsed := time.Since(start)
	if err != nil {
		return childRun{}, fmt.Errorf("%s %s: %w\n%s%s", name, strings.Join(args, " "), err, tail(out.String()), tail(errOut.String()))
	}
	rss := peakRSSKiB(cmd.ProcessState)
	if polled > 0 {
		rss = polled
	}
	return childRun{seconds: elapsed.Seconds(), rssKiB: rss, stdout: out.String()}, nil
}

// tail is the last lines of a child's output, for error messages.
func tail(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	if len(lines) == 1 && lines[0] == "" {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// readCSVChild is the baseline: DuckDB loading the CSV into a fresh table
// with read_csv, in its own process. It prints "rows N".
func readCSVChild(ctx context.Context, csvPath, dbPath string, stdout io.Writer) error {
	if dbPath == "" {
		return fmt.Errorf("%w: -child-readcsv needs -child-db", errUsage)
	}
	connector, err := duckdb.NewConnector(dbPath, nil)
	if err != nil {
		return err
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	q := fmt.Sprintf(`CREATE TABLE t AS SELECT * FROM read_csv(%s, header = true, delim = ',', columns = %s)`,
		sqlString(csvPath), readCSVColumns)
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("read_csv %s: %w", csvPath, err)
	}
	var n int64
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rows %d\n", n)
	return db.Close()
}

// sqlString writes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// benchIngest is part 1: chitieu ingest against read_csv.
func benchIngest(ctx context.Context, c *config, r *report, log io.Writer) error {
	ref, err := indicators.LoadCatalog()
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if _, err := os.Stat(c.bin); err != nil {
		return fmt.Errorf("chitieu binary: %w (run make build)", err)
	}
	csvPath := filepath.Join(c.dir, "long.csv")
	progress(log, "writing %s", csvPath)
	start := time.Now()
	rows, space, err := writeLongCSV(csvPath, c.rows, ref.Areas, ref.Elements)
	if err != nil {
		return err
	}
	genTime := time.Since(start)
	info, err := os.Stat(csvPath)
	if err != nil {
		return err
	}

	r.section("1. Ingest: chitieu ingest vs DuckDB read_csv (child processes, median of " + strconv.Itoa(c.runs) + ")")
	r.printf("input: %s rows, %s MB long CSV (generated in %.1f s): %d provinces × %d data elements ×\n",
		count(rows), mib(float64(info.Size())/1024), genTime.Seconds(),
		len(ref.Areas.Provinces(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))), len(ref.Elements.All()))
	r.printf("       months, quarters, years and years to date × actual, plan and (flows) ytd; counts whole, rates one decimal\n")
	if rows < c.rows {
		r.printf("NOTE:  %s rows were asked, but the area codelist admits only %s distinct keys in one file:\n", count(c.rows), count(space))
		r.printf("       the file keeps to the 63 provinces, which end on %s (the 34 after them would add\n", provincesEnd(ref.Areas))
		r.printf("       some 30,000 keys before results for periods not yet begun are refused)\n")
		r.printf("       (chitieu rejects a repeated data element, area, period and kind). Throughput is per row.\n")
	}
	r.printf("chitieu: `chitieu ingest` into an empty warehouse created beforehand (untimed: creating one\n")
	r.printf("         builds its reference tables and views once, about half a second)\n")
	r.printf("baseline: CREATE TABLE t AS SELECT * FROM read_csv(FILE, header = true, columns = {...}) with the\n")
	r.printf("          types chitieu stores (codes VARCHAR, value DOUBLE); inference would read area \"01\" as 1\n\n")

	var chitieu, baseline []childRun
	ingestDB := filepath.Join(c.dir, "ingest.duckdb")
	readDB := filepath.Join(c.dir, "readcsv.duckdb")
	for i := range c.runs {
		if err := removeDB(ingestDB); err != nil {
			return err
		}
		// The warehouse exists before its files arrive: create it untimed
		// (reference tables and views, about half a second, once).
		if _, err := runChild(ctx, c.bin, "query", "--db", ingestDB, "SELECT 1"); err != nil {
			return err
		}
		progress(log, "run %d/%d: chitieu ingest", i+1, c.runs)
		run, err := runChild(ctx, c.bin, "ingest", "--db", ingestDB, csvPath)
		if err != nil {
			return err
		}
		if err := checkIngested(ctx, ingestDB, rows); err != nil {
			return err
		}
		chitieu = append(chitieu, run)

		if err := removeDB(readDB); err != nil {
			return err
		}
		progress(log, "run %d/%d: read_csv", i+1, c.runs)
		run, err = runChild(ctx, self, "-child-readcsv", csvPath, "-child-db", readDB)
		if err != nil {
			return err
		}
		if got := strings.TrimSpace(run.stdout); got != "rows "+strconv.Itoa(rows) {
			return fmt.Errorf("read_csv baseline: %q, want rows %d", got, rows)
		}
		baseline = append(baseline, run)
	}
	secs := func(runs []childRun) float64 {
		var xs []float64
		for _, r := range runs {
			xs = append(xs, r.seconds)
		}
		return median(xs)
	}
	rss := func(runs []childRun) float64 {
		var xs []float64
		for _, r := range runs {
			xs = append(xs, r.rssKiB)
		}
		return median(xs)
	}
	each := func(runs []childRun) string {
		var s []string
		for _, r := range runs {
			s = append(s, strconv.FormatFloat(r.seconds, 'f', 2, 64))
		}
		return strings.Join(s, " ")
	}
	cs, bs := secs(chitieu), secs(baseline)
	r.table([][]string{
		{"", "rows/s", "seconds", "peak MB", "runs (s)"},
		{"chitieu ingest", count(float64(rows) / cs), seconds(cs), mib(rss(chitieu)), each(chitieu)},
		{"DuckDB read_csv", count(float64(rows) / bs), seconds(bs), mib(rss(baseline)), each(baseline)},
	})
	got := bs / cs
	verdict := "met"
	if got < ingestTarget {
		verdict = "MISSED"
	}
	r.printf("\nthroughput ratio chitieu / read_csv: %.2f   (target ≥ %.2f: %s)\n", got, ingestTarget, verdict)
	r.target(fmt.Sprintf("ingest throughput, chitieu / read_csv:   %5.2f   (target ≥ %.2f: %s)", got, ingestTarget, verdict))
	r.printf("memory ratio chitieu / read_csv:     %.2f\n", rss(chitieu)/rss(baseline))
	var peak float64 // the highest of the runs, not their median
	for _, c := range chitieu {
		peak = max(peak, c.rssKiB)
	}
	verdict = "met"
	if peak/1024 >= ingestMemoryTarget {
		verdict = "MISSED"
	}
	r.target(fmt.Sprintf("ingest peak memory, highest of %d runs:  %s MB (target < %d MB: %s)", len(chitieu), mib(peak), ingestMemoryTarget, verdict))
	said := strings.TrimSpace(strings.SplitN(chitieu[0].stdout, "\n", 2)[0])
	if rs := []rune(said); len(rs) > 100 {
		said = string(rs[:100]) + "…"
	}
	r.printf("chitieu said: %s\n", said)
	r.printf("checked: every ingest exited 0 and left %s rows in observation_values, one loaded submission\n", count(rows))

	if err := ingestStages(ctx, c, r, ref, csvPath, rows, log); err != nil || c.keep {
		return err
	}
	return errors.Join(removeDB(ingestDB), removeDB(readDB), os.Remove(csvPath))
}

// checkIngested verifies that the database holds rows observations from
// one loaded submission.
func checkIngested(ctx context.Context, path string, rows int) error {
	connector, err := duckdb.NewConnector(path+"?access_mode=read_only", nil)
	if err != nil {
		return err
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	var n, loaded int64
	err = db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM observation_values),
		(SELECT count(*) FROM submissions WHERE outcome = 'loaded')`).Scan(&n, &loaded)
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if n != int64(rows) || loaded != 1 {
		return fmt.Errorf("check %s: %d observations from %d loaded submissions, want %d from 1", path, n, loaded, rows)
	}
	return nil
}

// ingestStages times chitieu's ingest path in this process, stage by stage
// added, to show where the time goes. The stages overlap in chitieu (the
// transform runs on its own goroutine while DuckDB stores the previous
// batch), so the differences are an upper bound of each stage's cost.
func ingestStages(ctx context.Context, c *config, r *report, ref *indicators.Catalog, csvPath string, rows int, log io.Writer) error {
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	tr := &transform.Transformer{Areas: ref.Areas, Elements: ref.Elements}
	stageDB := filepath.Join(c.dir, "stages.duckdb")
	stages := []struct {
		name string
		run  func() (float64, error) // seconds
	}{
		{"sha256 of the file", timed(func() error {
			_, err := hashFile(csvPath)
			return err
		})},
		{"read (ingest/csvfile)", timed(func() error {
			rd, err := csvfile.Open(csvPath, csvPath)
			if err != nil {
				return err
			}
			defer rd.Close()
			n := 0
			for {
				rec, err := rd.Next(ctx)
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					return err
				}
				n += int(rec.NumRows())
				rec.Release()
			}
			if n != rows {
				return fmt.Errorf("read %d rows, want %d", n, rows)
			}
			return nil
		})},
		{"read + transform", timed(func() error {
			rd, err := csvfile.Open(csvPath, csvPath)
			if err != nil {
				return err
			}
			defer rd.Close()
			s := tr.Stream(ctx, csvPath, rd)
			if err := s.Drain(); err != nil {
				return err
			}
			if sum := s.Summary(); sum.Rejected() || sum.Rows != int64(rows) {
				return fmt.Errorf("transform: %d rows, %d problems (%v), want %d rows", sum.Rows, len(sum.Problems), sum.Problems.Err(), rows)
			}
			return nil
		})},
		{"hash + read + transform + store (warehouse.Load)", timed(func() error {
			return loadInProcess(ctx, stageDB, csvPath, ref, tr, rows)
		})},
		{"DuckDB alone: INSERT of the batches held in memory", func() (float64, error) {
			return insertOnly(ctx, stageDB, csvPath, ref, tr, rows)
		}},
	}
	times := make([][]float64, len(stages))
	peaks := make([][]float64, len(stages))
	for i := range c.runs {
		for j, st := range stages {
			progress(log, "run %d/%d: stage %s", i+1, c.runs, st.name)
			runtime.GC()
			debug.FreeOSMemory()
			resetPeakRSS()
			secs, err := st.run()
			if err != nil {
				return fmt.Errorf("stage %s: %w", st.name, err)
			}
			times[j] = append(times[j], secs)
			peaks[j] = append(peaks[j], peakRSSSelfKiB())
		}
	}
	r.printf("\nwhere the time goes: chitieu's ingest path in this process, stages added one by one (median of %d;\n", c.runs)
	r.printf("in chitieu they overlap: the transform runs on its own goroutine while DuckDB stores the last batch;\n")
	r.printf("the last line times only DuckDB storing batches already transformed, as warehouse.Load inserts them)\n\n")
	tab := [][]string{{"stage", "seconds", "rows/s", "peak MB"}}
	for j, st := range stages {
		s := median(times[j])
		tab = append(tab, []string{st.name, seconds(s), count(float64(rows) / s), mib(median(peaks[j]))})
	}
	r.table(tab)
	if c.cpuProfile != "" {
		r.printf("CPU profile of these stages: %s (go tool pprof -top %s)\n", c.cpuProfile, c.cpuProfile)
	}
	return removeDB(stageDB)
}

// timed measures f in seconds.
func timed(f func() error) func() (float64, error) {
	return func() (float64, error) {
		start := time.Now()
		err := f()
		return time.Since(start).Seconds(), err
	}
}

// insertOnly times DuckDB alone storing a file's observations: the
// transformed batches are held in memory first, then inserted into a fresh
// warehouse as warehouse.Load does it (an Arrow view, INSERT ... SELECT).
func insertOnly(ctx context.Context, dbPath, csvPath string, ref *indicators.Catalog, tr *transform.Transformer, rows int) (float64, error) {
	rd, err := csvfile.Open(csvPath, csvPath)
	if err != nil {
		return 0, err
	}
	s := tr.Stream(ctx, csvPath, rd)
	var recs []arrow.RecordBatch
	for s.Next() {
		rec := s.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
	}
	s.Close()
	rd.Close()
	if err := s.Err(); err != nil {
		return 0, err
	}
	rr, err := array.NewRecordReader(schemas.ObservationSchema, recs)
	for _, rec := range recs {
		rec.Release() // the reader holds them now
	}
	if err != nil {
		return 0, err
	}
	defer rr.Release()

	if err := removeDB(dbPath); err != nil {
		return 0, err
	}
	w, err := openWarehouse(ctx, dbPath, ref)
	if err != nil {
		return 0, err
	}
	defer w.Close()
	conn, err := w.DB().Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	start := time.Now()
	err = conn.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		release, err := ar.RegisterView(rr, "incoming")
		if err != nil {
			return err
		}
		defer release()
		_, err = dc.(driver.ExecerContext).ExecContext(ctx, `INSERT INTO observation_values (submission_id, data_element, breakdown, area, period,
				kind, status, value, comment, source_row, source_cell, target_shape, target_high)
			SELECT 1, data_element, breakdown, area, period, kind, status, value, comment, source_row, source_cell,
			       target_shape, target_high
			FROM incoming`, nil)
		return err
	})
	secs := time.Since(start).Seconds()
	if err != nil {
		return 0, err
	}
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM observation_values`).Scan(&n); err != nil {
		return 0, err
	}
	if n != rows {
		return 0, fmt.Errorf("inserted %d rows, want %d", n, rows)
	}
	return secs, nil
}

// loadInProcess does what `chitieu ingest` does for one file, in this
// process, on a fresh database.
func loadInProcess(ctx context.Context, dbPath, csvPath string, ref *indicators.Catalog, tr *transform.Transformer, rows int) error {
	if err := removeDB(dbPath); err != nil {
		return err
	}
	w, err := openWarehouse(ctx, dbPath, ref)
	if err != nil {
		return err
	}
	err = load(ctx, w, csvPath, tr, rows)
	return errors.Join(err, w.Close())
}

func load(ctx context.Context, w *warehouse.Warehouse, csvPath string, tr *transform.Transformer, rows int) error {
	var err error
	sub := warehouse.Submission{FileName: csvPath, DeliveredBy: "bench", ReceivedAt: time.Now(), Template: csvfile.TemplateName}
	if sub.SHA256, err = hashFile(csvPath); err != nil {
		return err
	}
	rd, err := csvfile.Open(csvPath, csvPath)
	if err != nil {
		return err
	}
	defer rd.Close()
	s := tr.Stream(ctx, csvPath, rd)
	defer s.Close()
	res, err := w.Load(ctx, sub, s, func() warehouse.Contents {
		return warehouse.ContentsOf(s.Summary())
	})
	if err != nil {
		return err
	}
	if res.Rows != int64(rows) {
		return fmt.Errorf("loaded %d rows, want %d", res.Rows, rows)
	}
	return nil
}

// hashFile is the SHA-256 chitieu records for a submission.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
