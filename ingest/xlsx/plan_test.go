package xlsx

import (
	"fmt"
	"testing"

	"chitieu/schemas"
)

// appendixRow is a row of the ministry's plan table (seed 002, appendix 1)
// as provinces lay out their annual report on it.
type appendixRow struct {
	tt, label, unit string
	plan, actual    any
	element         string // "" a heading
}

// appendixOne is the plan table of 2020 with the sector's sub-rows, in its
// own wording: section rows, 1.1 / 3.1 / 4.1 parts, "Trong đó" rows, a
// repeated "Cao đẳng, trung cấp", "<4" and a reduction row.
var appendixOne = []appendixRow{
	{"I", "CHỈ TIÊU QUỐC HỘI GIAO", "", nil, nil, ""},
	{"1", "Tỷ lệ thất nghiệp của lao động trong độ tuổi ở khu vực thành thị", "%", "<4", 2.9, "urban_unemployment_rate"},
	{"2", "Tỷ lệ lao động qua đào tạo", "%", 65, 66.2, "trained_share"},
	{"", "Trong đó, tỷ lệ lao động qua đào tạo có bằng, chứng chỉ", "%", 25, 25.4, "certified_share"},
	{"3", "Tỷ lệ hộ nghèo theo chuẩn nghèo tiếp cận đa chiều", "%", "giảm 1 - 1,5", 4.98, "poor_household_rate"},
	{"", "Riêng các huyện nghèo", "%", "giảm 4", 21.3, "poor_district_poverty_rate"},
	{"II", "CHỈ TIÊU NGÀNH", "", nil, nil, ""},
	{"1", "Số lao động được giải quyết việc làm", "người", 47000, 48500, "jobs_created"},
	{"", "Trong đó: Nữ", "người", 23000, 23800, "jobs_created[sex=female]"},
	{"1.1", "Tạo việc làm trong nước", "người", 30500, 28500, "jobs_domestic"},
	{"1.2", "Đưa lao động đi làm việc ở nước ngoài theo hợp đồng", "người", 16500, 20000, "jobs_abroad"},
	{"2", "Tỷ lệ tham gia bảo hiểm xã hội của lực lượng lao động trong độ tuổi", "%", 25.7, 25.55, "si_coverage"},
	{"3", "Tuyển mới giáo dục nghề nghiệp", "người", 60000, 61200, "vet_enrolment"},
	{"", "Trong đó: Nữ", "người", 27000, 27500, "vet_enrolment[sex=female]"},
	{"3.1", "Cao đẳng, trung cấp", "người", 15000, 15400, "vet_enrolment_college"},
	{"3.2", "Sơ cấp và và các chương trình đào tạo nghề nghiệp khác", "người", 45000, 45800, "vet_enrolment_elementary"},
	{"", "Trong đó, dạy nghề cho lao động nông thôn", "người", 20000, 21000, "rural_vet_training"},
	{"4", "Số người tốt nghiệp", "người", 55000, 56000, "vet_graduates"},
	{"4.1", "Cao đẳng, trung cấp", "người", 12000, 12500, "vet_graduates_college"},
	{"4.2", "Sơ cấp và các chương trình đào tạo nghề nghiệp khác", "người", 43000, 43500, "vet_graduates_elementary"},
	{"5", "Cơ cấu lao động", "", nil, nil, ""},
	{"", "- Nông nghiệp", "%", 40, 39.5, "agriculture_share"},
	{"", "- Công nghiệp và xây dựng", "%", 30, 30.5, "industry_share"},
	{"", "- Dịch vụ", "%", 30, 30, "services_share"},
	{"6", "Tỷ lệ gia đình người có công có mức sống bằng hoặc cao hơn mức sống trung bình của nhân dân nơi cư trú", "%", 99.7, 99.8, "merit_living_share"},
	{"7", "Tỷ lệ xã/phường/thị trấn làm tốt công tác thương binh, liệt sỹ, người có công", "%", 99.5, 99.6, "merit_commune_share"},
	{"8", "Tỷ lệ đối tượng bảo trợ xã hội đủ điều kiện được hưởng trợ cấp xã hội hàng tháng", "%", 100, 100, "social_assistance_share"},
	{"9", "Tỷ lệ người khuyết tật có hoàn cảnh khó khăn được trợ giúp xã hội, chăm sóc và phục hồi chức năng", "%", 85, 86, "disabled_assisted_share"},
	{"10", "Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp", "%", 72, 73, "children_special_assisted_share"},
	{"11", "Tỷ lệ xã, phường, thị trấn đạt tiêu chuẩn phù hợp với trẻ em", "%", 55, 56, "child_friendly_commune_share"},
	{"12", "Tỷ lệ cai nghiện cho người nghiện ma túy có quyết định của Tòa án áp dụng biện pháp cai nghiện bắt buộc", "%", 100, 100, "compulsory_rehab_share"},
	{"13", "Tỷ lệ người nghiện ma túy được tham gia các chương trình điều trị cai nghiện so với số người nghiện có hồ sơ quản lý", "%", 72, 70, "drug_treatment_share"},
	{"14", "Tỷ lệ nạn nhân bị mua bán được tiến hành các thủ tục xác minh, xác định nạn nhân và được hưởng các chế độ hỗ trợ theo quy định", "%", 100, 100, "trafficking_support_share"},
}

// appendixBook lays the rows out under a title and the header TT | Chỉ
// tiêu | Đơn vị tính | headers…; with no actual header, a plan form.
func appendixBook(area, title string, headers ...string) book {
	cells := map[string]any{"A1": area, "A3": title, "A5": "TT", "B5": "Chỉ tiêu", "C5": "Đơn vị tính"}
	for i, h := range headers {
		cells[fmt.Sprintf("%c5", 'D'+i)] = h
	}
	for i, r := range appendixOne {
		n := 6 + i
		cells[fmt.Sprintf("A%d", n)] = r.tt
		cells[fmt.Sprintf("B%d", n)] = r.label
		cells[fmt.Sprintf("C%d", n)] = r.unit
		if r.plan != nil {
			cells[fmt.Sprintf("D%d", n)] = r.plan
		}
		if r.actual != nil && len(headers) > 1 {
			cells[fmt.Sprintf("E%d", n)] = r.actual
		}
	}
	return book{{name: "Phu luc", cells: cells}}
}

// A province's annual report laid out like appendix 1 loads every figure
// of every numbered and "Trong đó" row, each to its element, and nothing
// is left unread.
func TestAppendixOneAnnualReport(t *testing.T) {
	es, ts := catalog(t)
	b := appendixBook("UBND TỈNH NGHỆ AN", "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH NĂM 2024", "Kế hoạch năm 2024", "Thực hiện năm 2024")
	path := b.write(t)
	tpl, err := Detect(path, ts)
	if err != nil || tpl.Name != "provincial_year" {
		t.Fatalf("Detect = %q, %v, want provincial_year", tpl.Name, err)
	}
	r, err := Open(path, es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := readAll(t, r)
	if h := r.Header(); h.Area != "NGHỆ AN" || h.Period != "2024" {
		t.Errorf("header %+v", h)
	}
	byRow := map[int][]string{}
	for _, g := range got {
		byRow[g.Row] = append(byRow[g.Row], g.Element+"/"+g.Kind+"="+g.Value)
	}
	for i, row := range appendixOne {
		n := 6 + i
		if row.element == "" {
			if len(byRow[n]) != 0 {
				t.Errorf("row %d (%s), a heading, gave %v", n, row.label, byRow[n])
			}
			continue
		}
		want := []string{
			fmt.Sprintf("%s/plan=%v", row.element, row.plan),
			fmt.Sprintf("%s/actual=%v", row.element, row.actual),
		}
		if fmt.Sprint(byRow[n]) != fmt.Sprint(want) {
			t.Errorf("row %d (%s) = %v, want %v", n, row.label, byRow[n], want)
		}
	}
	// the seed's "Sơ cấp và và …" (a typo) is read, as a guess
	var guesses int
	for _, p := range r.Problems() {
		if p.Severity == schemas.SeverityError {
			t.Errorf("error: %v", p)
		}
		guesses++
	}
	if guesses != 1 {
		t.Errorf("problems %v, want the one guess of row 21", r.Problems())
	}
}

// The national plan of appendix 1 is a plan form for "Cả nước": every
// figure a plan of 2020, "<4" kept, "1- 1,5" on the "Giảm …" row and the
// "4" beneath it read as reductions.
func TestAppendixOneNationalPlan(t *testing.T) {
	es, ts := catalog(t)
	b := appendixBook("CẢ NƯỚC", "CHỈ TIÊU KẾ HOẠCH NĂM 2020 LĨNH VỰC LAO ĐỘNG, NGƯỜI CÓ CÔNG VÀ XÃ HỘI", "Mức phấn đấu năm 2020")
	cells := b[0].cells
	cells["B10"] = "Giảm tỷ lệ hộ nghèo theo chuẩn nghèo tiếp cận đa chiều"
	cells["D10"] = "1- 1,5"
	cells["D11"] = 4
	path := b.write(t)
	tpl, err := Detect(path, ts)
	if err != nil || tpl.Name != "provincial_plan" {
		t.Fatalf("Detect = %q, %v, want provincial_plan", tpl.Name, err)
	}
	r, err := Open(path, es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := readAll(t, r)
	if h := r.Header(); h.Area != "CẢ NƯỚC" || h.Period != "2020" {
		t.Errorf("header %+v", h)
	}
	want := map[string]string{
		"urban_unemployment_rate":    "<4",
		"poor_household_rate":        "giảm 1- 1,5",
		"poor_district_poverty_rate": "giảm 4",
		"jobs_created":               "47000",
		"vet_graduates_college":      "12000",
	}
	n := 0
	for _, g := range got {
		if g.Kind != schemas.KindPlan || g.Period != "2020" {
			t.Errorf("%+v: want a plan of 2020", g)
		}
		if w, ok := want[g.Element]; ok && g.Value != w {
			t.Errorf("%s = %q, want %q", g.Element, g.Value, w)
		}
		n++
	}
	if n != 30 {
		t.Errorf("%d plans, want 30", n)
	}
	for _, p := range r.Problems() {
		if p.Severity == schemas.SeverityError {
			t.Errorf("error: %v", p)
		}
	}
}
