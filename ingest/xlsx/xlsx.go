// Package xlsx reads provincial report workbooks (.xlsx) whose layout a
// schemas.Template describes: a title block naming the province and the
// period, a header row (possibly over a sub-header and a row of column
// numbers), one row per indicator, then notes and signatures. The same
// reader reads consolidation sheets (layout sheet_columns: one row per
// province, data elements as columns, the element and kind taken from each
// column's header path), and TableReader reads long tables (layout table).
//
// The reader streams every sheet whose header matches the template, in
// workbook order, with excelize's row iterator (a workbook may hold one
// sheet per month or per department; each has its own title) and emits one
// schemas.RawSchema row per indicator row and value column with a
// non-blank cell:
//
//   - data_element: the element the row label names, after the template's
//     prefixes ("Trong đó:", "- ", "a)") are stripped;
//   - area: the province as the title writes it ("NGHỆ AN");
//   - period: the canonical code of the column's period: the title's month
//     ("2024-12") or its year ("2024") for the plan;
//   - kind: the column's kind (plan, actual, ytd);
//   - value and numeric: a numeric cell's stored number in Go's plain
//     notation with numeric true (a cell shown as a percentage, which Excel
//     stores as a fraction, is multiplied by 100, as it is shown); any other
//     cell's text as written ("48.500", "-") with numeric false;
//   - unit: the text of the row's unit cell ("người");
//   - source_row and source_cell: the sheet row and the cell with its
//     sheet ("'BC thang'!E12"); every problem names its sheet too.
//
// Header rows are joined into header paths ("Thực hiện › Tháng 11"). Hidden
// rows and columns are not read, deliberately: provinces hide last year's
// figures and working rows there; a hidden row with figures, or a hidden
// column headed like one of the form's, is reported as a warning so that
// nothing disappears unseen.
//
// Rows whose label names no data element are reported as warnings when they
// hold numbers, and skipped silently when they do not (section headings).
// A title lacking the province or the period is an error problem and no
// values are emitted.
//
// Nothing is lost unseen: every number in a table read is emitted or named
// in a problem (totals, region rows and grand totals in a note). Blank rows
// do not end a table; a continuation on a new page ("(Tiếp theo)", the
// header again) is skipped up to the next row with figures; totals are
// checked against the whole table, on top or at the bottom. GSO's tables
// by province, whose cell over the names is blank, are found by their title
// (header.title_words). A period missing from the title is taken from a
// header cell, the sheet's name or the file's name, with a note; words
// such as "số ước thực hiện" or "sơ bộ" make figures estimated or
// provisional. Excel 97-2003 workbooks (.xls) are converted in memory by
// ingest/xls and read alike.
package xlsx

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/xuri/excelize/v2"

	"chitieu/ingest"
	"chitieu/ingest/xls"
	"chitieu/schemas"
)

var _ ingest.Reader = (*Reader)(nil)

// raw asks excelize for cell values as stored, not as displayed: numbers
// without the display format's grouping or rounding.
var raw = excelize.Options{RawCellValue: true}

// Reader streams the values of the workbook sheets laid out as a template
// describes.
type Reader struct {
	open
	path    string
	tpl     schemas.Template
	es      *schemas.Elements
	sheet   string
	sheets  []string // the workbook's sheets
	sheetAt int      // the index in sheets of the one after r.sheet

	areas     *schemas.Areas  // to say why a sheet is not read: see SetAreas
	unread    []string        // sheets passed over without a word so far
	hiddenCol map[int]bool    // 0-based columns hidden in this sheet
	tcvn3     map[string]bool // sheets with TCVN3 text converted

	pending []row // rows read ahead while looking for the header (hidden flags in row)
	last    int   // number of the last row taken from rows

	header ingest.Header
	emit   bool    // the title and header are complete: values are emitted
	label  int     // 0-based column of the row label, -1 if none
	unit   int     // 0-based column of the unit, -1 if none
	number int     // 0-based column of the row number ("TT"), -1 if none
	tree   []place // the numbered rows above the current one, outermost first
	values []valueColumn

	cont     bool // in a continuation's repeated title and header ("(Tiếp theo)")
	skip     bool // the sheet's table names no data element: not read
	taken    bool // a sheet has been taken
	totals   []totalRow
	done     bool // the table has ended
	problems schemas.Problems
	percent  map[int]bool // cell style ID → its number format shows a percentage
}

// valueColumn is a sheet column bound to a template value column.
type valueColumn struct {
	col    int // 0-based
	tc     schemas.TemplateColumn
	period string // the period code, once the title is read
	status string // estimated or provisional when the file says so, else empty (final)

	// sheet_columns: the column's data element and the unit its header
	// gives; the sum of the province rows so far, for a total row.
	element string
	unit    string
	counted bool
	sum     float64
	parts   int
}

// row is one sheet row: its 1-based number and its cells as stored.
type row struct {
	n      int
	cells  []string
	hidden bool
}

// Open opens the workbook at path and positions a reader on its first sheet
// whose header row matches tpl within the template's scan rows. Labels are
// matched against elements. A workbook with no such sheet is
// ingest.ErrUnsupported. Problems of the title and header (no province, no
// period, a required column missing) are not errors here: they are in
// Problems, and Next then returns no values.
func Open(path string, elements *schemas.Elements, tpl schemas.Template) (*Reader, error) {
	if err := tpl.Check(elements); err != nil {
		return nil, err
	}
	f, err := openWorkbook(path)
	if err != nil {
		return nil, err
	}
	if err := checkSheets(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r := &Reader{open: open{f: f}, path: path, tpl: tpl, es: elements, label: -1, unit: -1, number: -1, percent: map[int]bool{}, sheets: f.GetSheetList(), tcvn3: map[string]bool{}}
	found, err := r.nextSheet()
	if err != nil {
		return nil, errors.Join(err, r.Close())
	}
	if !found {
		why := fmt.Sprintf("no sheet has a header row with %s in its first %d rows", quoteAll(tpl.Header.Words), tpl.Header.ScanRows)
		if tpl.FindsByTitle() {
			why = fmt.Sprintf("no sheet has a table titled with %s in its first %d rows", quoteAll(tpl.Header.TitleWords), tpl.Header.ScanRows)
		}
		for _, p := range r.problems {
			why += "; " + p.Error()
		}
		return nil, errors.Join(fmt.Errorf("%s: %s: %w", path, why, ingest.ErrUnsupported), r.Close())
	}
	r.rb = ingest.NewRawBuilder()
	return r, nil
}

// Detect returns the template a workbook at path is laid out by: the first
// of templates whose header row a sheet has within the template's scan
// rows and whose title names a period in the template's words, else the
// first whose header row a sheet has, else an error wrapping
// ingest.ErrUnsupported.
func Detect(path string, templates []schemas.Template) (schemas.Template, error) {
	f, err := openWorkbook(path)
	if err != nil {
		return schemas.Template{}, err
	}
	defer f.Close()
	if err := checkSheets(f); err != nil {
		return schemas.Template{}, fmt.Errorf("%s: %w", path, err)
	}
	var b budget
	scan := 0
	for _, t := range templates {
		scan = max(scan, t.Header.ScanRows)
	}
	var first *schemas.Template // the first whose header a sheet has
	for _, sheet := range f.GetSheetList() {
		rows, err := f.Rows(sheet)
		if err != nil {
			return schemas.Template{}, fmt.Errorf("%s: sheet %q: %w", path, sheet, err)
		}
		top, err := readRows(rows, scan, &b, nil)
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return schemas.Template{}, fmt.Errorf("%s: sheet %q: %w", path, sheet, err)
		}
		for _, t := range templates {
			for i, rw := range top[:min(len(top), t.Header.ScanRows)] {
				if t.FindsByTitle() {
					if _, _, ok := findByTitle(t, top, i); ok {
						return t, nil
					}
					continue
				}
				if t.Layout == schemas.LayoutTable {
					if isTableHeader(t, rw.cells) {
						return t, nil
					}
					continue
				}
				if !t.IsHeader(rw.cells) {
					continue
				}
				// Forms may share a header (the monthly report and the
				// report for the first months of the year): the one whose
				// title names its kind of period wins.
				if titleNamesPeriod(t, top[:i]) {
					return t, nil
				}
				if first == nil {
					first = &t
				}
				break
			}
		}
	}
	if first != nil {
		return *first, nil
	}
	names := make([]string, len(templates))
	for i, t := range templates {
		names[i] = t.Name
	}
	return schemas.Template{}, &schemas.MessageError{Message: schemas.Say("xlsx.no_table", path, strings.Join(names, ", ")), Err: ingest.ErrUnsupported}
}

// titleNamesPeriod reports whether a cell of the title rows holds a period
// in the template's words, valid or not.
func titleNamesPeriod(t schemas.Template, title []row) bool {
	for _, rw := range title {
		for _, c := range rw.cells {
			if _, found, _ := t.FindPeriod(c); found {
				return true
			}
		}
	}
	return false
}

// Matches reports whether a sheet of the workbook at path has tpl's header
// row.
func Matches(path string, tpl schemas.Template) (bool, error) {
	_, err := Detect(path, []schemas.Template{tpl})
	if errors.Is(err, ingest.ErrUnsupported) {
		return false, nil
	}
	return err == nil, err
}

// openWorkbook opens an .xlsx workbook, or an Excel 97-2003 one (.xls,
// known by its content) converted in memory; a file that is neither (a
// CSV renamed, Excel 5/95) is ingest.ErrUnsupported.
func openWorkbook(path string) (*excelize.File, error) {
	if legacy, err := isLegacy(path); err != nil {
		return nil, fmt.Errorf("open workbook %s: %w", path, err)
	} else if legacy {
		return openLegacy(path)
	}
	err := CheckArchive(path)
	var f *excelize.File
	if err == nil {
		f, err = excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: MaxUnzippedBytes})
	}
	switch {
	case errors.Is(err, ErrArchiveTooLarge):
		return nil, fmt.Errorf("open workbook %s: %w", path, err)
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, zip.ErrFormat):
		return nil, fmt.Errorf("open workbook %s: %v; want an Excel workbook saved as .xlsx: %w", path, err, ingest.ErrUnsupported)
	case err != nil:
		return nil, fmt.Errorf("open workbook %s: %w", path, err)
	}
	return f, nil
}

// Header returns the template's name and the province and period code the
// title gives ("NGHỆ AN", "2024-12"); they are empty when the title lacks
// them.
func (r *Reader) Header() ingest.Header { return r.header }

// Sheet is the name of the sheet being read (the last one, once Next has
// returned io.EOF).
func (r *Reader) Sheet() string { return r.sheet }

// Problems returns the problems found so far; all of them once Next has
// returned io.EOF.
func (r *Reader) Problems() schemas.Problems { return r.problems }

// Next returns the next batch of raw values, or io.EOF after the last.
func (r *Reader) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if r.rb == nil {
		return nil, errors.New("xlsx: Next on a closed reader")
	}
	for r.rb.Len() < ingest.BatchRows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if r.done {
			r.checkTotals()
			// Several sheets of one workbook may carry the form (one per
			// month, one per department): read each in turn.
			more, err := r.nextSheet()
			if err != nil {
				return nil, err
			}
			if !more {
				if err := r.explainUnread(); err != nil {
					return nil, err
				}
				break
			}
			continue
		}
		rw, ok, err := r.next()
		if err != nil {
			return nil, fmt.Errorf("%s: sheet %q row %d: %w", r.path, r.sheet, r.last, err)
		}
		if !ok {
			r.done = true
			continue
		}
		if err := r.readRow(rw); err != nil {
			return nil, err
		}
	}
	if r.rb.Len() == 0 {
		return nil, io.EOF
	}
	return r.rb.Batch(), nil
}

// open is what a workbook reader holds open: the workbook, the rows of the
// sheet being read and the batch builder.
type open struct {
	f      *excelize.File
	rows   *excelize.Rows
	rb     *ingest.RawBuilder
	budget budget // rows and cells read, against the limits
}

// Close releases the workbook, including the temporary files excelize
// spills large sheets to. It may be called more than once.
func (o *open) Close() error {
	var errs []error
	if o.rows != nil {
		errs = append(errs, o.rows.Close())
		o.rows = nil
	}
	if o.f != nil {
		errs = append(errs, o.f.Close())
		o.f = nil
	}
	o.rb = nil // Next on a closed reader says so
	return errors.Join(errs...)
}

// nextSheet moves to the next sheet with the template's header row, from
// r.next on, reads its title and header, and reports whether there was one.
// The reader's header is the first sheet's; when later sheets name another
// province or period it keeps only what all sheets share.
func (r *Reader) nextSheet() (bool, error) {
	if r.rows != nil {
		if err := r.rows.Close(); err != nil {
			return false, fmt.Errorf("%s: sheet %q: %w", r.path, r.sheet, err)
		}
		r.rows = nil
	}
	for ; r.sheetAt < len(r.sheets); r.sheetAt++ {
		sheet := r.sheets[r.sheetAt]
		rows, err := r.f.Rows(sheet)
		if err != nil {
			return false, fmt.Errorf("%s: sheet %q: %w", r.path, sheet, err)
		}
		top, err := readRows(rows, r.tpl.Header.ScanRows, &r.budget, r.convertedTCVN3(sheet))
		if err != nil {
			rows.Close()
			return false, fmt.Errorf("%s: sheet %q: %w", r.path, sheet, err)
		}
		for i, rw := range top {
			var (
				heads []row
				body  int
			)
			if r.tpl.FindsByTitle() {
				var ok bool
				if heads, body, ok = findByTitle(r.tpl, top, i); !ok {
					continue
				}
			} else if !r.tpl.IsHeader(rw.cells) {
				continue
			}
			first := !r.taken
			prev := r.header
			r.rows, r.sheet = rows, sheet
			r.pending, r.last = top[i+1:], len(top)
			r.done, r.emit, r.cont, r.totals = false, false, false, nil
			r.label, r.unit, r.number, r.values, r.header.Area, r.tree = -1, -1, -1, nil, "", nil
			if heads != nil {
				r.pending = top[body:]
				err = r.bindHeader(top[:i+1], heads, firstCell(top[body].cells))
			} else {
				err = r.readHeader(top[:i], rw)
			}
			if err != nil {
				return false, err
			}
			if r.skip {
				// A table of the layout whose columns name no data element
				// (GSO's rice yields by province): reported, not read.
				r.header, r.rows = prev, nil
				break
			}
			if !first {
				if r.header.Area != prev.Area {
					r.header.Area = ""
				}
				if r.header.Period != prev.Period {
					r.header.Period = ""
				}
			}
			r.sheetAt++
			r.taken = true
			return true, nil
		}
		if r.skip {
			r.skip = false // reported already
		} else {
			r.unread = append(r.unread, sheet)
		}
		if err := rows.Close(); err != nil {
			return false, fmt.Errorf("%s: sheet %q: %w", r.path, sheet, err)
		}
	}
	return false, nil
}

// SetAreas lets the reader tell a table by province from other tables, to
// say why each sheet it does not read is not read (a note per sheet, once
// the last sheet is read). Without it, those sheets are passed over.
func (r *Reader) SetAreas(as *schemas.Areas) { r.areas = as }

// explainUnread notes, for each sheet passed over, why it was not read.
func (r *Reader) explainUnread() error {
	if r.areas == nil {
		r.unread = nil
		return nil
	}
	for _, sheet := range r.unread {
		p, _, err := explainSheet(r.f, sheet, []schemas.Template{r.tpl}, r.es, r.areas, &r.budget) // TCVN3 is reported as the sheet is passed over
		if err != nil {
			return fmt.Errorf("%s: sheet %q: %w", r.path, sheet, err)
		}
		p.File = r.path
		r.problems = append(r.problems, p)
	}
	r.unread = nil
	return nil
}

// readRows reads up to n rows from the top of a sheet. The iterator yields
// every row number in turn, empty ones as no cells.
func readRows(rows *excelize.Rows, n int, b *budget, converted func(rowNum, col int, from, to string)) ([]row, error) {
	var out []row
	for len(out) < n && rows.Next() {
		cells, err := rows.Columns(raw)
		if err == nil {
			err = b.take(len(out)+1, cells)
		}
		if err != nil {
			return out, fmt.Errorf("row %d: %w", len(out)+1, err)
		}
		fixTCVN3(cells, len(out)+1, converted)
		out = append(out, row{n: len(out) + 1, cells: cells, hidden: rows.GetRowOpts().Hidden})
	}
	return out, rows.Error()
}

// next returns the next row below the header: a read-ahead one, else the
// next from the iterator.
func (r *Reader) next() (row, bool, error) {
	if len(r.pending) > 0 {
		rw := r.pending[0]
		r.pending = r.pending[1:]
		return rw, true, nil
	}
	if !r.rows.Next() {
		return row{}, false, r.rows.Error()
	}
	r.last++
	cells, err := r.rows.Columns(raw)
	if err == nil {
		err = r.budget.take(r.last, cells)
	}
	if err != nil {
		return row{}, false, err
	}
	fixTCVN3(cells, r.last, r.convertedTCVN3(r.sheet))
	return row{n: r.last, cells: cells, hidden: r.rows.GetRowOpts().Hidden}, true, nil
}

// peek returns the next row without taking it.
func (r *Reader) peek() (row, bool, error) {
	rw, ok, err := r.next()
	if ok {
		r.pending = append([]row{rw}, r.pending...)
	}
	return rw, ok, err
}

// readHeader reads the title rows and the header (with any sub-header and
// column-number rows under it), binds the template's columns and records the
// problems that keep values from being emitted.
func (r *Reader) readHeader(title []row, head row) error {
	headers := []row{head}
	bound := r.tpl.BindColumns(normalised(head.cells))
	labelCol := r.boundRole(bound, schemas.ColumnLabel)
	numberCol := r.boundRole(bound, schemas.ColumnRowNumber)
	for {
		rw, ok, err := r.peek()
		if err != nil {
			return fmt.Errorf("%s: sheet %q row %d: %w", r.path, r.sheet, r.last, err)
		}
		if !ok {
			break
		}
		switch {
		case isNumbering(rw.cells):
			r.next()
			continue
		case len(headers) < r.tpl.Header.Rows && r.isSubHeader(rw.cells, labelCol, numberCol):
			r.next()
			headers = append(headers, rw)
			continue
		}
		break
	}
	return r.bindHeader(title, headers, -1)
}

// findByTitle finds a table that a title cell starts (header.title_words):
// top[at] is the title; the header is the non-blank rows between it and
// the first row with a name and a number, the body's first row.
func findByTitle(t schemas.Template, top []row, at int) (heads []row, body int, ok bool) {
	if !slices.ContainsFunc(top[at].cells, t.IsTitle) {
		return nil, 0, false
	}
	for j := at + 1; j < len(top); j++ {
		rw := top[j]
		if isBodyRow(rw.cells) {
			return heads, j, len(heads) > 0
		}
		if firstNonBlank(rw.cells) != "" && !isNumbering(rw.cells) {
			heads = append(heads, rw)
		}
	}
	return nil, 0, false
}

// isBodyRow reports whether a row is a table row: a name in its first
// non-blank cell and a number in another.
func isBodyRow(cells []string) bool {
	i := firstCell(cells)
	if i < 0 || strings.IndexFunc(cells[i], unicode.IsLetter) < 0 {
		return false
	}
	for _, c := range cells[i+1:] {
		if _, err := strconv.ParseFloat(strings.TrimSpace(c), 64); err == nil {
			return true
		}
	}
	return false
}

// firstCell is the 0-based column of the first non-blank cell, or -1.
func firstCell(cells []string) int {
	for i, c := range cells {
		if strings.TrimSpace(c) != "" {
			return i
		}
	}
	return -1
}

// bindHeader binds the template's columns to the header rows and reads the
// title above them. labelCol, when not -1, is the column of the names
// under a blank header cell (GSO's tables by province).
func (r *Reader) bindHeader(title, headers []row, labelCol int) error {
	head := headers[0]
	if len(headers) > r.tpl.Header.Rows {
		headers = headers[len(headers)-r.tpl.Header.Rows:]
	}
	texts, err := r.headerTexts(headers)
	if err != nil {
		return err
	}
	// A hidden column is not read: provinces hide last year's figures and
	// working columns. One whose header names a column of the form is
	// reported, so that a hidden result does not go unnoticed.
	r.hiddenCol = map[int]bool{}
	visible := slices.Clone(texts)
	for i, t := range texts {
		if t == "" {
			continue
		}
		name, _ := excelize.ColumnNumberToName(i + 1)
		if shown, err := r.f.GetColVisible(r.sheet, name); err == nil && !shown {
			r.hiddenCol[i] = true
			visible[i] = ""
			for _, c := range r.tpl.Columns {
				if c.Role == schemas.ColumnValue && c.Matches(t) {
					r.problem(schemas.SeverityWarning, cellName(i, head.n), head.n, t,
						schemas.Say("xlsx.hidden_column"))
					break
				}
			}
		}
	}
	bound := r.tpl.BindColumns(visible)

	ok := true
	for j, c := range r.tpl.Columns {
		col := bound[j]
		if col < 0 && c.Role == schemas.ColumnLabel && labelCol >= 0 {
			col = labelCol
		}
		if col < 0 {
			if c.Required {
				ok = false
				r.problem(schemas.SeverityError, "", head.n, "", schemas.Say("xlsx.no_column", c, quoteAll(texts)))
			}
			continue
		}
		switch c.Role {
		case schemas.ColumnLabel:
			r.label = col
		case schemas.ColumnUnit:
			r.unit = col
		case schemas.ColumnRowNumber:
			r.number = col
		case schemas.ColumnValue:
			r.values = append(r.values, valueColumn{col: col, tc: c})
		}
	}
	if r.tpl.Layout == schemas.LayoutSheetColumns {
		r.elementColumns(texts, visible, bound, head.n)
	}
	if len(r.values) == 0 && r.tpl.FindsByTitle() {
		r.skip = true
		r.problem(schemas.SeverityWarning, "", head.n, "", schemas.Say("xlsx.no_element_columns",
			quoteAll(texts), r.tpl.Name, r.elementColumnNames()))
		return nil
	}
	if len(r.values) == 0 && r.tpl.Layout == schemas.LayoutSheetColumns {
		ok = false
		r.problem(schemas.SeverityError, "", head.n, "", schemas.Say("xlsx.no_element_header",
			"Giải quyết việc làm › Kế hoạch", "Tỷ lệ lao động qua đào tạo (%)", quoteAll(texts)))
	} else if len(r.values) == 0 {
		ok = false
		var want []string
		for _, c := range r.tpl.Columns {
			if c.Role == schemas.ColumnValue {
				want = append(want, c.String())
			}
		}
		r.problem(schemas.SeverityError, "", head.n, "", schemas.Say("xlsx.no_value_column", strings.Join(want, ", "), quoteAll(texts)))
	}

	period, titleOK := r.readTitle(title, headers, head.n)
	r.header = ingest.Header{Template: r.tpl.Name, Area: r.header.Area, Period: period.Code()}
	if titleOK {
		for i := range r.values {
			r.values[i].period = r.values[i].tc.PeriodOf(period).Code()
		}
	}
	r.emit = ok && titleOK
	if r.emit {
		return r.readStatus(title, texts, head.n)
	}
	return nil
}

// readStatus gives the sheet's figures the status its own words state:
// a column headed "Ước thực hiện" or "Sơ bộ" holds estimated or provisional
// figures; a title or a note below the table ("số liệu tháng 12 là số ước
// thực hiện") makes the sheet's results so (its plans stay as they are).
// Each is stated in a note.
func (r *Reader) readStatus(title []row, texts []string, headRow int) error {
	for i := range r.values {
		vc := &r.values[i]
		if st, phrase, ok := schemas.StatusIn(cell(texts, vc.col)); ok && vc.tc.Kind != schemas.KindPlan {
			vc.status = st
			r.problem(schemas.SeverityInfo, cellName(vc.col, headRow), headRow, cell(texts, vc.col), schemas.Say("xlsx.header_status", phrase, st))
		}
	}
	rows, err := r.f.GetRows(r.sheet, raw)
	if err != nil {
		return fmt.Errorf("%s: sheet %q: %w", r.path, r.sheet, err)
	}
	notes := slices.Clone(title)
	for i := headRow; i < len(rows); i++ {
		if first := firstNonBlank(rows[i]); first != "" && r.tpl.EndsTable(first) {
			for j := i; j < len(rows); j++ {
				cells := slices.Clone(rows[j])
				fixTCVN3(cells, j+1, nil)
				notes = append(notes, row{n: j + 1, cells: cells})
			}
			break
		}
	}
	for _, rw := range notes {
		for c, text := range rw.cells {
			st, phrase, ok := schemas.StatusIn(text)
			if !ok {
				continue
			}
			for i := range r.values {
				if vc := &r.values[i]; vc.status == "" && (vc.tc.Kind == schemas.KindActual || vc.tc.Kind == schemas.KindYTD) {
					vc.status = st
				}
			}
			r.problem(schemas.SeverityInfo, cellName(c, rw.n), rw.n, strings.TrimSpace(text), schemas.Say("xlsx.file_status", phrase, st))
			return nil
		}
	}
	return nil
}

// boundRole is the sheet column bound to the template's column of this role,
// or -1.
func (r *Reader) boundRole(bound []int, role string) int {
	for j, c := range r.tpl.Columns {
		if c.Role == role {
			return bound[j]
		}
	}
	return -1
}

// isSubHeader reports whether a row under the header continues it: a row
// of text under cells merged across ("Thực hiện" over "Tháng 12" and "Lũy
// kế"), with nothing in the label and row-number columns.
func (r *Reader) isSubHeader(cells []string, labelCol, numberCol int) bool {
	if labelCol < 0 || cell(cells, labelCol) != "" || numberCol >= 0 && cell(cells, numberCol) != "" {
		return false
	}
	if first := firstNonBlank(cells); first == "" || r.tpl.EndsTable(first) {
		return false
	}
	for _, c := range cells {
		if strings.IndexFunc(c, unicode.IsLetter) >= 0 {
			return true
		}
	}
	return false
}

// headerTexts is each column's header text: the header rows' texts joined
// top to bottom, a cell merged across columns counting for each of them,
// line breaks and runs of spaces made single spaces.
func (r *Reader) headerTexts(headers []row) ([]string, error) {
	if len(headers) == 1 {
		return normalised(headers[0].cells), nil
	}
	merges, err := r.f.GetMergeCells(r.sheet)
	if err != nil {
		return nil, fmt.Errorf("%s: sheet %q: read merged cells: %w", r.path, r.sheet, err)
	}
	var texts []string
	for _, h := range headers {
		cells := append([]string(nil), h.cells...)
		for _, m := range merges {
			c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
			c2, _, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
			if err1 != nil || err2 != nil || r1 != h.n {
				continue
			}
			for len(cells) < c2 {
				cells = append(cells, "")
			}
			for c := c1; c < c2; c++ {
				if cells[c] == "" {
					cells[c] = m.GetCellValue()
				}
			}
		}
		for i, c := range cells {
			for len(texts) <= i {
				texts = append(texts, "")
			}
			switch c = strings.TrimSpace(c); {
			case c == "":
			case texts[i] == "":
				texts[i] = c
			default:
				texts[i] += " › " + c // a header path: "Thực hiện › Tháng 11"
			}
		}
	}
	return normalised(texts), nil
}

// readTitle finds the province and the period in the title cells above the
// header row, reporting what is missing.
//
// A title without a period gives way, in turn, to the header's cells
// ("thời điểm 01/6/2024"), the sheet's name and the file's name; where the
// period came from is then stated as a note among the file's problems.
func (r *Reader) readTitle(title, headers []row, headRow int) (schemas.Period, bool) {
	var (
		period              schemas.Period
		areaFound, perFound bool
		looked              []string
		ok                  = true
	)
	for _, rw := range title {
		for i, text := range rw.cells {
			if strings.TrimSpace(text) == "" {
				continue
			}
			ref := cellName(i, rw.n)
			looked = append(looked, ref)
			if !areaFound {
				if a, found := r.tpl.FindArea(text); found {
					r.header.Area, areaFound = a, true
				}
			}
			if !perFound {
				p, found, err := r.tpl.FindPeriod(text)
				switch {
				case err != nil:
					perFound, ok = true, false
					r.problem(schemas.SeverityError, ref, rw.n, text, schemas.Say("xlsx.title_period", err, r.tpl.Title.Period.Example))
				case found:
					period, perFound = p, true
				}
			}
		}
	}
	if !perFound && ok {
		period, perFound = r.periodElsewhere(headers)
	}
	// where it looked: the title cells above the header row, or none
	say := func(code, noTitle, example string) schemas.Message {
		if len(looked) == 0 {
			return schemas.Say(noTitle, headRow, example)
		}
		return schemas.Say(code, strings.Join(looked, ", "), headRow, example)
	}
	if !areaFound && r.tpl.Layout != schemas.LayoutSheetColumns {
		ok = false
		r.problem(schemas.SeverityError, "", 0, "", say("xlsx.no_province", "xlsx.no_province_no_title", r.tpl.Title.Area.Example))
	}
	if !perFound {
		ok = false
		r.problem(schemas.SeverityError, "", 0, "", say("xlsx.no_period", "xlsx.no_period_no_title", r.tpl.Title.Period.Example))
	}
	return period, ok
}

// periodElsewhere looks for the report period where GSO and provinces put
// it when the title has none: a header cell, the sheet's name, the file's
// name; it says where it found it.
func (r *Reader) periodElsewhere(headers []row) (schemas.Period, bool) {
	for _, rw := range headers {
		for i, text := range rw.cells {
			if p, found, err := r.tpl.FindPeriod(text); found && err == nil {
				r.problem(schemas.SeverityInfo, cellName(i, rw.n), rw.n, strings.TrimSpace(text), schemas.Say("xlsx.period_from_header", p.Code()))
				return p, true
			}
		}
	}
	if p, found, err := r.tpl.FindPeriod(r.sheet); found && err == nil {
		r.problem(schemas.SeverityInfo, "", 0, r.sheet, schemas.Say("xlsx.period_from_sheet", p.Code()))
		return p, true
	}
	base := filepath.Base(r.path)
	if p, found, err := r.tpl.FindPeriod(strings.TrimSuffix(base, filepath.Ext(base))); found && err == nil {
		r.problem(schemas.SeverityInfo, "", 0, base, schemas.Say("xlsx.period_from_file", p.Code()))
		return p, true
	}
	return schemas.Period{}, false
}

// readRow reads one row below the header.
func (r *Reader) readRow(rw row) error {
	// The notes below the table end it, in either layout. Blank rows do
	// not: GSO and provinces leave them between the header and the body,
	// between the country and its provinces, and at page breaks.
	first := firstNonBlank(rw.cells)
	if first == "" {
		return nil
	}
	if r.tpl.EndsTable(first) {
		r.done = true
		return nil
	}
	// A table continued on a new page repeats its title ("15. (Tiếp theo)
	// Chỉ số …") and its header: skipped up to the next row with a name
	// and a figure.
	if schemas.IsContinuation(first) {
		r.cont = true
		return nil
	}
	if r.cont {
		if _, ok := r.firstNumber(rw.cells); !ok || r.label < 0 || strings.TrimSpace(cell(rw.cells, r.label)) == "" {
			return nil
		}
		r.cont = false
	}
	if r.tpl.Layout == schemas.LayoutSheetColumns {
		return r.readProvinceRow(rw)
	}
	if r.label < 0 {
		return nil
	}
	if rw.hidden {
		// A hidden row is not read (an old indicator, a working row), but
		// one with figures is reported so that nothing vanishes unseen.
		if v, ok := r.firstNumber(rw.cells); ok {
			r.problem(schemas.SeverityWarning, cellName(r.label, rw.n), rw.n, v, schemas.Say("xlsx.hidden_row", rw.n, strings.TrimSpace(cell(rw.cells, r.label))))
		}
		return nil
	}
	label := strings.TrimSpace(cell(rw.cells, r.label))
	clean := r.tpl.CleanLabel(label)
	labelRef := cellName(r.label, rw.n)
	if clean == "" {
		if v, ok := r.firstNumber(rw.cells); ok {
			r.problem(schemas.SeverityWarning, labelRef, rw.n, v, schemas.Say("xlsx.value_without_label"))
		}
		return nil
	}
	if r.tpl.SkipsLabel(clean) {
		if n := r.figures(rw.cells); n > 0 {
			r.problem(schemas.SeverityInfo, labelRef, rw.n, label, schemas.Say("xlsx.grand_total", n))
		}
		return nil
	}
	level, numbered := rowLevel(cell(rw.cells, r.number), label)
	above := r.above(level, numbered)
	_, hasNumber := r.firstNumber(rw.cells)
	res, ok, err := r.tpl.Resolve(clean, above.anchor, r.es)
	reduction := above.reduction
	if !ok && err == nil {
		// "Giảm tỷ lệ hộ nghèo …" (reduce the poor-household rate): the
		// rate's row, whose plan is a reduction, as are its sub-rows'.
		if rest, cut := cutReduction(clean); cut {
			res, ok, err = r.tpl.Resolve(rest, above.anchor, r.es)
			reduction = ok
		}
	}
	switch {
	case err != nil:
		r.place(level, numbered, place{anchor: schemas.HeadingAnchor(clean)})
		if hasNumber {
			r.problem(schemas.SeverityError, labelRef, rw.n, label, schemas.Say("xlsx.label_ambiguous", err))
		}
		return nil
	case !ok:
		// A heading ("I. CHỈ TIÊU NGÀNH", "Cơ cấu lao động") anchors the
		// rows beneath it; one that holds numbers is reported.
		r.place(level, numbered, place{anchor: schemas.HeadingAnchor(clean), reduction: above.reduction})
		if hasNumber {
			r.problem(schemas.SeverityWarning, labelRef, rw.n, label,
				schemas.Say("xlsx.label_unknown"))
		}
		return nil
	}
	d := res.Element
	r.place(level, numbered, place{anchor: d.Code, reduction: reduction})
	if res.Guess && hasNumber {
		r.problem(schemas.SeverityWarning, labelRef, rw.n, label, schemas.Say("xlsx.label_resembles", d.Code, d.NameVI))
	}
	if !r.emit {
		return nil
	}
	unit := ""
	if r.unit >= 0 {
		unit = strings.Join(strings.Fields(cell(rw.cells, r.unit)), " ")
	}
	// A stock or a rate has no year-to-date sum: its "Lũy kế" cell is its
	// value at the end of the period, read as the period's own figure when
	// the row gives no other. A month column holding "-" or "x" gives none:
	// the figure in "Lũy kế" is then the one that counts.
	actual := -1 // the column of the row's own figure
	for _, vc := range r.values {
		if vc.tc.Kind == schemas.KindActual && holdsFigure(cell(rw.cells, vc.col)) {
			actual = vc.col
		}
	}
	for _, vc := range r.values {
		text := strings.TrimSpace(cell(rw.cells, vc.col))
		if text == "" {
			continue
		}
		kind := vc.tc.Kind
		if kind == schemas.KindYTD && d.Kind != schemas.Flow {
			if actual >= 0 {
				if err := r.sameFigure(rw, d, actual, vc.col); err != nil {
					return err
				}
				continue
			}
			kind = schemas.KindActual
		}
		ref := cellName(vc.col, rw.n)
		value, numeric, err := r.value(ref, text)
		if err != nil {
			return fmt.Errorf("%s: sheet %q cell %s: %w", r.path, r.sheet, ref, err)
		}
		if reduction && !schemas.Reported(kind) {
			if kind != schemas.KindPlan {
				r.problem(schemas.SeverityError, ref, rw.n, text, schemas.Say("xlsx.reduction_result", label, d.Code, d.NameVI))
				continue
			}
			if strings.IndexFunc(value, unicode.IsLetter) < 0 {
				value, numeric = "giảm "+value, false
			}
		}
		r.rb.Append(&ingest.Raw{
			Element: d.Code,
			Area:    r.header.Area,
			Period:  vc.period,
			Kind:    kind,
			Status:  vc.status,
			Value:   value,
			Numeric: numeric,
			Unit:    unit,
			Row:     rw.n,
			Cell:    schemas.SheetCell(r.sheet, ref),
		})
	}
	return nil
}

// place is a row of the report's numbering as the rows beneath it see it:
// its level (0 a section "I", 1 "1", 2 "1.1"), what it names (an element
// code or a heading's anchor) and whether its plan is a reduction ("Giảm
// tỷ lệ hộ nghèo").
type place struct {
	level     int
	anchor    string
	reduction bool
}

var (
	// reSection is a section's number: "I", "II.", "B".
	reSection = regexp.MustCompile(`^(?:[IVX]+|[A-Z])[.)]?$`)
	// reNumber is a row's number: "1", "1.", "3.2", "(4)".
	reNumber = regexp.MustCompile(`^\(?(\d+(?:\.\d+)*)[.)]?$`)
	// reLabelNumber is a number written before the label in its cell.
	reLabelNumber = regexp.MustCompile(`^\s*((?:[IVX]+|[A-Z])[.)]|\d+(?:\.\d+)*[.)]?)\s`)
)

// rowLevel reads a row's place in the numbering from its row-number cell,
// else from a number before its label: a section ("I", "II.", "A") is 0,
// "1" is 1, "1.1" is 2. An unnumbered row ("Trong đó: …", "- …", "a)")
// reports false.
func rowLevel(number, label string) (int, bool) {
	n := strings.TrimSpace(number)
	if n == "" {
		if m := reLabelNumber.FindStringSubmatch(label); m != nil {
			n = m[1]
		}
	}
	switch {
	case n == "":
		return 0, false
	case reSection.MatchString(n):
		return 0, true
	}
	if m := reNumber.FindStringSubmatch(n); m != nil {
		return strings.Count(m[1], ".") + 1, true
	}
	return 0, false
}

// above is the row a row of this level sits beneath: for a numbered row the
// nearest numbered row of a lower level (1 above 1.1), for an unnumbered
// one the last row of the numbering ("Trong đó" under its total).
func (r *Reader) above(level int, numbered bool) place {
	for i := len(r.tree) - 1; i >= 0; i-- {
		if !numbered || r.tree[i].level < level {
			return r.tree[i]
		}
	}
	return place{}
}

// place records a row in the numbering. A numbered row replaces the rows
// of its level and deeper; an unnumbered one is a row beneath the last
// only when it is a heading ("Cơ cấu lao động:" over its sectors), so that
// the rows after it sit beneath it.
func (r *Reader) place(level int, numbered bool, p place) {
	if numbered {
		for len(r.tree) > 0 && r.tree[len(r.tree)-1].level >= level {
			r.tree = r.tree[:len(r.tree)-1]
		}
		p.level = level
		r.tree = append(r.tree, p)
		return
	}
	if strings.HasPrefix(p.anchor, "#") {
		p.level = 1
		if len(r.tree) > 0 {
			p.level = r.tree[len(r.tree)-1].level + 1
		}
		r.tree = append(r.tree, p)
	}
}

// cutReduction removes "Giảm" (reduce) from the start of a label.
func cutReduction(label string) (string, bool) {
	k := schemas.Fold(label)
	if !strings.HasPrefix(k, "giam ") {
		return "", false
	}
	_, rest, _ := strings.Cut(strings.TrimSpace(label), " ")
	return strings.TrimSpace(rest), true
}

// sameFigure says what became of a stock's or a rate's "Lũy kế" cell
// (column ytd) when the period's own column (actual) has its figure: the
// same value is the same figure, stored once; a different one is a
// warning, since both claim to be the value at the period's end.
func (r *Reader) sameFigure(rw row, d schemas.DataElement, actual, ytd int) error {
	a, y := cellName(actual, rw.n), cellName(ytd, rw.n)
	av, _, err := r.value(a, strings.TrimSpace(cell(rw.cells, actual)))
	if err != nil {
		return fmt.Errorf("%s: sheet %q cell %s: %w", r.path, r.sheet, a, err)
	}
	yv, _, err := r.value(y, strings.TrimSpace(cell(rw.cells, ytd)))
	if err != nil {
		return fmt.Errorf("%s: sheet %q cell %s: %w", r.path, r.sheet, y, err)
	}
	if av == yv {
		r.problem(schemas.SeverityInfo, y, rw.n, yv, schemas.Say("xlsx.ytd_stock_same", d.Code, d.Kind, a))
		return nil
	}
	r.problem(schemas.SeverityWarning, y, rw.n, yv, schemas.Say("xlsx.ytd_stock_differs", d.Code, d.Kind, a, av))
	return nil
}

// holdsFigure reports whether a cell holds a figure: a digit, not only
// "-", "x" or a note.
func holdsFigure(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }

// firstNumber returns the first value cell of a row that holds a number ("4350",
// "48.500", "1 - 1,5"): digits and no letters.
func (r *Reader) firstNumber(cells []string) (string, bool) {
	for _, vc := range r.values {
		s := strings.TrimSpace(cell(cells, vc.col))
		if strings.IndexFunc(s, unicode.IsDigit) >= 0 && strings.IndexFunc(s, unicode.IsLetter) < 0 {
			return s, true
		}
	}
	return "", false
}

// value returns a cell's value for the raw schema. Only text that parses as
// a plain number can come from a numeric cell, so only then is the cell's
// type looked up: that loads the sheet's cells once, which the streaming
// rows alone do not expose.
func (r *Reader) value(ref, text string) (string, bool, error) {
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return text, false, nil
	}
	typ, err := r.f.GetCellType(r.sheet, ref)
	if err != nil {
		return "", false, err
	}
	if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		return text, false, nil
	}
	pct, err := r.isPercent(ref)
	if err != nil {
		return "", false, err
	}
	if pct {
		v = timesHundred(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64), true, nil
}

// isPercent reports whether a cell's number format shows a percentage
// ("0%", "0.0%"), for which Excel stores 70.1 % as 0.701.
func (r *Reader) isPercent(ref string) (bool, error) {
	id, err := r.f.GetCellStyle(r.sheet, ref)
	if err != nil {
		return false, err
	}
	if pct, ok := r.percent[id]; ok {
		return pct, nil
	}
	style, err := r.f.GetStyle(id)
	if err != nil {
		return false, err
	}
	pct := style.NumFmt == 9 || style.NumFmt == 10 // built-in "0%" and "0.00%"
	if style.CustomNumFmt != nil {
		pct = xls.HasPercent(*style.CustomNumFmt)
	}
	r.percent[id] = pct
	return pct, nil
}

// timesHundred multiplies by 100 in decimal, so 0.701 becomes 70.1 and not
// 70.10000000000001.
func timesHundred(v float64) float64 {
	s := strconv.FormatFloat(v, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	w, err := strconv.ParseFloat(mant+"e"+strconv.Itoa(e+2), 64)
	if err != nil {
		return v * 100
	}
	return w
}

// elementColumnNames lists, for messages, the data elements a by-province
// template's columns may name.
func (r *Reader) elementColumnNames() string {
	var names []string
	for _, code := range slices.Sorted(maps.Keys(r.tpl.ColumnElements)) {
		names = append(names, code)
	}
	if len(names) == 0 {
		return "columns headed by a data element's name"
	}
	return strings.Join(names, ", ")
}

func (r *Reader) problem(severity, ref string, rowNum int, value string, msg schemas.Message) {
	r.problems = append(r.problems, schemas.Problem{
		Severity: severity, File: r.path, Sheet: r.sheet, Cell: ref, Row: rowNum, Value: value,
	}.Says(msg))
}

// reNumbering matches a cell of the column-number row under a header:
// "(1)", "2", "A", "(B)".
var reNumbering = regexp.MustCompile(`^\(?\s*(?:\d{1,2}|[A-Z]{1,2})\s*\)?$`)

// isNumbering reports whether a row numbers the columns ("(1)", "(2)", …)
// rather than holding data.
func isNumbering(cells []string) bool {
	n := 0
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if !reNumbering.MatchString(c) {
			return false
		}
		n++
	}
	return n >= 2
}

func normalised(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.Join(strings.Fields(c), " ")
	}
	return out
}

func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}

func firstNonBlank(cells []string) string {
	for _, c := range cells {
		if s := strings.TrimSpace(c); s != "" {
			return s
		}
	}
	return ""
}

// cellName is the reference of the cell in 0-based column col of row n.
func cellName(col, n int) string {
	name, _ := excelize.CoordinatesToCellName(col+1, n)
	return name
}

func quoteAll(ss []string) string {
	var q []string
	for _, s := range ss {
		if s != "" {
			q = append(q, strconv.Quote(s))
		}
	}
	if len(q) == 0 {
		return "none"
	}
	return strings.Join(q, ", ")
}

// fixTCVN3 converts text cells typed in the old TCVN3 (ABC) encoding
// ("B¶o Th¾ng") to Unicode in place, telling converted about each.
func fixTCVN3(cells []string, rowNum int, converted func(rowNum, col int, from, to string)) {
	for i, c := range cells {
		if to, ok := schemas.FixTCVN3(c); ok {
			cells[i] = to
			if converted != nil {
				converted(rowNum, i, c, to)
			}
		}
	}
}

// convertedTCVN3 reports the first cell of each sheet converted from TCVN3.
func (r *Reader) convertedTCVN3(sheet string) func(rowNum, col int, from, to string) {
	return func(rowNum, col int, from, to string) {
		if r.tcvn3[sheet] {
			return
		}
		r.tcvn3[sheet] = true
		r.problems = append(r.problems, schemas.Problem{Severity: schemas.SeverityWarning, File: r.path, Sheet: sheet,
			Cell: cellName(col, rowNum), Row: rowNum, Value: from}.Says(schemas.Say("tcvn3.sheet", to)))
	}
}

// elementColumns binds, for the sheet_columns layout, every visible column
// whose header path names a data element.
func (r *Reader) elementColumns(texts, visible []string, bound []int, headRow int) {
	taken := map[int]bool{}
	for _, b := range bound {
		taken[b] = true
	}
	for i, text := range texts {
		if taken[i] || text == "" {
			continue
		}
		d, kind, unit, ok := r.tpl.ColumnElement(text, r.es)
		if !ok {
			continue
		}
		if visible[i] == "" {
			r.problem(schemas.SeverityWarning, cellName(i, headRow), headRow, text,
				schemas.Say("xlsx.hidden_column"))
			continue
		}
		period := schemas.PeriodReport
		if kind == schemas.KindPlan {
			period = schemas.PeriodReportYear
		}
		r.values = append(r.values, valueColumn{col: i, element: d.Code, unit: unit,
			counted: d.Counted() && !schemas.Reported(kind),
			tc:      schemas.TemplateColumn{Role: schemas.ColumnValue, Aliases: []string{text}, Kind: kind, Period: period}})
	}
}

// readProvinceRow reads one row of a sheet_columns table: a province's
// figures, a region (skipped) or the total (checked against the provinces
// above it, never stored).
func (r *Reader) readProvinceRow(rw row) error {
	label := r.tpl.CleanLabel(cell(rw.cells, r.label))
	labelRef := cellName(r.label, rw.n)
	switch {
	case rw.hidden:
		if v, ok := r.firstNumber(rw.cells); ok {
			r.problem(schemas.SeverityWarning, labelRef, rw.n, v, schemas.Say("xlsx.hidden_row", rw.n, label))
		}
		return nil
	case label == "":
		if v, ok := r.firstNumber(rw.cells); ok {
			r.problem(schemas.SeverityWarning, labelRef, rw.n, v, schemas.Say("xlsx.value_without_province"))
		}
		return nil
	case r.tpl.IsSubtotal(label):
		if n := r.figures(rw.cells); n > 0 {
			r.problem(schemas.SeverityInfo, labelRef, rw.n, label, schemas.Say("xlsx.region_row", n))
		}
		return nil
	case r.tpl.IsTotal(label):
		return r.keepTotal(rw, label)
	case !r.emit:
		return nil
	}
	for i := range r.values {
		vc := &r.values[i]
		text := strings.TrimSpace(cell(rw.cells, vc.col))
		if text == "" {
			continue
		}
		ref := cellName(vc.col, rw.n)
		value, numeric, err := r.value(ref, text)
		if err != nil {
			return fmt.Errorf("%s: sheet %q cell %s: %w", r.path, r.sheet, ref, err)
		}
		if numeric {
			v, _ := strconv.ParseFloat(value, 64)
			vc.sum += v
			vc.parts++
		}
		r.rb.Append(&ingest.Raw{
			Element: vc.element, Area: label, Period: vc.period, Kind: vc.tc.Kind, Status: vc.status,
			Value: value, Numeric: numeric, Unit: vc.unit, Row: rw.n, Cell: schemas.SheetCell(r.sheet, ref),
		})
	}
	return nil
}

// totalRow is a total row of a sheet_columns table, kept until the end of
// the table: GSO puts the country on top, provinces put their total at the
// bottom, and either is checked against every province of the table.
type totalRow struct {
	n     int
	label string
	cells []totalCell
}

type totalCell struct {
	vc    int // index in r.values
	ref   string
	value float64
}

// keepTotal notes a total row's figures for checkTotals and says that
// they are not stored. The total is not stored: chitieu sums the provinces
// itself.
func (r *Reader) keepTotal(rw row, label string) error {
	t := totalRow{n: rw.n, label: label}
	for i, vc := range r.values {
		text := strings.TrimSpace(cell(rw.cells, vc.col))
		if text == "" {
			continue
		}
		ref := cellName(vc.col, rw.n)
		value, numeric, err := r.value(ref, text)
		if err != nil {
			return fmt.Errorf("%s: sheet %q cell %s: %w", r.path, r.sheet, ref, err)
		}
		if !numeric {
			continue // a total typed as text is not checked
		}
		v, _ := strconv.ParseFloat(value, 64)
		t.cells = append(t.cells, totalCell{vc: i, ref: ref, value: v})
	}
	if n := r.figures(rw.cells); n > 0 {
		r.problem(schemas.SeverityInfo, cellName(r.label, rw.n), rw.n, label, schemas.Say("xlsx.country_row", n))
	}
	r.totals = append(r.totals, t)
	return nil
}

// checkTotals compares the total rows' counts with the sum of the
// table's provinces, once the table has been read.
func (r *Reader) checkTotals() {
	for _, t := range r.totals {
		for _, c := range t.cells {
			vc := r.values[c.vc]
			if !vc.counted || vc.parts == 0 {
				continue
			}
			if diff := vc.sum - c.value; diff > 0.5 || diff < -0.5 {
				r.problem(schemas.SeverityWarning, c.ref, t.n, strconv.FormatFloat(c.value, 'f', -1, 64), schemas.Say("xlsx.country_differs",
					t.label, c.value, vc.element, vc.tc.Kind, vc.parts, vc.sum))
			}
		}
	}
	r.totals = nil
}

// figures counts the value cells of a row that hold a figure.
func (r *Reader) figures(cells []string) int {
	n := 0
	for _, vc := range r.values {
		if holdsFigure(cell(cells, vc.col)) {
			n++
		}
	}
	return n
}
