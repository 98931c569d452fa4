package main

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

const sheetName = "BC thang" // "báo cáo tháng" (monthly report)

// formRows are the indicator rows of the monthly report form, from row 9.
var formRows = []struct {
	No, Label string
	Flow      int
	OfWhich   bool // a "Trong đó:" (of which) row under the total above it
}{
	{"1", "Số lao động được giải quyết việc làm", jobsCreated, false},
	{"", "Trong đó: Đưa người lao động đi làm việc ở nước ngoài theo hợp đồng", jobsAbroad, true},
	{"2", "Tuyển sinh giáo dục nghề nghiệp", vetEnrolment, false},
	{"3", "Tốt nghiệp giáo dục nghề nghiệp", vetGraduates, false},
}

// textCells are the cells typed as text ("4.350") rather than numbers in
// some months' workbooks, as happens when figures are pasted from Word.
var textCells = map[int][]string{3: {"E9", "E10"}, 8: {"E9", "F9", "F11"}}

// reportRef is the report number and date of the cover letter a month's
// table is attached to ("Kèm theo Báo cáo số …").
type reportRef struct {
	No               int
	Day, Month, Year int
}

// reportRefs numbers the year's monthly reports: each is sent early in the
// following month; December's report opens the 2025 numbering.
func reportRefs() [13]reportRef {
	var refs [13]reportRef
	r := rng("report-numbers", ngheAn)
	no := 0
	for m := 1; m <= 11; m++ {
		no += 40 + r.IntN(45)
		refs[m] = reportRef{No: no, Day: 3 + r.IntN(10), Month: m + 1, Year: 2024}
	}
	refs[12] = reportRef{No: 15, Day: 5, Month: 1, Year: 2025}
	return refs
}

// monthlyWorkbook is Nghệ An's report on month m of 2024: the annual plan,
// the month and the year to date of each flow, in the department's form.
func monthlyWorkbook(p *province, m int) ([]byte, error) {
	y := p.Y[1]
	ref := reportRefs()[m]
	f, st, w, err := newFormSheet()
	if err != nil {
		return nil, err
	}
	defer f.Close()

	w.set("A1", "UBND "+strings.ToUpper(p.FullNameVI), st.org)
	w.merge("A1", "C1")
	w.set("A2", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", st.bold)
	w.merge("A2", "C2")
	w.set("D1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st.bold)
	w.merge("D1", "F1")
	w.set("D2", "Độc lập - Tự do - Hạnh phúc", st.motto)
	w.merge("D2", "F2")

	w.set("A4", fmt.Sprintf("BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THÁNG %d NĂM 2024", m), st.title)
	w.merge("A4", "F4")
	w.set("A5", fmt.Sprintf("(Kèm theo Báo cáo số %d/BC-SLĐTBXH ngày %02d/%02d/%d)", ref.No, ref.Day, ref.Month, ref.Year), st.italicCentre)
	w.merge("A5", "F5")

	heads := []string{"TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2024", fmt.Sprintf("Thực hiện tháng %d", m), "Lũy kế từ đầu năm"}
	for i, h := range heads {
		w.set(cell(i, 7), h, st.head)
		w.set(cell(i, 8), fmt.Sprintf("(%d)", i+1), st.colNo)
	}
	for i, fr := range formRows {
		r := 9 + i
		label := st.label
		if fr.OfWhich {
			label = st.ofWhich
		}
		w.set(cell(0, r), fr.No, st.centre)
		w.set(cell(1, r), fr.Label, label)
		w.set(cell(2, r), "người", st.centre)
		for c, v := range []int{y.FlowPlans[fr.Flow], y.Months[fr.Flow][m-1], y.YTD(fr.Flow, m)} {
			w.number(cell(3+c, r), v, st.number, st.text, m)
		}
	}

	note := fmt.Sprintf("Ghi chú: Số liệu tháng %d là số ước thực hiện.", m)
	if m == 2 {
		note = "Ghi chú: Số liệu tháng 2 là số ước thực hiện; tháng 2 trùng dịp Tết Nguyên đán Giáp Thìn."
	}
	w.set("A14", note, st.italic)
	w.set("D16", fmt.Sprintf("Nghệ An, ngày %02d tháng %02d năm %d", ref.Day, ref.Month, ref.Year), st.italicCentre)
	w.merge("D16", "F16")
	w.set("A17", "NGƯỜI LẬP BIỂU", st.boldCentre)
	w.merge("A17", "B17")
	w.set("E17", "GIÁM ĐỐC", st.boldCentre)
	w.set("A18", "(Ký, ghi rõ họ tên)", st.italicCentre)
	w.merge("A18", "B18")
	w.set("E18", "(Ký tên, đóng dấu)", st.italicCentre)

	for i, width := range []float64{6, 42, 10, 13, 13, 13} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		w.do(f.SetColWidth(sheetName, col, col, width))
	}
	w.do(f.SetRowHeight(sheetName, 4, 20))
	w.do(f.SetRowHeight(sheetName, 7, 48))
	for r := 9; r <= 12; r++ {
		w.do(f.SetRowHeight(sheetName, r, 20))
	}
	w.do(f.SetRowHeight(sheetName, 10, 33))
	a4, portrait, one, zero, fitToPage := 9, "portrait", 1, 0, true
	w.do(f.SetPageLayout(sheetName, &excelize.PageLayoutOptions{Size: &a4, Orientation: &portrait, FitToWidth: &one, FitToHeight: &zero}))
	w.do(f.SetSheetProps(sheetName, &excelize.SheetPropsOptions{FitToPage: &fitToPage}))
	created := fmt.Sprintf("%d-%02d-%02dT08:30:00Z", ref.Year, ref.Month, ref.Day)
	w.do(f.SetDocProps(&excelize.DocProperties{
		Creator:        "Sở LĐTBXH Nghệ An",
		LastModifiedBy: "Sở LĐTBXH Nghệ An",
		Created:        created,
		Modified:       created,
		Title:          fmt.Sprintf("Báo cáo kết quả thực hiện các chỉ tiêu tháng %d năm 2024", m),
		Language:       "vi-VN",
	}))
	if w.err != nil {
		return nil, w.err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// newFormSheet is a workbook of one sheet named for the form, with the
// form's styles and a writer on it.
func newFormSheet() (*excelize.File, *formStyles, *sheetWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	st, err := newFormStyles(f)
	if err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	return f, st, &sheetWriter{f: f}, nil
}

// cell names the cell in column col (0 = A) of row r.
func cell(col, r int) string {
	name, _ := excelize.CoordinatesToCellName(col+1, r)
	return name
}

// sheetWriter keeps the first error of a run of sheet edits.
type sheetWriter struct {
	f   *excelize.File
	err error
}

func (w *sheetWriter) do(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

func (w *sheetWriter) set(c string, v any, style int) {
	w.do(w.f.SetCellValue(sheetName, c, v))
	w.do(w.f.SetCellStyle(sheetName, c, c, style))
}

func (w *sheetWriter) merge(from, to string) { w.do(w.f.MergeCell(sheetName, from, to)) }

// number writes v as a number cell, or as Vietnamese-style text where the
// month's workbook has text cells.
func (w *sheetWriter) number(c string, v, numStyle, textStyle, m int) {
	for _, t := range textCells[m] {
		if t == c {
			w.set(c, vnInt(v), textStyle)
			return
		}
	}
	w.set(c, v, numStyle)
}

type formStyles struct {
	org, bold, boldCentre, motto, title, italic, italicCentre int
	head, colNo, centre, label, ofWhich, number, text         int
}

func newFormStyles(f *excelize.File) (*formStyles, error) {
	const font = "Times New Roman"
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1},
		{Type: "bottom", Color: "000000", Style: 1},
	}
	centre := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	var err error
	add := func(s *excelize.Style) int {
		if s.Font == nil {
			s.Font = &excelize.Font{}
		}
		s.Font.Family, s.Font.Size = font, 12
		id, e := f.NewStyle(s)
		if err == nil {
			err = e
		}
		return id
	}
	st := &formStyles{
		org:          add(&excelize.Style{Alignment: centre}),
		bold:         add(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: centre}),
		boldCentre:   add(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center"}}),
		motto:        add(&excelize.Style{Font: &excelize.Font{Bold: true, Underline: "single"}, Alignment: centre}),
		title:        add(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: centre}),
		italic:       add(&excelize.Style{Font: &excelize.Font{Italic: true}}),
		italicCentre: add(&excelize.Style{Font: &excelize.Font{Italic: true}, Alignment: &excelize.Alignment{Horizontal: "center"}}),
		head:         add(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: centre, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}}),
		colNo:        add(&excelize.Style{Font: &excelize.Font{Italic: true}, Alignment: centre, Border: border}),
		centre:       add(&excelize.Style{Alignment: centre, Border: border}),
		label:        add(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Border: border}),
		ofWhich:      add(&excelize.Style{Font: &excelize.Font{Italic: true}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true, Indent: 1}, Border: border}),
		number:       add(&excelize.Style{NumFmt: 3, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}, Border: border}),  // #,##0
		text:         add(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}, Border: border}), // @ (text)
	}
	return st, err
}
