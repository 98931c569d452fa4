package report

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Number formats. A workbook stores formats in one invariant notation (","
// groups thousands, "." marks decimals) and Excel shows them with the
// separators of the reader's system; the Vietnamese locale tag [$-42A]
// makes LibreOffice, and Excel on a Vietnamese system, show 48.500 and
// 103,19%.
type numFormats struct {
	count, pct, pctChange, rate, pp string
}

func (r *Report) formats() numFormats {
	pp := fmt.Sprintf(`+0.00" %[1]s";−0.00" %[1]s";0.00" %[1]s"`, r.text("pp"))
	f := numFormats{count: "#,##0", pct: "0.00%", pctChange: "+0.00%;−0.00%;0.00%", rate: "0.00%", pp: pp}
	if r.Lang != "en" {
		f.count, f.pct, f.rate = "[$-42A]"+f.count, "[$-42A]"+f.pct, "[$-42A]"+f.rate
		f.pctChange, f.pp = "[$-42A]"+f.pctChange, "[$-42A]"+f.pp
	}
	return f
}

// xlsxWriter holds a workbook being written and its styles.
type xlsxWriter struct {
	r      *Report
	f      *excelize.File
	defs   map[string]*excelize.Style
	style  map[string]int
	lines  map[string]map[int]int // sheet → row → lines of its tallest wrapped cell
	charts string                 // the hidden sheet the bar charts read
	span   int                    // columns the next cell set spans when merged; 0: one
	// chartData are the cells of the hidden sheet, written last
	chartData []struct {
		cell string
		v    any
	}
}

// chartCell puts v into a cell of the bar charts' hidden sheet.
func (x *xlsxWriter) chartCell(cell string, v any) {
	x.chartData = append(x.chartData, struct {
		cell string
		v    any
	}{cell, v})
}

// Sheet names are at most 31 characters; indicators get short ones.
var sheetNames = map[string][2]string{
	"jobs_created":            {"Giải quyết việc làm", "Jobs created"},
	"jobs_abroad":             {"Đi làm việc ở nước ngoài", "Workers abroad"},
	"vet_enrolment":           {"Tuyển sinh GDNN", "VET enrolment"},
	"vet_graduates":           {"Tốt nghiệp GDNN", "VET graduates"},
	"trained_share":           {"Tỷ lệ LĐ qua đào tạo", "Trained-worker share"},
	"si_coverage":             {"Tỷ lệ tham gia BHXH", "Social insurance"},
	"poor_household_rate":     {"Tỷ lệ hộ nghèo", "Poor-household rate"},
	"urban_unemployment_rate": {"Tỷ lệ thất nghiệp thành thị", "Urban unemployment"},
}

// SheetName is the worksheet of an indicator in a report's language.
func (r *Report) SheetName(code string) string {
	if n, ok := sheetNames[code]; ok {
		if r.Lang == "en" {
			return n[1]
		}
		return n[0]
	}
	// another indicator: its name, as much of it as a sheet's name holds
	name := code
	for _, ind := range r.Indicators {
		if ind.Code == code {
			name = strings.NewReplacer("[", "(", "]", ")", ":", " ", "*", " ", "?", " ", "/", "-", "\\", "-").Replace(ind.Name)
		}
	}
	if rs := []rune(name); len(rs) > 31 {
		name = strings.TrimSpace(string(rs[:30])) + "…"
	}
	return name
}

// WriteXLSX writes the report as an Excel workbook: a cover, a summary
// sheet, a sheet per indicator with its provinces ranked, a total row and
// a bar chart of % of plan, the monthly national series with line charts,
// the reporting completeness and the notes. Every sheet has frozen
// headers, prints on A4 landscape fitted to the page's width with page
// numbers, and its wrapped rows are tall enough for their text.
func (r *Report) WriteXLSX(w io.Writer) error {
	x := &xlsxWriter{r: r, f: excelize.NewFile(), style: map[string]int{}, lines: map[string]map[int]int{}}
	defer x.f.Close()
	if err := x.styles(); err != nil {
		return err
	}
	x.charts = map[bool]string{true: "Chart data", false: "Số liệu biểu đồ"}[r.Lang == "en"]
	steps := []func() error{x.cover, x.summary}
	for i := range r.Indicators {
		ind := &r.Indicators[i]
		steps = append(steps, func() error { return x.indicator(ind) })
	}
	steps = append(steps, x.monthly, x.completeness, x.notes)
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("write workbook: %w", err)
		}
	}
	x.f.DeleteSheet("Sheet1")
	// the chart data last and hidden: the charts read it, readers need not
	if _, err := x.f.NewSheet(x.charts); err != nil {
		return err
	}
	for _, c := range x.chartData {
		x.f.SetCellValue(x.charts, c.cell, c.v)
	}
	if err := x.f.SetSheetVisible(x.charts, false); err != nil {
		return err
	}
	x.rowHeights()
	x.f.SetActiveSheet(0)
	x.f.SetDocProps(&excelize.DocProperties{Title: r.text("report_word") + " " + r.text("title") + " " + r.Title(), Creator: r.ministryName(r.Issuer), Language: map[bool]string{true: "en-GB", false: "vi-VN"}[r.Lang == "en"]})
	_, err := x.f.WriteTo(w)
	return err
}

func (x *xlsxWriter) styles() error {
	fm := x.r.formats()
	border := []excelize.Border{{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1}}
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Family: "Times New Roman"}
	}
	top := &excelize.Alignment{Vertical: "top"}
	wrap := &excelize.Alignment{Vertical: "top", WrapText: true}
	x.defs = map[string]*excelize.Style{
		"title":    {Font: font(true, 14), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		"subtitle": {Font: font(true, 12), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		"centre":   {Font: font(false, 12), Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true}},
		"org":      {Font: font(true, 12), Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true}},
		"italic":   {Font: &excelize.Font{Family: "Times New Roman", Size: 12, Italic: true}, Alignment: &excelize.Alignment{Horizontal: "center"}},
		"bold":     {Font: font(true, 11), Alignment: wrap},
		"header": {Font: font(true, 11), Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE8F3"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		"text":      {Font: font(false, 11), Border: border, Alignment: wrap},
		"textbold":  {Font: font(true, 11), Border: border, Alignment: wrap},
		"center":    {Font: font(false, 11), Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}},
		"count":     {Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: &fm.count},
		"rate":      {Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: &fm.rate},
		"pct":       {Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: &fm.pct},
		"pctchange": {Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: &fm.pctChange},
		"pp":        {Font: font(false, 11), Border: border, Alignment: top, CustomNumFmt: &fm.pp},
		"plain":     {Font: font(false, 11), Alignment: wrap},
		"note":      {Font: &excelize.Font{Family: "Times New Roman", Size: 10}},
		"missing":   {Font: &excelize.Font{Family: "Times New Roman", Size: 11, Bold: true, Color: "B00000"}, Border: border, Alignment: wrap},
		"late":      {Font: &excelize.Font{Family: "Times New Roman", Size: 11, Color: "8A4A00"}, Border: border, Alignment: wrap},
	}
	for name, s := range x.defs {
		id, err := x.f.NewStyle(s)
		if err != nil {
			return fmt.Errorf("style %s: %w", name, err)
		}
		x.style[name] = id
	}
	// bold totals of every number style
	for _, name := range []string{"count", "rate", "pct", "pctchange", "pp", "center"} {
		if _, err := x.styleID(name+"|bold", name, "", true); err != nil {
			return err
		}
	}
	return nil
}

// styleID is a style named key: base with a footnote mark after the number
// its format shows ("48.500*"), bold when asked; made on first use.
func (x *xlsxWriter) styleID(key, base, mark string, bold bool) (int, error) {
	if id, ok := x.style[key]; ok {
		return id, nil
	}
	s := *x.defs[base]
	if s.Font != nil {
		f := *s.Font
		f.Bold = f.Bold || bold
		s.Font = &f
	}
	if mark != "" && s.CustomNumFmt != nil {
		var parts []string
		for _, p := range strings.Split(*s.CustomNumFmt, ";") {
			parts = append(parts, p+`"`+mark+`"`)
		}
		nf := strings.Join(parts, ";")
		s.CustomNumFmt = &nf
	}
	id, err := x.f.NewStyle(&s)
	if err != nil {
		return 0, fmt.Errorf("style %s: %w", key, err)
	}
	x.style[key] = id
	return id, nil
}

// wrapped are the styles whose text wraps, and whose rows grow to show it.
var wrapped = map[string]bool{"text": true, "textbold": true, "header": true, "plain": true, "missing": true, "late": true, "bold": true, "title": true, "subtitle": true, "org": true, "centre": true}

// set writes v (nil leaves the cell empty) with a style; a style "base|mark"
// or "base|bold" adds a footnote mark or bold to a number format.
func (x *xlsxWriter) set(sheet string, col, row int, v any, style string) {
	cell, _ := excelize.CoordinatesToCellName(col, row)
	switch p := v.(type) {
	case *float64:
		if p != nil {
			x.f.SetCellValue(sheet, cell, *p)
		}
	case nil:
	default:
		x.f.SetCellValue(sheet, cell, v)
	}
	id, ok := x.style[style]
	if !ok {
		base, mark, _ := strings.Cut(style, "|")
		bold := strings.HasSuffix(mark, "bold")
		mark = strings.TrimSuffix(mark, "bold")
		id, _ = x.styleID(style, base, mark, bold)
	}
	x.f.SetCellStyle(sheet, cell, cell, id)
	if s, ok := v.(string); ok && wrapped[strings.SplitN(style, "|", 2)[0]] {
		x.wrap(sheet, col, row, s, max(x.span, 1))
	}
}

// wrap notes how many lines text takes in a cell span of columns starting
// at col, for rowHeights.
func (x *xlsxWriter) wrap(sheet string, col, row int, text string, span int) {
	width := 0.0
	for c := col; c < col+span; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		w, _ := x.f.GetColWidth(sheet, name)
		width += w
	}
	// a column width is about that many digits of the default font;
	// Times New Roman 11 fits about 1.1 characters of text per unit
	per := math.Max(width*1.1-1, 1)
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		lines += int(math.Ceil(math.Max(float64(len([]rune(para))), 1) / per))
	}
	if x.lines[sheet] == nil {
		x.lines[sheet] = map[int]int{}
	}
	if lines > x.lines[sheet][row] {
		x.lines[sheet][row] = lines
	}
}

// rowHeights makes every row with wrapped text tall enough for it: Excel
// and LibreOffice do not grow rows written by a program.
func (x *xlsxWriter) rowHeights() {
	for sheet, rows := range x.lines {
		for row, n := range rows {
			h, _ := x.f.GetRowHeight(sheet, row)
			if want := 15.0*float64(n) + 2; n > 1 && want > h {
				x.f.SetRowHeight(sheet, row, want)
			}
		}
	}
}

// frac turns a percentage (103.19) into the fraction Excel's % format shows.
func frac(p *float64) *float64 {
	if p == nil {
		return nil
	}
	// through text, so that 4.19 gives 0.0419 and not 0.041900000000000004
	v, _ := strconv.ParseFloat(strconv.FormatFloat(*p/100, 'g', 12, 64), 64)
	return &v
}

// valueCell writes an indicator value: counts as numbers, rates as fractions
// under a % format; suffix is "|*", "|†bold" … (a mark, bold).
func (x *xlsxWriter) valueCell(sheet string, col, row int, v *float64, unit, suffix string) {
	if unit == "percent" {
		x.set(sheet, col, row, frac(v), "rate"+suffix)
		return
	}
	x.set(sheet, col, row, v, "count"+suffix)
}

// pctCell writes a % of plan or of the previous year. Just below 100 it
// keeps the decimals that stop it from showing as 100,00% (pctDecimals).
func (x *xlsxWriter) pctCell(sheet string, col, row int, v *float64, suffix string) {
	if v == nil || pctDecimals(*v) == 2 {
		x.set(sheet, col, row, frac(v), "pct"+suffix)
		return
	}
	key := fmt.Sprintf("pct%d%s", pctDecimals(*v), suffix)
	if _, ok := x.defs[key]; !ok {
		s := *x.defs["pct"]
		nf := strings.Replace(*s.CustomNumFmt, "0.00%", "0."+strings.Repeat("0", pctDecimals(*v))+"%", 1)
		s.CustomNumFmt = &nf
		x.defs[key] = &s
	}
	x.set(sheet, col, row, frac(v), key)
}

func (x *xlsxWriter) changeCell(sheet string, col, row int, f Figure, suffix string) {
	if f.ChangeIn == "percentage points" {
		x.set(sheet, col, row, f.Change, "pp"+suffix)
		return
	}
	x.set(sheet, col, row, frac(f.Change), "pctchange"+suffix)
}

// markSuffix is the style suffix carrying a figure's marks after its value.
func markSuffix(f Figure, bold bool) string {
	m := marks(f)
	if m == "" && !bold {
		return ""
	}
	if bold {
		return "|" + m + "bold"
	}
	return "|" + m
}

// sheet adds a sheet with the title block and a header row; it freezes the
// rows above the data, repeats the header on every printed page, sets up
// A4 landscape fitted to the page's width, and numbers the pages.
func (x *xlsxWriter) sheet(name, heading string, headerRow int, cols []string, widths []float64) error {
	if _, err := x.f.NewSheet(name); err != nil {
		return fmt.Errorf("sheet %q: %w", name, err)
	}
	r := x.r
	for i := range cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.f.SetColWidth(name, col, col, widths[i])
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	x.f.MergeCell(name, "A1", last+"1")
	x.span = len(cols)
	x.set(name, 1, 1, r.text("report_word")+" "+r.text("title")+" — "+r.Title(), "title")
	x.f.MergeCell(name, "A2", last+"2")
	x.set(name, 1, 2, heading, "subtitle")
	x.span = 0
	x.f.SetRowHeight(name, 1, 22)
	x.f.SetRowHeight(name, 2, 20)
	for i, c := range cols {
		x.set(name, i+1, headerRow, c, "header")
	}
	if err := x.f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", headerRow+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := x.pageSetup(name); err != nil {
		return err
	}
	return x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", strings.ReplaceAll(name, "'", "''"), headerRow, headerRow)})
}

// pageSetup prints a sheet on A4 landscape, as wide as the page and as
// many pages long as it takes, with the document's number and the page
// number in the footer.
func (x *xlsxWriter) pageSetup(name string) error {
	size, orient, one, zero, fit := 9, "landscape", 1, 0, true
	if err := x.f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := x.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	margin, foot := 0.5, 0.3
	x.f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin, Top: &margin, Bottom: &margin, Footer: &foot})
	esc := func(s string) string { return strings.ReplaceAll(s, "&", "&&") }
	return x.f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{
		OddFooter: `&L&"Times New Roman"&9` + esc(x.r.docNumber()+" — "+x.r.Title()) + `&R&"Times New Roman"&9` + esc(x.r.text("page")) + ` &P / &N`,
	})
}

// footnotes writes below a table the explanation of every mark it uses.
func (x *xlsxWriter) footnotes(sheet string, row int, figs []Figure, lower bool, extra ...string) int {
	for _, n := range append(x.r.usedMarks(figs, lower), extra...) {
		x.set(sheet, 1, row, n, "note")
		row++
	}
	return row
}

// cover writes the first sheet: issuer, number, the nation's motto, the
// title, what the figures are, the contents and the signature block.
func (x *xlsxWriter) cover() error {
	r := x.r
	name := r.text("cover")
	if _, err := x.f.NewSheet(name); err != nil {
		return err
	}
	for _, c := range []string{"A", "B", "C", "D", "E", "F"} {
		x.f.SetColWidth(name, c, c, 24)
	}
	merge := func(row int, from, to string, v, style string) {
		x.f.MergeCell(name, fmt.Sprintf("%s%d", from, row), fmt.Sprintf("%s%d", to, row))
		col, _ := excelize.ColumnNameToNumber(from)
		last, _ := excelize.ColumnNameToNumber(to)
		x.span = last - col + 1
		x.set(name, col, row, v, style)
		x.span = 0
	}
	merge(1, "A", "C", strings.ToUpper(r.ministryName(r.Issuer)), "org")
	merge(2, "A", "C", r.docNumber(), "centre")
	merge(1, "D", "F", r.text("nation"), "org")
	merge(2, "D", "F", r.text("motto"), "org")
	merge(3, "D", "F", r.placeDate(), "italic")
	merge(5, "A", "F", r.text("report_word"), "title")
	merge(6, "A", "F", r.text("title"), "title")
	merge(7, "A", "F", r.Title(), "subtitle")
	row := 9
	for _, kv := range r.Cover() {
		x.set(name, 1, row, kv[0], "bold")
		merge(row, "B", "F", kv[1], "plain")
		row++
	}
	row++
	x.set(name, 1, row, r.text("contents"), "bold")
	row++
	sheets := []string{r.text("summary")}
	for _, ind := range r.Indicators {
		sheets = append(sheets, r.SheetName(ind.Code)+": "+ind.Name)
	}
	sheets = append(sheets, r.text("monthly"), r.text("completeness"), r.text("notes"))
	for i, s := range sheets {
		merge(row, "A", "F", fmt.Sprintf("%d. %s", i+1, s), "plain")
		row++
	}
	row++
	x.set(name, 1, row, r.text("marks"), "bold")
	row++
	for _, n := range r.usedMarks(r.AllSummary(), true) {
		merge(row, "A", "F", n, "plain")
		row++
	}
	row += 2
	x.set(name, 1, row, r.text("recipients"), "bold")
	for i, line := range r.signer() {
		merge(row+i, "D", "F", line, "org")
	}
	merge(row+len(r.signer()), "D", "F", r.text("sign_note"), "italic")
	for i, k := range []string{"recipient1", "recipient2", "recipient3"} {
		x.set(name, 1, row+1+i, r.text(k), "note")
	}
	return x.pageSetup(name)
}

func (x *xlsxWriter) summary() error {
	r := x.r
	name := r.text("summary")
	cols := []string{r.text("indicator"), r.text("unit"), r.text("area"), r.text("plan"), r.quarterLabel(), r.text("actual"), r.text("pct_plan"),
		r.text("previous"), r.text("pct_prev"), r.text("change"), r.text("coverage"), r.text("status")}
	if err := x.sheet(name, r.text("summary")+" — "+r.PeriodNote(), 4, cols, []float64{30, 9, 26, 13, 13, 13, 11, 13, 11, 12, 10, 20}); err != nil {
		return err
	}
	row := 5
	for _, ind := range r.Indicators {
		first := row
		for _, f := range ind.Summary {
			label := ind.Name
			if ind.Direction == "lower" {
				label += " ↓"
			}
			nation := f.Level == "nation"
			x.set(name, 1, row, label, "textbold")
			x.set(name, 2, row, r.unitName(ind.Unit), "center")
			x.set(name, 3, row, f.AreaName, map[bool]string{true: "textbold", false: "text"}[nation])
			b := map[bool]string{true: "|bold", false: ""}[nation]
			x.valueCell(name, 4, row, f.Plan, ind.Unit, b)
			x.valueCell(name, 5, row, f.InQuarter, ind.Unit, b)
			x.valueCell(name, 6, row, f.Value, ind.Unit, markSuffix(f, nation))
			x.pctCell(name, 7, row, f.PctPlan, b)
			x.valueCell(name, 8, row, f.Previous, ind.Unit, b)
			x.pctCell(name, 9, row, f.PctPrev, b)
			x.changeCell(name, 10, row, f, b)
			x.set(name, 11, row, fmt.Sprintf("%d/%d", f.Reporting, f.Expected), "center"+b)
			x.set(name, 12, row, r.status(f), "text")
			row++
		}
		if row-1 > first {
			x.f.MergeCell(name, fmt.Sprintf("A%d", first), fmt.Sprintf("A%d", row-1))
			x.f.MergeCell(name, fmt.Sprintf("B%d", first), fmt.Sprintf("B%d", row-1))
			// the merged name wraps across the rows of its block
			x.lines[name][first] = 0
			x.wrap(name, 3, first, ind.Summary[0].AreaName, 1)
		}
	}
	lower := false
	for _, ind := range r.Indicators {
		lower = lower || ind.Direction == "lower"
	}
	x.footnotes(name, row+1, r.AllSummary(), lower)
	return nil
}

func (x *xlsxWriter) indicator(ind *Indicator) error {
	r := x.r
	name := r.SheetName(ind.Code)
	regions := len(r.Regions) > 0
	cols := []string{r.text("rank"), r.text("code"), r.text("province")}
	widths := []float64{7, 6, 20}
	if regions {
		cols, widths = append(cols, r.text("region")), append(widths, 24)
	}
	cols = append(cols, r.text("plan"), r.quarterLabel(), r.text("actual"), r.text("pct_plan"), r.text("previous"), r.text("pct_prev"), r.text("change"), r.text("status"))
	widths = append(widths, 13, 13, 13, 12, 13, 11, 12, 18)
	heading := ind.Name + " (" + r.unitName(ind.Unit) + ")"
	if ind.Direction == "lower" {
		heading += " ↓"
	}
	if err := x.sheet(name, heading+" — "+r.PeriodNote(), 4, cols, widths); err != nil {
		return err
	}
	off := 0
	if regions {
		off = 1
	}
	row := 5
	put := func(f Figure, total bool) {
		b := map[bool]string{true: "|bold", false: ""}[total]
		if f.Rank > 0 {
			x.set(name, 1, row, f.Rank, "center")
		} else {
			x.set(name, 1, row, nil, "center")
		}
		x.set(name, 2, row, f.Area, "center"+b)
		x.set(name, 3, row, f.AreaName, map[bool]string{true: "textbold", false: "text"}[total])
		if regions {
			x.set(name, 4, row, r.regionName(f.Region), "text")
		}
		x.valueCell(name, 4+off, row, f.Plan, ind.Unit, b)
		x.valueCell(name, 5+off, row, f.InQuarter, ind.Unit, b)
		x.valueCell(name, 6+off, row, f.Value, ind.Unit, markSuffix(f, total))
		x.pctCell(name, 7+off, row, f.PctPlan, b)
		x.valueCell(name, 8+off, row, f.Previous, ind.Unit, b)
		x.pctCell(name, 9+off, row, f.PctPrev, b)
		x.changeCell(name, 10+off, row, f, b)
		x.set(name, 11+off, row, r.status(f), map[bool]string{true: "missing", false: "text"}[!f.Reported()])
		row++
	}
	for _, f := range ind.Provinces {
		put(f, false)
	}
	lastCol, _ := excelize.ColumnNumberToName(len(cols))
	if err := x.autoFilter(name, fmt.Sprintf("A4:%s%d", lastCol, row-1)); err != nil {
		return err
	}
	figs := ind.Provinces
	if n := nation(*ind); n != nil {
		put(*n, true)
		figs = append(append([]Figure(nil), figs...), *n)
	}
	var extra []string
	if !ind.Judged() {
		extra = append(extra, r.text("note_ytd_plan"))
	}
	row = x.footnotes(name, row+1, figs, ind.Direction == "lower", extra...)
	return x.barCharts(ind, name, row+1)
}

// barCharts draws % of plan by province below the table, best first, as
// stacked bars of three series (plan met, not met, not judged) so that the
// colour says it and the legend names it; the axis runs from 0. More than
// 32 provinces go into two charts side by side, on a page of their own.
func (x *xlsxWriter) barCharts(ind *Indicator, sheet string, row int) error {
	r := x.r
	var figs []Figure
	hi := 1.0
	for _, f := range ind.Provinces {
		if f.PctPlan != nil {
			figs = append(figs, f)
			hi = math.Max(hi, *f.PctPlan/100)
		}
	}
	if len(figs) == 0 {
		return nil
	}
	sort.SliceStable(figs, func(i, j int) bool { return *figs[i].PctPlan > *figs[j].PctPlan })
	hi = math.Ceil(hi*5) / 5
	// the data: one block of four columns per indicator on the hidden sheet
	cd := x.charts
	block := 0
	for i := range r.Indicators {
		if r.Indicators[i].Code == ind.Code {
			block = i
		}
	}
	col := func(k int) string { c, _ := excelize.ColumnNumberToName(4*block + k + 1); return c }
	classes := []string{"met", "unmet", "unjudged"}
	x.chartCell(col(0)+"1", ind.Name)
	used := map[string]bool{}
	for k, c := range classes {
		x.chartCell(col(k+1)+"1", r.text(c))
	}
	for i, f := range figs {
		x.chartCell(fmt.Sprintf("%s%d", col(0), i+2), f.AreaName)
		c := barClass(f)
		used[c] = true
		for k, cl := range classes {
			if cl == c {
				x.chartCell(fmt.Sprintf("%s%d", col(k+1), i+2), *frac(f.PctPlan))
			}
		}
	}
	colors := map[string]string{"met": "2F5597", "unmet": "C55A11", "unjudged": "8FA9C8"}
	panels := (len(figs) + barPanel - 1) / barPanel
	per := (len(figs) + panels - 1) / panels
	x.f.InsertPageBreak(sheet, fmt.Sprintf("A%d", row))
	q := "'" + strings.ReplaceAll(cd, "'", "''") + "'"
	zero, max, black := 0.0, hi, "000000"
	gap, overlap, vary := uint(40), 100, false
	for p := 0; p < panels; p++ {
		first, last := 2+p*per, 1+min((p+1)*per, len(figs))
		var series []excelize.ChartSeries
		for k, c := range classes {
			if !used[c] {
				continue
			}
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("%s!$%s$1", q, col(k+1)),
				Categories: fmt.Sprintf("%s!$%s$%d:$%s$%d", q, col(0), first, col(0), last),
				Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", q, col(k+1), first, col(k+1), last),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[c]}},
			})
		}
		title := ind.Name + ": " + r.text("pct_chart")
		if panels > 1 {
			title += " (" + fmt.Sprintf(r.text("ranks"), first-1, last-1) + ")"
		}
		cell := fmt.Sprintf("%s%d", []string{"A", "G"}[p%2], row)
		if err := x.f.AddChart(sheet, cell, &excelize.Chart{
			Type:      excelize.BarStacked,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Size: 11, Bold: true, Color: black}}}},
			Legend:    excelize.ChartLegend{Position: "bottom", Font: &excelize.Font{Size: 10, Color: black}},
			Dimension: excelize.ChartDimension{Width: 560, Height: uint(110 + 17*per)},
			XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Size: 9, Color: black}},
			YAxis: excelize.ChartAxis{MajorGridLines: true, Minimum: &zero, Maximum: &max, MajorUnit: 0.2, Font: excelize.Font{Size: 9, Color: black},
				NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}, Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: r.text("pct_plan"), Font: &excelize.Font{Size: 9, Color: black}}}}},
			GapWidth:   &gap,
			Overlap:    &overlap,
			VaryColors: &vary,
		}); err != nil {
			return err
		}
	}
	return nil
}

// monthly writes the national monthly series of each flow, this year and
// the previous, with a line chart each, two charts to a printed page and
// none cut by a page break.
func (x *xlsxWriter) monthly() error {
	r := x.r
	name := r.text("monthly")
	flows := r.flows()
	cols := []string{r.text("month")}
	widths := []float64{14}
	for _, ind := range flows {
		cols = append(cols, fmt.Sprintf("%s %d", ind.Name, r.Year-1), fmt.Sprintf("%s %d", ind.Name, r.Year))
		widths = append(widths, 16, 16)
	}
	if err := x.sheet(name, r.text("series_chart"), 4, cols, widths); err != nil {
		return err
	}
	x.set(name, 1, 3, r.text("unit")+": "+r.unitName("persons")+". "+r.text("mark_incomp"), "note")
	for m := 1; m <= r.LastMonth; m++ {
		label := fmt.Sprintf("%s %d", r.text("month"), m)
		if r.Lang == "en" {
			label = monthsEN[m]
		}
		x.set(name, 1, 4+m, label, "text")
	}
	for i, ind := range flows {
		for j, y := range []int{r.Year - 1, r.Year} {
			col := 2 + 2*i + j
			for _, p := range r.series(ind.Code, y) {
				style := "count"
				if p.Reporting < p.Expected {
					style = "count|†"
					cell, _ := excelize.CoordinatesToCellName(col, 4+p.Month)
					x.f.AddComment(name, excelize.Comment{Cell: cell, Author: "chitieu",
						Text: fmt.Sprintf("† %d/%d %s", p.Reporting, p.Expected, r.text("coverage"))})
				}
				x.set(name, col, 4+p.Month, p.Value, style)
			}
		}
	}
	last := 4 + r.LastMonth
	q := "'" + strings.ReplaceAll(name, "'", "''") + "'"
	black := "000000"
	// each pair of charts starts a printed page: 20 rows of 15 points hold one
	const rowsPerChart = 20
	start := last + 2
	for i, ind := range flows {
		var series []excelize.ChartSeries
		for j := range 2 {
			col, _ := excelize.ColumnNumberToName(2 + 2*i + j)
			color := []string{"7F7F7F", "C00000"}[j]
			series = append(series, excelize.ChartSeries{
				// a reference to the column's header: a literal name shows
				// as "Column B" in LibreOffice
				Name:       fmt.Sprintf("%s!$%s$4", q, col),
				Categories: fmt.Sprintf("%s!$A$5:$A$%d", q, last),
				Values:     fmt.Sprintf("%s!$%s$5:$%s$%d", q, col, col, last),
				Line:       excelize.LineOptions{Width: 2.25},
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
				Marker:     excelize.ChartMarker{Symbol: "circle", Size: 5},
			})
		}
		at := start + (i/2)*2*rowsPerChart + (i%2)*rowsPerChart
		if i%2 == 0 {
			x.f.InsertPageBreak(name, fmt.Sprintf("A%d", at))
		}
		zero := 0.0
		if err := x.f.AddChart(name, fmt.Sprintf("A%d", at), &excelize.Chart{
			Type:      excelize.Line,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: ind.Name + " (" + r.unitName(ind.Unit) + ") — " + r.text("series_chart"), Font: &excelize.Font{Size: 11, Bold: true, Color: black}}}},
			Legend:    excelize.ChartLegend{Position: "bottom", Font: &excelize.Font{Size: 10, Color: black}},
			Dimension: excelize.ChartDimension{Width: 760, Height: 280},
			XAxis:     excelize.ChartAxis{Font: excelize.Font{Size: 9, Color: black}},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, Minimum: &zero, Font: excelize.Font{Size: 9, Color: black}, NumFmt: excelize.ChartNumFmt{CustomNumFmt: r.formats().count}},
		}); err != nil {
			return err
		}
	}
	return nil
}

// series is one flow's national monthly values in a year.
func (r *Report) series(indicator string, year int) []MonthPoint {
	var out []MonthPoint
	for _, m := range r.Months {
		if m.Indicator == indicator && m.Year == year {
			out = append(out, m)
		}
	}
	return out
}

func (x *xlsxWriter) completeness() error {
	r := x.r
	c := r.Reporting
	name := r.text("completeness")
	regions := len(r.Regions) > 0
	cols := []string{r.text("code"), r.text("province")}
	widths := []float64{6, 22}
	if regions {
		cols, widths = append(cols, r.text("region")), append(widths, 26)
	}
	for _, m := range c.Months {
		cols = append(cols, r.monthName(m))
		widths = append(widths, 30)
	}
	if err := x.sheet(name, r.text("completeness"), 4, cols, widths); err != nil {
		return err
	}
	x.f.MergeCell(name, "A3", fmt.Sprintf("%s3", func() string { s, _ := excelize.ColumnNumberToName(len(cols)); return s }()))
	note := fmt.Sprintf("%s. %s: %s %d, %s %d, %s %d, %s %d, %s %d.", r.text("deadline"), r.text("totals"),
		r.text("on_time"), c.OnTime, strings.ToLower(r.text("late")), c.Late, strings.ToLower(r.text("rejected")), c.Rejected,
		strings.ToLower(r.text("missing")), c.Missing, strings.ToLower(r.text("pending")), c.Pending)
	x.span = len(cols)
	x.set(name, 1, 3, note, "plain")
	x.span = 0
	row := 5
	off := 3
	if regions {
		off = 4
	}
	for _, p := range c.Provinces {
		x.set(name, 1, row, p.Area, "center")
		x.set(name, 2, row, p.AreaName, "text")
		if regions {
			x.set(name, 3, row, r.regionName(p.Region), "text")
		}
		for i, m := range p.Months {
			style := "text"
			switch m.State {
			case Missing, Rejected:
				style = "missing"
			case Late:
				style = "late"
			}
			x.set(name, off+i, row, r.stateText(m), style)
		}
		row++
	}
	lastCol, _ := excelize.ColumnNumberToName(len(cols))
	return x.autoFilter(name, fmt.Sprintf("A4:%s%d", lastCol, row-1))
}

// autoFilter adds filter buttons to a table's header. excelize replaces
// the sheet's properties when it does, so fitting to the page is set again.
func (x *xlsxWriter) autoFilter(sheet, ref string) error {
	if err := x.f.AutoFilter(sheet, ref, nil); err != nil {
		return err
	}
	fit := true
	return x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}

func (x *xlsxWriter) notes() error {
	r := x.r
	name := r.text("notes")
	if err := x.sheet(name, r.text("notes"), 3, []string{"", "", "", ""}, []float64{26, 34, 14, 90}); err != nil {
		return err
	}
	// no header row of its own: the notes are blocks
	x.f.SetPanes(name, &excelize.Panes{})
	x.f.DeleteDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name})
	for c := 1; c <= 4; c++ {
		x.set(name, c, 3, nil, "plain")
	}
	row := 3
	for _, line := range r.Statement() {
		x.set(name, 1, row, line[0], "bold")
		x.f.MergeCell(name, fmt.Sprintf("B%d", row), fmt.Sprintf("D%d", row))
		x.span = 3
		x.set(name, 2, row, line[1], "plain")
		x.span = 0
		row++
	}
	// a table of the notes: its title across the sheet, its last column
	// spanning to D when it has fewer than four
	put := func(col, row int, v, style string, last bool) {
		span := 1
		if last && col < 4 {
			span = 5 - col
			for c := col + 1; c <= 4; c++ {
				x.set(name, c, row, nil, style)
			}
			x.f.MergeCell(name, fmt.Sprintf("%s%d", string(rune('A'+col-1)), row), fmt.Sprintf("D%d", row))
		}
		x.span = span
		x.set(name, col, row, v, style)
		x.span = 0
	}
	table := func(title string, head []string, rows [][]string) {
		row++
		put(1, row, title, "bold", true)
		row++
		for i, h := range head {
			put(i+1, row, h, "header", i == len(head)-1)
		}
		row++
		for _, cells := range rows {
			for i, c := range cells {
				put(i+1, row, c, "text", i == len(cells)-1)
			}
			row++
		}
	}
	if len(r.Ministries) > 0 {
		var rows [][]string
		for _, m := range r.Ministries {
			rows = append(rows, []string{r.ministryName(m), r.indicatorsOf(m)})
		}
		title := r.text("ministries")
		if r.Basis != "" {
			title += " — " + r.Basis
		}
		table(title, []string{r.text("ministry"), r.text("indicator")}, rows)
	}
	if len(r.Mergers) > 0 {
		var rows [][]string
		for _, m := range r.Mergers {
			rows = append(rows, []string{m.Code, m.Name, r.absorbed(m)})
		}
		table(r.text("mergers"), []string{r.text("code"), r.text("new_province"), r.text("absorbed")}, rows)
	}
	missing := r.MissingRows()
	if len(missing) == 0 {
		row++
		put(1, row, r.text("missing_list"), "bold", true)
		put(1, row+1, r.text("all_complete"), "plain", true)
		return nil
	}
	var rows [][]string
	for _, m := range missing {
		rows = append(rows, m[:])
	}
	table(r.text("missing_list"), []string{r.text("indicator"), r.text("area"), r.text("coverage"), r.text("province")}, rows)
	return nil
}

// BoundariesNote says which map of provinces the figures are on.
func (r *Report) BoundariesNote() string {
	n, _, _ := strings.Cut(r.Boundaries, " ")
	if n == "" {
		return ""
	}
	if r.Lang == "en" {
		return fmt.Sprintf("the %s provinces of the period's map; the same months a year earlier are re-based onto it", n)
	}
	return fmt.Sprintf("%s tỉnh, thành phố theo địa giới của kỳ báo cáo; cùng kỳ năm trước được quy đổi theo địa giới này", n)
}

// Statement is what the notes say about the figures: period, data
// version, when drawn, as of when, the map, and how they are computed.
func (r *Report) Statement() [][2]string {
	st := r.Cover()[1:]
	st = append(st,
		[2]string{r.text("source"), r.text("generated_by")},
		[2]string{r.text("rates"), r.text("note_rates")},
		[2]string{r.text("ytd"), r.text("note_ytd") + " " + r.text("note_cover")},
		[2]string{r.text("attainment"), r.text("note_pct_plan") + " " + r.text("note_ytd_plan")},
	)
	if len(r.Regions) == 0 {
		st = append(st, [2]string{r.text("region"), r.text("no_regions")})
	}
	return st
}
