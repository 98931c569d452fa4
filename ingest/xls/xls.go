// Package xls reads legacy Excel 97–2003 workbooks (.xls, BIFF8), as
// GSO's releases before 2007 and many provinces' old templates are saved,
// into the cells, merged ranges and hidden rows and columns that the .xlsx
// reader (ingest/xlsx) reads, so that one set of templates reads both.
//
// The compound file (OLE2) container is opened with
// github.com/richardlehane/mscfb (Apache 2.0, maintained); the BIFF8
// records of its Workbook stream are decoded here. The Go libraries for
// .xls tried on GSO's January 2000 release were not fit: extrame/xls
// (last release 2016) returns the text "FormulaCol" for every formula,
// reads numbers in user-defined formats as dates and panics on missing
// rows; shakinm/xlsReader reads the file, but is GPL-3.0 licensed, hands
// back 8-bit strings as raw bytes that cannot be told from UTF-8, and
// ignores merged cells. Only what a statistical table needs is decoded:
// text (shared strings, labels, formula results), numbers (NUMBER, RK,
// MULRK, cached formula values), booleans, merged ranges, hidden rows and
// columns, and whether a cell's number format shows a percentage. Text is
// returned as stored: TCVN3 mojibake is converted by the reader, as in
// .xlsx files.
package xls

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
)

// ErrFormat is returned for a file that is no BIFF8 workbook (an older
// Excel 5/95 file, a damaged one, another compound file).
var ErrFormat = errors.New("not an Excel 97-2003 (BIFF8) workbook")

// MaxStreamBytes bounds the Workbook stream read into memory: a .xls file
// is small next to its .xlsx counterpart, and a larger one is refused
// rather than exhausting memory.
const MaxStreamBytes = 64 << 20

// Magic is how every compound file (.xls, .doc) begins.
var Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Kinds of cell.
const (
	Number = iota + 1
	Text
	Bool
	Error
)

// Cell is one cell as stored.
type Cell struct {
	Row, Col int // 0-based
	Kind     int
	Num      float64 // Number, Bool (0 or 1)
	Text     string  // Text
	Percent  bool    // a Number shown as a percentage ("0.0%"): Excel stores 70.1 % as 0.701
}

// Range is a merged range of cells, 0-based and inclusive.
type Range struct{ FirstRow, LastRow, FirstCol, LastCol int }

// Sheet is one worksheet.
type Sheet struct {
	Name       string
	Hidden     bool
	Cells      []Cell
	Merges     []Range
	HiddenRows map[int]bool // 0-based
	HiddenCols map[int]bool // 0-based
}

// Workbook is the worksheets of a file, in order.
type Workbook struct {
	Sheets []Sheet
}

// Open reads the workbook at path.
func Open(path string) (*Workbook, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f)
}

// Read reads a workbook from a compound file.
func Read(ra io.ReaderAt) (wb *Workbook, err error) {
	// mscfb panics on some malformed containers (a sector count beyond
	// reason: testdata/fuzz/FuzzRead); a damaged upload must be refused,
	// not bring the service down.
	defer func() {
		if p := recover(); p != nil {
			wb, err = nil, fmt.Errorf("%w: a damaged compound file (%v)", ErrFormat, p)
		}
	}()
	doc, err := mscfb.New(ra)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	for {
		entry, err := doc.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%w: the file has no Workbook stream", ErrFormat)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		switch entry.Name {
		case "Book":
			return nil, fmt.Errorf("%w: an Excel 5.0/95 workbook; save it as .xlsx", ErrFormat)
		case "Workbook":
			if entry.Size > MaxStreamBytes {
				return nil, fmt.Errorf("%w: its workbook stream is %d bytes, more than the %d read", ErrFormat, entry.Size, MaxStreamBytes)
			}
			data := make([]byte, entry.Size)
			if _, err := io.ReadFull(entry, data); err != nil {
				return nil, fmt.Errorf("%w: read the workbook stream: %v", ErrFormat, err)
			}
			return parse(data)
		}
	}
}

// Record types of BIFF8.
const (
	recBOF        = 0x0809
	recEOF        = 0x000A
	recBoundSheet = 0x0085
	recSST        = 0x00FC
	recContinue   = 0x003C
	recFormat     = 0x041E
	recXF         = 0x00E0
	recLabelSST   = 0x00FD
	recLabel      = 0x0204
	recRString    = 0x00D6
	recNumber     = 0x0203
	recRK         = 0x027E
	recMulRK      = 0x00BD
	recFormula    = 0x0006
	recString     = 0x0207
	recBoolErr    = 0x0205
	recMerged     = 0x00E5
	recRow        = 0x0208
	recColInfo    = 0x007D
)

// record is one BIFF record with the CONTINUE records that follow it: the
// data of each piece kept apart, since a string split across them starts
// each continuation with a new flags byte.
type record struct {
	typ    uint16
	pieces [][]byte
}

func (r record) data() []byte { return r.pieces[0] }

// records splits a stream from offset at into records, up to and
// including the first EOF.
func records(stream []byte, at int) ([]record, error) {
	var out []record
	for at+4 <= len(stream) {
		typ := binary.LittleEndian.Uint16(stream[at:])
		n := int(binary.LittleEndian.Uint16(stream[at+2:]))
		if at+4+n > len(stream) {
			return out, fmt.Errorf("%w: record %#04x at byte %d runs past the end of the stream", ErrFormat, typ, at)
		}
		data := stream[at+4 : at+4+n]
		at += 4 + n
		if typ == recContinue && len(out) > 0 {
			last := &out[len(out)-1]
			last.pieces = append(last.pieces, data)
			continue
		}
		out = append(out, record{typ: typ, pieces: [][]byte{data}})
		if typ == recEOF {
			return out, nil
		}
	}
	return out, fmt.Errorf("%w: the stream ends without an EOF record", ErrFormat)
}

type boundSheet struct {
	name   string
	offset int
	hidden bool
	kind   byte
}

func parse(stream []byte) (*Workbook, error) {
	globals, err := records(stream, 0)
	if err != nil {
		return nil, err
	}
	if len(globals) == 0 || globals[0].typ != recBOF || len(globals[0].data()) < 4 {
		return nil, fmt.Errorf("%w: no BOF record at the start", ErrFormat)
	}
	if v := binary.LittleEndian.Uint16(globals[0].data()); v != 0x0600 {
		return nil, fmt.Errorf("%w: BIFF version %#04x, want 0x0600 (Excel 97-2003); save it as .xlsx", ErrFormat, v)
	}
	var (
		sheets  []boundSheet
		sst     []string
		formats = map[int]string{}
		xfs     []int // XF index → number format index
	)
	for _, rec := range globals {
		d := rec.data()
		switch rec.typ {
		case recBoundSheet:
			if len(d) < 8 {
				return nil, fmt.Errorf("%w: short BOUNDSHEET record", ErrFormat)
			}
			name, err := shortString(d[6:])
			if err != nil {
				return nil, err
			}
			sheets = append(sheets, boundSheet{name: name, offset: int(binary.LittleEndian.Uint32(d)), hidden: d[4]&3 != 0, kind: d[5]})
		case recSST:
			if sst, err = readSST(rec); err != nil {
				return nil, err
			}
		case recFormat:
			if len(d) < 5 {
				continue
			}
			code, err := unicodeString(d[2:], 2)
			if err == nil {
				formats[int(binary.LittleEndian.Uint16(d))] = code
			}
		case recXF:
			if len(d) < 4 {
				continue
			}
			xfs = append(xfs, int(binary.LittleEndian.Uint16(d[2:])))
		}
	}
	percent := func(xf int) bool {
		if xf < 0 || xf >= len(xfs) {
			return false
		}
		f := xfs[xf]
		if f == 9 || f == 10 {
			return true
		}
		return HasPercent(formats[f])
	}
	wb := &Workbook{}
	for _, bs := range sheets {
		if bs.kind != 0 {
			continue // a chart, macro or dialog sheet
		}
		if bs.offset < 0 || bs.offset >= len(stream) {
			return nil, fmt.Errorf("%w: sheet %q starts outside the stream", ErrFormat, bs.name)
		}
		sh, err := readSheet(stream, bs, sst, percent)
		if err != nil {
			return nil, err
		}
		wb.Sheets = append(wb.Sheets, sh)
	}
	return wb, nil
}

func readSheet(stream []byte, bs boundSheet, sst []string, percent func(int) bool) (Sheet, error) {
	recs, err := records(stream, bs.offset)
	if err != nil {
		return Sheet{}, fmt.Errorf("sheet %q: %w", bs.name, err)
	}
	if len(recs) == 0 || recs[0].typ != recBOF {
		return Sheet{}, fmt.Errorf("%w: sheet %q does not start with a BOF record", ErrFormat, bs.name)
	}
	sh := Sheet{Name: bs.name, Hidden: bs.hidden, HiddenRows: map[int]bool{}, HiddenCols: map[int]bool{}}
	short := func(d []byte, n int) error {
		if len(d) < n {
			return fmt.Errorf("%w: sheet %q: a record of %d bytes, want at least %d", ErrFormat, bs.name, len(d), n)
		}
		return nil
	}
	num := func(d []byte, v float64) {
		xf := int(binary.LittleEndian.Uint16(d[4:]))
		sh.Cells = append(sh.Cells, Cell{Row: int(binary.LittleEndian.Uint16(d)), Col: int(binary.LittleEndian.Uint16(d[2:])),
			Kind: Number, Num: v, Percent: percent(xf)})
	}
	text := func(d []byte, s string) {
		sh.Cells = append(sh.Cells, Cell{Row: int(binary.LittleEndian.Uint16(d)), Col: int(binary.LittleEndian.Uint16(d[2:])), Kind: Text, Text: s})
	}
	var formulaString []byte // the FORMULA record whose string result follows
	for _, rec := range recs[1:] {
		d := rec.data()
		switch rec.typ {
		case recLabelSST:
			if err := short(d, 10); err != nil {
				return Sheet{}, err
			}
			i := int(binary.LittleEndian.Uint32(d[6:]))
			if i >= len(sst) {
				return Sheet{}, fmt.Errorf("%w: sheet %q: shared string %d of %d", ErrFormat, bs.name, i, len(sst))
			}
			text(d, sst[i])
		case recLabel, recRString:
			if err := short(d, 9); err != nil {
				return Sheet{}, err
			}
			s, err := unicodeString(d[6:], 2)
			if err != nil {
				return Sheet{}, fmt.Errorf("sheet %q: %w", bs.name, err)
			}
			text(d, s)
		case recNumber:
			if err := short(d, 14); err != nil {
				return Sheet{}, err
			}
			num(d, math.Float64frombits(binary.LittleEndian.Uint64(d[6:])))
		case recRK:
			if err := short(d, 10); err != nil {
				return Sheet{}, err
			}
			num(d, rk(binary.LittleEndian.Uint32(d[6:])))
		case recMulRK:
			if err := short(d, 6); err != nil {
				return Sheet{}, err
			}
			row, col := binary.LittleEndian.Uint16(d), int(binary.LittleEndian.Uint16(d[2:]))
			for i, p := 0, 4; p+6 <= len(d)-2; i, p = i+1, p+6 {
				var cell [6]byte
				binary.LittleEndian.PutUint16(cell[0:], row)
				binary.LittleEndian.PutUint16(cell[2:], uint16(col+i))
				copy(cell[4:], d[p:p+2])
				num(cell[:], rk(binary.LittleEndian.Uint32(d[p+2:])))
			}
		case recFormula:
			if err := short(d, 20); err != nil {
				return Sheet{}, err
			}
			res := d[6:14]
			if res[6] != 0xFF || res[7] != 0xFF {
				num(d, math.Float64frombits(binary.LittleEndian.Uint64(res)))
				continue
			}
			switch res[0] {
			case 0: // a string, in the STRING record that follows
				formulaString = d
			case 1:
				sh.Cells = append(sh.Cells, Cell{Row: int(binary.LittleEndian.Uint16(d)), Col: int(binary.LittleEndian.Uint16(d[2:])), Kind: Bool, Num: float64(res[2])})
			case 2:
				text(d, errorText(res[2]))
			}
		case recString:
			if formulaString == nil {
				continue
			}
			s, err := continuedString(rec, 2)
			if err != nil {
				return Sheet{}, fmt.Errorf("sheet %q: %w", bs.name, err)
			}
			text(formulaString, s)
			formulaString = nil
		case recBoolErr:
			if err := short(d, 8); err != nil {
				return Sheet{}, err
			}
			if d[7] == 1 {
				text(d, errorText(d[6]))
			} else {
				sh.Cells = append(sh.Cells, Cell{Row: int(binary.LittleEndian.Uint16(d)), Col: int(binary.LittleEndian.Uint16(d[2:])), Kind: Bool, Num: float64(d[6])})
			}
		case recMerged:
			if err := short(d, 2); err != nil {
				return Sheet{}, err
			}
			n := int(binary.LittleEndian.Uint16(d))
			for i := 0; i < n && 2+8*i+8 <= len(d); i++ {
				p := d[2+8*i:]
				sh.Merges = append(sh.Merges, Range{
					FirstRow: int(binary.LittleEndian.Uint16(p)), LastRow: int(binary.LittleEndian.Uint16(p[2:])),
					FirstCol: int(binary.LittleEndian.Uint16(p[4:])), LastCol: int(binary.LittleEndian.Uint16(p[6:]))})
			}
		case recRow:
			if err := short(d, 16); err != nil {
				return Sheet{}, err
			}
			if binary.LittleEndian.Uint16(d[12:])&0x20 != 0 {
				sh.HiddenRows[int(binary.LittleEndian.Uint16(d))] = true
			}
		case recColInfo:
			if err := short(d, 10); err != nil {
				return Sheet{}, err
			}
			if binary.LittleEndian.Uint16(d[8:])&1 != 0 {
				first, last := int(binary.LittleEndian.Uint16(d)), int(binary.LittleEndian.Uint16(d[2:]))
				for c := first; c <= last && c < 16384; c++ {
					sh.HiddenCols[c] = true
				}
			}
		}
	}
	return sh, nil
}

// rk decodes an RK number: a 30-bit integer or the top 30 bits of a
// float64, either possibly divided by 100.
func rk(v uint32) float64 {
	var f float64
	if v&2 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&1 != 0 {
		f /= 100
	}
	return f
}

func errorText(code byte) string {
	switch code {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	}
	return "#ERROR!"
}

// shortString reads a ShortXLUnicodeString: an 8-bit count, flags, chars.
func shortString(d []byte) (string, error) {
	if len(d) < 2 {
		return "", fmt.Errorf("%w: short string", ErrFormat)
	}
	s, _, err := chars(d[2:], int(d[0]), d[1]&1 != 0)
	return s, err
}

// unicodeString reads an XLUnicodeString with a count of countBytes (1 or
// 2) bytes, all in one piece.
func unicodeString(d []byte, countBytes int) (string, error) {
	return continuedString(record{pieces: [][]byte{d}}, countBytes)
}

// chars decodes n characters: UTF-16LE when high, else one byte each
// (the low byte of UTF-16: Latin-1).
func chars(d []byte, n int, high bool) (string, int, error) {
	if high {
		if len(d) < 2*n {
			return "", 0, fmt.Errorf("%w: a string of %d characters runs past its record", ErrFormat, n)
		}
		u := make([]uint16, n)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(d[2*i:])
		}
		return string(utf16.Decode(u)), 2 * n, nil
	}
	if len(d) < n {
		return "", 0, fmt.Errorf("%w: a string of %d characters runs past its record", ErrFormat, n)
	}
	return latin1(d[:n]), n, nil
}

func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// continuedString reads an XLUnicodeString (count, flags, characters) that
// may run on into the record's CONTINUE pieces, each of which then starts
// with a flags byte of its own.
func continuedString(rec record, countBytes int) (string, error) {
	d := rec.pieces[0]
	if len(d) < countBytes+1 {
		return "", fmt.Errorf("%w: short string", ErrFormat)
	}
	n := int(d[0])
	if countBytes == 2 {
		n = int(binary.LittleEndian.Uint16(d))
	}
	high := d[countBytes]&1 != 0
	d = d[countBytes+1:]
	var b bytes.Buffer
	piece := 0
	for n > 0 {
		width := 1
		if high {
			width = 2
		}
		k := min(n, len(d)/width)
		s, used, err := chars(d, k, high)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
		n -= k
		d = d[used:]
		if n == 0 {
			break
		}
		piece++
		if piece >= len(rec.pieces) || len(rec.pieces[piece]) == 0 {
			return "", fmt.Errorf("%w: a string runs past its record", ErrFormat)
		}
		high = rec.pieces[piece][0]&1 != 0
		d = rec.pieces[piece][1:]
	}
	return b.String(), nil
}

// cursor reads across a record's pieces (the record, then its CONTINUE
// records) as one run of bytes, except where a string's characters cross
// into a new piece (see chars).
type cursor struct {
	pieces [][]byte
	p      int
	d      []byte
}

func (c *cursor) next() bool {
	for c.p+1 < len(c.pieces) {
		c.p++
		c.d = c.pieces[c.p]
		if len(c.d) > 0 {
			return true
		}
	}
	return false
}

func (c *cursor) bytes(n int) ([]byte, error) {
	var out []byte
	for n > 0 {
		if len(c.d) == 0 && !c.next() {
			return nil, fmt.Errorf("%w: the shared strings run past their records", ErrFormat)
		}
		k := min(n, len(c.d))
		out = append(out, c.d[:k]...)
		c.d, n = c.d[k:], n-k
	}
	return out, nil
}

func (c *cursor) skip(n int) error {
	_, err := c.bytes(n)
	return err
}

// chars reads n characters starting with the given width; a new piece
// starts with a flags byte giving the width of the rest.
func (c *cursor) chars(n int, high bool) (string, error) {
	var b bytes.Buffer
	for n > 0 {
		if len(c.d) == 0 {
			if !c.next() {
				return "", fmt.Errorf("%w: a shared string runs past its records", ErrFormat)
			}
			high = c.d[0]&1 != 0
			c.d = c.d[1:]
			continue
		}
		width := 1
		if high {
			width = 2
		}
		k := min(n, len(c.d)/width)
		if k == 0 {
			return "", fmt.Errorf("%w: a character split across records", ErrFormat)
		}
		s, used, err := chars(c.d, k, high)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
		c.d, n = c.d[used:], n-k
	}
	return b.String(), nil
}

// readSST reads the shared string table.
func readSST(rec record) ([]string, error) {
	c := &cursor{pieces: rec.pieces, d: rec.pieces[0]}
	head, err := c.bytes(8)
	if err != nil {
		return nil, err
	}
	unique := int(binary.LittleEndian.Uint32(head[4:]))
	if unique < 0 || unique > MaxStreamBytes/3 {
		return nil, fmt.Errorf("%w: %d shared strings", ErrFormat, unique)
	}
	out := make([]string, 0, unique)
	for range unique {
		h, err := c.bytes(3)
		if err != nil {
			return nil, err
		}
		n, flags := int(binary.LittleEndian.Uint16(h)), h[2]
		runs, ext := 0, 0
		if flags&8 != 0 {
			b, err := c.bytes(2)
			if err != nil {
				return nil, err
			}
			runs = int(binary.LittleEndian.Uint16(b))
		}
		if flags&4 != 0 {
			b, err := c.bytes(4)
			if err != nil {
				return nil, err
			}
			ext = int(int32(binary.LittleEndian.Uint32(b)))
			if ext < 0 {
				return nil, fmt.Errorf("%w: a shared string with %d bytes of extra data", ErrFormat, ext)
			}
		}
		s, err := c.chars(n, flags&1 != 0)
		if err != nil {
			return nil, err
		}
		if err := c.skip(4*runs + ext); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// HasPercent reports whether a number format code shows a percentage: a
// percent sign outside quoted text, escapes and brackets ("0.0%", not
// "0\"%\"" nor "[Red]0").
func HasPercent(code string) bool {
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		switch ch := code[i]; {
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '\\':
			i++
		case ch == '[':
			bracket = true
		case ch == ']':
			bracket = false
		case ch == '%' && !bracket:
			return true
		}
	}
	return false
}
