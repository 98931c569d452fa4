package warehouse

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"
)

// SnapshotPath is where the analysts' snapshot of the database at path is
// published: "chitieu.duckdb" → "chitieu.snapshot.duckdb", beside it.
func SnapshotPath(path string) string {
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + ".snapshot" + cmp.Or(ext, ".duckdb")
}

// serviceTables hold secrets or the service's own bookkeeping; they are
// removed from snapshots.
var serviceTables = []string{"api_tokens", "job_runs", "source_state", "users", "web_sessions"}

// Publish writes a copy of the database for read-only queries to dest:
// written under a temporary name, then renamed over dest, so that a reader
// opening dest sees either the previous snapshot or the new one, whole.
// Tokens and the service's bookkeeping are left out.
func (w *Warehouse) Publish(ctx context.Context, dest string) error {
	w.publishMu.Lock()
	defer w.publishMu.Unlock()
	if w.name == "" {
		if err := w.db.QueryRowContext(ctx, `SELECT current_database()`).Scan(&w.name); err != nil {
			return err
		}
	}
	tmp := filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp")
	for _, p := range []string{tmp, tmp + ".wal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("publish snapshot: %w", err)
		}
	}
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `ATTACH `+quote(tmp)+` AS chitieu_snapshot`); err != nil {
		return fmt.Errorf("publish snapshot: %w", err)
	}
	attached := true
	defer func() {
		if attached {
			conn.ExecContext(context.WithoutCancel(ctx), `DETACH chitieu_snapshot`)
			os.Remove(tmp)
		}
	}()
	script := `COPY FROM DATABASE "` + strings.ReplaceAll(w.name, `"`, `""`) + `" TO chitieu_snapshot;`
	for _, t := range serviceTables {
		script += "\nDROP TABLE chitieu_snapshot." + t + ";"
	}
	script += "\nDROP SEQUENCE chitieu_snapshot.token_ids;\nDROP SEQUENCE chitieu_snapshot.user_ids;"
	if _, err := conn.ExecContext(ctx, script); err != nil {
		return fmt.Errorf("publish snapshot: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `DETACH chitieu_snapshot`); err != nil {
		return fmt.Errorf("publish snapshot: %w", err)
	}
	attached = false
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("publish snapshot: %w", err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("publish snapshot: %w", err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Errors of analysts' queries.
var (
	// ErrNotSelect: the SQL is not exactly one SELECT statement.
	ErrNotSelect = errors.New("only one SELECT statement is allowed")
	// ErrBadQuery: DuckDB could not parse or bind the SQL.
	ErrBadQuery = errors.New("query error")
)

// QueryLimits bound what one analyst query may use.
type QueryLimits struct {
	MemoryLimit string // DuckDB memory_limit, e.g. "1GB"
	Threads     int
}

// QueryDB is a DuckDB instance of its own holding a published snapshot
// read-only, for analysts' SQL: it cannot write, and with external access
// disabled and its configuration locked, a query cannot read or write
// files on the server or turn those settings back.
type QueryDB struct {
	db *sql.DB
}

// OpenQuery opens the snapshot at path for analysts' queries.
func OpenQuery(ctx context.Context, path string, lim QueryLimits) (*QueryDB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open snapshot: %w", err)
	}
	var ready atomic.Bool
	// An in-memory instance (never shared through duckdb-go's cache by
	// path, so a new snapshot under the same name gets a new instance)
	// attaching the snapshot; every connection works in it.
	connector, err := duckdb.NewConnector("", func(c driver.ExecerContext) error {
		if !ready.Load() {
			return nil
		}
		_, err := c.ExecContext(context.Background(), "USE snapshot", nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	q := &QueryDB{db: sql.OpenDB(connector)}
	conn, err := q.db.Conn(ctx)
	if err != nil {
		q.Close()
		return nil, err
	}
	defer conn.Close()
	setup := []string{`ATTACH ` + quote(path) + ` AS snapshot (READ_ONLY)`, `USE snapshot`}
	if lim.MemoryLimit != "" {
		setup = append(setup, `SET memory_limit = `+quote(lim.MemoryLimit))
	}
	if lim.Threads > 0 {
		setup = append(setup, fmt.Sprintf(`SET threads = %d`, lim.Threads))
	}
	setup = append(setup, `SET enable_external_access = false`, `SET lock_configuration = true`)
	for _, s := range setup {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			q.Close()
			return nil, fmt.Errorf("open snapshot %s: %s: %w", path, s, err)
		}
	}
	ready.Store(true)
	return q, nil
}

// Close closes the instance.
func (q *QueryDB) Close() error { return q.db.Close() }

// Rows is a query's result held in memory.
type Rows struct {
	Columns   []string
	Values    [][]any
	Truncated bool // more rows than the limit; the rest were not read
}

// conn is a connection of the instance; with asOf set, its views show
// what the warehouse held then (SET VARIABLE as_of) until release.
func (q *QueryDB) conn(ctx context.Context, asOf time.Time) (*sql.Conn, func(), error) {
	conn, err := q.db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	if asOf.IsZero() {
		return conn, func() { conn.Close() }, nil
	}
	if _, err := conn.ExecContext(ctx, "SET VARIABLE as_of = TIMESTAMPTZ '"+asOf.Format(time.RFC3339Nano)+"'"); err != nil {
		conn.Close()
		return nil, nil, err
	}
	return conn, func() {
		if _, err := conn.ExecContext(context.Background(), "RESET VARIABLE as_of"); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn }) // never reused in the past
		}
		conn.Close()
	}, nil
}

// Select runs one SELECT statement and returns at most limit rows; a
// non-zero asOf shows the warehouse as it was then.
func (q *QueryDB) Select(ctx context.Context, query string, limit int, asOf time.Time) (*Rows, error) {
	conn, release, err := q.conn(ctx, asOf)
	if err != nil {
		return nil, err
	}
	defer release()
	res := &Rows{}
	err = conn.Raw(func(dc any) error {
		stmt, err := prepareSelect(dc.(driver.Conn), query)
		if err != nil {
			return err
		}
		defer stmt.Close()
		rows, err := stmt.QueryContext(ctx, nil)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrBadQuery, err)
		}
		defer rows.Close()
		res.Columns = rows.Columns()
		for {
			vals := make([]driver.Value, len(res.Columns))
			if err := rows.Next(vals); err != nil {
				if errors.Is(err, io.EOF) {
					return nil
				}
				return fmt.Errorf("%w: %w", ErrBadQuery, err)
			}
			if len(res.Values) == limit {
				res.Truncated = true
				return nil
			}
			row := make([]any, len(vals))
			for i, v := range vals {
				row[i] = v
			}
			res.Values = append(res.Values, row)
		}
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// SelectArrow runs one SELECT statement and hands its result to fn as Arrow
// record batches.
func (q *QueryDB) SelectArrow(ctx context.Context, query string, asOf time.Time, fn func(array.RecordReader) error) error {
	conn, release, err := q.conn(ctx, asOf)
	if err != nil {
		return err
	}
	defer release()
	return conn.Raw(func(dc any) error {
		stmt, err := prepareSelect(dc.(driver.Conn), query)
		if err != nil {
			return err
		}
		stmt.Close()
		// The text was checked to be a single SELECT by the same parser.
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		rr, err := ar.QueryContext(ctx, query)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrBadQuery, err)
		}
		defer rr.Release()
		return fn(rr)
	})
}

// prepareSelect prepares query if DuckDB's parser finds exactly one
// statement in it and that statement is a SELECT. Prepare without a
// context is used on purpose: duckdb-go's PrepareContext would execute
// every statement but the last.
func prepareSelect(dc driver.Conn, query string) (*duckdb.Stmt, error) {
	st, err := dc.Prepare(query)
	if err != nil {
		if strings.Contains(err.Error(), "multi-statement") {
			return nil, fmt.Errorf("%w: the SQL holds more than one statement", ErrNotSelect)
		}
		return nil, fmt.Errorf("%w: %w", ErrBadQuery, err)
	}
	stmt := st.(*duckdb.Stmt)
	typ, err := stmt.StatementType()
	if err != nil {
		stmt.Close()
		return nil, err
	}
	if typ != duckdb.STATEMENT_TYPE_SELECT {
		stmt.Close()
		return nil, fmt.Errorf("%w: the statement is of type %s", ErrNotSelect, statementTypeName(typ))
	}
	return stmt, nil
}

func statementTypeName(t duckdb.StmtType) string {
	names := map[duckdb.StmtType]string{
		duckdb.STATEMENT_TYPE_INSERT: "INSERT", duckdb.STATEMENT_TYPE_UPDATE: "UPDATE",
		duckdb.STATEMENT_TYPE_DELETE: "DELETE", duckdb.STATEMENT_TYPE_CREATE: "CREATE",
		duckdb.STATEMENT_TYPE_EXPLAIN: "EXPLAIN", duckdb.STATEMENT_TYPE_COPY: "COPY",
		duckdb.STATEMENT_TYPE_ATTACH: "ATTACH", duckdb.STATEMENT_TYPE_DETACH: "DETACH",
		duckdb.STATEMENT_TYPE_SET: "SET", duckdb.STATEMENT_TYPE_PRAGMA: "PRAGMA",
		duckdb.STATEMENT_TYPE_CALL: "CALL", duckdb.STATEMENT_TYPE_DROP: "DROP",
	}
	if n, ok := names[t]; ok {
		return n
	}
	return fmt.Sprintf("#%d", t)
}
