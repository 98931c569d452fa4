package service

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
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
		case errors.Is(err, warehouse.ErrNotSelect), errors.Is(err, warehouse.ErrBadQuery):
			fail(w, http.StatusBadRequest, "%v", err)
		case errors.Is(err, warehouse.ErrForbidden):
			fail(w, http.StatusForbidden, "%v", err)
		case errors.Is(err, warehouse.ErrQueryMemory):
			fail(w, http.StatusUnprocessableEntity, "the query needs more than the %s analysts' queries may use together; aggregate or filter it (%v)", s.lim.QueryMemory, err)
		case ctx.Err() != nil && r.Context().Err() == nil:
			fail(w, http.StatusGatewayTimeout, "the query ran longer than %s and was stopped", s.lim.QueryTimeout)
		default:
			s.log.Error("query", "err", err)
			fail(w, http.StatusInternalServerError, "the query failed")
		}
	}
	st, err := h.db.Stream(ctx, req.SQL, asOf)
	if err != nil {
		refuse(err)
		return
	}
	defer st.Close()
	// The first chunk is read before the answer starts, so that a query
	// failing at once gets its status code; later failures end the body
	// early and say so in the X-Chitieu-Error trailer.
	first, err := st.Next()
	if err != nil && !errors.Is(err, io.EOF) {
		refuse(err)
		return
	}
	w.Header().Set("Trailer", "X-Chitieu-Rows, X-Chitieu-Truncated, X-Chitieu-Error")
	out := newQueryWriter(w, req.Format, st)
	n, truncated, err := copyRows(out, st, first, s.lim.QueryRows)
	if err == nil {
		err = out.end(n, truncated, nil)
	} else {
		msg := "the query failed"
		switch {
		case ctx.Err() != nil && r.Context().Err() == nil:
			msg = fmt.Sprintf("the query ran longer than %s and was stopped", s.lim.QueryTimeout)
		case errors.Is(err, warehouse.ErrQueryMemory), errors.Is(err, warehouse.ErrBadQuery):
			msg = err.Error()
		}
		s.log.Warn("query stream ended early", "rows", n, "err", err)
		out.end(n, truncated, errors.New(msg))
		w.Header().Set("X-Chitieu-Error", msg)
	}
	w.Header().Set("X-Chitieu-Rows", strconv.FormatInt(n, 10))
	w.Header().Set("X-Chitieu-Truncated", strconv.FormatBool(truncated))
}

// copyRows writes the stream's rows, beginning with first (nil at the end
// of an empty result), until limit; truncated says whether more were left.
func copyRows(out queryWriter, st *warehouse.Stream, first arrow.RecordBatch, limit int) (n int64, truncated bool, err error) {
	rec := first
	for rec != nil {
		take := min(rec.NumRows(), int64(limit)-n)
		if take < rec.NumRows() {
			truncated = true
		}
		if take > 0 {
			if err := out.rows(rec, take); err != nil {
				rec.Release()
				return n, truncated, err
			}
			n += take
		}
		rec.Release()
		if truncated {
			return n, true, nil
		}
		rec, err = st.Next()
		if errors.Is(err, io.EOF) {
			return n, false, nil
		}
		if err != nil {
			return n, false, err
		}
		if n == int64(limit) {
			// One row more than the limit was produced: the answer is cut.
			rec.Release()
			return n, rec.NumRows() > 0, nil
		}
	}
	return n, false, nil
}

// queryWriter writes a result in one format as its rows come.
type queryWriter interface {
	rows(rec arrow.RecordBatch, n int64) error
	// end finishes the body; err says why it ends early.
	end(rows int64, truncated bool, err error) error
}

func newQueryWriter(w http.ResponseWriter, format string, st *warehouse.Stream) queryWriter {
	switch format {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		cw := csv.NewWriter(w)
		cw.Write(st.Columns())
		return &csvRows{w: cw}
	case "arrow":
		w.Header().Set("Content-Type", "application/vnd.apache.arrow.stream")
		return &arrowRows{w: ipc.NewWriter(w, ipc.WithSchema(st.Schema()))}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	cols, _ := json.Marshal(st.Columns())
	bw := bufio.NewWriterSize(w, 32<<10)
	fmt.Fprintf(bw, "{\n  \"columns\": %s,\n  \"rows\": [", cols)
	return &jsonStream{w: bw, cols: st.Columns()}
}

type csvRows struct{ w *csv.Writer }

func (c *csvRows) rows(rec arrow.RecordBatch, n int64) error {
	rec2 := make([]string, rec.NumCols())
	for i := range int(n) {
		for j, col := range rec.Columns() {
			rec2[j] = table.Plain(warehouse.Value(col, i))
		}
		if err := c.w.Write(rec2); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}

func (c *csvRows) end(int64, bool, error) error {
	c.w.Flush()
	return c.w.Error()
}

type arrowRows struct{ w *ipc.Writer }

func (a *arrowRows) rows(rec arrow.RecordBatch, n int64) error {
	if n < rec.NumRows() {
		rec = rec.NewSlice(0, n)
		defer rec.Release()
	}
	return a.w.Write(rec)
}

func (a *arrowRows) end(_ int64, _ bool, err error) error {
	if err != nil {
		return nil // no end-of-stream marker: a reader sees the stream cut
	}
	return a.w.Close()
}

type jsonStream struct {
	w     *bufio.Writer
	cols  []string
	wrote bool
}

func (j *jsonStream) rows(rec arrow.RecordBatch, n int64) error {
	names := make([][]byte, len(j.cols))
	for c, name := range j.cols {
		names[c], _ = json.Marshal(name)
	}
	for i := range int(n) {
		if j.wrote {
			j.w.WriteString(",")
		}
		j.wrote = true
		j.w.WriteString("\n    {")
		for c, col := range rec.Columns() {
			if c > 0 {
				j.w.WriteString(", ")
			}
			j.w.Write(names[c])
			j.w.WriteString(": ")
			v, err := json.Marshal(warehouse.JSONValue(col, i))
			if err != nil {
				v = []byte("null")
			}
			j.w.Write(v)
		}
		j.w.WriteString("}")
	}
	return j.w.Flush()
}

func (j *jsonStream) end(rows int64, truncated bool, err error) error {
	if j.wrote {
		j.w.WriteString("\n  ")
	}
	fmt.Fprintf(j.w, "],\n  \"row_count\": %d,\n  \"truncated\": %v", rows, truncated)
	if err != nil {
		msg, _ := json.Marshal(err.Error())
		fmt.Fprintf(j.w, ",\n  \"error\": %s", msg)
	}
	j.w.WriteString("\n}\n")
	return j.w.Flush()
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
