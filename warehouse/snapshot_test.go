package warehouse_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"chitieu/warehouse"
)

func TestSnapshotQueries(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("jan.csv", csv("jobs_created,40,2024-01,3000"))
	var digests []string
	for range 3 {
		tok, secret, err := f.w.CreateToken(context.Background(), warehouse.RoleAnalyst, "", "")
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(secret))
		digests = append(digests, hex.EncodeToString(sum[:]))
		if len(digests) == 2 {
			if err := f.w.RevokeToken(context.Background(), tok.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	snap := warehouse.SnapshotPath(f.path)
	if want := filepath.Join(f.dir, "test.snapshot.duckdb"); snap != want {
		t.Errorf("SnapshotPath = %s, want %s", snap, want)
	}
	ctx := context.Background()
	if err := f.w.Publish(ctx, snap); err != nil {
		t.Fatal(err)
	}
	// Not a byte of any token's digest, live or revoked, is in the file.
	data, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range digests {
		if bytes.Contains(data, []byte(d)) || bytes.Contains(data, []byte(d[:16])) {
			t.Errorf("the snapshot file holds the digest of a token (%s…)", d[:8])
		}
	}
	if !bytes.Contains(data, []byte("jobs_created")) {
		t.Error("the snapshot file holds no data at all: the search above proves nothing")
	}

	q, err := warehouse.OpenQuery(ctx, snap, warehouse.QueryLimits{MemoryLimit: "256MB", Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()

	rows, err := q.Select(ctx, "SELECT area, value FROM observations", 10, time.Time{})
	if err != nil || len(rows.Values) != 1 || rows.Values[0][1] != 3000.0 {
		t.Fatalf("Select = %+v, %v", rows, err)
	}
	rows, err = q.Select(ctx, "SELECT * FROM range(5)", 3, time.Time{})
	if err != nil || len(rows.Values) != 3 || !rows.Truncated {
		t.Errorf("Select with a limit of 3 = %d rows, truncated %v, %v", len(rows.Values), rows.Truncated, err)
	}

	// Files, settings and paths are refused before the query runs, the
	// snapshot's own file included, however the function is spelled.
	for _, sql := range []string{
		"SELECT * FROM read_blob('" + snap + "')",
		"SELECT content FROM READ_TEXT('" + f.path + "')",
		"SELECT * FROM read_csv('" + f.path + "')",
		"SELECT * FROM '" + snap + "'",
		"SELECT * FROM glob('*')",
		"SELECT current_setting('temp_directory')",
		"SELECT path FROM duckdb_databases()",
		"SELECT * FROM duckdb_settings()",
		"SELECT * FROM pragma_database_list()",
		"SELECT * FROM query('SELECT 1')",
		"SELECT (SELECT count(*) FROM main.read_blob('" + snap + "')) AS n",
		"WITH x AS (SELECT * FROM system.main.duckdb_databases()) SELECT * FROM x",
	} {
		if _, err := q.Select(ctx, sql, 10, time.Time{}); !errors.Is(err, warehouse.ErrForbidden) {
			t.Errorf("Select(%q) = %v, want ErrForbidden", sql, err)
		}
	}
	rows, err = q.Select(ctx, "SELECT current_database(), count(*) AS n FROM information_schema.tables", 1, time.Time{})
	if err != nil || rows.Values[0][0] != "snapshot" {
		t.Errorf("the query instance's database = %v, %v; want the snapshot", rows, err)
	}

	// duckdb-go's PrepareContext would run every statement but the last:
	// the check must refuse these without running the first.
	for _, sql := range []string{
		"CREATE TABLE memory.main.planted AS SELECT 1 AS x; SELECT 1",
		"SELECT 1; CREATE TABLE memory.main.planted AS SELECT 1 AS x",
	} {
		if _, err := q.Select(ctx, sql, 10, time.Time{}); !errors.Is(err, warehouse.ErrNotSelect) {
			t.Errorf("Select(%q) = %v, want ErrNotSelect", sql, err)
		}
	}
	if _, err := q.Select(ctx, "SELECT * FROM memory.main.planted", 10, time.Time{}); err == nil {
		t.Error("a refused multi-statement query created a table")
	}
	for _, sql := range []string{"SELECT * FROM api_tokens", "SELECT * FROM no_such_table"} {
		if _, err := q.Select(ctx, sql, 10, time.Time{}); !errors.Is(err, warehouse.ErrBadQuery) {
			t.Errorf("Select(%q) = %v, want ErrBadQuery", sql, err)
		}
	}
}

// The snapshot kept by Snapshots follows loads, a revision and a rejection
// by applying what each changed to the file not published, and after every
// publication it holds exactly what a snapshot built afresh holds: every
// table's rows, the views, the sequences; never a token's digest.
func TestSnapshotsFollowLoads(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, secret, err := f.w.CreateToken(ctx, warehouse.RoleAnalyst, "", "")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(secret))
	digest := hex.EncodeToString(sum[:])
	dest := warehouse.SnapshotPath(f.path)
	snaps := f.w.Snapshots(dest)
	var inUse string // a file an instance of this process has open
	publish := func(step string) {
		t.Helper()
		path, err := snaps.Publish(ctx, func(p string) bool { return p == inUse })
		if err != nil {
			t.Fatalf("%s: publish: %v", step, err)
		}
		if a, b := stat(t, path), stat(t, dest); !os.SameFile(a, b) {
			t.Fatalf("%s: %s is not the file Publish returned", step, dest)
		}
		fresh := filepath.Join(f.dir, "fresh.duckdb")
		os.Remove(fresh)
		if err := f.w.Publish(ctx, fresh); err != nil {
			t.Fatal(err)
		}
		compareDatabases(t, step, dest, fresh)
		for _, p := range []string{path, dest} {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(data, []byte(digest)) || bytes.Contains(data, []byte(digest[:16])) {
				t.Errorf("%s: %s holds the digest of a token", step, p)
			}
		}
	}
	publish("first")
	steps := []struct {
		name, body string
		reject     bool
	}{
		{name: "nghe_an_2024.csv", body: csv(
			"jobs_created,40,2024-01,3000", "jobs_created,40,2024-02,3500", "jobs_created,40,2024-03,4000",
			"jobs_abroad,40,2024-03,1000", "jobs_created,40,2024,47000,plan",
			"labour_force,40,2024-Q1,2000000", "trained_workers,40,2024-Q1,1400000")},
		{name: "ha_tinh_2024.csv", body: csv(
			"jobs_created,42,2024-01,1000", "jobs_created,42,2024-02,1000", "jobs_created,42,2024-03,1000",
			"labour_force,42,2024-Q1,1000000", "trained_share,42,2024-Q1,60")},
		{name: "nghe_an_2024_v2.csv", body: csv( // revised and removed values
			"jobs_created,40,2024-01,3000", "jobs_created,40,2024-03,4500", "jobs_created,40,2024,47000,plan",
			"labour_force,40,2024-Q1,2000000", "trained_workers,40,2024-Q1,1500000")},
		{name: "bad.csv", body: csv("jobs_created,40,2024-04,-5"), reject: true},
		{name: "nghe_an_2023.csv", body: csv( // the previous year of what is loaded
			"jobs_created,40,2023-01,2000", "jobs_created,40,2023-02,2000", "jobs_created,40,2023-03,2000")},
	}
	for _, s := range steps {
		if _, err := f.load(s.name, s.body); (err != nil) != s.reject {
			t.Fatalf("load %s: %v", s.name, err)
		}
		publish("after " + s.name)
	}
	// the first publication built its file, the second copied it; every
	// later one applied the loads in place
	if snaps.Whole != 2 {
		t.Errorf("%d publications built or copied their file whole, want 2", snaps.Whole)
	}
	// a file an instance still has open is not written: it is built afresh
	inUse = snaps.Current()
	f.mustLoad("ha_tinh_2023.csv", csv("jobs_created,42,2023-01,900"))
	publish("with the published file held open")
	f.mustLoad("ha_tinh_2024_04.csv", csv("jobs_created,42,2024-04,1100"))
	publish("onto the file held open")
	if snaps.Whole != 3 {
		t.Errorf("%d publications built or copied their file whole, want 3", snaps.Whole)
	}
	// the warehouse changed other than by loads: built afresh
	if err := f.w.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	publish("after a full refresh")
	if snaps.Whole != 4 {
		t.Errorf("%d publications built or copied their file whole, want 4", snaps.Whole)
	}
}

func stat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// compareDatabases fails the test when the databases at got and want
// differ in a table's rows, in their tables, views or sequences.
func compareDatabases(t *testing.T, step, got, want string) {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range []string{`ATTACH '` + got + `' AS got (READ_ONLY)`, `ATTACH '` + want + `' AS want (READ_ONLY)`} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		`SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = '%s'`,
		// DuckDB writes a view's SQL back in an order of its own (REPLACE's
		// list): the views' columns are compared
		`SELECT schema_name, table_name, column_name, column_index, data_type FROM duckdb_columns() WHERE database_name = '%s'`,
		`SELECT schema_name, sequence_name FROM duckdb_sequences() WHERE database_name = '%s'`,
	} {
		var n int
		d := fmt.Sprintf(`SELECT count(*) FROM ((%s EXCEPT ALL %s) UNION ALL (%s EXCEPT ALL %s))`,
			fmt.Sprintf(q, "got"), fmt.Sprintf(q, "want"), fmt.Sprintf(q, "want"), fmt.Sprintf(q, "got"))
		if err := db.QueryRow(d).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s: the snapshot and a fresh one differ in %d rows of %s", step, n, q)
		}
	}
	rows, err := db.Query(`SELECT table_name FROM duckdb_tables() WHERE database_name = 'want' AND schema_name = 'main'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) < 10 {
		t.Fatalf("%s: only %d tables in a fresh snapshot: %v", step, len(tables), tables)
	}
	for _, name := range tables {
		var diff, n int
		err := db.QueryRow(fmt.Sprintf(`SELECT (SELECT count(*) FROM ((FROM got.main.%[1]s EXCEPT ALL FROM want.main.%[1]s)
			UNION ALL (FROM want.main.%[1]s EXCEPT ALL FROM got.main.%[1]s))), (SELECT count(*) FROM want.main.%[1]s)`, name)).Scan(&diff, &n)
		if err != nil {
			t.Fatal(err)
		}
		if diff != 0 {
			t.Errorf("%s: table %s differs from a fresh snapshot's in %d rows (of %d)", step, name, diff, n)
		}
	}
}
