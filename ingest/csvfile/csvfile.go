// Package csvfile reads the canonical long CSV: one reported value per row,
// with the header data_element,area,period,value and optionally kind,
// status, comment and breakdown, in any order. A breakdown ("sex=female";
// empty or "total" for the element's own figure) names the element's
// series, as the code jobs_created[sex=female] in data_element does.
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
	optional = []string{"kind", "status", "comment", "breakdown"}
)

// The columns Next reads, by position in columns.
const (
	colElement = iota
	colArea
	colPeriod
	colValue
	colKind
	colStatus
	colComment
	colBreakdown
)

var columns = append(slices.Clip(required), optional...)

// Reader streams a long CSV file.
type Reader struct {
	records
	at []int // the field of each of columns, -1 when the header lacks it

	// status is what the file's title or a comment above its header says
	// of its results ("số ước thực hiện": estimated), for the rows whose
	// status column is blank; plans keep theirs.
	status    string
	commented bool // a row's comment has set its status (noted once)
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

// maxPreamble is how many title and comment lines may stand above a long
// CSV's header.
const maxPreamble = 20

// noteLine is a line above a file's header: a title ("BÁO CÁO THÁNG 12 NĂM
// 2024 (số ước thực hiện)") or a comment ("# số liệu sơ bộ").
type noteLine struct {
	line int
	text string
}

// openCSV decodes src, picks its delimiter and reads its header line. The
// text converter is set for a file in TCVN3. With isHeader, the lines above
// the header that can be no header nor row (a comment starting with "#",
// a title of fewer fields than a header) are read as notes, up to
// maxPreamble of them.
func openCSV(src io.Reader, name string, isHeader func([]string) bool) (*csv.Reader, []string, []noteLine, *textFixer, error) {
	br := bufio.NewReaderSize(src, 256*1024)
	text, whole, err := decode(br)
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	tr := bufio.NewReaderSize(text, 256*1024)
	first, _ := tr.Peek(4096)
	cr := csv.NewReader(tr)
	cr.Comma = sniffDelimiter(first)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	fx := &textFixer{name: name, whole: whole}
	var (
		header []string
		notes  []noteLine
	)
	for {
		rec, err := cr.Read()
		if err != nil {
			return nil, nil, nil, nil, fmt.Errorf("%s: read header: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		header = slices.Clone(rec)
		for i, h := range header {
			header[i] = fx.fix(h, line, "")
		}
		if isHeader == nil || isHeader(header) || len(notes) == maxPreamble || !isNote(header) {
			return cr, header, notes, fx, nil
		}
		notes = append(notes, noteLine{line, strings.Join(strings.Fields(strings.Join(header, " ")), " ")})
	}
}

// isNote reports whether a line can be no long CSV header nor row: a
// comment ("# …") or fewer fields than the four required columns.
func isNote(rec []string) bool {
	if len(rec) > 0 && strings.HasPrefix(strings.TrimSpace(rec[0]), "#") {
		return true
	}
	n := 0
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			n++
		}
	}
	return n < len(required)
}

// isLongHeader reports whether a line is the long CSV's header: it names
// the data_element column.
func isLongHeader(rec []string) bool {
	return slices.ContainsFunc(rec, func(h string) bool { return headerName(h) == "data_element" })
}

// headerName is a header field as the columns are named.
func headerName(h string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
}

// textFixer converts text typed in the old TCVN3 (ABC) encoding: every
// field of a file whose bytes are TCVN3, and in other files the fields that
// look like TCVN3 mojibake ("B¶o Th¾ng", pasted from an old document). The
// first conversion is reported as a warning.
type textFixer struct {
	name     string
	whole    bool // the file's bytes are TCVN3
	problems schemas.Problems
}

func (x *textFixer) fix(s string, line int, column string) string {
	if s == "" {
		return s
	}
	var to string
	switch {
	case x.whole:
		to = schemas.FromTCVN3(s)
	default:
		var ok bool
		if to, ok = schemas.FixTCVN3(s); !ok {
			return s
		}
	}
	if to != s && len(x.problems) == 0 {
		msg := schemas.Say("tcvn3.field", to)
		if x.whole {
			msg = schemas.Say("tcvn3.file", to)
		}
		x.problems = append(x.problems, schemas.Problem{Severity: schemas.SeverityWarning, File: x.name, Row: line,
			Column: column, Value: s}.Says(msg))
	}
	return to
}

func newReader(src io.Reader, name string) (*Reader, error) {
	cr, header, notes, fx, err := openCSV(src, name, isLongHeader)
	if err != nil {
		return nil, err
	}
	r := &Reader{records: records{name: name, cr: cr, width: len(header), text: fx}}
	r.readNotes(notes)
	col := map[string]int{}
	var unknown []string
	headerLine, _ := cr.FieldPos(0)
	for i, h := range header {
		h = headerName(h)
		if _, dup := col[h]; dup {
			return nil, &schemas.MessageError{Message: schemas.Say("csv.column_twice", name, h), Err: ErrHeader}
		}
		if !contains(required, h) && !contains(optional, h) {
			unknown = append(unknown, h)
		}
		col[h] = i
	}
	var missing []string
	for _, h := range required {
		if _, ok := col[h]; !ok {
			missing = append(missing, h)
		}
	}
	if len(missing) > 0 || len(unknown) > 0 {
		return nil, &schemas.MessageError{Message: schemas.Say("csv.not_long_header", name, headerLine, strings.Join(header, string(cr.Comma)),
			strings.Join(required, ","), strings.Join(optional, ","), fmt.Sprint(missing), fmt.Sprint(unknown)), Err: ErrHeader}
	}
	r.at = make([]int, len(columns))
	for i, name := range columns {
		if j, ok := col[name]; ok {
			r.at[i] = j
		} else {
			r.at[i] = -1
		}
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
func (r *Reader) Problems() schemas.Problems {
	return append(slices.Clip(r.text.problems), r.problems...)
}

// readNotes reads the title and comment lines above the header: words
// such as "số ước thực hiện" or "sơ bộ" give the file's results a status,
// stated in a note; the other lines are named in a note too, so that no
// line goes unread in silence.
func (r *Reader) readNotes(notes []noteLine) {
	for _, n := range notes {
		if st, phrase, ok := schemas.StatusIn(n.text); ok && r.status == "" {
			r.status = st
			r.problems = append(r.problems, schemas.Problem{Severity: schemas.SeverityInfo, File: r.name, Row: n.line, Value: n.text}.Says(
				schemas.Say("csv.file_status", phrase, st)))
			continue
		}
		r.problems = append(r.problems, schemas.Problem{Severity: schemas.SeverityInfo, File: r.name, Row: n.line, Value: n.text}.Says(
			schemas.Say("csv.title_above_header")))
	}
}

// statusOf is a row's status: its own, else the one its comment states
// ("số ước"), else the file's, for a result; a plan's is its own.
func (r *Reader) statusOf(status, kind, comment string, line int) string {
	if strings.TrimSpace(status) != "" || r.status == "" && comment == "" {
		return status
	}
	if k, _ := schemas.ParseKind(kind); k == schemas.KindPlan || schemas.Reported(k) {
		return status
	}
	if st, phrase, ok := schemas.StatusIn(comment); ok {
		if !r.commented {
			r.commented = true
			r.problems = append(r.problems, schemas.Problem{Severity: schemas.SeverityInfo, File: r.name, Row: line, Column: "comment", Value: comment}.Says(
				schemas.Say("csv.comment_status", phrase, st)))
		}
		return st
	}
	return r.status
}

// Next returns up to ingest.BatchRows raw rows.
func (r *Reader) Next(ctx context.Context) (arrow.RecordBatch, error) {
	get := func(rec []string, c int) string {
		if i := r.at[c]; i >= 0 && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var raw ingest.Raw
	return r.next(ctx, func(rec []string, line int) {
		raw = ingest.Raw{
			Element: schemas.SeriesCode(r.text.fix(get(rec, colElement), line, "data_element"), strings.TrimSpace(get(rec, colBreakdown))),
			Area:    r.text.fix(get(rec, colArea), line, "area"),
			Period:  r.text.fix(get(rec, colPeriod), line, "period"), Kind: r.text.fix(get(rec, colKind), line, "kind"),
			Status: get(rec, colStatus), Value: get(rec, colValue), Comment: r.text.fix(get(rec, colComment), line, "comment"),
			Row: line,
		}
		raw.Status = r.statusOf(raw.Status, raw.Kind, raw.Comment, line)
		r.rb.Append(&raw)
	})
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
	// Titles and comments may stand above a long CSV's header: its line
	// is the one to read.
	if i := bytes.Index(bytes.ToLower(head), []byte("data_element")); i > 0 {
		start := bytes.LastIndexByte(head[:i], '\n') + 1
		line, _, _ = bytes.Cut(head[start:], []byte("\n"))
	}
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
func decode(br *bufio.Reader) (text io.Reader, tcvn3 bool, err error) {
	head, err := br.Peek(64 * 1024)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, false, err
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
		return br, false, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return transform.NewReader(br, dec), false, nil
	}
	if validUTF8Prefix(head) {
		return br, false, nil
	}
	if tcvn3Bytes(head) {
		// Read as Latin-1, each byte its code point; the fields are then
		// mapped from TCVN3.
		return transform.NewReader(br, charmap.ISO8859_1.NewDecoder()), true, nil
	}
	return transform.NewReader(br, charmap.Windows1258.NewDecoder()), false, nil
}

// tcvn3Bytes tells TCVN3 from Windows-1258, both single-byte: TCVN3 puts
// its commonest letters (à á ả ă â đ ê ô ơ ư) at 0xA1–0xBF, where
// Windows-1258 has only symbols (¡ … ¿) that data rarely holds, and writes
// Vietnamese letters from 0xC0 up.
func tcvn3Bytes(head []byte) bool {
	high, low := 0, 0
	for _, b := range head {
		switch {
		case b >= 0xA1 && b <= 0xBF:
			low++
			high++
		case b >= 0x80:
			high++
		}
	}
	return low > 0 && low*4 >= high
}

// validUTF8Prefix is utf8.Valid, forgiving a rune cut at the end of the sample.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}
