package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write builds the report opts asks for on one connection of db and writes
// it into dir as a workbook, an HTML page and the model as JSON (the
// numbers, for comparison and reproduction), each replaced atomically. It
// returns the paths written. The service calls it on a schedule; the
// report command calls it once.
func Write(ctx context.Context, db *sql.DB, dir string, opts Options) ([]string, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	r, err := Build(ctx, conn, opts)
	if err != nil {
		return nil, err
	}
	return r.WriteFiles(dir)
}

// BaseName is the file name of a report without extension:
// "chitieu-2024-Q3-vi".
func (r *Report) BaseName() string { return fmt.Sprintf("chitieu-%s-%s", r.Period, r.Lang) }

// WriteFiles writes the report's files into dir (created if needed).
func (r *Report) WriteFiles(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	base := filepath.Join(dir, r.BaseName())
	outputs := []struct {
		ext   string
		write func(io.Writer) error
	}{
		{".xlsx", r.WriteXLSX},
		{".html", r.WriteHTML},
		{".json", r.WriteJSON},
	}
	var paths []string
	for _, o := range outputs {
		path := base + o.ext
		if err := writeAtomic(path, o.write); err != nil {
			return paths, fmt.Errorf("write %s: %w", path, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// WriteJSON writes the report's model: every number the report shows.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// writeAtomic writes a file beside path and renames it into place, so that
// a reader never sees it half-written.
func writeAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
