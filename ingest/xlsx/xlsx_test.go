package xlsx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/xuri/excelize/v2"

	"chitieu/ingest"
	"chitieu/ingest/xls"
	"chitieu/schemas"
)

// book is a workbook to build: sheets in order, each with its cells, merged
// ranges and number formats.
type book []sheet

type sheet struct {
	name    string
	cells   map[string]any
	merges  [][2]string
	formats map[string]excelize.Style // cell → style
	hidden  []string                  // rows ("12") and columns ("E") to hide
}

// write saves the workbook under the test's temporary directory.
func (b book) write(t testing.TB) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range b {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for _, ref := range slices.Sorted(maps.Keys(s.cells)) {
			if err := f.SetCellValue(s.name, ref, s.cells[ref]); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range s.merges {
			if err := f.MergeCell(s.name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
		for _, h := range s.hidden {
			var err error
			if n, convErr := strconv.Atoi(h); convErr == nil {
				err = f.SetRowVisible(s.name, n, false)
			} else {
				err = f.SetColVisible(s.name, h, false)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		for ref, st := range s.formats {
			id, err := f.NewStyle(&st)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(s.name, ref, ref, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// sample is the provincial monthly report as the sample generator writes
// it: numbers as numeric cells, except a Vietnamese-style text number and a
// dash.
func sample() sheet {
	return sheet{
		name: "BC thang",
		cells: map[string]any{
			"A1": "UBND TỈNH NGHỆ AN", "D1": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
			"A2": "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "D2": "Độc lập - Tự do - Hạnh phúc",
			"A4": "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THÁNG 12 NĂM 2024",
			"A5": "(Kèm theo Báo cáo số 15/BC-SLĐTBXH ngày 05/01/2025)",
			"A7": "TT", "B7": "Chỉ tiêu", "C7": "Đơn vị tính", "D7": "Kế hoạch\nnăm 2024", "E7": "Thực hiện tháng 12", "F7": "Lũy kế từ đầu năm",
			"A8": "(1)", "B8": "(2)", "C8": "(3)", "D8": "(4)", "E8": "(5)", "F8": "(6)",
			"A9": "1", "B9": "Số lao động được giải quyết việc làm", "C9": "người", "D9": 47000, "E9": 4350, "F9": "48.500",
			"B10": "Trong đó: Đưa người lao động đi làm việc ở nước ngoài theo hợp đồng", "C10": "người", "D10": 3500, "E10": "-", "F10": 4012,
			"A11": "2", "B11": "Tuyển sinh giáo dục nghề nghiệp", "C11": "người", "D11": 65000, "E11": 5100, "F11": 67890,
			"A12": "3", "B12": "Tốt nghiệp giáo dục nghề nghiệp", "C12": "người", "D12": 60000, "E12": 4800, "F12": 61230,
			"A14": "Ghi chú: Số liệu tháng 12 là số ước tính.",
			"A16": "Nơi nhận:", "E16": "Nghệ An, ngày 05 tháng 01 năm 2025",
			"B17": "NGƯỜI LẬP BIỂU", "E17": "GIÁM ĐỐC",
		},
		merges: [][2]string{{"A4", "F4"}, {"A5", "F5"}},
	}
}

// with returns the sheet with cells changed; a nil value removes the cell.
func (s sheet) with(cells map[string]any) sheet {
	s.cells = maps.Clone(s.cells)
	for ref, v := range cells {
		if v == nil {
			delete(s.cells, ref)
		} else {
			s.cells[ref] = v
		}
	}
	return s
}

// messy is the same form as provinces really fill it: a guide sheet first,
// a header over two rows with "Thực hiện" merged across, letters and numbers
// as column numbers, text numbers in both locales, a section heading, rows
// the reader must not read or must warn about, and a table that ends at two
// blank rows.
func messy() book {
	pct := "0.0%"
	return book{
		{name: "Hướng dẫn", cells: map[string]any{"A1": "Hướng dẫn: điền số liệu vào sheet BC thang; Chỉ tiêu và Đơn vị tính giữ nguyên."}},
		{
			name: "BC thang",
			cells: map[string]any{
				"A1": "SỞ LAO ĐỘNG - TB&XH TỈNH NGHỆ AN",
				"D3": "Nghệ An, ngày 05 tháng 12 năm 2024",
				"A4": "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU\nTHÁNG 11 NĂM 2024",
				"A6": "STT", "B6": "Chỉ  tiêu", "C6": "Đơn vị\ntính", "D6": "Kế hoạch\nnăm 2024", "E6": "Thực hiện", "G6": "Ghi chú",
				"E7": "Tháng 11", "F7": "Luỹ kế từ\nđầu năm",
				"A8": "A", "B8": "B", "C8": "C", "D8": 1, "E8": 2, "F8": 3, "G8": 4,
				"A9": "I", "B9": "LAO ĐỘNG - VIỆC LÀM",
				"A10": 1, "B10": "Giải quyết việc làm", "C10": "Người", "D10": "47.000", "E10": "4.350", "F10": "48.500", "G10": "Ước tính",
				"A11": "1.1", "B11": "- Xuất khẩu lao động", "C11": "người", "D11": 3500, "E11": 320, "F11": 4012,
				"B12": "Trong đó: Nữ", "C12": "người", "D12": 1200, "E12": 100, "F12": 1500,
				"A14": 2, "B14": "a) Tuyển sinh GDNN", "C14": "người", "D14": "65,000", "E14": "x",
				"A15": 3, "B15": "Tỷ lệ lao động qua đào tạo", "C15": "%", "D15": 0.7, "E15": 0.701, "F15": 70.1,
				"B16": "Tổng cộng", "C16": "người", "D16": 115500, "E16": 4670, "F16": 52512,
				"A17": 4, "B17": "Số xã đạt chuẩn nông thôn mới", "C17": "xã", "D17": 10, "E17": 1, "F17": 5,
				"A20": 5, "B20": "Tốt nghiệp", "C20": "người", "D20": 1, "E20": 1, "F20": 1,
			},
			merges: [][2]string{{"A4", "F4"}, {"A6", "A7"}, {"B6", "B7"}, {"C6", "C7"}, {"D6", "D7"}, {"E6", "F6"}, {"G6", "G7"}},
			formats: map[string]excelize.Style{
				"D15": {NumFmt: 9},
				"E15": {CustomNumFmt: &pct},
			},
		},
	}
}

type wantProblem struct {
	severity, cell, value string
	message               []string // substrings
}

func TestReader(t *testing.T) {
	es, tpl := setup(t)
	noPeriod := sample().with(map[string]any{"A4": "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"})
	tests := []struct {
		name     string
		book     book
		header   ingest.Header
		sheet    string
		want     []ingest.Raw
		problems []wantProblem
	}{
		{
			name:   "sample",
			book:   book{sample()},
			header: ingest.Header{Template: "provincial_monthly", Area: "NGHỆ AN", Period: "2024-12"},
			sheet:  "BC thang",
			// "Ghi chú: Số liệu tháng 12 là số ước tính." (A14): the results are estimates.
			want: []ingest.Raw{
				{Element: "jobs_created", Area: "NGHỆ AN", Period: "2024", Kind: "plan", Value: "47000", Numeric: true, Unit: "người", Row: 9, Cell: "D9"},
				{Element: "jobs_created", Area: "NGHỆ AN", Period: "2024-12", Kind: "actual", Status: "estimated", Value: "4350", Numeric: true, Unit: "người", Row: 9, Cell: "E9"},
				{Element: "jobs_created", Area: "NGHỆ AN", Period: "2024-12", Kind: "ytd", Status: "estimated", Value: "48.500", Unit: "người", Row: 9, Cell: "F9"},
				{Element: "jobs_abroad", Area: "NGHỆ AN", Period: "2024", Kind: "plan", Value: "3500", Numeric: true, Unit: "người", Row: 10, Cell: "D10"},
				{Element: "jobs_abroad", Area: "NGHỆ AN", Period: "2024-12", Kind: "actual", Status: "estimated", Value: "-", Unit: "người", Row: 10, Cell: "E10"},
				{Element: "jobs_abroad", Area: "NGHỆ AN", Period: "2024-12", Kind: "ytd", Status: "estimated", Value: "4012", Numeric: true, Unit: "người", Row: 10, Cell: "F10"},
				{Element: "vet_enrolment", Area: "NGHỆ AN", Period: "2024", Kind: "plan", Value: "65000", Numeric: true, Unit: "người", Row: 11, Cell: "D11"},
				{Element: "vet_enrolment", Area: "NGHỆ AN", Period: "2024-12", Kind: "actual", Status: "estimated", Value: "5100", Numeric: true, Unit: "người", Row: 11, Cell: "E11"},
				{Element: "vet_enrolment", Area: "NGHỆ AN", Period: "2024-12", Kind: "ytd", Status: "estimated", Value: "67890", Numeric: true, Unit: "người", Row: 11, Cell: "F11"},
				{Element: "vet_graduates", Area: "NGHỆ AN", Period: "2024", Kind: "plan", Value: "60000", Numeric: true, Unit: "người", Row: 12, Cell: "D12"},
				{Element: "vet_graduates", Area: "NGHỆ AN", Period: "2024-12", Kind: "actual", Status: "estimated", Value: "4800", Numeric: true, Unit: "người", Row: 12, Cell: "E12"},
				{Element: "vet_graduates", Area: "NGHỆ AN", Period: "2024-12", Kind: "ytd", Status: "estimated", Value: "61230", Numeric: true, Unit: "người", Row: 12, Cell: "F12"},
			},
			problems: []wantProblem{
				{schemas.SeverityInfo, "A14", "Ghi chú: Số liệu tháng 12 là số ước tính.", []string{`the file says "số ước"`, "stored as estimated"}},
			},
		},
		{
			name:   "messy",
			book:   messy(),
			header: ingest.Header{Template: "provincial_monthly", Area: "NGHỆ AN", Period: "2024-11"},
			sheet:  "BC thang",
			want: []ingest.Raw{
				{Element: "jobs_created", Area: "NGHỆ AN", Period: "2024", Kind: "plan", Value: "47.000", Unit: "Người", Row: 10, Cell: "D10"},
				{Element: "jobs_created", Area: "NGHỆ AN", Period: "2024-11", Kind: "actual", Value: "4.350", Unit: "Người", Row: 10, Cell: "E10"},
				{Element: "jobs_created", Area: "NGHỆ AN", Period: "2024-11", Kind: "ytd", Value: "48.500", Unit: "Người", Row: 10, Cell: "F10"},
				{Element: "jobs_abroad", Area: "NGHỆ AN", Period: "2024", Kind: "plan", Value: "3500", Numeric: true, Unit: "người", Row: 11, Cell: "D11"},
				{Element: "jobs_abroad", Area: "NGHỆ AN", Period: "2024-11", Kind: "actual", Value: "320", Numeric: true, Unit: "người", Row: 11, Cell: "E11"},
				{Element: "jobs_abroad", Area: "NGHỆ AN", Period: "2024-11", Kind: "ytd", Value: "4012", Numeric: true, Unit: "người", Row: 11, Cell: "F11"},
				// "Trong đó: Nữ" beneath 1.1: the women's series of workers sent abroad
				{Element: "jobs_abroad[sex=female]", Area: "NGHỆ AN", Period: "2024", Kind: "plan", Value: "1200", Numeric: true, Unit: "người", Row: 12, Cell: "D12"},
				{Element: "jobs_abroad[sex=female]", Area: "NGHỆ AN", Period: "2024-11", Kind: "actual", Value: "100", Numeric: true, Unit: "người", Row: 12, Cell: "E12"},
				{Element: "jobs_abroad[sex=female]", Area: "NGHỆ AN", Period: "2024-11", Kind: "ytd", Value: "1500", Numeric: true, Unit: "người", Row: 12, Cell: "F12"},
				{Element: "vet_enrolment", Area: "NGHỆ AN", Period: "2024", Kind: "plan", Value: "65,000", Unit: "người", Row: 14, Cell: "D14"},
				{Element: "vet_enrolment", Area: "NGHỆ AN", Period: "2024-11", Kind: "actual", Value: "x", Unit: "người", Row: 14, Cell: "E14"},
				{Element: "trained_share", Area: "NGHỆ AN", Period: "2024", Kind: "plan", Value: "70", Numeric: true, Unit: "%", Row: 15, Cell: "D15"},
				{Element: "trained_share", Area: "NGHỆ AN", Period: "2024-11", Kind: "actual", Value: "70.1", Numeric: true, Unit: "%", Row: 15, Cell: "E15"},
				// F15, the rate's "Lũy kế", is its value at the month's end: E15 already gives it.
				// Row 20, after two blank rows, is still the table's.
				{Element: "vet_graduates", Area: "NGHỆ AN", Period: "2024", Kind: "plan", Value: "1", Numeric: true, Unit: "người", Row: 20, Cell: "D20"},
				{Element: "vet_graduates", Area: "NGHỆ AN", Period: "2024-11", Kind: "actual", Value: "1", Numeric: true, Unit: "người", Row: 20, Cell: "E20"},
				{Element: "vet_graduates", Area: "NGHỆ AN", Period: "2024-11", Kind: "ytd", Value: "1", Numeric: true, Unit: "người", Row: 20, Cell: "F20"},
			},
			problems: []wantProblem{
				{schemas.SeverityInfo, "F15", "70.1", []string{"value at the period's end", "E15", "stored once"}},
				{schemas.SeverityInfo, "B16", "Tổng cộng", []string{"a grand total: its 3 figures are not stored"}},
				{schemas.SeverityWarning, "B17", "Số xã đạt chuẩn nông thôn mới", []string{"no data element matches this label"}},
			},
		},
		{
			// December's month column holds "-" for a rate; "Lũy kế" holds its
			// figure, the value at the year's end: read, not hidden by the "-".
			name: "dash beside a rate's figure",
			book: book{sample().with(map[string]any{"A9": nil, "B9": nil, "C9": nil, "D9": nil, "E9": nil, "F9": nil,
				"B10": nil, "C10": nil, "D10": nil, "E10": nil, "F10": nil, "A11": nil, "B11": nil, "C11": nil, "D11": nil, "E11": nil, "F11": nil,
				"A12": "1", "B12": "Tỷ lệ lao động qua đào tạo", "C12": "%", "D12": 70, "E12": "-", "F12": 70.1})},
			header: ingest.Header{Template: "provincial_monthly", Area: "NGHỆ AN", Period: "2024-12"},
			sheet:  "BC thang",
			want: []ingest.Raw{
				{Element: "trained_share", Area: "NGHỆ AN", Period: "2024", Kind: "plan", Value: "70", Numeric: true, Unit: "%", Row: 12, Cell: "D12"},
				{Element: "trained_share", Area: "NGHỆ AN", Period: "2024-12", Kind: "actual", Status: "estimated", Value: "-", Unit: "%", Row: 12, Cell: "E12"},
				{Element: "trained_share", Area: "NGHỆ AN", Period: "2024-12", Kind: "actual", Status: "estimated", Value: "70.1", Numeric: true, Unit: "%", Row: 12, Cell: "F12"},
			},
			problems: []wantProblem{
				{schemas.SeverityInfo, "A14", "Ghi chú: Số liệu tháng 12 là số ước tính.", []string{"stored as estimated"}},
			},
		},
		{
			name:   "no period in the title",
			book:   book{noPeriod},
			header: ingest.Header{Template: "provincial_monthly", Area: "NGHỆ AN"},
			sheet:  "BC thang",
			problems: []wantProblem{
				{schemas.SeverityError, "", "", []string{"no report period found in the title cells A1, D1, A2, D2, A4, A5, above the header row 7", "THÁNG 12 NĂM 2024"}},
			},
		},
		{
			name:   "no province and a bad month",
			book:   book{sample().with(map[string]any{"A1": "ỦY BAN NHÂN DÂN", "A4": "BÁO CÁO THÁNG 13 NĂM 2024"})},
			header: ingest.Header{Template: "provincial_monthly"},
			sheet:  "BC thang",
			problems: []wantProblem{
				{schemas.SeverityError, "A4", "BÁO CÁO THÁNG 13 NĂM 2024", []string{"period is not valid", "out of range"}},
				{schemas.SeverityError, "", "", []string{"no province found in the title cells A1, D1, A2, D2, A4, A5", "UBND TỈNH NGHỆ AN"}},
			},
		},
		{
			name:   "no title rows",
			book:   book{{name: "S", cells: map[string]any{"A1": "Chỉ tiêu", "B1": "Đơn vị tính", "C1": "Thực hiện tháng 12", "A2": "Tuyển sinh", "B2": "người", "C2": 5}}},
			header: ingest.Header{Template: "provincial_monthly"},
			sheet:  "S",
			problems: []wantProblem{
				{schemas.SeverityError, "", "", []string{"no province found in the title: there is no cell above the header row 1"}},
				{schemas.SeverityError, "", "", []string{"no report period found"}},
			},
		},
		{
			name:   "label column not found",
			book:   book{sample().with(map[string]any{"B7": "Các chỉ tiêu chủ yếu"})},
			header: ingest.Header{Template: "provincial_monthly", Area: "NGHỆ AN", Period: "2024-12"},
			sheet:  "BC thang",
			problems: []wantProblem{
				{schemas.SeverityError, "", "", []string{`no column headed "Chỉ tiêu" in the header row`, `"Các chỉ tiêu chủ yếu"`}},
			},
		},
		{
			name:   "no value column",
			book:   book{sample().with(map[string]any{"D7": "Năm trước", "E7": "Tháng này", "F7": "Ghi chú"})},
			header: ingest.Header{Template: "provincial_monthly", Area: "NGHỆ AN", Period: "2024-12"},
			sheet:  "BC thang",
			problems: []wantProblem{
				{schemas.SeverityError, "", "", []string{"no column of values in the header row", `"Kế hoạch năm"`, `"Tháng này"`}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.book.write(t)
			r, err := Open(path, es, tpl)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer r.Close()
			if got := r.Header(); got != tt.header {
				t.Errorf("Header() = %+v, want %+v", got, tt.header)
			}
			if got := r.Sheet(); got != tt.sheet {
				t.Errorf("Sheet() = %q, want %q", got, tt.sheet)
			}
			got := readAll(t, r)
			if !slices.Equal(got, tt.want) {
				t.Errorf("raws differ:\n%s", diff(got, tt.want))
			}
			checkProblems(t, r.Problems(), tt.problems, path, tt.sheet)
			if err := r.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}

func TestOpenUnsupported(t *testing.T) {
	es, tpl := setup(t)
	path := book{{name: "Sheet1", cells: map[string]any{"A1": "Danh sách", "A2": "Tên", "B2": "Tuổi"}}}.write(t)
	if _, err := Open(path, es, tpl); !errors.Is(err, ingest.ErrUnsupported) {
		t.Errorf("Open(not the form) error = %v, want ErrUnsupported", err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.xlsx"), es, tpl); err == nil || errors.Is(err, ingest.ErrUnsupported) || !strings.Contains(err.Error(), "missing.xlsx") {
		t.Errorf("Open(missing file) error = %v, want one naming the file", err)
	}
	for name, data := range map[string]string{
		"renamed.xlsx": "chỉ tiêu,đơn vị tính\n",               // a CSV renamed
		"old.xls":      "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 ...", // an Excel 97–2003 file
	} {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(path, es, tpl); !errors.Is(err, ingest.ErrUnsupported) || !strings.Contains(err.Error(), name) {
			t.Errorf("Open(%s) error = %v, want ErrUnsupported naming the file", name, err)
		}
	}
}

func TestDetect(t *testing.T) {
	_, tpl := setup(t)
	other, err := schemas.ParseTemplate("other.yaml", []byte(`
name: other
description: another form
header: {words: [tên, tuổi]}
title: {area: {patterns: ['tinh (.+)']}, period: {patterns: ['nam \d{4}']}}
columns:
  - {role: label, aliases: [Tên]}
  - {role: value, aliases: [Tuổi], kind: actual, period: report}
`))
	if err != nil {
		t.Fatal(err)
	}
	templates := []schemas.Template{tpl, other}
	tests := []struct {
		name string
		book book
		want string // template name, "" for unsupported
	}{
		{"sample", book{sample()}, "provincial_monthly"},
		{"second sheet", messy(), "provincial_monthly"},
		{"other form", book{{name: "Sheet1", cells: map[string]any{"A1": "Danh sách", "A2": "Tên", "B2": "Tuổi"}}}, "other"},
		{"header too low", book{{name: "Sheet1", cells: map[string]any{"A40": "Chỉ tiêu", "B40": "Đơn vị tính"}}}, ""},
		{"title only", book{{name: "Sheet1", cells: map[string]any{"A1": "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THÁNG 12 NĂM 2024"}}}, ""},
	}
	for _, tt := range tests {
		path := tt.book.write(t)
		got, err := Detect(path, templates)
		switch {
		case tt.want == "" && !errors.Is(err, ingest.ErrUnsupported):
			t.Errorf("%s: Detect = %q, %v, want ErrUnsupported", tt.name, got.Name, err)
		case tt.want != "" && (err != nil || got.Name != tt.want):
			t.Errorf("%s: Detect = %q, %v, want %q", tt.name, got.Name, err, tt.want)
		}
		ok, err := Matches(path, tpl)
		if want := tt.want == tpl.Name; ok != want || err != nil {
			t.Errorf("%s: Matches(%s) = %v, %v, want %v", tt.name, tpl.Name, ok, err, want)
		}
	}
}

func TestNextCancelled(t *testing.T) {
	es, tpl := setup(t)
	r, err := Open(book{sample()}.write(t), es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Next(cancelled) error = %v, want context.Canceled", err)
	}
}

func TestTimesHundred(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{{0.701, "70.1"}, {0.7, "70"}, {1, "100"}, {0.0001, "0.01"}, {-0.125, "-12.5"}, {0, "0"}, {0.29, "29"}} {
		if got := fmt.Sprint(timesHundred(tt.in)); got != tt.want {
			t.Errorf("timesHundred(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		code string
		want bool
	}{{"0.0%", true}, {`0.0"%"`, false}, {`0\%`, false}, {"[Red]0%", true}, {"#,##0", false}} {
		if got := xls.HasPercent(tt.code); got != tt.want {
			t.Errorf("HasPercent(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestIsNumbering(t *testing.T) {
	for _, tt := range []struct {
		cells []string
		want  bool
	}{
		{[]string{"(1)", "(2)", "(3)"}, true},
		{[]string{"A", "B", "C", "1", "2"}, true},
		{[]string{"", "1", "", "2"}, true},
		{[]string{"1", "Tuyển sinh", "người", "5"}, false},
		{[]string{"1"}, false},
		{nil, false},
	} {
		if got := isNumbering(tt.cells); got != tt.want {
			t.Errorf("isNumbering(%q) = %v, want %v", tt.cells, got, tt.want)
		}
	}
}

func setup(t testing.TB) (*schemas.Elements, schemas.Template) {
	t.Helper()
	es, ts := catalog(t)
	tpl, err := schemas.FindTemplate(ts, "provincial_monthly")
	if err != nil {
		t.Fatal(err)
	}
	return es, tpl
}

// withoutNotes drops the information lines (what was read from where),
// for tests about the warnings and errors.
func withoutNotes(ps schemas.Problems) schemas.Problems {
	var out schemas.Problems
	for _, p := range ps {
		if p.Severity != schemas.SeverityInfo {
			out = append(out, p)
		}
	}
	return out
}

// readAll reads every batch back into raw values.
// unqualified checks that a source cell names the reader's sheet and returns
// the cell alone.
func unqualified(t *testing.T, r *Reader, cell string) string {
	t.Helper()
	sheet, ref, ok := schemas.SplitSheetCell(cell)
	if !ok || !slices.Contains(r.sheets, sheet) {
		t.Errorf("source cell %q does not name a sheet of the workbook", cell)
	}
	return ref
}

func readAll(t *testing.T, r *Reader) []ingest.Raw {
	t.Helper()
	var out []ingest.Raw
	for {
		rec, err := r.Next(context.Background())
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if !rec.Schema().Equal(schemas.RawSchema) {
			t.Fatalf("batch schema %v, want schemas.RawSchema", rec.Schema())
		}
		str := func(col, i int) string {
			a := rec.Column(col).(*array.String)
			if a.IsNull(i) {
				return ""
			}
			return a.Value(i)
		}
		for i := range int(rec.NumRows()) {
			out = append(out, ingest.Raw{
				Element: str(schemas.RawElement, i),
				Area:    str(schemas.RawArea, i),
				Period:  str(schemas.RawPeriod, i),
				Kind:    str(schemas.RawKind, i),
				Status:  str(schemas.RawStatus, i),
				Value:   str(schemas.RawValue, i),
				Numeric: rec.Column(schemas.RawNumeric).(*array.Boolean).Value(i),
				Unit:    str(schemas.RawUnit, i),
				Comment: str(schemas.RawComment, i),
				Row:     int(rec.Column(schemas.RawSourceRow).(*array.Int32).Value(i)),
				Cell:    unqualified(t, r, str(schemas.RawSourceCell, i)),
			})
		}
		rec.Release()
	}
}

func diff(got, want []ingest.Raw) string {
	var b strings.Builder
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = fmt.Sprintf("%+v", got[i])
		}
		if i < len(want) {
			w = fmt.Sprintf("%+v", want[i])
		}
		if g != w {
			fmt.Fprintf(&b, "  %d: got  %s\n     want %s\n", i, g, w)
		}
	}
	return b.String()
}

func checkProblems(t *testing.T, got schemas.Problems, want []wantProblem, file, sheetName string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d problems, want %d:", len(got), len(want))
		for _, p := range got {
			t.Errorf("  %v", p)
		}
		return
	}
	for i, p := range got {
		w := want[i]
		if p.Severity != w.severity || p.Cell != w.cell || p.Value != w.value || p.File != file || p.Sheet != sheetName {
			t.Errorf("problem %d = %+v, want severity %s, cell %q, value %q in %s sheet %q", i, p, w.severity, w.cell, w.value, file, sheetName)
		}
		for _, m := range w.message {
			if !strings.Contains(p.Message, m) {
				t.Errorf("problem %d message %q, want it to mention %q", i, p.Message, m)
			}
		}
	}
}

// BenchmarkReader reads a monthly report grown to a few thousand indicator
// rows, numeric and text cells mixed.
func BenchmarkReader(b *testing.B) {
	es, tpl := setup(b)
	s := sample()
	labels := []string{"Số lao động được giải quyết việc làm", "Tuyển sinh giáo dục nghề nghiệp", "Tốt nghiệp giáo dục nghề nghiệp"}
	const n = 3000
	cells := map[string]any{}
	for i := range n {
		row := 9 + i
		cells[fmt.Sprintf("B%d", row)] = labels[i%len(labels)]
		cells[fmt.Sprintf("C%d", row)] = "người"
		cells[fmt.Sprintf("D%d", row)] = 47000 + i
		cells[fmt.Sprintf("E%d", row)] = fmt.Sprintf("%d.%03d", 4+i%10, i%1000)
		cells[fmt.Sprintf("F%d", row)] = 48500 + i
	}
	for ref := range s.cells {
		if _, row, _ := excelize.SplitCellName(ref); row < 9 {
			cells[ref] = s.cells[ref]
		}
	}
	s.cells = cells
	path := book{s}.write(b)
	b.ResetTimer()
	for b.Loop() {
		r, err := Open(path, es, tpl)
		if err != nil {
			b.Fatal(err)
		}
		rows := 0
		for {
			rec, err := r.Next(context.Background())
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rows += int(rec.NumRows())
			rec.Release()
		}
		if rows != 3*n {
			b.Fatalf("%d raws, want %d", rows, 3*n)
		}
		r.Close()
	}
}

// A workbook with the form on two sheets (November and December) is read
// sheet by sheet; the reader's header keeps only what both share. A hidden
// row and a hidden column are not read, and each is reported.
func TestSheetsAndHidden(t *testing.T) {
	es, tpl := setup(t)
	nov := sample().with(map[string]any{"A4": "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THÁNG 11 NĂM 2024", "E7": "Thực hiện tháng 11"})
	nov.name, nov.hidden = "T11", []string{"12"}
	dec := sample()
	dec.name, dec.hidden = "T12", []string{"E"}
	path := book{nov, dec}.write(t)
	r, err := Open(path, es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := readAll(t, r)
	if h := r.Header(); h.Area != "NGHỆ AN" || h.Period != "" {
		t.Errorf("Header() = %+v, want the province and no single period", h)
	}
	count := map[string]int{}
	for _, rw := range got {
		count[rw.Period+" "+rw.Kind]++
		if rw.Period == "2024-11" && rw.Row == 12 || rw.Period == "2024-12" && strings.HasPrefix(rw.Cell, "E") {
			t.Errorf("read a hidden cell: %+v", rw)
		}
	}
	want := map[string]int{"2024 plan": 3 + 4, "2024-11 actual": 3, "2024-11 ytd": 3, "2024-12 ytd": 4}
	if !maps.Equal(count, want) {
		t.Errorf("values by period and kind %v, want %v", count, want)
	}
	ps := withoutNotes(r.Problems())
	if len(ps) != 2 {
		t.Fatalf("problems %v, want 2", ps)
	}
	if p := ps[0]; p.Sheet != "T11" || p.Cell != "B12" || p.Severity != schemas.SeverityWarning || !strings.Contains(p.Message, "row 12 (\"Tốt nghiệp giáo dục nghề nghiệp\") is hidden") {
		t.Errorf("hidden row problem = %+v", p)
	}
	if p := ps[1]; p.Sheet != "T12" || p.Cell != "E7" || p.Value != "Thực hiện tháng 12" || !strings.Contains(p.Message, "column is hidden") {
		t.Errorf("hidden column problem = %+v", p)
	}
}

// A workbook typed with the old .VnTime fonts: title and labels in TCVN3
// are converted, matched, and reported once.
func TestTCVN3Cells(t *testing.T) {
	es, tpl := setup(t)
	s := sample().with(map[string]any{
		"A1": "UBND TØNH NGHÖ AN",
		"B7": "ChØ tiªu", "C7": "§¬n vÞ tÝnh",
		"B9": "Sè lao ®éng ®\u00adîc gi¶i quyÕt viÖc lµm", "C9": "ng\u00adêi",
		"B11": "TuyÓn sinh gi¸o dôc nghÒ nghiÖp",
	})
	path := book{s}.write(t)
	r, err := Open(path, es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := readAll(t, r)
	if h := r.Header(); h.Area != "NGHỆ AN" {
		t.Errorf("area %q, want NGHỆ AN", h.Area)
	}
	elements := map[string]bool{}
	for _, rw := range got {
		elements[rw.Element] = true
		if rw.Element == "jobs_created" && rw.Unit != "người" {
			t.Errorf("unit %q, want người", rw.Unit)
		}
	}
	if !elements["jobs_created"] || !elements["vet_enrolment"] {
		t.Errorf("elements read %v, want jobs_created and vet_enrolment from TCVN3 labels", elements)
	}
	ps := withoutNotes(r.Problems())
	if len(ps) != 1 || ps[0].Cell != "A1" || ps[0].Value != "UBND TØNH NGHÖ AN" || !strings.Contains(ps[0].Message, `TCVN3 (ABC) encoding, read as "UBND TỈNH NGHỆ AN"`) {
		t.Errorf("problems %v, want one TCVN3 warning at A1", ps)
	}
}

// The report for the first six months shares the monthly report's header;
// its title chooses its template, and its result column is the year to
// date, the period 2024-YTD06.
func TestCumulativeReport(t *testing.T) {
	es, ts := catalog(t)
	six := sheet{name: "6 thang", cells: map[string]any{
		"A1": "UBND TỈNH NGHỆ AN",
		"A3": "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU 6 THÁNG ĐẦU NĂM 2024",
		"A5": "TT", "B5": "Chỉ tiêu", "C5": "Đơn vị tính", "D5": "Kế hoạch năm 2024", "E5": "Thực hiện 6 tháng", "F5": "So sánh (%)",
		"F6": "KH năm", "G6": "Cùng kỳ",
		"A7": "1", "B7": "Giải quyết việc làm", "C7": "người", "D7": 47000, "E7": 24300, "F7": "51,70", "G7": 103.4,
	}, merges: [][2]string{{"F5", "G5"}, {"A5", "A6"}, {"B5", "B6"}, {"C5", "C6"}, {"D5", "D6"}, {"E5", "E6"}}}
	path := book{six}.write(t)
	tpl, err := Detect(path, ts)
	if err != nil || tpl.Name != "provincial_ytd" {
		t.Fatalf("Detect = %q, %v, want provincial_ytd", tpl.Name, err)
	}
	monthly, err := Detect(book{sample()}.write(t), ts)
	if err != nil || monthly.Name != "provincial_monthly" {
		t.Errorf("Detect(monthly) = %q, %v, want provincial_monthly", monthly.Name, err)
	}
	r, err := Open(path, es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := readAll(t, r)
	if h := r.Header(); h.Period != "2024-YTD06" {
		t.Errorf("period %q, want 2024-YTD06", h.Period)
	}
	want := []string{"plan 2024 47000", "actual 2024-YTD06 24300", "pct_plan 2024-YTD06 51,70", "pct_previous_year 2024-YTD06 103.4"}
	var have []string
	for _, rw := range got {
		have = append(have, rw.Kind+" "+rw.Period+" "+rw.Value)
	}
	if !slices.Equal(have, want) {
		t.Errorf("values %q, want %q", have, want)
	}
	for _, p := range r.Problems() {
		t.Errorf("unexpected problem %v", p)
	}
}

// consolidation is the ministry's summary by province: a three-row header
// with merged cells, region rows, a hidden row, a total row and a note.
func consolidation() sheet {
	return sheet{name: "Tong hop", cells: map[string]any{
		"A1": "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
		"A2": "TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2024",
		"A4": "TT", "B4": "Tỉnh, thành phố", "C4": "Giải quyết việc làm (người)", "F4": "Tỷ lệ lao động qua đào tạo (%)", "H4": "Lực lượng lao động\n(nghìn người)", "I4": "Ghi chú",
		"C5": "Kế hoạch", "D5": "Thực hiện", "F5": "Kế hoạch", "G5": "Thực hiện",
		"D6": "Tổng số", "E6": "Trong đó: Xuất khẩu lao động",
		"A7": "I", "B7": "Đồng bằng sông Hồng",
		"A8": 1, "B8": "Hà Nội", "C8": 160000, "D8": 162500, "E8": 5000, "F8": 75, "G8": "75,2", "H8": 4051.5,
		"A9": 2, "B9": "Tỉnh Hải Phòng", "C9": 55000, "D9": 56100, "E9": 3000, "F9": 80, "G9": 81.3, "H9": 1150.2,
		"A10": "II", "B10": "Bắc Trung Bộ và duyên hải miền Trung",
		"A11": 3, "B11": "Nghệ An", "C11": 47000, "D11": 48500, "E11": 20000, "F11": 70, "G11": 70.1, "H11": 1889.5,
		"A12": 4, "B12": "Hà Tĩnh", "C12": 1, "D12": 1,
		"B13": "Cả nước", "C13": 262000, "D13": 267100, "E13": 28000, "G13": 74.8,
		"A15": "Ghi chú: số liệu ước tính.",
	},
		merges: [][2]string{{"A2", "I2"}, {"A4", "A6"}, {"B4", "B6"}, {"C4", "E4"}, {"F4", "G4"}, {"H4", "H6"}, {"I4", "I6"},
			{"C5", "C6"}, {"D5", "E5"}, {"F5", "F6"}, {"G5", "G6"}},
		hidden: []string{"12"},
	}
}

func TestProvinceTable(t *testing.T) {
	es, ts := catalog(t)
	path := book{consolidation()}.write(t)
	tpl, err := Detect(path, ts)
	if err != nil || tpl.Name != "province_table" {
		t.Fatalf("Detect = %q, %v, want province_table", tpl.Name, err)
	}
	r, err := Open(path, es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := readAll(t, r)
	if h := r.Header(); h.Period != "2024" || h.Area != "" {
		t.Errorf("Header() = %+v, want period 2024 and no single province", h)
	}
	var have []string
	for _, rw := range got {
		if rw.Area == "Nghệ An" {
			have = append(have, fmt.Sprintf("%s %s %s %s %s", rw.Element, rw.Kind, rw.Period, rw.Value, rw.Unit))
		}
		if rw.Area == "Hà Tĩnh" || rw.Area == "Cả nước" || strings.Contains(rw.Area, "Đồng bằng") {
			t.Errorf("read a row that is hidden, a total or a region: %+v", rw)
		}
	}
	want := []string{
		"jobs_created plan 2024 47000 người",
		"jobs_created actual 2024 48500 người",
		"jobs_abroad actual 2024 20000 người",
		"trained_share plan 2024 70 %",
		"trained_share actual 2024 70.1 %",
		"labour_force actual 2024 1889.5 nghìn người",
	}
	if !slices.Equal(have, want) {
		t.Errorf("Nghệ An:\n%s\nwant\n%s", strings.Join(have, "\n"), strings.Join(want, "\n"))
	}
	if n := len(got); n != 18 {
		t.Errorf("%d values, want 18 (6 for each of three provinces)", n)
	}
	// The totals of the plan (262000), the result (267100) and abroad
	// (28000) agree with the provinces; the rate's is not a sum. Break one.
	for _, p := range r.Problems() {
		if !(p.Cell == "B12" && strings.Contains(p.Message, "hidden")) && !(p.Cell == "B13" && p.Severity == schemas.SeverityInfo && strings.Contains(p.Message, "not stored")) &&
			!(p.Cell == "A15" && strings.Contains(p.Message, "stored as estimated")) {
			t.Errorf("unexpected problem %v", p)
		}
	}
	bad := consolidation().with(map[string]any{"D13": 268000})
	r2, err := Open(book{bad}.write(t), es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	readAll(t, r2)
	var totals []schemas.Problem
	for _, p := range r2.Problems() {
		if strings.Contains(p.Message, "provinces of the table sum to") {
			totals = append(totals, p)
		}
	}
	if len(totals) != 1 || totals[0].Cell != "D13" || !strings.Contains(totals[0].Message, "268000 for jobs_created (actual), but the 3 provinces of the table sum to 267100") {
		t.Errorf("total problems %v, want one at D13", totals)
	}
}

// A long table in a workbook: under a title, on two sheets, with a hidden
// (filtered) row that is read and a TCVN3 name that is converted.
func TestLongTable(t *testing.T) {
	es, ts := catalog(t)
	first := sheet{name: "2024", cells: map[string]any{
		"A1": "Trích xuất số liệu",
		"A3": "data_element", "B3": "area", "C3": "period", "D3": "value", "E3": "kind",
		"A4": "jobs_created", "B4": "Nghệ An", "C4": "2024-03", "D4": 4350, "E4": "actual",
		"A5": "jobs_created", "B5": "Hµ TÜnh", "C5": "2024-03", "D5": "1.200", "E5": "actual",
		"A6": "trained_share", "B6": "40", "C6": "2024", "D6": 70.1,
	}, hidden: []string{"5"}}
	second := sheet{name: "2023", cells: map[string]any{
		"A1": "data_element", "B1": "area", "C1": "period", "D1": "value",
		"A2": "Giải quyết việc làm", "B2": "40", "C2": "2023", "D2": 46256,
	}}
	path := book{first, second}.write(t)
	tpl, err := Detect(path, ts)
	if err != nil || tpl.Name != "long_table" {
		t.Fatalf("Detect = %q, %v, want long_table", tpl.Name, err)
	}
	r, err := OpenTable(path, es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var got []string
	rec, err := r.Next(context.Background())
	for ; err == nil; rec, err = r.Next(context.Background()) {
		for i := range int(rec.NumRows()) {
			s := func(c int) string { return rec.Column(c).(*array.String).Value(i) }
			got = append(got, strings.Join([]string{s(schemas.RawElement), s(schemas.RawArea), s(schemas.RawPeriod), s(schemas.RawValue), s(schemas.RawSourceCell)}, " "))
		}
		rec.Release()
	}
	if err != io.EOF {
		t.Fatal(err)
	}
	want := []string{
		"jobs_created Nghệ An 2024-03 4350 '2024'!D4",
		"jobs_created Hà Tĩnh 2024-03 1.200 '2024'!D5",
		"trained_share 40 2024 70.1 '2024'!D6",
		"Giải quyết việc làm 40 2023 46256 '2023'!D2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("values:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	ps := r.Problems()
	if len(ps) != 2 || !strings.Contains(ps[0].Message, "TCVN3") || !strings.Contains(ps[1].Message, "row 5 and perhaps others are hidden") {
		t.Errorf("problems %v, want a TCVN3 and a hidden-row warning", ps)
	}
}

// The quarterly report shares the monthly report's header; its title
// chooses it, and its result is the quarter's.
func TestQuarterlyReport(t *testing.T) {
	es, ts := catalog(t)
	q := sample().with(map[string]any{"A4": "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU QUÝ III NĂM 2024", "E7": "Thực hiện quý III"})
	path := book{q}.write(t)
	tpl, err := Detect(path, ts)
	if err != nil || tpl.Name != "provincial_quarterly" {
		t.Fatalf("Detect = %q, %v, want provincial_quarterly", tpl.Name, err)
	}
	r, err := Open(path, es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := readAll(t, r)
	if h := r.Header(); h.Period != "2024-Q3" {
		t.Errorf("period %q, want 2024-Q3", h.Period)
	}
	if len(got) != 12 || got[1].Kind != "actual" || got[1].Period != "2024-Q3" || got[2].Kind != "ytd" || got[1].Value != "4350" {
		t.Errorf("values %+v", got[:3])
	}
}

// The annual report: a title naming the year alone chooses it; the month
// reports keep theirs.
func TestAnnualReport(t *testing.T) {
	es, ts := catalog(t)
	y := sample().with(map[string]any{"A4": "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2024", "E7": "Thực hiện năm 2024", "F7": nil,
		"F9": nil, "F10": nil, "F11": nil, "F12": nil})
	for _, tt := range []struct {
		book book
		want string
	}{{book{y}, "provincial_year"}, {book{sample()}, "provincial_monthly"}, {messy(), "provincial_monthly"}} {
		got, err := Detect(tt.book.write(t), ts)
		if err != nil || got.Name != tt.want {
			t.Errorf("Detect = %q, %v, want %s", got.Name, err, tt.want)
		}
	}
	tpl, _ := schemas.FindTemplate(ts, "provincial_year")
	r, err := Open(book{y}.write(t), es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := readAll(t, r)
	if h := r.Header(); h.Period != "2024" || len(got) != 8 || got[1].Kind != "actual" || got[1].Period != "2024" || got[1].Value != "4350" {
		t.Errorf("header %+v, values %+v", h, got)
	}
}

// catalog is the embedded data elements and report templates.
func catalog(t testing.TB) (*schemas.Elements, []schemas.Template) {
	t.Helper()
	c, err := schemas.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return c.Elements, c.Templates
}

// A small workbook whose rows each hold one cell in the last column, XFD,
// is refused at its first such row: read on, every row would cost 16,384
// cells.
func TestWorkbookBeyondLimits(t *testing.T) {
	es, ts := catalog(t)
	cells := map[string]any{"A1": "data_element", "B1": "area", "C1": "period", "D1": "value",
		"A2": "jobs_created", "B2": "40", "C2": "2024-03", "D2": 10}
	for n := 3; n < 6; n++ { // excelize writes every cell before XFD: a few rows
		cells[fmt.Sprintf("XFD%d", n)] = "x"
	}
	path := book{{name: "data", cells: cells}}.write(t)
	_, err := readWorkbook(path, es, ts)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "column XFD") || !strings.Contains(err.Error(), "row 3") {
		t.Errorf("reading a workbook with cells in column XFD = %v, want ErrTooLarge at row 3, column XFD", err)
	}

	cells = map[string]any{"A1": "data_element", "B1": "area", "C1": "period", "D1": "value",
		"A2": "jobs_created", "B2": "40", "C2": "2024-03", "D2": 10, "AMJ2": "last column allowed"}
	if n, err := readWorkbook(book{{name: "data", cells: cells}}.write(t), es, ts); err != nil || n != 1 {
		t.Errorf("a workbook within the limits = %d values, %v; want 1", n, err)
	}
}

// readWorkbook reads a workbook as ingest does: its template detected, then
// every value; it returns how many.
func readWorkbook(path string, es *schemas.Elements, ts []schemas.Template) (int, error) {
	tpl, err := Detect(path, ts)
	if err != nil {
		return 0, err
	}
	r, err := OpenTable(path, es, tpl)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n := 0
	for {
		rec, err := r.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n += int(rec.NumRows())
		rec.Release()
	}
}
