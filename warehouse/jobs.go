package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// LastSuccess is when the scheduled job last ran without error.
func (w *Warehouse) LastSuccess(ctx context.Context, job string) (time.Time, bool, error) {
	var t sql.NullTime
	err := w.db.QueryRowContext(ctx, `SELECT last_success FROM job_runs WHERE job = ?`, job).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	return t.Time, t.Valid, nil
}

// RecordRun records a run of a scheduled job that started at at; runErr is
// its failure, nil for a success.
func (w *Warehouse) RecordRun(ctx context.Context, job string, at time.Time, runErr error) error {
	if runErr == nil {
		_, err := w.db.ExecContext(ctx, `INSERT INTO job_runs VALUES (?, ?, ?, NULL)
			ON CONFLICT (job) DO UPDATE SET last_success = excluded.last_success, last_run = excluded.last_run, last_error = NULL`,
			job, at, at)
		return err
	}
	_, err := w.db.ExecContext(ctx, `INSERT INTO job_runs VALUES (?, NULL, ?, ?)
		ON CONFLICT (job) DO UPDATE SET last_run = excluded.last_run, last_error = excluded.last_error`,
		job, at, runErr.Error())
	return err
}

// SourceState is what an HTTP source last answered, for a conditional request.
type SourceState struct {
	ETag, LastModified string
}

// SourceState returns the state stored for url.
func (w *Warehouse) SourceState(ctx context.Context, url string) (SourceState, error) {
	var etag, lm sql.NullString
	err := w.db.QueryRowContext(ctx, `SELECT etag, last_modified FROM source_state WHERE url = ?`, url).Scan(&etag, &lm)
	if errors.Is(err, sql.ErrNoRows) {
		return SourceState{}, nil
	}
	return SourceState{ETag: etag.String, LastModified: lm.String}, err
}

// SetSourceState stores the state of url.
func (w *Warehouse) SetSourceState(ctx context.Context, url string, s SourceState) error {
	_, err := w.db.ExecContext(ctx, `INSERT INTO source_state VALUES (?, ?, ?, NULL)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified`,
		url, nullIfEmpty(s.ETag), nullIfEmpty(s.LastModified))
	return err
}
