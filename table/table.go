// Package table holds query results in memory and prints them: as an
// aligned table for people, CSV, or JSON records.
package table

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Result is a query result held in memory for printing.
type Result struct {
	Columns []string
	Rows    [][]any
}

func Scan(rows *sql.Rows) (*Result, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, vals)
	}
	return res, rows.Err()
}

// WriteCSV writes res as CSV with a header line, values plain.
func (res *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(res.Columns)
	for _, r := range res.Rows {
		rec := make([]string, len(r))
		for i, v := range r {
			rec[i] = Plain(v)
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// Write prints res in the format; table cells use cell to format values.
func (res *Result) Write(w io.Writer, format string, cell func(col int, v any) string) error {
	switch format {
	case "csv":
		return res.WriteCSV(w)
	case "json":
		out := make([]map[string]any, 0, len(res.Rows))
		for _, r := range res.Rows {
			m := make(map[string]any, len(r))
			for i, v := range r {
				if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
					v = nil
				}
				m[res.Columns[i]] = v
			}
			out = append(out, m)
		}
		return JSONEncoder(w).Encode(out)
	}
	cells := make([][]string, len(res.Rows))
	width := make([]int, len(res.Columns))
	right := make([]bool, len(res.Columns))
	text := make([]bool, len(res.Columns)) // a string column holding other than numbers
	for i, c := range res.Columns {
		width[i] = utf8.RuneCountInString(c)
	}
	for r, row := range res.Rows {
		cells[r] = make([]string, len(row))
		for i, v := range row {
			cells[r][i] = cell(i, v)
			width[i] = max(width[i], utf8.RuneCountInString(cells[r][i]))
			switch v.(type) {
			case float64, float32, int64, int32, int, uint64:
				right[i] = true
			case string:
				if cells[r][i] != "" && !numeric(cells[r][i]) {
					text[i] = true
				}
			}
		}
	}
	for i := range right {
		right[i] = right[i] || !text[i] && len(res.Rows) > 0 && anyString(res.Rows, i)
	}
	line := func(vals []string) {
		var b strings.Builder
		for i, v := range vals {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(v))
			if right[i] {
				b.WriteString(pad + v)
			} else if i < len(vals)-1 {
				b.WriteString(v + pad)
			} else {
				b.WriteString(v)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(res.Columns)
	sep := make([]string, len(width))
	for i, n := range width {
		sep[i] = strings.Repeat("-", n)
	}
	line(sep)
	for _, r := range cells {
		line(r)
	}
	return nil
}

func anyString(rows [][]any, col int) bool {
	for _, r := range rows {
		if _, ok := r[col].(string); ok {
			return true
		}
	}
	return false
}

// numeric reports whether a table cell shows a number ("48,500", "103.19%",
// "+4.85 pp", "62/63"), which is right-aligned.
func numeric(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	return c >= '0' && c <= '9' || (c == '+' || c == '-') && len(s) > 1 && s[1] >= '0' && s[1] <= '9'
}

// Plain formats a value for CSV: full precision, no grouping.
func Plain(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case time.Time:
		return x.Format(time.RFC3339)
	case []byte:
		return string(x)
	case json.RawMessage:
		return string(x)
	}
	return fmt.Sprint(v)
}

// Human formats a value for a table: numbers grouped by thousands, at most
// decimals places.
func Human(v any, decimals int) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return FormatNumber(x, decimals)
	case int64:
		return GroupThousands(float64(x))
	case int32:
		return GroupThousands(float64(x))
	case time.Time:
		return x.Format("2006-01-02 15:04:05")
	}
	return Plain(v)
}

// FormatNumber writes x with thousands grouped and up to decimals decimal
// places, trailing zeros removed: 48500 → "48,500", 103.1915 → "103.19".
func FormatNumber(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	if neg && (intPart != "0" || frac != "") {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

func GroupThousands(x float64) string { return FormatNumber(x, 0) }

// JSONEncoder writes indented JSON for people and scripts at a terminal:
// "<4" stays "<4", not "\u003c4".
func JSONEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc
}
