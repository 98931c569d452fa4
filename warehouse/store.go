package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"chitieu/indicators"
)

// The indicator store: indicator_values and indicator_values_current read
// the tables indicator_store (the rows of the view indicator_figures) and
// indicator_unit_store (each indicator per province and period, the rows of
// indicator_units_scoped), which every load refreshes inside its own
// transaction: a committed load is never seen with stale indicators. The
// views of indicators/views.sql stay the specification; a refresh computes
// them over a scope (years, data elements, indicators, provinces) set in
// variables of its connection and read at the base of the views, then
// replaces the scope's rows of both tables. A full rebuild is the same code
// in steps: the units of a few provinces at a time, then the figures of a
// few years at a time.

// scope is what a refresh recomputes; a nil field means everything.
type scope struct {
	years      []int    // the years whose rows are recomputed
	elements   []string // the data elements read
	indicators []string // the indicators recomputed
	areas      []string // the province codes whose units are recomputed
	// the areas whose figures are recomputed: a load's provinces, their
	// regions, today's provinces they are part of, and the nation
	figureAreas []string
}

// A full rebuild computes the store in two passes, each in steps so that
// its memory is that of a step, not the whole warehouse's: first the units
// of a few provinces at a time, every year at once, in steps of at most
// rebuildObservations observations (areaSteps); then the figures of every
// area from the stored units, a few years at a time, in steps of at most
// rebuildUnits units.
var (
	rebuildObservations int64 = 1_000_000
	rebuildUnits        int64 = 2_000_000
)

// Refresh rebuilds the whole indicator store from the observations, in a
// transaction of its own (chitieu refresh). Loads keep it up to date; a
// rebuild is needed only after the warehouse was changed by other means.
func (w *Warehouse) Refresh(ctx context.Context) error {
	w.loadMu.Lock()
	defer w.loadMu.Unlock()
	defer w.rebuilds.Add(1)
	return w.rebuilding(ctx, func() error {
		return w.inTransaction(ctx, func(c *sql.Conn) error { return rebuildStore(ctx, c) })
	})
}

// rebuildSettings are DuckDB's settings while the store is rebuilt and its
// transaction committed, for the whole instance, reset after (rebuilding):
//   - memory_limit: the steps bound what the queries need, and beyond it
//     DuckDB evicts the blocks it has read (which it otherwise keeps, up to
//     80% of the machine's memory) and spills what does not fit to disk;
//   - no FSST compression: analysing every string column of every row
//     group for it took a quarter of writing the units (10.1 s against
//     7.5 s for 7.6 M units at 10 M observations), and the store's strings
//     are codes that dictionaries compress as well (the file is the same
//     size).
var rebuildSettings = [][2]string{{"memory_limit", "'2GB'"}, {"disabled_compression_methods", "'fsst'"}}

// rebuilding runs fn, a transaction that rebuilds the store, with
// rebuildSettings: the commit writes what the steps left, and is part of it.
func (w *Warehouse) rebuilding(ctx context.Context, fn func() error) (err error) {
	for _, s := range rebuildSettings {
		reset, serr := setGlobal(ctx, w.db, s[0], s[1])
		if serr != nil {
			return fmt.Errorf("refresh indicators: %w", serr)
		}
		defer func() { err = errors.Join(err, reset()) }()
	}
	return fn()
}

// rebuildStore empties the store and computes it again over every year
// holding observations.
func rebuildStore(ctx context.Context, c *sql.Conn) (err error) {
	if _, err := c.ExecContext(ctx, `DELETE FROM indicator_unit_store; DELETE FROM indicator_store`); err != nil {
		return fmt.Errorf("refresh indicators: %w", err)
	}
	areas, err := areaSteps(ctx, c, rebuildObservations)
	if err != nil {
		return fmt.Errorf("refresh indicators: %w", err)
	}
	for _, step := range areas {
		if err := storeUnits(ctx, c, scope{areas: step}, false); err != nil {
			return err
		}
	}
	years, err := yearSteps(ctx, c, `SELECT period_year(period) AS year, count(*) FROM indicator_unit_store
		GROUP BY year ORDER BY year`, rebuildUnits)
	if err != nil {
		return fmt.Errorf("refresh indicators: %w", err)
	}
	// The figures read the units stored above, within this transaction:
	// DuckDB estimates a table's rows from its committed ones, none when
	// the store was made anew (definitions or maps changed), and would
	// build every join's hash table on the units rather than on the
	// definitions or the maps. The joins are written with the units first,
	// and kept so.
	reset, err := setGlobal(ctx, c, "disabled_optimizers", "'build_side_probe_side'")
	if err != nil {
		return fmt.Errorf("refresh indicators: %w", err)
	}
	defer func() { err = errors.Join(err, reset()) }()
	for _, years := range years {
		if err := storeFigures(ctx, c, scope{years: years}, false); err != nil {
			return err
		}
	}
	return nil
}

// setGlobal sets DuckDB's setting name to value for the whole instance
// and returns what resets it.
func setGlobal(ctx context.Context, c indicators.Execer, name, value string) (reset func() error, err error) {
	if _, err := c.ExecContext(ctx, "SET GLOBAL "+name+" = "+value); err != nil {
		return nil, err
	}
	return func() error {
		_, err := c.ExecContext(context.WithoutCancel(ctx), "RESET GLOBAL "+name)
		return err
	}, nil
}

// yearSteps groups the years of query (year, rows) into consecutive steps
// of at most limit rows each (a year of more is a step of its own).
func yearSteps(ctx context.Context, c *sql.Conn, query string, limit int64) ([][]int, error) {
	rows, err := c.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var steps [][]int
	var step []int
	var n int64
	for rows.Next() {
		var year int
		var count int64
		if err := rows.Scan(&year, &count); err != nil {
			return nil, err
		}
		if len(step) > 0 && n+count > limit {
			steps, step, n = append(steps, step), nil, 0
		}
		step, n = append(step, year), n+count
	}
	if len(step) > 0 {
		steps = append(steps, step)
	}
	return steps, rows.Err()
}

// areaSteps groups the areas holding observations into steps of at most
// limit current observations each. The provinces that make one of today's
// provinces stay in one step (a group of more is a step of its own): their
// units read each other's observations, as a merged province gathers those
// it took in and compares with them a year earlier, and a load's refresh
// reads them together too (changes). Every year is computed at once, so no
// step reads a year that another computes.
func areaSteps(ctx context.Context, c *sql.Conn, limit int64) ([][]string, error) {
	rows, err := c.QueryContext(ctx, `
		SELECT coalesce(s.current_area, o.area) AS today, o.area, o.n
		FROM (SELECT area, count(*) AS n FROM observation_values WHERE superseded_by IS NULL GROUP BY area) o
		LEFT JOIN (SELECT code, min(current_area) AS current_area FROM area_spans GROUP BY code) s ON s.code = o.area
		ORDER BY today, o.area`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var steps [][]string
	var step, group []string
	var n, gn int64
	var today string
	add := func() {
		if len(step) > 0 && n+gn > limit {
			steps, step, n = append(steps, step), nil, 0
		}
		step, n, group, gn = append(step, group...), n+gn, nil, 0
	}
	for rows.Next() {
		var t, area string
		var count int64
		if err := rows.Scan(&t, &area, &count); err != nil {
			return nil, err
		}
		if t != today && len(group) > 0 {
			add()
		}
		today, group, gn = t, append(group, area), gn+count
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(group) > 0 {
		add()
	}
	if len(step) > 0 {
		steps = append(steps, step)
	}
	return steps, nil
}

// refreshAfterLoad refreshes what submission id can have changed (changes).
func refreshAfterLoad(ctx context.Context, c *sql.Conn, id int64) error {
	sc, ok, err := changes(ctx, c, []int64{id})
	if err != nil || !ok {
		return err
	}
	return refreshStore(ctx, c, sc, true)
}

// changes is the scope of the store that the loads ids can have changed:
// the data elements they hold or superseded and every indicator built on
// them, their provinces (with those sharing today's province with them),
// in the years they touched and the years after them (their previous
// year), and for those indicators and years the figures of those
// provinces, their regions, today's provinces they are part of and the
// nation. ok is false when no indicator is built on what they hold.
// Several loads give one scope holding each one's.
func changes(ctx context.Context, c *sql.Conn, ids []int64) (sc scope, ok bool, err error) {
	if len(ids) == 0 {
		return scope{}, false, nil
	}
	in := make([]string, len(ids))
	for i, id := range ids {
		in[i] = strconv.FormatInt(id, 10)
	}
	list := "(" + strings.Join(in, ", ") + ")"
	var elements, indicators, areas, figureAreas, years sql.NullString
	err = c.QueryRowContext(ctx, `
		WITH touched AS (
			SELECT DISTINCT o.data_element, o.area, p.year FROM observation_series o JOIN periods p ON p.code = o.period
			WHERE o.submission_id IN `+list+` OR o.superseded_by IN `+list+`
		),
		inds AS (SELECT DISTINCT indicator FROM indicator_elements WHERE data_element IN (SELECT data_element FROM touched)),
		units AS (
			SELECT area AS code FROM touched -- with the nation's and regions' own figures
			UNION
			SELECT code FROM area_spans
			WHERE current_area IN (SELECT current_area FROM area_spans WHERE code IN (SELECT area FROM touched))
		)
		SELECT (SELECT string_agg(DISTINCT data_element, ',') FROM indicator_elements WHERE indicator IN (SELECT indicator FROM inds)),
		       (SELECT string_agg(indicator, ',') FROM inds),
		       (SELECT string_agg(code, ',') FROM units),
		       (SELECT string_agg(DISTINCT code, ',') FROM (
		            SELECT code FROM units
		            UNION ALL
		            SELECT unnest([region, current_area]) FROM area_spans WHERE code IN (SELECT code FROM units)
		            UNION ALL
		            SELECT 'VN') WHERE code IS NOT NULL),
		       (SELECT string_agg(DISTINCT CAST(y AS VARCHAR), ',') FROM (SELECT year AS y FROM touched UNION SELECT year + 1 FROM touched))`,
	).Scan(&elements, &indicators, &areas, &figureAreas, &years)
	if err != nil {
		return scope{}, false, fmt.Errorf("find what the load changed: %w", err)
	}
	if !indicators.Valid || !areas.Valid {
		return scope{}, false, nil // no indicator is built on what it holds
	}
	sc = scope{elements: strings.Split(elements.String, ","), indicators: strings.Split(indicators.String, ","),
		areas: strings.Split(areas.String, ","), figureAreas: strings.Split(figureAreas.String, ",")}
	if sc.years, err = parseYears(years.String); err != nil {
		return scope{}, false, err
	}
	return sc, true, nil
}

// refreshStore replaces the store's rows of sc with the views' figures:
// first the units of sc's provinces (every province when sc.areas is nil),
// computed from the observations restricted to sc, then the figures of sc's
// indicators, years and figure areas, aggregated from the stored units of
// every province.
func refreshStore(ctx context.Context, c *sql.Conn, sc scope, replace bool) error {
	if err := storeUnits(ctx, c, sc, replace); err != nil {
		return err
	}
	sc.areas = nil
	return storeFigures(ctx, c, sc, replace)
}

// storeUnits stores the units of sc (indicator_units_scoped), in order of
// period: a load's refresh reads the stored units of a year or two, and
// skips the row groups of other years (in_years). A rebuild's steps each
// hold every year, so a row group of theirs holds a few years: the figures
// of a one-province load read them in 0.3 s against 0.7 s in the order the
// units were computed in (10 M observations, cold). The sort is about a
// tenth of a rebuild step's CPU time (DuckDB's profile); the whole rebuild
// took 31.9 and 38.5 s with it, 34.8 and 40.5 s without (its commit writes
// less). storeFigures stores the figures of sc's indicators and years
// (indicator_figures), aggregated from the stored units. replace says
// whether the scope's rows are deleted first (a rebuild has emptied the
// tables). c's variables are set
// meanwhile, and reset after; a connection whose variables cannot be reset
// is closed rather than reused.
func storeUnits(ctx context.Context, c *sql.Conn, sc scope, replace bool) error {
	var steps []string
	if replace {
		steps = append(steps, `DELETE FROM indicator_unit_store WHERE `+inScopeUnits)
	}
	return inScope(ctx, c, sc, append(steps, `INSERT INTO indicator_unit_store SELECT * FROM indicator_units_scoped ORDER BY period`))
}

func storeFigures(ctx context.Context, c *sql.Conn, sc scope, replace bool) error {
	steps := []string{`SET VARIABLE chitieu_units = 'stored'`}
	if replace {
		steps = append(steps, `DELETE FROM indicator_store WHERE `+inScopeFigures)
	}
	return inScope(ctx, c, sc, append(steps, `INSERT INTO indicator_store SELECT * FROM indicator_figures`))
}

// inScope runs steps on c with sc set in its variables (setScope), reset after.
func inScope(ctx context.Context, c *sql.Conn, sc scope, steps []string) (err error) {
	defer func() {
		if rerr := resetScope(context.WithoutCancel(ctx), c); rerr != nil {
			c.Raw(func(any) error { return driver.ErrBadConn })
			if err == nil {
				err = rerr
			}
		}
	}()
	if err := setScope(ctx, c, sc); err != nil {
		return fmt.Errorf("refresh indicators: %w", err)
	}
	for _, s := range steps {
		if _, err := c.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("refresh indicators: %w", err)
		}
	}
	return nil
}

// The rows of the store in the scope set on a connection (setScope): of
// indicator_store, the scope's years, indicators and figure areas; of
// indicator_unit_store, the scope's years, indicators and provinces.
const (
	inScopeRows = `in_years(period, getvariable('chitieu_scope_years'))
		AND (getvariable('chitieu_scope_indicators') IS NULL OR list_contains(getvariable('chitieu_scope_indicators'), indicator))`
	inScopeFigures = inScopeRows + `
		AND (getvariable('chitieu_scope_figure_areas') IS NULL OR list_contains(getvariable('chitieu_scope_figure_areas'), area))`
	inScopeUnits = inScopeRows + `
		AND (getvariable('chitieu_scope_areas') IS NULL OR list_contains(getvariable('chitieu_scope_areas'), area))`
)

// setScope sets sc in c's variables, read at the base of the views, and
// the present (whatever a previous user of the connection asked).
func setScope(ctx context.Context, c *sql.Conn, sc scope) error {
	if _, err := c.ExecContext(ctx, "RESET VARIABLE as_of"); err != nil {
		return err
	}
	for name, v := range map[string]string{
		"chitieu_scope_years":        intList(sc.years),
		"chitieu_scope_elements":     stringList(sc.elements),
		"chitieu_scope_indicators":   stringList(sc.indicators),
		"chitieu_scope_areas":        stringList(sc.areas),
		"chitieu_scope_figure_areas": stringList(sc.figureAreas),
	} {
		if v == "" {
			continue
		}
		if _, err := c.ExecContext(ctx, "SET VARIABLE "+name+" = "+v); err != nil {
			return err
		}
	}
	return nil
}

// resetScope clears the variables refreshStore sets.
func resetScope(ctx context.Context, c *sql.Conn) error {
	for _, name := range []string{"chitieu_scope_years", "chitieu_scope_elements", "chitieu_scope_indicators",
		"chitieu_scope_areas", "chitieu_scope_figure_areas", "chitieu_units"} {
		if _, err := c.ExecContext(ctx, "RESET VARIABLE "+name); err != nil {
			return err
		}
	}
	return nil
}

// intList writes ns as a DuckDB list literal; "" for nil.
func intList(ns []int) string {
	if ns == nil {
		return ""
	}
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return "[" + strings.Join(s, ", ") + "]::INTEGER[]"
}

// stringList writes ss as a DuckDB list literal; "" for nil.
func stringList(ss []string) string {
	if ss == nil {
		return ""
	}
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]::VARCHAR[]"
}

// parseYears reads "2023,2024".
func parseYears(list string) ([]int, error) {
	var years []int
	for _, y := range strings.Split(list, ",") {
		n, err := strconv.Atoi(y)
		if err != nil {
			return nil, fmt.Errorf("year %q: %w", y, err)
		}
		years = append(years, n)
	}
	return years, nil
}

// StoreDifferences counts the rows by which the indicator store and the
// views it materialises differ, both ways: 0 and 0 when indicator_values
// and indicator_values_current hold what the views compute now. Numbers
// match within a relative 1e-9: sums of fractions taken in another order
// differ in their last digits.
func (w *Warehouse) StoreDifferences(ctx context.Context) (missing, extra int64, err error) {
	c, err := w.db.Conn(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "RESET VARIABLE as_of"); err != nil {
		return 0, 0, err
	}
	// every column of the store, as the views shape it
	rows, err := c.QueryContext(ctx, `SELECT column_name, data_type FROM duckdb_columns()
		WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'indicator_store'
		ORDER BY column_index`)
	if err != nil {
		return 0, 0, err
	}
	var match []string
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			rows.Close()
			return 0, 0, err
		}
		a, b := "a."+quoteIdent(name), "b."+quoteIdent(name)
		if typ == "DOUBLE" {
			match = append(match, fmt.Sprintf("(%s IS NULL AND %s IS NULL OR abs(%s - %s) <= 1e-9 * greatest(1, abs(%s)))", a, b, a, b, a))
		} else {
			match = append(match, a+" IS NOT DISTINCT FROM "+b)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	on := strings.Join(match, " AND ")
	// the rows that differ at all (a hash join), then of those the ones
	// with no counterpart within the tolerance (a few rows, compared pairwise)
	err = c.QueryRowContext(ctx, `
		WITH v AS MATERIALIZED (SELECT * FROM indicator_figures),
		missing AS MATERIALIZED (SELECT * FROM v EXCEPT ALL SELECT * FROM indicator_store),
		extra AS MATERIALIZED (SELECT * FROM indicator_store EXCEPT ALL SELECT * FROM v)
		SELECT (SELECT count(*) FROM missing a ANTI JOIN extra b ON `+on+`),
		       (SELECT count(*) FROM extra a ANTI JOIN missing b ON `+on+`)`).Scan(&missing, &extra)
	if err != nil {
		return 0, 0, fmt.Errorf("compare the indicator store with the views: %w", err)
	}
	return missing, extra, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
