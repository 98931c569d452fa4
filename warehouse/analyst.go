package warehouse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	bindings "github.com/duckdb/duckdb-go-bindings"
)

// Errors of analysts' queries.
var (
	// ErrNotSelect: the SQL is not exactly one SELECT statement.
	ErrNotSelect = errors.New("only one SELECT statement is allowed")
	// ErrBadQuery: DuckDB could not parse, bind or run the SQL.
	ErrBadQuery = errors.New("query error")
	// ErrForbidden: the SQL calls a function analysts may not use (files,
	// settings, the server's paths).
	ErrForbidden = errors.New("not allowed")
	// ErrQueryMemory: the query needed more memory than the instance may use.
	ErrQueryMemory = errors.New("the query needs more memory than allowed")
)

// QueryLimits bound what analysts' queries may use, all of them together.
type QueryLimits struct {
	MemoryLimit string // DuckDB memory_limit, e.g. "1GB"
	Threads     int
	// TempDir is where a query larger than MemoryLimit may spill (sorts,
	// joins, aggregates); empty: it may not spill, and fails instead.
	TempDir     string
	MaxTempSize string // max_temp_directory_size, e.g. "4GB"
}

// QueryDB is a DuckDB instance of its own holding a published snapshot
// read-only, for analysts' SQL. It cannot write; with external access
// disabled and its configuration locked a query cannot read or write files
// on the server or turn those settings back, and the functions that read
// files, settings or the server's paths are refused before a query runs.
// Results are streamed (Stream): DuckDB produces them a chunk at a time as
// they are read, so a query's memory does not grow with its result.
type QueryDB struct {
	db bindings.Database
}

// OpenQuery opens the snapshot at path for analysts' queries.
func OpenQuery(ctx context.Context, path string, lim QueryLimits) (*QueryDB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open snapshot: %w", err)
	}
	var cfg bindings.Config
	if bindings.CreateConfig(&cfg) == bindings.StateError {
		return nil, errors.New("open snapshot: cannot create a DuckDB configuration")
	}
	defer bindings.DestroyConfig(&cfg)
	set := map[string]string{"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}
	if lim.MemoryLimit != "" {
		set["memory_limit"] = lim.MemoryLimit
	}
	if lim.Threads > 0 {
		set["threads"] = fmt.Sprint(lim.Threads)
	}
	if lim.TempDir != "" {
		set["temp_directory"] = lim.TempDir
		if lim.MaxTempSize != "" {
			set["max_temp_directory_size"] = lim.MaxTempSize
		}
	}
	for k, v := range set {
		if bindings.SetConfig(cfg, k, v) == bindings.StateError {
			return nil, fmt.Errorf("open snapshot: setting %s = %q refused", k, v)
		}
	}
	q := &QueryDB{}
	var msg string
	if bindings.OpenExt("", &q.db, cfg, &msg) == bindings.StateError {
		return nil, fmt.Errorf("open snapshot: %s", msg)
	}
	var conn bindings.Connection
	if bindings.Connect(q.db, &conn) == bindings.StateError {
		q.Close()
		return nil, errors.New("open snapshot: cannot connect")
	}
	defer bindings.Disconnect(&conn)
	setup := []string{`ATTACH ` + quote(path) + ` AS snapshot (READ_ONLY)`, `USE snapshot`}
	if lim.TempDir == "" {
		setup = append(setup, `SET temp_directory = ''`)
	}
	setup = append(setup, `SET enable_external_access = false`, `SET lock_configuration = true`)
	for _, s := range setup {
		if err := exec(conn, s); err != nil {
			q.Close()
			return nil, fmt.Errorf("open snapshot %s: %s: %w", path, s, err)
		}
	}
	return q, nil
}

// Close closes the instance; every stream of it must be closed before.
func (q *QueryDB) Close() error {
	bindings.Close(&q.db)
	return nil
}

func exec(conn bindings.Connection, sql string) error {
	var res bindings.Result
	defer bindings.DestroyResult(&res)
	if bindings.Query(conn, sql, &res) == bindings.StateError {
		return errors.New(bindings.ResultError(&res))
	}
	return nil
}

// Stream is one analyst query's result, read a chunk at a time (DuckDB's
// vector size, 2,048 rows) as DuckDB produces it. Close it.
type Stream struct {
	conn    bindings.Connection
	stmt    bindings.PreparedStatement
	res     bindings.Result
	opts    bindings.ArrowOptions
	schema  *arrow.Schema
	ctx     context.Context
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
	done    bool
}

// Stream runs one SELECT statement; with a non-zero asOf its views show the
// warehouse as it was then. Errors of the SQL itself are ErrNotSelect,
// ErrForbidden or ErrBadQuery; ctx's end interrupts the query.
func (q *QueryDB) Stream(ctx context.Context, query string, asOf time.Time) (*Stream, error) {
	s := &Stream{ctx: ctx, stop: make(chan struct{}), stopped: make(chan struct{})}
	if bindings.Connect(q.db, &s.conn) == bindings.StateError {
		return nil, errors.New("cannot connect to the snapshot")
	}
	go func() {
		defer close(s.stopped)
		select {
		case <-ctx.Done():
			bindings.Interrupt(s.conn)
		case <-s.stop:
		}
	}()
	if err := s.start(query, asOf); err != nil {
		s.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	return s, nil
}

func (s *Stream) start(query string, asOf time.Time) error {
	if err := exec(s.conn, "USE snapshot"); err != nil {
		return err
	}
	if !asOf.IsZero() {
		if err := exec(s.conn, "SET VARIABLE as_of = TIMESTAMPTZ '"+asOf.Format(time.RFC3339Nano)+"'"); err != nil {
			return err
		}
	}
	var ext bindings.ExtractedStatements
	n := bindings.ExtractStatements(s.conn, query, &ext)
	defer bindings.DestroyExtracted(&ext)
	switch {
	case n == 0:
		if msg := bindings.ExtractStatementsError(ext); msg != "" {
			return fmt.Errorf("%w: %s", ErrBadQuery, msg)
		}
		return fmt.Errorf("%w: the SQL holds no statement", ErrNotSelect)
	case n > 1:
		return fmt.Errorf("%w: the SQL holds more than one statement", ErrNotSelect)
	}
	if err := checkFunctions(s.conn, query); err != nil {
		return err
	}
	if bindings.PrepareExtractedStatement(s.conn, ext, 0, &s.stmt) == bindings.StateError {
		return fmt.Errorf("%w: %s", ErrBadQuery, bindings.PrepareError(s.stmt))
	}
	if t := bindings.PreparedStatementType(s.stmt); t != bindings.StatementTypeSelect {
		return fmt.Errorf("%w: the statement is of type %s", ErrNotSelect, statementTypeName(t))
	}
	if bindings.ExecutePreparedStreaming(s.stmt, &s.res) == bindings.StateError {
		return queryError(bindings.ResultError(&s.res))
	}
	s.opts = bindings.ResultGetArrowOptions(&s.res)
	cols := bindings.ColumnCount(&s.res)
	names := make([]string, cols)
	types := make([]bindings.LogicalType, cols)
	for i := range cols {
		names[i] = bindings.ColumnName(&s.res, i)
		types[i] = bindings.ColumnLogicalType(&s.res, i)
	}
	schema, ed := bindings.NewArrowSchema(s.opts, types, names)
	for i := range types {
		bindings.DestroyLogicalType(&types[i])
	}
	defer bindings.DestroyErrorData(&ed)
	if bindings.ErrorDataHasError(ed) {
		return fmt.Errorf("%w: %s", ErrBadQuery, bindings.ErrorDataMessage(ed))
	}
	s.schema = schema
	return nil
}

func queryError(msg string) error {
	msg, _, _ = strings.Cut(msg, "\n") // DuckDB's advice below is for its own shell
	if strings.Contains(msg, "Out of Memory") {
		return fmt.Errorf("%w: %s", ErrQueryMemory, msg)
	}
	return fmt.Errorf("%w: %s", ErrBadQuery, msg)
}

// Schema is the result's columns as Arrow types.
func (s *Stream) Schema() *arrow.Schema { return s.schema }

// Columns are the result's column names.
func (s *Stream) Columns() []string {
	names := make([]string, s.schema.NumFields())
	for i, f := range s.schema.Fields() {
		names[i] = f.Name
	}
	return names
}

// Next returns the next chunk of the result, which the caller releases,
// or io.EOF after the last.
func (s *Stream) Next() (arrow.RecordBatch, error) {
	if s.done {
		return nil, io.EOF
	}
	chunk := bindings.FetchChunk(s.res)
	if chunk.Ptr == nil {
		s.done = true
		if err := s.ctx.Err(); err != nil {
			return nil, err
		}
		if msg := bindings.ResultError(&s.res); msg != "" {
			return nil, queryError(msg)
		}
		return nil, io.EOF
	}
	defer bindings.DestroyDataChunk(&chunk)
	rec, ed := bindings.DataChunkToArrowArray(s.opts, s.schema, chunk)
	defer bindings.DestroyErrorData(&ed)
	if bindings.ErrorDataHasError(ed) {
		s.done = true
		return nil, fmt.Errorf("%w: %s", ErrBadQuery, bindings.ErrorDataMessage(ed))
	}
	return rec, nil
}

// Close stops the query, if it still runs, and releases what it holds.
func (s *Stream) Close() {
	s.once.Do(func() {
		close(s.stop)
		<-s.stopped
		bindings.DestroyArrowOptions(&s.opts)
		bindings.DestroyResult(&s.res)
		bindings.DestroyPrepare(&s.stmt)
		bindings.Disconnect(&s.conn)
	})
}

// Rows is a query's result held in memory.
type Rows struct {
	Columns   []string
	Values    [][]any
	Truncated bool // more rows than the limit; the rest were not read
}

// Select runs one SELECT statement and returns at most limit rows, as Go
// values (Value); a non-zero asOf shows the warehouse as it was then.
func (q *QueryDB) Select(ctx context.Context, query string, limit int, asOf time.Time) (*Rows, error) {
	s, err := q.Stream(ctx, query, asOf)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	res := &Rows{Columns: s.Columns()}
	for {
		rec, err := s.Next()
		if errors.Is(err, io.EOF) {
			return res, nil
		}
		if err != nil {
			return nil, err
		}
		for i := range int(rec.NumRows()) {
			if len(res.Values) == limit {
				res.Truncated = true
				rec.Release()
				return res, nil
			}
			row := make([]any, rec.NumCols())
			for c, col := range rec.Columns() {
				row[c] = Value(col, i)
			}
			res.Values = append(res.Values, row)
		}
		rec.Release()
	}
}

// Value is the Go value of row i of an Arrow column, as database/sql would
// give it: nil, bool, int64, float64 (decimals too), string, time.Time, or
// for other types what encoding/json renders.
func Value(col arrow.Array, i int) any {
	if col.IsNull(i) {
		return nil
	}
	switch a := col.(type) {
	case *array.Boolean:
		return a.Value(i)
	case *array.Int8:
		return int64(a.Value(i))
	case *array.Int16:
		return int64(a.Value(i))
	case *array.Int32:
		return int64(a.Value(i))
	case *array.Int64:
		return a.Value(i)
	case *array.Uint8:
		return int64(a.Value(i))
	case *array.Uint16:
		return int64(a.Value(i))
	case *array.Uint32:
		return int64(a.Value(i))
	case *array.Uint64:
		return a.Value(i)
	case *array.Float32:
		return float64(a.Value(i))
	case *array.Float64:
		return a.Value(i)
	case *array.String:
		return strings.Clone(a.Value(i)) // the array's bytes are released with it
	case *array.LargeString:
		return strings.Clone(a.Value(i)) // the array's bytes are released with it
	case *array.StringView:
		return strings.Clone(a.Value(i)) // the array's bytes are released with it
	case *array.Decimal128:
		dt := a.DataType().(*arrow.Decimal128Type)
		return a.Value(i).ToFloat64(dt.Scale)
	case *array.Timestamp:
		dt := a.DataType().(*arrow.TimestampType)
		t := a.Value(i).ToTime(dt.Unit)
		if dt.TimeZone == "" {
			return t
		}
		return t.UTC()
	case *array.Date32:
		return a.Value(i).ToTime()
	case *array.Dictionary:
		return Value(a.Dictionary(), a.GetValueIndex(i))
	case *array.Binary:
		return slices.Clone(a.Value(i))
	}
	// Nested and rarer types: what encoding/json renders, detached from
	// the array's memory.
	b, err := json.Marshal(col.GetOneForMarshal(i))
	if err != nil {
		return nil
	}
	return json.RawMessage(b)
}

// JSONValue is Value made safe for encoding/json: NaN and infinities are null.
func JSONValue(col arrow.Array, i int) any {
	v := Value(col, i)
	if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return nil
	}
	return v
}

// forbiddenFunctions read files, reveal the server's settings and paths,
// or run SQL text that the check below never sees; a name ending in "*"
// is a prefix.
var forbiddenFunctions = []string{
	"read_*", "glob", "*_scan", "parquet_*", "sniff_csv", "iceberg_*", "delta_*",
	"current_setting", "getenv", "query", "query_table", "pragma_*", "which_secret",
	"duckdb_databases", "duckdb_settings", "duckdb_secrets", "duckdb_temporary_files", "duckdb_extensions",
	"duckdb_memory", "duckdb_log*", "duckdb_external_file_cache", "duckdb_prepared_statements",
	"enable_*", "disable_*", "checkpoint", "force_checkpoint", "json_execute_serialized_sql",
}

func forbidden(name string) bool {
	name = strings.ToLower(name)
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	for _, f := range forbiddenFunctions {
		switch {
		case strings.HasSuffix(f, "*") && strings.HasPrefix(name, f[:len(f)-1]),
			strings.HasPrefix(f, "*") && strings.HasSuffix(name, f[1:]),
			name == f:
			return true
		}
	}
	return false
}

// checkFunctions refuses a query that names a forbidden function, or reads
// a file by naming it as a table (FROM 'data.csv'). It reads the query's
// syntax tree as DuckDB's own parser gives it (json_serialize_sql): the
// same parser that runs it.
func checkFunctions(conn bindings.Connection, query string) error {
	text, err := queryString(conn, "SELECT json_serialize_sql("+quote(query)+")")
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadQuery, err)
	}
	var tree any
	if err := json.Unmarshal([]byte(text), &tree); err != nil {
		return fmt.Errorf("%w: cannot read the query's syntax tree", ErrForbidden)
	}
	if m, ok := tree.(map[string]any); ok && m["error"] == true {
		msg := fmt.Sprint(m["error_message"])
		if strings.Contains(msg, "Only SELECT") {
			return fmt.Errorf("%w: the statement is not a SELECT", ErrNotSelect)
		}
		return fmt.Errorf("%w: %s", ErrBadQuery, msg)
	}
	var bad []string
	var walk func(any)
	walk = func(n any) {
		switch x := n.(type) {
		case map[string]any:
			if name, ok := x["function_name"].(string); ok && forbidden(name) {
				bad = append(bad, name)
			}
			if x["type"] == "BASE_TABLE" {
				if name, ok := x["table_name"].(string); ok && strings.ContainsAny(name, "./\\:") {
					bad = append(bad, "a file named as a table ("+name+")")
				}
			}
			for _, v := range x {
				walk(v)
			}
		case []any:
			for _, v := range x {
				walk(v)
			}
		}
	}
	walk(tree)
	if len(bad) > 0 {
		slices.Sort(bad)
		return fmt.Errorf("%w: an analyst's query may not read files, settings or the server's paths; it uses %s",
			ErrForbidden, strings.Join(slices.Compact(bad), ", "))
	}
	return nil
}

// queryString runs sql and returns the text of its first value.
func queryString(conn bindings.Connection, sql string) (string, error) {
	var res bindings.Result
	defer bindings.DestroyResult(&res)
	if bindings.Query(conn, sql, &res) == bindings.StateError {
		return "", errors.New(bindings.ResultError(&res))
	}
	opts := bindings.ResultGetArrowOptions(&res)
	defer bindings.DestroyArrowOptions(&opts)
	typ := bindings.ColumnLogicalType(&res, 0)
	schema, ed := bindings.NewArrowSchema(opts, []bindings.LogicalType{typ}, []string{"v"})
	bindings.DestroyLogicalType(&typ)
	defer bindings.DestroyErrorData(&ed)
	if bindings.ErrorDataHasError(ed) {
		return "", errors.New(bindings.ErrorDataMessage(ed))
	}
	chunk := bindings.FetchChunk(res)
	if chunk.Ptr == nil {
		return "", errors.New("no value")
	}
	defer bindings.DestroyDataChunk(&chunk)
	rec, ed2 := bindings.DataChunkToArrowArray(opts, schema, chunk)
	defer bindings.DestroyErrorData(&ed2)
	if bindings.ErrorDataHasError(ed2) {
		return "", errors.New(bindings.ErrorDataMessage(ed2))
	}
	defer rec.Release()
	return fmt.Sprint(Value(rec.Column(0), 0)), nil
}

func statementTypeName(t bindings.StatementType) string {
	names := map[bindings.StatementType]string{
		bindings.StatementTypeInsert: "INSERT", bindings.StatementTypeUpdate: "UPDATE",
		bindings.StatementTypeDelete: "DELETE", bindings.StatementTypeCreate: "CREATE",
		bindings.StatementTypeExplain: "EXPLAIN", bindings.StatementTypeCopy: "COPY",
		bindings.StatementTypeAttach: "ATTACH", bindings.StatementTypeDetach: "DETACH",
		bindings.StatementTypeSet: "SET", bindings.StatementTypePragma: "PRAGMA",
		bindings.StatementTypeCall: "CALL", bindings.StatementTypeDrop: "DROP",
	}
	if n, ok := names[t]; ok {
		return n
	}
	return fmt.Sprintf("#%d", t)
}
