package warehouse

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
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
	tmp := tmpPath(dest)
	if err := removeDatabase(tmp); err != nil {
		return fmt.Errorf("publish snapshot: %w", err)
	}
	if err := w.build(ctx, tmp); err != nil {
		return fmt.Errorf("publish snapshot: %w", err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("publish snapshot: %w", err)
	}
	return nil
}

// databaseName is the catalog name DuckDB gave the warehouse's file.
func (w *Warehouse) databaseName(ctx context.Context) (string, error) {
	if w.name == "" {
		if err := w.db.QueryRowContext(ctx, `SELECT current_database()`).Scan(&w.name); err != nil {
			return "", err
		}
	}
	return w.name, nil
}

// attachSnapshot returns a connection of its own with the database file at
// path attached as chitieu_snapshot, and the warehouse's catalog name.
func (w *Warehouse) attachSnapshot(ctx context.Context, path string) (*sql.Conn, string, error) {
	src, err := w.databaseName(ctx)
	if err != nil {
		return nil, "", err
	}
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return nil, "", err
	}
	if _, err := conn.ExecContext(ctx, `ATTACH `+quote(path)+` AS chitieu_snapshot`); err != nil {
		conn.Close()
		return nil, "", err
	}
	return conn, src, nil
}

// build writes a new snapshot file at path (which must not exist): the
// warehouse's schema and its public tables' rows, synced to disk. A file
// left half-written by a failure is removed.
func (w *Warehouse) build(ctx context.Context, path string) error {
	conn, src, err := w.attachSnapshot(ctx, path)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := fillSnapshot(ctx, conn, src); err != nil {
		conn.ExecContext(context.WithoutCancel(ctx), `DETACH chitieu_snapshot`)
		removeDatabase(path)
		return err
	}
	if _, err := conn.ExecContext(ctx, `DETACH chitieu_snapshot`); err != nil {
		removeDatabase(path)
		return err
	}
	return syncFile(path)
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
	if _, err := conn.ExecContext(ctx, script); err != nil {
		return err
	}
	// Sequences number the warehouse's rows (submissions, tokens, users);
	// a snapshot is never written to, and one kept up to date by applying
	// loads could not follow their counters: none is copied.
	var seqs []string
	rows, err := conn.QueryContext(ctx, `SELECT schema_name, sequence_name FROM duckdb_sequences() WHERE database_name = 'chitieu_snapshot'`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var schema, name string
		if err := rows.Scan(&schema, &name); err != nil {
			rows.Close()
			return err
		}
		seqs = append(seqs, "DROP SEQUENCE chitieu_snapshot."+ident(schema)+"."+ident(name))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range seqs {
		if _, err := conn.ExecContext(ctx, d); err != nil {
			return err
		}
	}
	rows, err = conn.QueryContext(ctx, `SELECT schema_name, table_name FROM duckdb_tables()
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

// Snapshots keeps the analysts' snapshot at one path current for the life
// of a process (chitieu serve), at a cost that follows what a load changed
// rather than the size of the warehouse. The snapshot alternates between
// two files beside it (".chitieu.snapshot.1.duckdb", ".2."), which the
// published path is a hard link to, in turn: a publication brings the file
// not published (the one before last) up to date in place, by applying
// the rows of the submissions it lacks (their ledger rows, their
// observations, the earlier values they superseded, and the indicator
// store's rows of what they changed, as the load's refresh scoped them),
// in one transaction, then links the published path to it. Readers of the
// published path keep the file they opened: a file is updated in place
// only when no instance of this process has it open (inUse) and no other
// process does (DuckDB's lock refuses the update then); otherwise, and
// whenever the warehouse was changed by other means than loads (Refresh,
// RefreshMaps) or the file has grown to twice its size when built, it is
// built afresh under a new name (Publish) and renamed into place. Only the
// public tables' rows are ever written to these files.
type Snapshots struct {
	w     *Warehouse
	dest  string
	files [2]snapshotFile
	cur   int // the file dest links to; -1 before the first publication
	// Whole counts the publications that built their file afresh or copied
	// it from the other one, rather than applying changes in place.
	Whole int
}

type snapshotFile struct {
	path    string
	rebuild int64 // w.rebuilds when it was made; -1: not made by this process
	size    int64 // its size in bytes when built whole
}

// Snapshots returns a publisher of the analysts' snapshot at dest.
func (w *Warehouse) Snapshots(dest string) *Snapshots {
	s := &Snapshots{w: w, dest: dest, cur: -1}
	ext := filepath.Ext(dest)
	for i := range s.files {
		base := "." + strings.TrimSuffix(filepath.Base(dest), ext) + "." + fmt.Sprint(i+1) + cmp.Or(ext, ".duckdb")
		s.files[i] = snapshotFile{path: filepath.Join(filepath.Dir(dest), base), rebuild: -1}
	}
	return s
}

// Publish brings the snapshot up to date and returns the file the
// published path now links to: open that one. inUse says whether an
// instance of this process has a file open (nil: none has).
func (s *Snapshots) Publish(ctx context.Context, inUse func(path string) bool) (string, error) {
	s.w.publishMu.Lock()
	defer s.w.publishMu.Unlock()
	next := 0
	if s.cur == 0 {
		next = 1
	}
	f := &s.files[next]
	rebuild := s.w.rebuilds.Load()
	applied := false
	if f.rebuild == rebuild && (inUse == nil || !inUse(f.path)) {
		if st, err := os.Stat(f.path); err == nil && st.Size() <= 2*f.size {
			if err := s.w.applyLoads(ctx, f.path); err == nil {
				applied = true
			} else if ctx.Err() != nil {
				return "", err
			}
			// else (another process holds the file, or it went wrong):
			// the file is as it was; build it afresh below
		}
	}
	if !applied {
		s.Whole++
		tmp := tmpPath(f.path)
		if err := removeDatabase(tmp); err != nil {
			return "", fmt.Errorf("publish snapshot: %w", err)
		}
		err := errors.New("no file to copy")
		if c := s.files[1-next]; s.cur >= 0 && c.rebuild == rebuild {
			// a copy of the published file, then what it lacks
			err = copyFile(c.path, tmp)
			if err == nil {
				err = s.w.applyLoads(ctx, tmp)
			}
		}
		if err != nil && ctx.Err() == nil {
			if err = removeDatabase(tmp); err == nil {
				err = s.w.build(ctx, tmp)
			}
		}
		if err == nil {
			err = os.Rename(tmp, f.path)
		}
		if err != nil {
			os.Remove(tmp)
			return "", fmt.Errorf("publish snapshot: %w", err)
		}
		st, err := os.Stat(f.path)
		if err != nil {
			return "", fmt.Errorf("publish snapshot: %w", err)
		}
		f.rebuild, f.size = rebuild, st.Size()
	}
	// dest becomes the file, in one step: a reader opens one or the other
	link := tmpPath(s.dest)
	os.Remove(link)
	if err := os.Link(f.path, link); err != nil {
		return "", fmt.Errorf("publish snapshot: %w", err)
	}
	if err := os.Rename(link, s.dest); err != nil {
		os.Remove(link)
		return "", fmt.Errorf("publish snapshot: %w", err)
	}
	s.cur = next
	return f.path, nil
}

// applyLoads brings the snapshot file at path up to date with the loads
// and rejections the warehouse holds and it lacks, in one transaction.
// Everything else in it must be as in the warehouse: it was built from this
// warehouse and only loads and rejections changed the warehouse since.
func (w *Warehouse) applyLoads(ctx context.Context, path string) (err error) {
	conn, src, err := w.attachSnapshot(ctx, path)
	if err != nil {
		return err
	}
	defer conn.Close()
	defer func() {
		if _, derr := conn.ExecContext(context.WithoutCancel(ctx), `DETACH chitieu_snapshot`); derr != nil && err == nil {
			err = derr
		}
		if err == nil {
			err = syncFile(path)
		}
	}()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	wh := ident(src) + ".main."
	const snap = "chitieu_snapshot.main."
	var ids []int64
	rows, err := conn.QueryContext(ctx, `SELECT id FROM `+wh+`submissions
		WHERE id NOT IN (SELECT id FROM `+snap+`submissions) ORDER BY id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(ids) > 0 {
		if err := copyLoads(ctx, conn, wh, snap, ids); err != nil {
			return err
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return err
	}
	committed = true
	_, err = conn.ExecContext(ctx, "CHECKPOINT chitieu_snapshot")
	return err
}

// copyLoads copies into the snapshot (the schema prefix snap) the rows of
// the warehouse (wh) that the submissions ids wrote or changed.
func copyLoads(ctx context.Context, conn *sql.Conn, wh, snap string, ids []int64) (err error) {
	in := make([]string, len(ids))
	for i, id := range ids {
		in[i] = fmt.Sprint(id)
	}
	list := "(" + strings.Join(in, ", ") + ")"
	// Earlier values the loads superseded are matched on every column but
	// superseded_by: no two values of a loaded file are alike in all. (The
	// columns that cannot be NULL are compared with =, which DuckDB hashes;
	// joined on IS NOT DISTINCT FROM alone, it compared every pair.)
	var match []string
	rows, err := conn.QueryContext(ctx, `SELECT column_name, is_nullable FROM duckdb_columns()
		WHERE database_name = 'chitieu_snapshot' AND schema_name = 'main' AND table_name = 'observation_values'
		  AND column_name <> 'superseded_by' ORDER BY column_index`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var name string
		var nullable bool
		if err := rows.Scan(&name, &nullable); err != nil {
			rows.Close()
			return err
		}
		op := " = "
		if nullable {
			op = " IS NOT DISTINCT FROM "
		}
		match = append(match, "s."+ident(name)+op+"n."+ident(name))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// The superseded values' submissions, areas and periods, as constants
	// that DuckDB tests as it scans the snapshot's values: the join then
	// looks at those few rather than at every value (seconds at 2 million).
	superseded := `SELECT * FROM ` + wh + `observation_values WHERE superseded_by IN ` + list + ` AND submission_id NOT IN ` + list
	var subs, areas, periods sql.NullString
	if err := conn.QueryRowContext(ctx, `SELECT string_agg(DISTINCT CAST(submission_id AS VARCHAR), ', '),
		string_agg(DISTINCT '''' || replace(area, '''', '''''') || '''', ', '),
		string_agg(DISTINCT '''' || replace(period, '''', '''''') || '''', ', ') FROM (`+superseded+`)`).Scan(&subs, &areas, &periods); err != nil {
		return err
	}
	steps := []string{`INSERT INTO ` + snap + `submissions SELECT * FROM ` + wh + `submissions WHERE id IN ` + list}
	if subs.Valid {
		steps = append(steps, `UPDATE `+snap+`observation_values AS s SET superseded_by = n.superseded_by
		 FROM (`+superseded+`) AS n
		 WHERE s.superseded_by IS NULL AND s.submission_id IN (`+subs.String+`) AND s.area IN (`+areas.String+`)
		   AND s.period IN (`+periods.String+`) AND `+strings.Join(match, " AND "))
	}
	steps = append(steps, `INSERT INTO `+snap+`observation_values SELECT * FROM `+wh+`observation_values WHERE submission_id IN `+list)
	for _, s := range steps {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	// the indicator store's rows the loads' refreshes replaced
	sc, ok, err := changes(ctx, conn, ids)
	if err != nil || !ok {
		return err
	}
	defer func() {
		if rerr := resetScope(context.WithoutCancel(ctx), conn); rerr != nil && err == nil {
			err = rerr
		}
	}()
	if err := setScope(ctx, conn, sc); err != nil {
		return err
	}
	for _, s := range []string{
		`DELETE FROM ` + snap + `indicator_unit_store WHERE ` + inScopeUnits,
		`INSERT INTO ` + snap + `indicator_unit_store SELECT * FROM ` + wh + `indicator_unit_store WHERE ` + inScopeUnits,
		`DELETE FROM ` + snap + `indicator_store WHERE ` + inScopeFigures,
		`INSERT INTO ` + snap + `indicator_store SELECT * FROM ` + wh + `indicator_store WHERE ` + inScopeFigures,
	} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// tmpPath is where a file is written before it is renamed to path:
// ".NAME.tmp" beside it.
func tmpPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
}

// removeDatabase removes a database file and its write-ahead log, if any.
func removeDatabase(path string) error {
	for _, p := range []string{path, path + ".wal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// copyFile copies the file at from to a new file at to (on Linux the
// kernel copies, without the bytes passing through this process).
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Current is the file the published path links to ("" before the first
// publication).
func (s *Snapshots) Current() string {
	s.w.publishMu.Lock()
	defer s.w.publishMu.Unlock()
	if s.cur < 0 {
		return ""
	}
	return s.files[s.cur].path
}
