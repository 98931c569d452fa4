package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"

	"chitieu/table"
	"chitieu/warehouse"
)

// QueryRequest is the body of POST /api/query.
type QueryRequest struct {
	SQL    string `json:"sql"`
	Format string `json:"format"` // json (default), csv or arrow
	// AsOf, like "2024-10-25T00:00:00+07:00" or "2024-10-25", makes the
	// views show what the warehouse held then.
	AsOf string `json:"as_of,omitempty"`
}

// sql runs an analyst's read-only SELECT on the published snapshot.
func (s *Server) sql(w http.ResponseWriter, r *http.Request) {
	var req QueryRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 256<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, `body: want {"sql": "SELECT …", "format": "json|csv|arrow"}: %v`, err)
		return
	}
	if strings.TrimSpace(req.SQL) == "" {
		fail(w, http.StatusBadRequest, "sql is empty")
		return
	}
	switch req.Format {
	case "":
		req.Format = "json"
	case "json", "csv", "arrow":
	default:
		fail(w, http.StatusBadRequest, "format %q, want json, csv or arrow", req.Format)
		return
	}
	asOf, err := warehouse.ParseAsOf(req.AsOf)
	if err != nil {
		fail(w, http.StatusBadRequest, "as_of %q: want a time like 2024-10-25T00:00:00+07:00 or a date 2024-10-25", req.AsOf)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.lim.QueryTimeout)
	defer cancel()
	h := s.acquire()
	defer s.release(h)
	w.Header().Set("X-Chitieu-Snapshot", h.at.UTC().Format(time.RFC3339))

	refuse := func(err error) {
		switch {
		case errors.Is(err, warehouse.ErrNotSelect):
			fail(w, http.StatusBadRequest, "%v", err)
		case ctx.Err() != nil && r.Context().Err() == nil:
			fail(w, http.StatusGatewayTimeout, "the query ran longer than %s and was stopped", s.lim.QueryTimeout)
		case errors.Is(err, warehouse.ErrBadQuery):
			fail(w, http.StatusBadRequest, "%v", err)
		default:
			s.log.Error("query", "err", err)
			fail(w, http.StatusInternalServerError, "the query failed")
		}
	}
	if req.Format == "arrow" {
		wrote := false
		err := h.db.SelectArrow(ctx, req.SQL, asOf, func(rr array.RecordReader) error {
			w.Header().Set("Content-Type", "application/vnd.apache.arrow.stream")
			wrote = true
			iw := ipc.NewWriter(w, ipc.WithSchema(rr.Schema()))
			left := int64(s.lim.QueryRows)
			for left > 0 && rr.Next() {
				rec := rr.RecordBatch()
				if rec.NumRows() > left {
					rec = rec.NewSlice(0, left)
					defer rec.Release()
				}
				left -= rec.NumRows()
				if err := iw.Write(rec); err != nil {
					return err
				}
			}
			if err := rr.Err(); err != nil {
				return err
			}
			return iw.Close()
		})
		if err != nil && !wrote {
			refuse(err)
		} else if err != nil {
			s.log.Warn("query stream ended early", "err", err)
		}
		return
	}
	res, err := h.db.Select(ctx, req.SQL, s.lim.QueryRows, asOf)
	if err != nil {
		refuse(err)
		return
	}
	w.Header().Set("X-Chitieu-Rows", strconv.Itoa(len(res.Values)))
	w.Header().Set("X-Chitieu-Truncated", strconv.FormatBool(res.Truncated))
	if req.Format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		(&table.Result{Columns: res.Columns, Rows: res.Values}).WriteCSV(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"columns": res.Columns, "rows": jsonRows(&table.Result{Columns: res.Columns, Rows: res.Values}),
		"row_count": len(res.Values), "truncated": res.Truncated})
}

// ErrQueryTimeout: an analyst's query ran longer than the service's limit
// and was stopped.
var ErrQueryTimeout = errors.New("the query ran too long and was stopped")

// Query runs an analyst's read-only SELECT on the published snapshot with
// the limits of POST /api/query: at most Limits.QueryRows rows (Truncated
// says when cut), stopped after Limits.QueryTimeout (ErrQueryTimeout).
// asOf, when not zero, shows what the warehouse held then.
func (s *Server) Query(ctx context.Context, sql string, asOf time.Time) (*warehouse.Rows, error) {
	qctx, cancel := context.WithTimeout(ctx, s.lim.QueryTimeout)
	defer cancel()
	h := s.acquire()
	defer s.release(h)
	res, err := h.db.Select(qctx, sql, s.lim.QueryRows, asOf)
	if err != nil && qctx.Err() != nil && ctx.Err() == nil {
		return nil, fmt.Errorf("%w after %s", ErrQueryTimeout, s.lim.QueryTimeout)
	}
	return res, err
}
