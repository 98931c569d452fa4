package schemas

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func monthlyTemplate(t *testing.T) Template {
	t.Helper()
	es, err := LoadElements()
	if err != nil {
		t.Fatal(err)
	}
	ts, err := LoadTemplates(es)
	if err != nil {
		t.Fatalf("LoadTemplates: %v", err)
	}
	tpl, err := FindTemplate(ts, "provincial_monthly")
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func TestFindTemplate(t *testing.T) {
	es, err := LoadElements()
	if err != nil {
		t.Fatal(err)
	}
	ts, err := LoadTemplates(es)
	if err != nil {
		t.Fatalf("LoadTemplates: %v", err)
	}
	if _, err := FindTemplate(ts, "no_such_form"); !errors.Is(err, ErrUnknownTemplate) {
		t.Errorf("FindTemplate(no_such_form) error = %v, want ErrUnknownTemplate", err)
	}
}

const minimalTemplate = `
name: form
description: a form
header: {words: [chỉ tiêu]}
title:
  area: {patterns: ['tinh (.+)']}
  period: {patterns: ['thang \d+ nam \d{4}'], type: month}
columns:
  - {role: label, aliases: [Chỉ tiêu]}
  - {role: value, aliases: [Thực hiện], kind: actual, period: report}
`

func TestParseTemplateErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // substrings of the error
	}{
		{"ok", minimalTemplate, nil},
		{"unknown field", minimalTemplate + "colour: red\n", []string{"form.yaml", "colour"}},
		{"name", strings.Replace(minimalTemplate, "name: form", "name: other", 1), []string{"form.yaml: name:", `"other"`}},
		{"kind", strings.Replace(minimalTemplate, "kind: actual", "kind: actuals", 1), []string{"form.yaml: columns[1].kind:", `"actuals"`, "plan, actual, ytd, pct_plan or pct_previous_year"}},
		{"period", strings.Replace(minimalTemplate, "period: report}", "period: month}", 1), []string{"columns[1].period:"}},
		{"role", strings.Replace(minimalTemplate, "role: label", "role: lable", 1), []string{"columns[0].role:", "no label column"}},
		{"regexp", strings.Replace(minimalTemplate, "'tinh (.+)'", "'tinh (.+'", 1), []string{"title.area.patterns[0]:"}},
		{"period type", strings.Replace(minimalTemplate, "type: month", "type: week", 1), []string{"title.period.type:"}},
		{"no words", strings.Replace(minimalTemplate, "header: {words: [chỉ tiêu]}", "header: {words: []}", 1), []string{"header.words: missing"}},
		{"empty alias", strings.Replace(minimalTemplate, "aliases: [Thực hiện]", "aliases: ['---']", 1), []string{"columns[1].aliases[0]:", "folds to nothing"}},
		{"kind on label", strings.Replace(minimalTemplate, "{role: label,", "{role: label, kind: plan,", 1), []string{"columns[0]:", "only value columns"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTemplate("templates/form.yaml", []byte(tt.yaml))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("ParseTemplate: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseTemplate: no error, want one mentioning %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ParseTemplate error = %q, want it to mention %q", err, w)
				}
			}
		})
	}
}

func TestTemplateCheck(t *testing.T) {
	es, err := LoadElements()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		labels string
		want   string
	}{
		{"{jobs_abroad: [Đưa lao động đi nước ngoài]}", ""},
		{"{jobs_abrod: [Đưa lao động đi nước ngoài]}", "jobs_abrod"},
		{"{jobs_abroad: [Tuyển sinh]}", "vet_enrolment"},
	} {
		tpl, err := ParseTemplate("form.yaml", []byte(minimalTemplate+"rows: {labels: "+tt.labels+"}\n"))
		if err != nil {
			t.Fatalf("ParseTemplate(labels %s): %v", tt.labels, err)
		}
		err = tpl.Check(es)
		if got := err != nil; got != (tt.want != "") || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Check(labels %s) = %v, want an error mentioning %q", tt.labels, err, tt.want)
		}
	}
}

func TestFindArea(t *testing.T) {
	tpl := monthlyTemplate(t)
	tests := []struct {
		cell, want string
	}{
		{"UBND TỈNH NGHỆ AN", "NGHỆ AN"},
		{"Ủy ban nhân dân tỉnh  Nghệ An", "Nghệ An"},
		{"SỞ LAO ĐỘNG - TB&XH TỈNH NGHỆ AN", "NGHỆ AN"},
		{"SỞ LĐTBXH TP. HỒ CHÍ MINH", "HỒ CHÍ MINH"},
		{"UBND THÀNH PHỐ HÀ NỘI\n", "HÀ NỘI"},
		{"UBND TI\u0309NH NGHE\u0302\u0323 AN", "NGHỆ AN"}, // NFD, returned in NFC
		{"TỈNH THỪA THIÊN - HUẾ", "THỪA THIÊN - HUẾ"},
		{"SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", ""},
		{"BÁO CÁO TÌNH HÌNH THỰC HIỆN", ""}, // "tinh hinh" is no province
		{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ""},
	}
	for _, tt := range tests {
		got, ok := tpl.FindArea(tt.cell)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("FindArea(%q) = %q, %v, want %q", tt.cell, got, ok, tt.want)
		}
	}
}

func TestFindPeriod(t *testing.T) {
	tpl := monthlyTemplate(t)
	tests := []struct {
		cell  string
		want  string
		found bool
		err   bool
	}{
		{"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THÁNG 12 NĂM 2024", "2024-12", true, false},
		{"Báo cáo tháng 3/2025", "2025-03", true, false},
		{"THÁNG  01  NĂM 2025", "2025-01", true, false},
		{"Nghệ An, ngày 05 tháng 01 năm 2025", "", false, false},
		{"(Kèm theo Báo cáo số 15/BC-SLĐTBXH ngày 05/01/2025)", "", false, false},
		{"BÁO CÁO NĂM 2024", "", false, false},
		{"BÁO CÁO THÁNG 13 NĂM 2024", "", true, true},
	}
	for _, tt := range tests {
		p, found, err := tpl.FindPeriod(tt.cell)
		if p.Code() != tt.want || found != tt.found || (err != nil) != tt.err {
			t.Errorf("FindPeriod(%q) = %q, %v, %v, want %q, %v, error %v", tt.cell, p.Code(), found, err, tt.want, tt.found, tt.err)
		}
	}
}

func TestCleanLabel(t *testing.T) {
	tpl := monthlyTemplate(t)
	tests := []struct{ label, want string }{
		{"Trong đó: Đưa người lao động đi làm việc ở nước ngoài", "Đưa người lao động đi làm việc ở nước ngoài"},
		{"TRONG ĐÓ:  - Nữ", "Nữ"},
		{"- Tuyển sinh", "Tuyển sinh"},
		{"+ Tốt nghiệp", "Tốt nghiệp"},
		{"a) Tuyển sinh", "Tuyển sinh"},
		{"1. Giải quyết việc làm", "Giải quyết việc làm"},
		{"1.1 Giải quyết việc làm", "Giải quyết việc làm"},
		{"II. LAO ĐỘNG - VIỆC LÀM", "LAO ĐỘNG - VIỆC LÀM"},
		{"  Tỷ lệ hộ nghèo  ", "Tỷ lệ hộ nghèo"},
		{"Lực lượng lao động từ 15 tuổi trở lên", "Lực lượng lao động từ 15 tuổi trở lên"},
		{"Trong đó", ""},
	}
	for _, tt := range tests {
		if got := tpl.CleanLabel(tt.label); got != tt.want {
			t.Errorf("CleanLabel(%q) = %q, want %q", tt.label, got, tt.want)
		}
	}
}

func TestRowRules(t *testing.T) {
	tpl := monthlyTemplate(t)
	es, err := LoadElements()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		label, want string
	}{
		{"Số lao động được giải quyết việc làm", "jobs_created"},
		{"Đưa người lao động đi làm việc ở nước ngoài theo hợp đồng", "jobs_abroad"}, // the form's own label
		{"TUYEN SINH GIAO DUC NGHE NGHIEP", "vet_enrolment"},
		{"Số xã đạt chuẩn", ""},
	} {
		d, ok := tpl.ElementFor(tt.label, es)
		if d.Code != tt.want || ok != (tt.want != "") {
			t.Errorf("ElementFor(%q) = %q, %v, want %q", tt.label, d.Code, ok, tt.want)
		}
	}
	for _, tt := range []struct {
		label string
		want  bool
	}{{"Tổng cộng", true}, {"CỘNG", true}, {"Tổng số", false}, {"Tổng số hộ", false}} {
		if got := tpl.SkipsLabel(tt.label); got != tt.want {
			t.Errorf("SkipsLabel(%q) = %v, want %v", tt.label, got, tt.want)
		}
	}
	for _, tt := range []struct {
		cell string
		want bool
	}{
		{"Ghi chú: số liệu ước tính", true},
		{"Nơi nhận:", true},
		{"NGƯỜI LẬP BIỂU", true},
		{"KT. GIÁM ĐỐC", true},
		{"GIÁM ĐỐC", true},
		{"Giải quyết việc làm", false},
		{"Ghi", false},
	} {
		if got := tpl.EndsTable(tt.cell); got != tt.want {
			t.Errorf("EndsTable(%q) = %v, want %v", tt.cell, got, tt.want)
		}
	}
}

func TestBindColumns(t *testing.T) {
	tpl := monthlyTemplate(t)
	tests := []struct {
		name    string
		headers []string
		want    []int // per template column: row_number, label, unit, plan, actual, ytd, % of plan, % of last year
	}{
		{"sample", []string{"TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch\nnăm 2024", "Thực hiện  tháng 12", "Lũy kế từ đầu năm"}, []int{0, 1, 2, 3, 4, 5, -1, -1}},
		{"merged over", []string{"STT", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2024", "Thực hiện Tháng 12", "Thực hiện Luỹ kế từ đầu năm", "Ghi chú"}, []int{0, 1, 2, 3, 4, 5, -1, -1}},
		{"no plan", []string{"TT", "Nội dung", "Thực hiện tháng 12", "So sánh (%)"}, []int{0, 1, -1, -1, 2, -1, -1, -1}},
		{"cộng dồn", []string{"TT", "Chỉ tiêu", "Đơn vị tính", "Tháng 12", "Cộng dồn từ đầu năm"}, []int{0, 1, 2, -1, -1, 4, -1, -1}},
		{"path", []string{"Chỉ tiêu", "Thực hiện › Tháng 12", "Thực hiện › Lũy kế", "So sánh (%) › KH năm", "So sánh (%) › Cùng kỳ"}, []int{-1, 0, -1, -1, 1, 2, 3, 4}},
		{"stated", []string{"Chỉ tiêu", "Kế hoạch năm", "% so với KH", "% so với cùng kỳ"}, []int{-1, 0, -1, 1, -1, -1, 2, 3}},
		{"first wins", []string{"Chỉ tiêu", "Thực hiện tháng 12", "Thực hiện tháng 12 so với cùng kỳ (%)"}, []int{-1, 0, -1, -1, 1, -1, -1, 2}},
	}
	for _, tt := range tests {
		got := tpl.BindColumns(tt.headers)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: BindColumns(%q) = %v, want %v", tt.name, tt.headers, got, tt.want)
		}
	}
}

func TestFoldIndexed(t *testing.T) {
	for _, s := range []string{
		"", "UBND TỈNH NGHỆ AN", "  Tỉnh  NGHỆ AN ", "Nghe\u0302\u0323 An", "Đắk Lắk", "Hoà Bình / Hòa Bình",
		"48.500 (%)", "a\xffb", "- Trong đó:\n Nữ", "ǅemal", "한국어", "x\u0301\u0323y",
	} {
		got, starts, ends := foldIndexed(s)
		if want := Fold(s); got != want {
			t.Errorf("foldIndexed(%q) = %q, want Fold's %q", s, got, want)
		}
		if len(starts) != len(got) || len(ends) != len(got) {
			t.Errorf("foldIndexed(%q): %d starts, %d ends for %d bytes", s, len(starts), len(ends), len(got))
		}
	}
}

// A header is a row with each header word in a cell of its own; a
// consolidation sheet's is its name column's ("Tỉnh, thành phố"), so a
// heading inside another table that mentions provinces is none.
func TestIsHeader(t *testing.T) {
	es, err := LoadElements()
	if err != nil {
		t.Fatal(err)
	}
	ts, err := LoadTemplates(es)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		tpl   string
		cells []string
		want  bool
	}{
		{"provincial_monthly", []string{"TT", "Chỉ tiêu", "Đơn vị\ntính", "Kế hoạch"}, true},
		{"provincial_monthly", []string{"", "CHỈ  TIÊU", "", "ĐƠN VỊ TÍNH"}, true},
		{"provincial_monthly", []string{"Các chỉ tiêu, đơn vị tính", "Chỉ tiêu"}, true}, // each word has a cell of its own
		{"provincial_monthly", []string{"Hướng dẫn: Chỉ tiêu và Đơn vị tính giữ nguyên."}, false},
		{"provincial_monthly", []string{"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THÁNG 12 NĂM 2024"}, false},
		{"provincial_monthly", []string{"Chỉ tiêu", "Đơn vị"}, false},
		{"provincial_monthly", nil, false},
		{"province_table", []string{"TT", "Tỉnh, thành phố", "Giải quyết việc làm"}, true},
		{"province_table", []string{"", "Tỉnh/thành phố"}, true},
		{"province_table", []string{"", "Phân theo một số tỉnh, thành phố"}, false},                           // GSO's investment table, 2015
		{"province_table", []string{"2. Công nghiệp trên địa bàn của một số tỉnh, thành phố", "", ""}, false}, // GSO, 2000
	} {
		tpl, err := FindTemplate(ts, tt.tpl)
		if err != nil {
			t.Fatal(err)
		}
		if got := tpl.IsHeader(tt.cells); got != tt.want {
			t.Errorf("%s: IsHeader(%q) = %v, want %v", tt.tpl, tt.cells, got, tt.want)
		}
	}
}

func FuzzHeader(f *testing.F) {
	for _, s := range []string{"Chỉ tiêu\tĐơn vị tính\tKế hoạch năm 2024", "Trong đó: - a) 1.1. Nữ", "UBND TỈNH NGHỆ AN", "BÁO CÁO THÁNG 12 NĂM 2024", "Thực hiện › Lũy kế", "(1)\t(2)"} {
		f.Add(s)
	}
	es, err := LoadElements()
	if err != nil {
		f.Fatal(err)
	}
	ts, err := LoadTemplates(es)
	if err != nil {
		f.Fatal(err)
	}
	tpl, err := FindTemplate(ts, "provincial_monthly")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cells := strings.Split(s, "\t")
		tpl.IsHeader(cells)
		bound := tpl.BindColumns(cells)
		seen := map[int]bool{}
		for _, i := range bound {
			if i >= len(cells) || i >= 0 && seen[i] {
				t.Fatalf("BindColumns(%q) = %v: a column out of range or bound twice", cells, bound)
			}
			seen[i] = i >= 0
		}
		if c := tpl.CleanLabel(s); tpl.CleanLabel(c) != c {
			t.Fatalf("CleanLabel(%q) = %q, and cleaning it again gives %q", s, c, tpl.CleanLabel(c))
		}
		if a, ok := tpl.FindArea(s); ok && strings.TrimSpace(a) == "" {
			t.Fatalf("FindArea(%q) found an empty province", s)
		}
		tpl.FindPeriod(s)
		Fold(s)
	})
}
