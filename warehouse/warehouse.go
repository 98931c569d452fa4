// Package warehouse is chitieu's DuckDB layer: one database file holding the
// submissions ledger, every observation loaded (with the file and cell it
// came from), the reference tables and the views analysts query. Batches
// arrive through duckdb-go's Arrow interface, one transaction per file.
//
// It is the only package (with cmd/chitieu) that links DuckDB.
package warehouse

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"chitieu/indicators"
	"chitieu/schemas"
)

//go:embed schema.sql
var schemaSQL string

//go:embed reference.sql
var referenceSQL string

//go:embed service.sql
var serviceSQL string

//go:embed status.sql
var statusSQL string

//go:embed maps.sql
var mapsSQL string

// schemaVersion changes when schema.sql changes incompatibly.
const schemaVersion = "1"

// Reference is what the warehouse's reference tables and views are built from.
type Reference struct {
	Areas    *schemas.Areas
	Elements *schemas.Elements
	// Views is SQL run after the reference tables exist: the indicator
	// definitions table and the views computing indicators.
	Views string
	// Forms are the reports expected from provinces (submission_status).
	Forms []schemas.Form
}

// Warehouse is an open database file.
type Warehouse struct {
	db       *sql.DB
	conn     *duckdb.Connector
	now      func() time.Time
	name     string // the catalog name DuckDB gave the file
	elements *schemas.Elements

	publishMu sync.Mutex // one snapshot written at a time
	// loadMu makes loads and refreshes one at a time: each refreshes the
	// indicator store's regions and nation from every province's units,
	// which a concurrent load's transaction would not see.
	loadMu sync.Mutex
	// rebuilds counts the changes to the warehouse made other than by loads
	// and rejections (Refresh, RefreshMaps): a snapshot kept up to date by
	// applying loads (Snapshots) is built afresh after one.
	rebuilds atomic.Int64
}

// Open opens (creating if needed) the database at path, creates the tables
// and brings the reference tables and views up to date with ref. now gives
// the time recorded in the ledger; nil means time.Now.
func Open(ctx context.Context, path string, ref Reference, now func() time.Time) (*Warehouse, error) {
	if now == nil {
		now = time.Now
	}
	// Loads are appends of whole files and every query of ours sorts, so
	// DuckDB need not keep insertion order: it then stores Arrow batches on
	// all cores (a third faster on two). A load writes each row group to
	// the file as soon as it is full, where DuckDB would hold five per
	// thread (over a million rows on two cores) in memory first: a
	// national file's memory is then its batches', not its size.
	connector, err := duckdb.NewConnector(path, func(c driver.ExecerContext) error {
		_, err := c.ExecContext(context.Background(), "SET preserve_insertion_order = false; SET write_buffer_row_group_count = 1", nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w := &Warehouse{db: sql.OpenDB(connector), conn: connector, now: now, elements: ref.Elements}
	if err := w.migrate(ctx, ref); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return w, nil
}

// Close closes the database.
func (w *Warehouse) Close() error {
	return errors.Join(w.db.Close(), w.conn.Close())
}

// DB is the database handle, for queries.
func (w *Warehouse) DB() *sql.DB { return w.db }

func (w *Warehouse) migrate(ctx context.Context, ref Reference) error {
	if _, err := w.db.ExecContext(ctx, schemaSQL+"\n"+serviceSQL); err != nil {
		return fmt.Errorf("create tables: %w", err)
	}
	var version string
	err := w.db.QueryRowContext(ctx, `SELECT value FROM chitieu_meta WHERE key = 'schema_version'`).Scan(&version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := w.db.ExecContext(ctx, `INSERT INTO chitieu_meta VALUES ('schema_version', ?)`, schemaVersion); err != nil {
			return err
		}
	case err != nil:
		return err
	case version != schemaVersion:
		return fmt.Errorf("database schema version %s, this chitieu needs %s", version, schemaVersion)
	}

	// Rebuild reference tables and views only when their definitions changed,
	// so that opening a database to query it does not write to it.
	script, err := w.referenceScript(ref)
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(script))
	fingerprint := hex.EncodeToString(sum[:])
	var current string
	err = w.db.QueryRowContext(ctx, `SELECT value FROM chitieu_meta WHERE key = 'reference'`).Scan(&current)
	if err == nil && current == fingerprint {
		return nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	// The views' definitions or the maps changed: the indicator store is
	// rebuilt with them, in the same transaction.
	return w.rebuilding(ctx, func() error {
		return w.inTransaction(ctx, func(c *sql.Conn) error {
			if _, err := c.ExecContext(ctx, script); err != nil {
				return fmt.Errorf("install reference tables and views: %w", err)
			}
			if err := rebuildStore(ctx, c); err != nil {
				return err
			}
			_, err := c.ExecContext(ctx, `INSERT OR REPLACE INTO chitieu_meta VALUES ('reference', ?)`, fingerprint)
			return err
		})
	})
}

// inTransaction runs fn on a connection of its own inside a transaction,
// committed when fn succeeds and rolled back otherwise.
func (w *Warehouse) inTransaction(ctx context.Context, fn func(*sql.Conn) error) error {
	c, err := w.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	if err := fn(c); err != nil {
		c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return err
	}
	_, err = c.ExecContext(ctx, "COMMIT")
	return err
}

// ConnAsOf returns a connection of its own whose views show what the
// warehouse held at time at (SET VARIABLE as_of), or the present when at is
// zero. As of a time, indicator_values is computed from the views; given
// years, only for those years (chitieu_scope_years: their observations
// and the year before each, for the previous-year comparisons), which
// costs what those years cost rather than the whole warehouse. The caller
// closes it.
func (w *Warehouse) ConnAsOf(ctx context.Context, at time.Time, years ...int) (*sql.Conn, error) {
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if err := indicators.SetAsOf(ctx, conn, at, years); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// RefreshMaps rebuilds the tables derived from areas and area_code_map
// (warehouse/maps.sql), for a caller that changed those by hand, as the
// indicators benchmark does with its synthetic provinces. The indicator
// store is not rebuilt: call Refresh after.
func (w *Warehouse) RefreshMaps(ctx context.Context) error {
	defer w.rebuilds.Add(1)
	if _, err := w.db.ExecContext(ctx, mapsSQL); err != nil {
		return fmt.Errorf("rebuild area maps: %w", err)
	}
	return nil
}

// referenceScript is the SQL that rebuilds the reference tables from ref.
func (w *Warehouse) referenceScript(ref Reference) (string, error) {
	var b strings.Builder
	b.WriteString(strings.NewReplacer(
		"getvariable('min_year')", strconv.Itoa(schemas.MinYear),
		"getvariable('max_year')", strconv.Itoa(schemas.MaxYear)).Replace(referenceSQL))
	b.WriteString("\nINSERT INTO areas VALUES\n")
	for i, a := range ref.Areas.All() {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "(%s, %s, %s, %s, %s, %s, %s, %s, %s)", quote(a.Code), quote(a.Level), nullable(a.Parent),
			quote(a.NameVI), nullable(a.FullNameVI), nullable(a.NameEN), date(a.ValidFrom), date(a.ValidTo), nullable(a.Successor))
	}
	codeMap, err := ref.Areas.CodeMap()
	if err != nil {
		return "", err
	}
	b.WriteString(";\nINSERT INTO area_code_map VALUES\n")
	for i, m := range codeMap {
		if i > 0 {
			b.WriteString(",\n")
		}
		from, to := "DATE '0001-01-01'", "DATE '9999-12-31'"
		if !m.From.IsZero() {
			from = date(m.From)
		}
		if !m.To.IsZero() {
			to = date(m.To)
		}
		fmt.Fprintf(&b, "(%s, %s, %s, %s)", quote(m.Code), from, to, quote(m.Area))
	}
	b.WriteString(";\nINSERT INTO data_elements VALUES\n")
	for i, d := range ref.Elements.All() {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "(%s, %s, %s, %s, %s, %s, %s, %s, %s)", quote(d.Code), quote(d.NameVI), quote(d.NameEN),
			quote(d.Unit), quote(d.Kind), nullable(d.Numerator), nullable(d.Denominator), quote(d.Base()), quote(d.BreakdownOrTotal()))
	}
	b.WriteString(";\n")
	for _, dim := range ref.Elements.Dimensions() {
		for _, o := range dim.Options {
			fmt.Fprintf(&b, "INSERT INTO breakdowns VALUES (%s, %s, %s, %s, %s);\n", quote(schemas.Breakdown(dim.Code, o.Code)),
				quote(dim.Code), quote(o.Code), quote(o.NameVI), quote(o.NameEN))
		}
	}
	// Values stored before their element was broken down, under the code the
	// series had as an element of its own (jobs_created_female), move to the
	// element with their breakdown.
	b.WriteString(`UPDATE observation_values AS o SET data_element = e.element, breakdown = e.breakdown
FROM data_elements e
WHERE e.breakdown <> 'total' AND o.data_element = e.element || '_' || split_part(e.breakdown, '=', 2);
`)
	b.WriteString(`CREATE OR REPLACE TABLE forms (code VARCHAR PRIMARY KEY, name_vi VARCHAR, name_en VARCHAR,
    period_type VARCHAR NOT NULL, reporters VARCHAR NOT NULL, due_months_after INTEGER NOT NULL, due_day INTEGER NOT NULL);
CREATE OR REPLACE TABLE form_templates (form VARCHAR NOT NULL, template VARCHAR NOT NULL);
`)
	for _, f := range ref.Forms {
		fmt.Fprintf(&b, "INSERT INTO forms VALUES (%s, %s, %s, %s, %s, %d, %d);\n", quote(f.Code), quote(f.NameVI),
			quote(f.NameEN), quote(f.PeriodType), quote(f.Reporters), f.Due.MonthsAfter, f.Due.Day)
		for _, t := range f.Templates {
			fmt.Fprintf(&b, "INSERT INTO form_templates VALUES (%s, %s);\n", quote(f.Code), quote(t))
		}
	}
	b.WriteString(statusSQL)
	b.WriteString("\n")
	b.WriteString(mapsSQL)
	b.WriteString(ref.Views)
	return b.String(), nil
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func nullable(s string) string {
	if s == "" {
		return "NULL"
	}
	return quote(s)
}

func date(t time.Time) string {
	if t.IsZero() {
		return "NULL"
	}
	return "DATE '" + t.Format(time.DateOnly) + "'"
}
