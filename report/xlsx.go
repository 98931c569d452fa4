package report

import (
	"fmt"
	"io"
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
	r     *Report
	f     *excelize.File
	style map[string]int
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
	if len(code) > 31 {
		code = code[:31]
	}
	return code
}

// WriteXLSX writes the report as an Excel workbook: a summary sheet, a sheet
// per indicator with its provinces ranked and a bar chart of % of plan, the
// monthly national series with line charts, the reporting completeness and
// the notes. Every sheet has frozen headers and prints on A4.
func (r *Report) WriteXLSX(w io.Writer) error {
	x := &xlsxWriter{r: r, f: excelize.NewFile(), style: map[string]int{}}
	defer x.f.Close()
	if err := x.styles(); err != nil {
		return err
	}
	steps := []func() error{x.summary}
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
	x.f.SetActiveSheet(0)
	x.f.SetDocProps(&excelize.DocProperties{Title: r.text("title") + " " + r.Title(), Creator: "chitieu", Language: map[bool]string{true: "en-GB", false: "vi-VN"}[r.Lang == "en"]})
	_, err := x.f.WriteTo(w)
	return err
}

func (x *xlsxWriter) styles() error {
	fm := x.r.formats()
	border := []excelize.Border{{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1}}
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Family: "Times New Roman"}
	}
	defs := map[string]*excelize.Style{
		"title":    {Font: font(true, 14), Alignment: &excelize.Alignment{Horizontal: "center"}},
		"subtitle": {Font: font(false, 12), Alignment: &excelize.Alignment{Horizontal: "center"}},
		"bold":     {Font: font(true, 11)},
		"header": {Font: font(true, 11), Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		"text":      {Font: font(false, 11), Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		"textbold":  {Font: font(true, 11), Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		"center":    {Font: font(false, 11), Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}},
		"count":     {Font: font(false, 11), Border: border, CustomNumFmt: &fm.count},
		"rate":      {Font: font(false, 11), Border: border, CustomNumFmt: &fm.rate},
		"pct":       {Font: font(false, 11), Border: border, CustomNumFmt: &fm.pct},
		"pctchange": {Font: font(false, 11), Border: border, CustomNumFmt: &fm.pctChange},
		"pp":        {Font: font(false, 11), Border: border, CustomNumFmt: &fm.pp},
		"plain":     {Font: font(false, 11), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}},
		"note":      {Font: &excelize.Font{Family: "Times New Roman", Size: 10, Italic: true}},
		"missing":   {Font: &excelize.Font{Family: "Times New Roman", Size: 11, Color: "C00000"}, Border: border},
		"late":      {Font: &excelize.Font{Family: "Times New Roman", Size: 11, Color: "9C5700"}, Border: border},
	}
	for name, s := range defs {
		id, err := x.f.NewStyle(s)
		if err != nil {
			return fmt.Errorf("style %s: %w", name, err)
		}
		x.style[name] = id
	}
	return nil
}

// set writes v (nil leaves the cell empty) with a style.
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
	x.f.SetCellStyle(sheet, cell, cell, x.style[style])
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
// under a % format.
func (x *xlsxWriter) valueCell(sheet string, col, row int, v *float64, unit string) {
	if unit == "percent" {
		x.set(sheet, col, row, frac(v), "rate")
		return
	}
	x.set(sheet, col, row, v, "count")
}

func (x *xlsxWriter) changeCell(sheet string, col, row int, f Figure) {
	if f.ChangeIn == "percentage points" {
		x.set(sheet, col, row, f.Change, "pp")
		return
	}
	x.set(sheet, col, row, frac(f.Change), "pctchange")
}

// header writes the title block and a header row; it freezes the rows above
// the data, repeats the header on every printed page and sets up A4.
func (x *xlsxWriter) sheet(name, heading string, headerRow int, cols []string, widths []float64, landscape bool) error {
	if _, err := x.f.NewSheet(name); err != nil {
		return fmt.Errorf("sheet %q: %w", name, err)
	}
	r := x.r
	last, _ := excelize.ColumnNumberToName(len(cols))
	x.f.SetCellValue(name, "A1", r.text("title"))
	x.f.MergeCell(name, "A1", last+"1")
	x.f.SetCellStyle(name, "A1", "A1", x.style["title"])
	x.f.SetCellValue(name, "A2", heading+" — "+r.Title())
	x.f.MergeCell(name, "A2", last+"2")
	x.f.SetCellStyle(name, "A2", "A2", x.style["subtitle"])
	for i, c := range cols {
		x.set(name, i+1, headerRow, c, "header")
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.f.SetColWidth(name, col, col, widths[i])
	}
	x.f.SetRowHeight(name, headerRow, 45)
	if err := x.f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", headerRow+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	size, orient, one, zero, fit := 9, "portrait", 1, 0, true
	if landscape {
		orient = "landscape"
	}
	if err := x.f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := x.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	margin := 0.5
	x.f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin, Top: &margin, Bottom: &margin})
	return x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", strings.ReplaceAll(name, "'", "''"), headerRow, headerRow)})
}

// footnotes writes the marks' explanation below a table.
func (x *xlsxWriter) footnotes(sheet string, row int) {
	x.set(sheet, 1, row, x.r.text("mark_prov"), "note")
	x.set(sheet, 1, row+1, x.r.text("mark_incomp"), "note")
	x.set(sheet, 1, row+2, x.r.PeriodNote(), "note")
}

func (x *xlsxWriter) summary() error {
	r := x.r
	name := r.text("summary")
	cols := []string{r.text("indicator"), r.text("unit"), r.text("area"), r.text("plan"), r.quarterLabel(), r.text("actual"), r.text("pct_plan"),
		r.text("previous"), r.text("pct_prev"), r.text("change"), r.text("coverage"), r.text("status")}
	if err := x.sheet(name, r.text("summary"), 4, cols, []float64{34, 10, 30, 14, 14, 14, 11, 14, 11, 13, 10, 22}, true); err != nil {
		return err
	}
	x.set(name, 1, 3, r.PeriodNote(), "note")
	row := 5
	for _, ind := range r.Indicators {
		first := row
		for _, f := range ind.Summary {
			label := ind.Name
			if ind.Direction == "lower" {
				label += " (↓)"
			}
			x.set(name, 1, row, label, "textbold")
			x.set(name, 2, row, r.unitName(ind.Unit), "center")
			x.set(name, 3, row, f.AreaName+marks(f), map[bool]string{true: "textbold", false: "text"}[f.Level == "nation"])
			x.valueCell(name, 4, row, f.Plan, ind.Unit)
			x.valueCell(name, 5, row, f.InQuarter, ind.Unit)
			x.valueCell(name, 6, row, f.Value, ind.Unit)
			x.set(name, 7, row, frac(f.PctPlan), "pct")
			x.valueCell(name, 8, row, f.Previous, ind.Unit)
			x.set(name, 9, row, frac(f.PctPrev), "pct")
			x.changeCell(name, 10, row, f)
			x.set(name, 11, row, fmt.Sprintf("%d/%d", f.Reporting, f.Expected), "center")
			x.set(name, 12, row, r.status(f), "text")
			row++
		}
		if row-1 > first {
			x.f.MergeCell(name, fmt.Sprintf("A%d", first), fmt.Sprintf("A%d", row-1))
			x.f.MergeCell(name, fmt.Sprintf("B%d", first), fmt.Sprintf("B%d", row-1))
		}
	}
	x.footnotes(name, row+1)
	x.set(name, 1, row+4, r.text("note_pct_plan"), "note")
	return nil
}

func (x *xlsxWriter) indicator(ind *Indicator) error {
	r := x.r
	name := r.SheetName(ind.Code)
	cols := []string{r.text("rank"), r.text("code"), r.text("province"), r.text("region"), r.text("plan"), r.quarterLabel(), r.text("actual"),
		r.text("pct_plan"), r.text("previous"), r.text("pct_prev"), r.text("change"), r.text("status")}
	if err := x.sheet(name, ind.Name+" ("+r.unitName(ind.Unit)+")", 4, cols, []float64{8, 6, 22, 26, 13, 13, 13, 11, 13, 11, 12, 16}, false); err != nil {
		return err
	}
	how := r.PeriodNote()
	if ind.Direction == "lower" {
		how += "; " + r.text("better_lower")
	}
	x.set(name, 1, 3, how, "note")
	row := 5
	for _, f := range ind.Provinces {
		if f.Rank > 0 {
			x.set(name, 1, row, f.Rank, "center")
		} else {
			x.set(name, 1, row, nil, "center")
		}
		x.set(name, 2, row, f.Area, "center")
		x.set(name, 3, row, f.AreaName+marks(f), "text")
		x.set(name, 4, row, r.regionName(f.Region), "text")
		x.valueCell(name, 5, row, f.Plan, ind.Unit)
		x.valueCell(name, 6, row, f.InQuarter, ind.Unit)
		x.valueCell(name, 7, row, f.Value, ind.Unit)
		x.set(name, 8, row, frac(f.PctPlan), "pct")
		x.valueCell(name, 9, row, f.Previous, ind.Unit)
		x.set(name, 10, row, frac(f.PctPrev), "pct")
		x.changeCell(name, 11, row, f)
		x.set(name, 12, row, r.text(f.Status), "text")
		row++
	}
	last := row - 1
	x.footnotes(name, row+1)
	if last < 5 {
		return nil
	}
	// % of plan by province, best at the top: a bar chart reads categories
	// bottom-up, so the axis is reversed.
	ref := func(col string) string {
		return fmt.Sprintf("'%s'!$%s$5:$%s$%d", strings.ReplaceAll(name, "'", "''"), col, col, last)
	}
	height := uint(120 + 16*(last-4))
	return x.f.AddChart(name, "N4", &excelize.Chart{
		Type:      excelize.Bar,
		Series:    []excelize.ChartSeries{{Name: r.text("pct_plan"), Categories: ref("C"), Values: ref("H"), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"2F5597"}}}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: ind.Name + ": " + r.text("pct_chart")}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		Dimension: excelize.ChartDimension{Width: 640, Height: height},
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Size: 8}},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		PlotArea:  excelize.ChartPlotArea{ShowVal: false},
	})
}

// monthly writes the national monthly series of each flow, this year and
// the previous, with a line chart each.
func (x *xlsxWriter) monthly() error {
	r := x.r
	name := r.text("monthly")
	var flows []Indicator
	for _, ind := range r.Indicators {
		if ind.Kind == "flow" && len(r.series(ind.Code, r.Year)) > 0 {
			flows = append(flows, ind)
		}
	}
	cols := []string{r.text("month")}
	widths := []float64{14}
	for _, ind := range flows {
		cols = append(cols, fmt.Sprintf("%s %d", ind.Name, r.Year-1), fmt.Sprintf("%s %d", ind.Name, r.Year))
		widths = append(widths, 16, 16)
	}
	if err := x.sheet(name, r.text("series_chart"), 4, cols, widths, true); err != nil {
		return err
	}
	x.set(name, 1, 3, r.text("series_chart")+"; "+r.text("mark_incomp"), "note")
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
				x.set(name, col, 4+p.Month, p.Value, "count")
				if p.Reporting < p.Expected {
					cell, _ := excelize.CoordinatesToCellName(col, 4+p.Month)
					x.f.AddComment(name, excelize.Comment{Cell: cell, Author: "chitieu",
						Text: fmt.Sprintf("† %d/%d %s", p.Reporting, p.Expected, r.text("coverage"))})
				}
			}
		}
	}
	last := 4 + r.LastMonth
	q := "'" + strings.ReplaceAll(name, "'", "''") + "'"
	for i, ind := range flows {
		var series []excelize.ChartSeries
		for j := range 2 {
			col, _ := excelize.ColumnNumberToName(2 + 2*i + j)
			color := []string{"A6A6A6", "C00000"}[j]
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
		cell := fmt.Sprintf("A%d", last+3+18*i)
		if err := x.f.AddChart(name, cell, &excelize.Chart{
			Type:      excelize.Line,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: ind.Name + " — " + r.text("series_chart")}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 720, Height: 330},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: r.formats().count}},
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
	cols := []string{r.text("code"), r.text("province"), r.text("region")}
	widths := []float64{6, 22, 26}
	for _, m := range c.Months {
		cols = append(cols, r.monthName(m))
		widths = append(widths, 30)
	}
	if err := x.sheet(name, r.text("completeness"), 4, cols, widths, true); err != nil {
		return err
	}
	x.set(name, 1, 3, fmt.Sprintf("%s. %s: %s %d, %s %d, %s %d", r.text("deadline"), r.text("totals"),
		r.text("on_time"), c.OnTime, strings.ToLower(r.text("late")), c.Late, strings.ToLower(r.text("missing")), c.Missing), "note")
	row := 5
	for _, p := range c.Provinces {
		x.set(name, 1, row, p.Area, "center")
		x.set(name, 2, row, p.AreaName, "text")
		x.set(name, 3, row, r.regionName(p.Region), "text")
		for i, m := range p.Months {
			style := "text"
			switch m.State {
			case Missing:
				style = "missing"
			case Late:
				style = "late"
			}
			x.set(name, 4+i, row, r.stateText(m), style)
		}
		row++
	}
	return nil
}

func (x *xlsxWriter) notes() error {
	r := x.r
	name := r.text("notes")
	if err := x.sheet(name, r.text("notes"), 4, []string{r.text("indicator"), r.text("area"), r.text("missing_list")}, []float64{34, 30, 80}, false); err != nil {
		return err
	}
	// the statement of what the figures are goes above the table
	x.f.InsertRows(name, 3, 8)
	x.f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 12, TopLeftCell: "A13", ActivePane: "bottomLeft"})
	x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name, RefersTo: fmt.Sprintf("'%s'!$12:$12", name)})
	for i, line := range r.Statement() {
		x.set(name, 1, 3+i, line[0], "bold")
		x.set(name, 2, 3+i, line[1], "plain")
		x.f.MergeCell(name, fmt.Sprintf("B%d", 3+i), fmt.Sprintf("C%d", 3+i))
	}
	row := 13
	for _, ind := range r.Indicators {
		for _, f := range ind.Summary {
			x.set(name, 1, row, ind.Name, "text")
			x.set(name, 2, row, f.AreaName, "text")
			missing := r.text("none_missing")
			if len(f.Missing) > 0 {
				missing = fmt.Sprintf("%d: %s", len(f.Missing), r.missingNames(f.Missing))
			}
			x.set(name, 3, row, missing, "text")
			row++
		}
	}
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

// Statement is what the notes say about the figures: period, data version,
// when drawn, as of when, and how they are computed.
func (r *Report) Statement() [][2]string {
	asOf := r.text("as_of_now")
	if r.AsOf != "" {
		asOf = r.stamp(r.AsOf)
	}
	version := fmt.Sprintf("%s %d, %s %s", r.text("submission"), r.Version.Submission, r.text("loaded"), r.stamp(r.Version.LoadedAt))
	return [][2]string{
		{r.text("period_note"), r.Title() + ": " + r.PeriodNote()},
		{r.text("version"), version},
		{r.text("drawn"), r.stamp(r.DrawnAt)},
		{r.text("as_of"), asOf},
		{r.text("source"), r.text("generated_by") + " (" + r.View + ", " + r.Cumulative + " / " + r.Previous + ")"},
		{r.text("boundaries"), r.BoundariesNote()},
		{"", r.text("note_rates")},
		{"", r.text("note_ytd") + " " + r.text("note_cover")},
		{"", r.text("note_pct_plan")},
	}
}
