package schemas

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ErrUnknownTemplate is returned for a template name no definition has.
var ErrUnknownTemplate = errors.New("unknown report template")

//go:embed templates/*.yaml
var templatesFS embed.FS

// Layouts of a report form.
const (
	// LayoutSheetRows is a workbook sheet with one indicator per row under a
	// title block and a header (the provincial monthly report).
	LayoutSheetRows = "sheet_rows"
	// LayoutTable is a long table, one value per row in columns its header
	// row names (a GSO export by province, a ministry extract), as a
	// delimited text file or as a workbook sheet.
	LayoutTable = "table"
	// LayoutSheetColumns is a workbook sheet with one province per row and
	// data elements as columns under a header of one to five rows (a
	// consolidation sheet, a GSO-style table): the province is the row
	// label, the element and kind come from each column's header path.
	LayoutSheetColumns = "sheet_columns"
)

// Column roles in a report template.
const (
	ColumnRowNumber = "row_number" // "TT" (số thứ tự, row number): read for nothing, bound so it is not mistaken for data
	ColumnLabel     = "label"      // "Chỉ tiêu" (indicator): the row label naming a data element
	ColumnUnit      = "unit"       // "Đơn vị tính" (unit of measure): copied to the raw unit
	ColumnValue     = "value"      // a column of reported values, with a kind and a period
)

// Periods a value column reports, relative to the period in the title.
const (
	PeriodReport     = "report"      // the title's period ("tháng 12 năm 2024" → 2024-12)
	PeriodReportYear = "report_year" // the title period's calendar year (2024)
)

// Column header match modes.
const (
	MatchPrefix   = "prefix"   // the folded header starts with the folded alias (the default)
	MatchContains = "contains" // the folded header contains the folded alias as whole words
	MatchExact    = "exact"    // the folded header is the folded alias
)

// Template describes one report form (schemas/templates/*.yaml): how to
// recognise it, where its title names the province and the period, which
// columns hold labels, units and values, and which rows end the table. A
// reader of the form's layout (ingest/xlsx) interprets it; adding a form with
// the same layout is writing a file.
//
// All texts in a template are matched folded (see Fold): without diacritics,
// case or punctuation, so "Lũy kế", "Luỹ kế" and "LUY KE" are one alias.
type Template struct {
	Name        string           `yaml:"name"`        // the file name without ".yaml"
	Description string           `yaml:"description"` // what the form is, for people
	Layout      string           `yaml:"layout"`      // sheet_rows (the default), sheet_columns or table
	CSV         TemplateCSV      `yaml:"table"`       // layout table only
	Header      TemplateHeader   `yaml:"header"`
	Title       TemplateTitle    `yaml:"title"`
	Columns     []TemplateColumn `yaml:"columns"`
	// ElementColumns, for the sheet_columns layout, says how a column's
	// header path gives its kind: a path with a plan word ("Kế hoạch") is
	// a plan, with a year-to-date word ("Lũy kế") year to date, else the
	// period's actual. The data element is the path's part that names one.
	ElementColumns map[string][]string `yaml:"element_columns"`
	// ColumnElements, for the sheet_columns layout, name a column's data
	// element by words its whole header path has, when no single part of
	// the path names one: GSO heads two columns "Chỉ số sử dụng lao động"
	// and tells them apart by "tháng trước" and "năm trước" below.
	ColumnElements map[string][]string `yaml:"column_elements"`
	Rows           TemplateRows        `yaml:"rows"`

	kindWords   map[string][]string // kind → folded words
	columnWords map[string][]string // element code → folded words

	stripRes []*regexp.Regexp
}

// TemplateHeader says how to find the column header row.
type TemplateHeader struct {
	// Words must all appear, as whole folded words, in the cells of one row
	// for that row to be the header ("chỉ tiêu", "đơn vị tính").
	Words []string `yaml:"words"`
	// ScanRows is how many rows from the top of a sheet are searched for the
	// header; 0 means 30.
	ScanRows int `yaml:"scan_rows"`
	// Rows is how many rows the header may span when cells are merged over
	// sub-headers ("Thực hiện" over "Tháng 12" / "Lũy kế"); 0 means 1. A row
	// of column numbers ("(1)", "(2)", …) under the header is always skipped
	// and not counted.
	Rows int `yaml:"rows"`
	// TitleWords, for the sheet_columns layout, find a table whose header
	// leaves the cell over the names blank, as GSO's tables by province do:
	// a title cell with these words ("phân theo địa phương", by locality)
	// starts it, the rows between it and the first row with a name and a
	// number are its header. Words or TitleWords, not both.
	TitleWords []string `yaml:"title_words"`

	words, titleWords []string
}

// TemplateTitle says where the title block above the header names the
// province and the period.
type TemplateTitle struct {
	Area   TitleField `yaml:"area"`
	Period TitleField `yaml:"period"`
}

// TitleField finds one fact in the title cells above the header. Patterns are
// regular expressions matched against each cell's folded text ("UBND TỈNH
// NGHỆ AN" is matched as "ubnd tinh nghe an"); the first capture group, or
// the whole match when there is none, is the fact. The first cell, top to
// bottom and left to right, that matches any pattern gives it.
type TitleField struct {
	Patterns []string `yaml:"patterns"`
	// Type is, for the period, the period type the form reports (year,
	// quarter or month); empty accepts any.
	Type string `yaml:"type"`
	// Example is a title cell as it should be written, quoted in messages
	// when the fact is missing.
	Example string `yaml:"example"`

	res []*regexp.Regexp
}

// TemplateColumn is one column of the form, recognised by its header text.
type TemplateColumn struct {
	Role     string   `yaml:"role"`    // row_number, label, unit or value
	Aliases  []string `yaml:"aliases"` // header texts that name the column
	Match    string   `yaml:"match"`   // prefix (default), contains or exact
	Required bool     `yaml:"required"`
	Kind     string   `yaml:"kind"`   // value columns: plan, actual or ytd
	Period   string   `yaml:"period"` // value columns: report or report_year

	aliases []string
}

// TemplateRows says how to read the rows below the header.
type TemplateRows struct {
	// StripPrefixes are regular expressions removed, repeatedly, from the
	// start of a label as written (NFC, case-insensitive) before it is
	// matched: "Trong đó:" (of which), list marks, "a)", "1.1".
	StripPrefixes []string `yaml:"strip_prefixes"`
	// Skip are labels of rows never read, even with numbers: totals
	// ("Tổng cộng") that would otherwise count their parts twice.
	Skip []string `yaml:"skip"`
	// Stop are words that, starting a row's first non-blank cell, end the
	// table: notes and the signature block ("Ghi chú", "Người lập biểu").
	Stop []string `yaml:"stop"`
	// Labels are row labels this form uses for data elements, by element
	// code, in addition to those in data_elements.yaml.
	Labels map[string][]string `yaml:"labels"`

	// Totals, for the sheet_columns layout, are row labels of the sum of
	// the provinces above ("Tổng cộng", "Cả nước"): checked, never stored.
	Totals []string `yaml:"totals"`
	// Subtotals are row labels of groups (regions) neither stored nor
	// checked; matched as the start of the label ("Vùng", "Đồng bằng sông
	// Hồng").
	Subtotals []string `yaml:"subtotals"`

	skip, stop, totals, subtotals []string
	labels                        map[string]string // folded label → element code
}

// LoadTemplates reads and validates the embedded report templates
// (schemas/templates/*.yaml) in file name order, and checks that the data
// elements their labels name exist in es.
func LoadTemplates(es *Elements) ([]Template, error) {
	names, err := fs.Glob(templatesFS, "templates/*.yaml")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var ts []Template
	var errs []error
	for _, name := range names {
		data, err := templatesFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		t, err := ParseTemplate(name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := t.Check(es); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		ts = append(ts, t)
	}
	return ts, errors.Join(errs...)
}

// FindTemplate returns the template with this name.
func FindTemplate(ts []Template, name string) (Template, error) {
	for _, t := range ts {
		if t.Name == name {
			return t, nil
		}
	}
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	return Template{}, fmt.Errorf("%w %q: want one of %s", ErrUnknownTemplate, name, strings.Join(names, ", "))
}

// ParseTemplate reads and validates one template; file is its file name,
// used in errors and checked against the template's name.
func ParseTemplate(file string, data []byte) (Template, error) {
	var t Template
	if err := DecodeYAML(file, data, &t); err != nil {
		return Template{}, err
	}
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s: %s", file, field, fmt.Sprintf(format, args...)))
	}
	if want := strings.TrimSuffix(path.Base(file), ".yaml"); t.Name != want {
		bad("name", "%q, want %q (the file name without .yaml)", t.Name, want)
	}
	if strings.TrimSpace(t.Description) == "" {
		bad("description", "missing")
	}
	switch t.Layout {
	case "":
		t.Layout = LayoutSheetRows
	case LayoutSheetRows, LayoutSheetColumns:
	case LayoutTable:
		t.CSV.parse(bad)
		if t.Header.ScanRows == 0 {
			t.Header.ScanRows = 30 // a workbook's table may sit under a title
		}
		if err := errors.Join(errs...); err != nil {
			return Template{}, err
		}
		return t, nil
	default:
		bad("layout", "%q, want %s, %s or %s", t.Layout, LayoutSheetRows, LayoutSheetColumns, LayoutTable)
	}

	h := &t.Header
	switch {
	case len(h.TitleWords) > 0 && t.Layout != LayoutSheetColumns:
		bad("header.title_words", "only for the sheet_columns layout")
	case len(h.TitleWords) > 0 && len(h.Words) > 0:
		bad("header.title_words", "give header.words or header.title_words, not both")
	case len(h.Words) == 0 && len(h.TitleWords) == 0:
		bad("header.words", "missing: list the words the header row always has")
	}
	h.words = foldAll(h.Words, "header.words", bad)
	h.titleWords = foldAll(h.TitleWords, "header.title_words", bad)
	if h.ScanRows == 0 {
		h.ScanRows = 30
	}
	if h.ScanRows < 1 {
		bad("header.scan_rows", "%d, want a positive number of rows", h.ScanRows)
	}
	if h.Rows == 0 {
		h.Rows = 1
	}
	if h.Rows < 1 || h.Rows > 5 {
		bad("header.rows", "%d, want 1 to 5", h.Rows)
	}

	for _, f := range []struct {
		field string
		tf    *TitleField
	}{{"title.area", &t.Title.Area}, {"title.period", &t.Title.Period}} {
		field, tf := f.field, f.tf
		if len(tf.Patterns) == 0 && !(t.Layout == LayoutSheetColumns && field == "title.area") {
			bad(field+".patterns", "missing")
		}
		for i, p := range tf.Patterns {
			re, err := regexp.Compile(p)
			if err != nil {
				bad(fmt.Sprintf("%s.patterns[%d]", field, i), "%v", err)
				continue
			}
			if re.NumSubexp() > 1 {
				bad(fmt.Sprintf("%s.patterns[%d]", field, i), "%d capture groups, want at most one", re.NumSubexp())
			}
			tf.res = append(tf.res, re)
		}
	}
	if t.Title.Area.Type != "" {
		bad("title.area.type", "only the period has a type")
	}
	switch t.Title.Period.Type {
	case "", Year, Quarter, Month, YTD:
	default:
		bad("title.period.type", "%q, want year, quarter, month or ytd", t.Title.Period.Type)
	}

	roles := map[string]int{}
	for i := range t.Columns {
		c := &t.Columns[i]
		field := fmt.Sprintf("columns[%d]", i)
		roles[c.Role]++
		switch c.Role {
		case ColumnRowNumber, ColumnLabel, ColumnUnit:
			if roles[c.Role] > 1 {
				bad(field+".role", "a second %s column", c.Role)
			}
			if c.Kind != "" || c.Period != "" {
				bad(field, "only value columns have a kind and a period")
			}
		case ColumnValue:
			switch c.Kind {
			case KindPlan, KindActual, KindYTD, KindPctPlan, KindPctPreviousYear:
			default:
				bad(field+".kind", "%q, want plan, actual, ytd, pct_plan or pct_previous_year", c.Kind)
			}
			switch c.Period {
			case PeriodReport, PeriodReportYear:
			default:
				bad(field+".period", "%q, want report or report_year", c.Period)
			}
		default:
			bad(field+".role", "%q, want row_number, label, unit or value", c.Role)
		}
		switch c.Match {
		case "":
			c.Match = MatchPrefix
		case MatchPrefix, MatchContains, MatchExact:
		default:
			bad(field+".match", "%q, want prefix, contains or exact", c.Match)
		}
		if len(c.Aliases) == 0 {
			bad(field+".aliases", "missing")
		}
		c.aliases = foldAll(c.Aliases, field+".aliases", bad)
	}
	if roles[ColumnLabel] == 0 {
		bad("columns", "no label column")
	}
	if roles[ColumnValue] == 0 && t.Layout == LayoutSheetRows {
		bad("columns", "no value column")
	}
	if len(t.ElementColumns) > 0 && t.Layout != LayoutSheetColumns {
		bad("element_columns", "only for the sheet_columns layout")
	}
	if len(t.ColumnElements) > 0 && t.Layout != LayoutSheetColumns {
		bad("column_elements", "only for the sheet_columns layout")
	}
	t.columnWords = map[string][]string{}
	for _, code := range slices.Sorted(maps.Keys(t.ColumnElements)) {
		t.columnWords[code] = foldAll(t.ColumnElements[code], "column_elements."+code, bad)
	}
	t.kindWords = map[string][]string{}
	for _, kind := range slices.Sorted(maps.Keys(t.ElementColumns)) {
		switch kind {
		case KindPlan, KindActual, KindYTD, KindPctPlan, KindPctPreviousYear:
		default:
			bad("element_columns."+kind, "want plan, actual, ytd, pct_plan or pct_previous_year")
		}
		t.kindWords[kind] = foldAll(t.ElementColumns[kind], "element_columns."+kind, bad)
	}

	r := &t.Rows
	for i, p := range r.StripPrefixes {
		re, err := regexp.Compile(`^(?i:` + NFC(p) + `)\s*`)
		if err != nil {
			bad(fmt.Sprintf("rows.strip_prefixes[%d]", i), "%v", err)
			continue
		}
		t.stripRes = append(t.stripRes, re)
	}
	r.skip = foldAll(r.Skip, "rows.skip", bad)
	r.totals = foldAll(r.Totals, "rows.totals", bad)
	r.subtotals = foldAll(r.Subtotals, "rows.subtotals", bad)
	r.stop = foldAll(r.Stop, "rows.stop", bad)
	r.labels = map[string]string{}
	for _, code := range slices.Sorted(maps.Keys(r.Labels)) {
		for i, l := range r.Labels[code] {
			k := Fold(l)
			if k == "" {
				bad(fmt.Sprintf("rows.labels.%s[%d]", code, i), "empty label")
				continue
			}
			if other, dup := r.labels[k]; dup && other != code {
				bad(fmt.Sprintf("rows.labels.%s[%d]", code, i), "%q also names %s", l, other)
			}
			r.labels[k] = code
		}
	}

	if err := errors.Join(errs...); err != nil {
		return Template{}, err
	}
	return t, nil
}

func foldAll(ss []string, field string, bad func(field, format string, args ...any)) []string {
	out := make([]string, 0, len(ss))
	for i, s := range ss {
		k := Fold(s)
		if k == "" {
			bad(fmt.Sprintf("%s[%d]", field, i), "%q folds to nothing: write letters or digits", s)
			continue
		}
		out = append(out, k)
	}
	return out
}

// Check verifies the template against the data elements: every element its
// labels name exists, and none of its labels names another element in
// data_elements.yaml.
func (t Template) Check(es *Elements) error {
	var errs []error
	for _, code := range slices.Sorted(maps.Values(t.CSV.Elements)) {
		if code == "" {
			continue
		}
		if _, err := es.Get(code); err != nil {
			errs = append(errs, fmt.Errorf("template %s: csv.elements: %w", t.Name, err))
		}
	}
	for _, code := range slices.Sorted(maps.Keys(t.ColumnElements)) {
		if _, err := es.Get(code); err != nil {
			errs = append(errs, fmt.Errorf("template %s: column_elements: %w", t.Name, err))
		}
	}
	for _, code := range slices.Sorted(maps.Keys(t.Rows.Labels)) {
		if _, err := es.Get(code); err != nil {
			errs = append(errs, fmt.Errorf("template %s: rows.labels: %w", t.Name, err))
			continue
		}
		for _, l := range t.Rows.Labels[code] {
			if d, ok := es.Match(l); ok && d.Code != code {
				errs = append(errs, fmt.Errorf("template %s: rows.labels.%s: %q names %s in the data elements", t.Name, code, l, d.Code))
			}
		}
	}
	return errors.Join(errs...)
}

// FindsByTitle reports whether the template finds its table by a title
// cell (header.title_words) rather than by its header row.
func (t Template) FindsByTitle() bool { return len(t.Header.titleWords) > 0 }

// IsTitle reports whether a cell has the template's title words.
func (t Template) IsTitle(cell string) bool {
	k := Fold(cell)
	for _, w := range t.Header.titleWords {
		if !containsWords(k, w) {
			return false
		}
	}
	return len(t.Header.titleWords) > 0
}

// IsContinuation reports whether a cell starts a table's continuation on
// a new page: "15. (Tiếp theo) Chỉ số …", "Biểu 3 (tiếp)".
func IsContinuation(cell string) bool {
	k := " " + Fold(cell) + " "
	return strings.Contains(k, " tiep theo ") || strings.Contains(k, " tiep ") && strings.Contains(cell, "(")
}

// IsHeader reports whether a row with these cells is the template's header
// row: each header word appears, as whole words, in a cell of its own (so a
// note that mentions "Chỉ tiêu và Đơn vị tính" in one cell is no header);
// in a consolidation sheet (sheet_columns) a cell is headed as its name
// column is.
func (t Template) IsHeader(cells []string) bool {
	folded := make([]string, 0, len(cells))
	for _, c := range cells {
		if k := Fold(c); k != "" {
			folded = append(folded, k)
		}
	}
	words := t.Header.words
	if len(words) == 0 || len(folded) < len(words) {
		return false
	}
	// Match words to distinct cells (augmenting paths; a header has a few
	// words and a few dozen cells).
	owner := make([]int, len(folded)) // cell → word index + 1, 0 if free
	var assign func(w int, seen []bool) bool
	assign = func(w int, seen []bool) bool {
		for c, k := range folded {
			if seen[c] || !containsWords(k, words[w]) {
				continue
			}
			seen[c] = true
			if owner[c] == 0 || assign(owner[c]-1, seen) {
				owner[c] = w + 1
				return true
			}
		}
		return false
	}
	for w := range words {
		if !assign(w, make([]bool, len(folded))) {
			return false
		}
	}
	if t.Layout != LayoutSheetColumns {
		return true
	}
	// A consolidation sheet's header words are its name column's header
	// ("Tỉnh, thành phố"): a heading inside another table that only
	// mentions them ("Phân theo một số tỉnh, thành phố", in GSO's
	// investment table) is no header.
	for _, c := range t.Columns {
		if c.Role == ColumnLabel && slices.ContainsFunc(cells, c.Matches) {
			return true
		}
	}
	return false
}

// containsWords reports whether the folded text k contains the folded words
// w, starting and ending at word boundaries.
func containsWords(k, w string) bool {
	return strings.Contains(" "+k+" ", " "+w+" ")
}

// Matches reports whether a column header names this column.
func (c TemplateColumn) Matches(header string) bool {
	k := Fold(header)
	if k == "" {
		return false
	}
	for _, a := range c.aliases {
		var ok bool
		switch c.Match {
		case MatchExact:
			ok = k == a
		case MatchContains:
			ok = containsWords(k, a)
		default:
			ok = k == a || strings.HasPrefix(k, a+" ")
		}
		if ok {
			return true
		}
	}
	return false
}

// BindColumns finds the template's columns among a sheet's column headers.
// It returns, for each template column in order, the index into headers of
// the first header it matches that no earlier template column took, or -1.
func (t Template) BindColumns(headers []string) []int {
	bound := make([]int, len(t.Columns))
	taken := make([]bool, len(headers))
	for j, c := range t.Columns {
		bound[j] = -1
		for i, h := range headers {
			if !taken[i] && c.Matches(h) {
				bound[j], taken[i] = i, true
				break
			}
		}
	}
	return bound
}

// PeriodOf is the period a value column reports, given the report's period
// from the title.
func (c TemplateColumn) PeriodOf(report Period) Period {
	if c.Period == PeriodReportYear {
		return YearPeriod(report.Year)
	}
	return report
}

// FindArea returns the province a title cell names, as written ("NGHỆ AN"
// from "UBND TỈNH NGHỆ AN"), in NFC.
func (t Template) FindArea(cell string) (string, bool) {
	folded, starts, ends := foldIndexed(cell)
	for _, re := range t.Title.Area.res {
		m := re.FindStringSubmatchIndex(folded)
		if m == nil {
			continue
		}
		a, b := m[0], m[1]
		if len(m) > 2 && m[2] >= 0 {
			a, b = m[2], m[3]
		}
		// Trim the folded spaces at the edges so the slice of the
		// original starts and ends on letters.
		for a < b && folded[a] == ' ' {
			a++
		}
		for b > a && folded[b-1] == ' ' {
			b--
		}
		if a == b {
			continue
		}
		return NFC(cell[starts[a]:ends[b-1]]), true
	}
	return "", false
}

// FindPeriod returns the report period a title cell names ("THÁNG 12 NĂM
// 2024" → 2024-12). It reports false when no pattern matches, and an error
// when one matches text that is no valid period of the template's type.
func (t Template) FindPeriod(cell string) (Period, bool, error) {
	folded := Fold(cell)
	for _, re := range t.Title.Period.res {
		m := re.FindStringSubmatch(folded)
		if m == nil {
			continue
		}
		s := m[0]
		if len(m) > 1 && m[1] != "" {
			s = m[1]
		}
		p, err := ParsePeriod(s)
		if err != nil {
			return Period{}, true, err
		}
		if want := t.Title.Period.Type; want != "" && p.Type != want {
			return Period{}, true, fmt.Errorf("%w %q: a %s, want a %s", ErrBadPeriod, s, p.Type, want)
		}
		return p, true, nil
	}
	return Period{}, false, nil
}

// CleanLabel removes the template's label prefixes ("Trong đó:", "- ",
// "a)", "1.1") from a row label and returns the rest, in NFC with spaces
// trimmed.
func (t Template) CleanLabel(label string) string {
	s := strings.TrimSpace(NFC(label))
	for changed := true; changed; {
		changed = false
		for _, re := range t.stripRes {
			if loc := re.FindStringIndex(s); loc != nil && loc[1] > 0 {
				s = strings.TrimSpace(s[loc[1]:])
				changed = true
			}
		}
	}
	return s
}

// SkipsLabel reports whether a (cleaned) label is a row never read, such as
// a total.
func (t Template) SkipsLabel(label string) bool {
	return slices.Contains(t.Rows.skip, Fold(label))
}

// EndsTable reports whether a row whose first non-blank cell holds this text
// ends the table (notes, the signature block).
func (t Template) EndsTable(cell string) bool {
	k := Fold(cell)
	for _, w := range t.Rows.stop {
		if k == w || strings.HasPrefix(k, w+" ") {
			return true
		}
	}
	return false
}

// ElementFor finds the data element a (cleaned) row label names: first the
// template's own labels, then the data elements' names and labels.
func (t Template) ElementFor(label string, es *Elements) (DataElement, bool) {
	if code, ok := t.Rows.labels[Fold(label)]; ok {
		if d, err := es.Get(code); err == nil {
			return d, true
		}
	}
	return es.Match(label)
}

// Resolve finds the data element a (cleaned) row label names, as
// Elements.Resolve, beneath the row whose anchor is above: the template's
// own labels first, certain.
func (t Template) Resolve(label, above string, es *Elements) (Resolved, bool, error) {
	if code, ok := t.Rows.labels[Fold(label)]; ok {
		if d, err := es.Get(code); err == nil {
			return Resolved{Element: d}, true, nil
		}
	}
	return es.Resolve(label, above)
}

// foldIndexed is Fold that also returns, for each byte of the folded text,
// the byte offsets in s of the start and end of the rune it came from, so a
// match in the folded text can be cut from s as written. Decomposing rune by
// rune equals decomposing the whole string here: the two differ only in the
// order of combining marks, which Fold drops.
func foldIndexed(s string) (string, []int, []int) {
	var b strings.Builder
	starts := make([]int, 0, len(s))
	ends := make([]int, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		for _, d := range norm.NFD.String(string(r)) {
			switch {
			case unicode.Is(unicode.Mn, d):
				continue
			case d == 'đ' || d == 'Đ':
				d = 'd'
			case unicode.IsLetter(d) || unicode.IsDigit(d) || d == '%':
				d = unicode.ToLower(d)
			default:
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				starts, ends = append(starts, i), append(ends, i)
				space = false
			}
			n, _ := b.WriteRune(d)
			for range n {
				starts, ends = append(starts, i), append(ends, i+w)
			}
		}
		i += w
	}
	return b.String(), starts, ends
}

// String describes the column for messages: its first alias and role.
func (c TemplateColumn) String() string {
	name := c.Role
	if len(c.Aliases) > 0 {
		name = strconv.Quote(c.Aliases[0])
	}
	if c.Role == ColumnValue {
		return fmt.Sprintf("%s (%s, %s)", name, c.Kind, c.Period)
	}
	return name
}

// IsTotal reports whether a row label (sheet_columns) is the total of the
// provinces above it.
func (t Template) IsTotal(label string) bool {
	return slices.Contains(t.Rows.totals, Fold(label))
}

// IsSubtotal reports whether a row label (sheet_columns) is a group such
// as a region, neither stored nor checked.
func (t Template) IsSubtotal(label string) bool {
	k := Fold(label)
	for _, w := range t.Rows.subtotals {
		if k == w || strings.HasPrefix(k, w+" ") {
			return true
		}
	}
	return false
}

// ColumnElement reads a sheet_columns header path ("Giải quyết việc làm ›
// Kế hoạch năm 2024 (người)"): the data element a part of it names, the
// kind its words give (actual by default) and a unit written in
// parentheses, if any.
func (t Template) ColumnElement(path string, es *Elements) (d DataElement, kind, unit string, ok bool) {
	k := Fold(path)
	for _, code := range slices.Sorted(maps.Keys(t.columnWords)) {
		if !slices.ContainsFunc(t.columnWords[code], func(w string) bool { return !containsWords(k, w) }) {
			if d, err := es.Get(code); err == nil {
				return d, KindActual, "", true
			}
		}
	}
	parts := strings.Split(path, "›")
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if j := strings.LastIndex(part, "("); j > 0 && strings.HasSuffix(part, ")") {
			if u := strings.TrimSpace(part[j+1 : len(part)-1]); u != "" {
				if _, known := LookupUnit(u); known {
					unit = u
					part = strings.TrimSpace(part[:j])
				}
			}
		}
		parts[i] = part
	}
	for i := len(parts) - 1; i >= 0 && !ok; i-- {
		d, ok = t.ElementFor(t.CleanLabel(parts[i]), es)
	}
	if !ok {
		return DataElement{}, "", "", false
	}
	for _, kd := range []string{KindPctPlan, KindPctPreviousYear, KindPlan, KindYTD, KindActual} {
		for _, w := range t.kindWords[kd] {
			if containsWords(k, w) {
				return d, kd, unit, true
			}
		}
	}
	return d, KindActual, unit, true
}
