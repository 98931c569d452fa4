// Package csvfile reads the canonical long CSV: one reported value per row,
// with the header data_element,area,period,value and optionally kind,
// status and comment, in any order.
//
// The file may be UTF-8 with or without a byte-order mark, UTF-16 (Excel's
// "Unicode text") or Windows-1258; the delimiter is a comma, semicolon or
// tab, read from the header line.
package csvfile

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"chitieu/ingest"
	"chitieu/schemas"
)

// TemplateName is the template name recorded for long CSV files.
const TemplateName = "long_csv"

// Columns of the long CSV.
var (
	required = []string{"data_element", "area", "period", "value"}
	optional = []string{"kind", "status", "comment"}
)

// Reader streams a long CSV file.
type Reader struct {
	name     string
	f        *os.File
	cr       *csv.Reader
	col      map[string]int
	rb       *ingest.RawBuilder
	problems schemas.Problems
	done     bool
}

var _ ingest.Reader = (*Reader)(nil)

// ErrHeader is returned when the first line is not the long CSV header.
var ErrHeader = errors.New("not a long CSV header")

// Open opens path and reads its header. name is the file name used in
// problems.
func Open(path, name string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r, err := newReader(f, name)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.f = f
	return r, nil
}

// openCSV decodes src, picks its delimiter and reads its header line.
func openCSV(src io.Reader, name string) (*csv.Reader, []string, error) {
	br := bufio.NewReaderSize(src, 256*1024)
	text, err := decode(br)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	tr := bufio.NewReaderSize(text, 256*1024)
	first, _ := tr.Peek(4096)
	cr := csv.NewReader(tr)
	cr.Comma = sniffDelimiter(first)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: read header: %w", name, err)
	}
	return cr, slices.Clone(header), nil
}

func newReader(src io.Reader, name string) (*Reader, error) {
	cr, header, err := openCSV(src, name)
	if err != nil {
		return nil, err
	}
	r := &Reader{name: name, cr: cr, col: map[string]int{}}
	var unknown []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := r.col[h]; dup {
			return nil, fmt.Errorf("%s: %w: column %q appears twice", name, ErrHeader, h)
		}
		if !contains(required, h) && !contains(optional, h) {
			unknown = append(unknown, h)
		}
		r.col[h] = i
	}
	var missing []string
	for _, h := range required {
		if _, ok := r.col[h]; !ok {
			missing = append(missing, h)
		}
	}
	if len(missing) > 0 || len(unknown) > 0 {
		return nil, fmt.Errorf("%s: line 1: %w: header %q; expected the columns %s and optionally %s (missing %v, unknown %v)",
			name, ErrHeader, strings.Join(header, string(cr.Comma)), strings.Join(required, ","), strings.Join(optional, ","), missing, unknown)
	}
	r.rb = ingest.NewRawBuilder()
	return r, nil
}

// Sniff reports whether the file begins with a long CSV header, so that a
// caller can choose this reader without opening it fully.
func Sniff(path string) bool {
	r, err := Open(path, path)
	if err != nil {
		return false
	}
	r.Close()
	return true
}

// Header names the template; a long CSV names its areas and periods per row.
func (r *Reader) Header() ingest.Header { return ingest.Header{Template: TemplateName} }

// Problems lists rows that could not be read (wrong number of fields, broken quoting).
func (r *Reader) Problems() schemas.Problems { return r.problems }

// Next returns up to ingest.BatchRows raw rows.
func (r *Reader) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if r.done {
		return nil, io.EOF
	}
	var raw ingest.Raw
	get := func(rec []string, name string) string {
		i, ok := r.col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return rec[i]
	}
	for r.rb.Len() < ingest.BatchRows {
		rec, err := r.cr.Read()
		if err == io.EOF {
			r.done = true
			break
		}
		line, _ := r.cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(pe.Err, csv.ErrFieldCount) {
				r.problems = append(r.problems, schemas.Problem{Severity: schemas.SeverityError, File: r.name, Row: pe.Line, Message: pe.Err.Error()})
				r.done = true // the rest of the file cannot be split reliably
				break
			}
			return nil, fmt.Errorf("%s: %w", r.name, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) != len(r.col) {
			r.problems = append(r.problems, schemas.Problem{Severity: schemas.SeverityError, File: r.name, Row: line,
				Message: fmt.Sprintf("%d fields, expected %d like the header", len(rec), len(r.col))})
			continue
		}
		raw = ingest.Raw{
			Element: get(rec, "data_element"), Area: get(rec, "area"), Period: get(rec, "period"),
			Kind: get(rec, "kind"), Status: get(rec, "status"), Value: get(rec, "value"), Comment: get(rec, "comment"),
			Row: line,
		}
		r.rb.Append(&raw)
		if r.rb.Len()%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	if r.rb.Len() == 0 {
		return nil, io.EOF
	}
	return r.rb.Batch(), nil
}

// Close releases the builder and the file.
func (r *Reader) Close() error {
	if r.rb != nil {
		r.rb.Release()
		r.rb = nil
	}
	if r.f != nil {
		return r.f.Close()
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// sniffDelimiter picks the delimiter that splits the header line: tab,
// semicolon or comma.
func sniffDelimiter(head []byte) rune {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	best, n := ',', bytes.Count(line, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if c := bytes.Count(line, []byte(string(d))); c > n {
			best, n = d, c
		}
	}
	return best
}

// decode detects the text encoding from the byte-order mark or, failing
// that, from whether the start of the file is valid UTF-8; anything else is
// read as Windows-1258, the Vietnamese ANSI code page. (Windows-1258 writes
// tones as combining marks; the transform normalises text to NFC.)
func decode(br *bufio.Reader) (io.Reader, error) {
	head, err := br.Peek(64 * 1024)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
		return br, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return transform.NewReader(br, dec), nil
	}
	if validUTF8Prefix(head) {
		return br, nil
	}
	return transform.NewReader(br, charmap.Windows1258.NewDecoder()), nil
}

// validUTF8Prefix is utf8.Valid, forgiving a rune cut at the end of the sample.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}
