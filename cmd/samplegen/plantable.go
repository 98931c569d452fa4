package main

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// tableRow is a row of the ministry's plan table (seed 002, appendix 1) as
// the nation's plan and a province's annual report lay it out: a section
// ("I", "II"), a numbered row, a "Trong đó" row (no number) or a heading.
// plan and actual are numbers, target shapes ("<4") or nil.
type tableRow struct {
	No, Label, Unit string
	Plan, Actual    any
}

// planTableWorkbook writes a table laid out like appendix 1: a title block
// (org, scope, title), the header TT | Chỉ tiêu | Đơn vị tính | heads…, then
// rows; with one head a plan form, with two an annual report.
func planTableWorkbook(org, scope, title string, heads []string, rows []tableRow, note string) ([]byte, error) {
	f, st, w, err := newFormSheet()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	last := cell(2+len(heads), 1)[:1]
	w.set("A1", org, st.bold)
	w.merge("A1", "C1")
	if scope != "" {
		w.set("A2", scope, st.org)
		w.merge("A2", "C2")
	}
	w.set("A4", title, st.title)
	w.merge("A4", last+"4")
	for i, h := range append([]string{"TT", "Chỉ tiêu", "Đơn vị tính"}, heads...) {
		w.set(cell(i, 6), h, st.head)
		w.set(cell(i, 7), fmt.Sprintf("(%d)", i+1), st.colNo)
	}
	r := 8
	for _, tr := range rows {
		label := st.label
		if tr.No == "" {
			label = st.ofWhich
		}
		w.set(cell(0, r), tr.No, st.centre)
		w.set(cell(1, r), tr.Label, label)
		w.set(cell(2, r), tr.Unit, st.centre)
		for c, v := range []any{tr.Plan, tr.Actual}[:len(heads)] {
			switch v := v.(type) {
			case nil:
				w.set(cell(3+c, r), "", st.centre)
			case int:
				w.set(cell(3+c, r), v, st.number)
			case string:
				w.set(cell(3+c, r), v, st.text)
			default:
				w.set(cell(3+c, r), v, st.centre)
			}
		}
		r++
	}
	w.set(cell(0, r+1), note, st.italic)
	for i, width := range append([]float64{6, 60, 10}, 16, 16) {
		col, _ := excelize.ColumnNumberToName(i + 1)
		w.do(f.SetColWidth(sheetName, col, col, width))
	}
	if w.err != nil {
		return nil, w.err
	}
	w.do(f.SetDocProps(&excelize.DocProperties{Creator: org, LastModifiedBy: org,
		Created: "2025-01-10T08:30:00Z", Modified: "2025-01-10T08:30:00Z", Title: title, Language: "vi-VN"}))
	if w.err != nil {
		return nil, w.err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// nationalPlan2024 is the nation's plan for 2024 in the form of appendix 1,
// set for the samples (the numbers are illustrative, at the scale of the
// samples' provinces): what the ministry sends for "Cả nước", not the sum
// of the provinces' plans.
var nationalPlan2024 = []tableRow{
	{"I", "CHỈ TIÊU QUỐC HỘI GIAO", "", nil, nil},
	{"1", "Tỷ lệ thất nghiệp của lao động trong độ tuổi ở khu vực thành thị", "%", "<4", nil},
	{"2", "Tỷ lệ lao động qua đào tạo", "%", 69.0, nil},
	{"", "Trong đó, tỷ lệ lao động qua đào tạo có bằng, chứng chỉ", "%", 27.0, nil},
	{"3", "Giảm tỷ lệ hộ nghèo theo chuẩn nghèo tiếp cận đa chiều", "%", "1 - 1,5", nil},
	{"", "Riêng các huyện nghèo", "%", 4, nil},
	{"II", "CHỈ TIÊU NGÀNH", "", nil, nil},
	{"1", "Số lao động được giải quyết việc làm", "người", 1600000, nil},
	{"1.1", "Tạo việc làm trong nước", "người", 1475000, nil},
	{"1.2", "Đưa lao động đi làm việc ở nước ngoài theo hợp đồng", "người", 125000, nil},
	{"2", "Tỷ lệ tham gia bảo hiểm xã hội của lực lượng lao động trong độ tuổi", "%", 36.0, nil},
	{"3", "Tuyển mới giáo dục nghề nghiệp", "người", 2300000, nil},
	{"3.1", "Cao đẳng, trung cấp", "người", 600000, nil},
	{"3.2", "Sơ cấp và các chương trình đào tạo nghề nghiệp khác", "người", 1700000, nil},
	{"", "Trong đó, dạy nghề cho lao động nông thôn", "người", 1000000, nil},
	{"4", "Số người tốt nghiệp", "người", 2100000, nil},
	{"4.1", "Cao đẳng, trung cấp", "người", 520000, nil},
	{"4.2", "Sơ cấp và các chương trình đào tạo nghề nghiệp khác", "người", 1580000, nil},
	{"5", "Tỷ lệ gia đình người có công có mức sống bằng hoặc cao hơn mức sống trung bình của nhân dân nơi cư trú", "%", 99.7, nil},
	{"6", "Tỷ lệ xã/phường/thị trấn làm tốt công tác thương binh, liệt sỹ, người có công", "%", 99.5, nil},
	{"7", "Tỷ lệ đối tượng bảo trợ xã hội đủ điều kiện được hưởng trợ cấp xã hội hàng tháng", "%", 100, nil},
	{"8", "Tỷ lệ người khuyết tật có hoàn cảnh khó khăn được trợ giúp xã hội, chăm sóc và phục hồi chức năng", "%", 85, nil},
	{"9", "Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp", "%", 72, nil},
	{"10", "Tỷ lệ xã, phường, thị trấn đạt tiêu chuẩn phù hợp với trẻ em", "%", 55, nil},
	{"11", "Tỷ lệ cai nghiện cho người nghiện ma túy có quyết định của Tòa án áp dụng biện pháp cai nghiện bắt buộc", "%", 100, nil},
	{"12", "Tỷ lệ người nghiện ma túy được tham gia các chương trình điều trị cai nghiện so với số người nghiện có hồ sơ quản lý", "%", 72, nil},
	{"13", "Tỷ lệ nạn nhân bị mua bán được tiến hành các thủ tục xác minh, xác định nạn nhân và được hưởng các chế độ hỗ trợ theo quy định", "%", 100, nil},
}

// annualTable is a province's 2024 annual report on the whole plan table:
// its own wording and numbering, "Trong đó: Nữ" rows, the sector shares
// under a heading. The figures the other samples carry (flows, rates and
// their plans) are the model's, so that loading both changes nothing; the
// rest are drawn around the national targets.
func annualTable(p *province) []tableRow {
	y := p.Y[1]
	r := rng("annual-table", p.Code)
	part := func(n int, lo, hi float64) int { return int(float64(n) * uniform(r, lo, hi)) }
	jobs, jobsPlan := y.Annual(jobsCreated), y.FlowPlans[jobsCreated]
	abroad, abroadPlan := y.Annual(jobsAbroad), y.FlowPlans[jobsAbroad]
	enrol, enrolPlan := y.Annual(vetEnrolment), y.FlowPlans[vetEnrolment]
	grads, gradsPlan := y.Annual(vetGraduates), y.FlowPlans[vetGraduates]
	college, collegePlan := part(enrol, 0.22, 0.27), part(enrolPlan, 0.24, 0.25)
	elem, elemPlan := enrol-college, enrolPlan-collegePlan
	gcollege, gcollegePlan := part(grads, 0.2, 0.25), part(gradsPlan, 0.22, 0.23)
	agri := round1(uniform(r, 36, 42))
	ind := round1(uniform(r, 28, 33))
	pct := func(lo, hi float64) float64 { return round1(uniform(r, lo, hi)) }
	return []tableRow{
		{"I", "CHỈ TIÊU QUỐC HỘI GIAO", "", nil, nil},
		{"1", "Tỷ lệ thất nghiệp của lao động trong độ tuổi ở khu vực thành thị", "%", y.Plans.UrbanUnempRate, y.UrbanUnempRate},
		{"2", "Tỷ lệ lao động qua đào tạo", "%", y.Plans.TrainedShare, y.TrainedShare},
		{"", "Trong đó, tỷ lệ lao động qua đào tạo có bằng, chứng chỉ", "%", round1(y.Plans.TrainedShare * 0.38), round1(y.TrainedShare * 0.38)},
		{"3", "Tỷ lệ hộ nghèo theo chuẩn nghèo tiếp cận đa chiều", "%", y.Plans.PoorRate, y.PoorRate},
		{"II", "CHỈ TIÊU NGÀNH", "", nil, nil},
		{"1", "Số lao động được giải quyết việc làm", "người", jobsPlan, jobs},
		{"", "Trong đó: Nữ", "người", part(jobsPlan, 0.47, 0.48), part(jobs, 0.46, 0.5)},
		{"1.1", "Tạo việc làm trong nước", "người", jobsPlan - abroadPlan, jobs - abroad},
		{"1.2", "Đưa lao động đi làm việc ở nước ngoài theo hợp đồng", "người", abroadPlan, abroad},
		{"2", "Tỷ lệ tham gia BHXH của lực lượng lao động trong độ tuổi", "%", y.Plans.SICoverage, y.SICoverage},
		{"3", "Tuyển mới giáo dục nghề nghiệp", "người", enrolPlan, enrol},
		{"", "Trong đó: Nữ", "người", part(enrolPlan, 0.44, 0.45), part(enrol, 0.42, 0.47)},
		{"3.1", "Cao đẳng, trung cấp", "người", collegePlan, college},
		{"3.2", "Sơ cấp và các chương trình đào tạo nghề nghiệp khác", "người", elemPlan, elem},
		{"", "Trong đó, dạy nghề cho LĐ nông thôn", "người", part(elemPlan, 0.4, 0.45), part(elem, 0.38, 0.46)},
		{"4", "Số người tốt nghiệp", "người", gradsPlan, grads},
		{"4.1", "Cao đẳng, trung cấp", "người", gcollegePlan, gcollege},
		{"4.2", "Sơ cấp và các chương trình đào tạo nghề nghiệp khác", "người", gradsPlan - gcollegePlan, grads - gcollege},
		{"5", "Cơ cấu lao động", "", nil, nil},
		{"", "- Nông, lâm nghiệp và thủy sản", "%", round1(agri + 1), agri},
		{"", "- Công nghiệp và xây dựng", "%", round1(ind - 0.5), ind},
		{"", "- Dịch vụ", "%", round1(100 - agri - 1 - ind + 0.5), round1(100 - agri - ind)},
		{"6", "Tỷ lệ gia đình người có công có mức sống bằng hoặc cao hơn mức sống trung bình của nhân dân nơi cư trú", "%", 99.7, pct(99.5, 99.9)},
		{"7", "Tỷ lệ xã/phường/thị trấn làm tốt công tác thương binh, liệt sỹ, người có công", "%", 99.5, pct(99, 100)},
		{"8", "Tỷ lệ đối tượng bảo trợ xã hội đủ điều kiện được hưởng trợ cấp xã hội hàng tháng", "%", 100, 100},
		{"9", "Tỷ lệ người khuyết tật có hoàn cảnh khó khăn được trợ giúp xã hội, chăm sóc và phục hồi chức năng", "%", 85, pct(84, 90)},
		{"10", "Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp", "%", 72, pct(70, 78)},
		{"11", "Tỷ lệ xã, phường, thị trấn đạt tiêu chuẩn phù hợp với trẻ em", "%", 55, pct(50, 62)},
		{"12", "Tỷ lệ cai nghiện cho người nghiện ma túy có quyết định của Tòa án áp dụng biện pháp cai nghiện bắt buộc", "%", 100, pct(97, 100)},
		{"13", "Tỷ lệ người nghiện ma túy được tham gia các chương trình điều trị cai nghiện so với số người nghiện có hồ sơ quản lý", "%", 72, pct(68, 76)},
		{"14", "Tỷ lệ nạn nhân bị mua bán được tiến hành các thủ tục xác minh, xác định nạn nhân và được hưởng các chế độ hỗ trợ theo quy định", "%", 100, 100},
	}
}
