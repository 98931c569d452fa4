package warehouse_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
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
