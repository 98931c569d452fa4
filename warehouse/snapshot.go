package warehouse

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
