package warehouse

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// serviceSequences number the service's tables; they are left out too.
var serviceSequences = []string{"token_ids", "user_ids"}

// Publish builds the analysts' snapshot afresh at dest, the one way a
// snapshot is made: a new database file is created under a temporary name,
// given the warehouse's schema (tables, views, macros) without the
// service's own tables, filled from the public tables only, then renamed
// over dest, so that a reader opening dest sees either the previous
// snapshot or the new one, whole. Tokens and the service's bookkeeping are
// never written to it: nothing of them is in the file, not even in its
// free blocks.
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
	if err := fillSnapshot(ctx, conn, w.name); err != nil {
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

// fillSnapshot gives the attached chitieu_snapshot the schema of database
// src, empty, drops the service's tables (never filled) and copies the rows
// of every other table, in the order the tables were created (so that a
// table comes after those it refers to).
func fillSnapshot(ctx context.Context, conn *sql.Conn, src string) error {
	q := `"` + strings.ReplaceAll(src, `"`, `""`) + `"`
	script := `COPY FROM DATABASE ` + q + ` TO chitieu_snapshot (SCHEMA);`
	for _, t := range serviceTables {
		script += "\nDROP TABLE chitieu_snapshot.main." + t + ";"
	}
	for _, q := range serviceSequences {
		script += "\nDROP SEQUENCE chitieu_snapshot.main." + q + ";"
	}
	if _, err := conn.ExecContext(ctx, script); err != nil {
		return err
	}
	rows, err := conn.QueryContext(ctx, `SELECT schema_name, table_name FROM duckdb_tables()
		WHERE database_name = ? AND NOT temporary ORDER BY table_oid`, src)
	if err != nil {
		return err
	}
	var tables [][2]string
	for rows.Next() {
		var schema, name string
		if err := rows.Scan(&schema, &name); err != nil {
			rows.Close()
			return err
		}
		if schema == "main" && slices.Contains(serviceTables, name) {
			continue
		}
		tables = append(tables, [2]string{schema, name})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range tables {
		name := ident(t[0]) + "." + ident(t[1])
		if _, err := conn.ExecContext(ctx, `INSERT INTO chitieu_snapshot.`+name+` SELECT * FROM `+q+`.`+name); err != nil {
			return fmt.Errorf("copy %s: %w", name, err)
		}
	}
	return nil
}

func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
