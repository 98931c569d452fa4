package report

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
)

// labels are the report's words, Vietnamese and English.
var labels = map[string][2]string{
	"title":         {"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU LAO ĐỘNG – XÃ HỘI", "LABOUR AND SOCIAL-AFFAIRS INDICATORS: RESULTS"},
	"report_word":   {"BÁO CÁO", "REPORT"},
	"nation":        {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"},
	"motto":         {"Độc lập – Tự do – Hạnh phúc", "Independence – Freedom – Happiness"},
	"number":        {"Số", "No."},
	"place_date":    {"Hà Nội, ngày      tháng      năm %d", "Ha Noi, ……… %d"},
	"contents":      {"Nội dung", "Contents"},
	"summary":       {"Tổng hợp", "Summary"},
	"monthly":       {"Diễn biến tháng", "Monthly"},
	"completeness":  {"Tình hình báo cáo", "Reporting"},
	"notes":         {"Ghi chú", "Notes"},
	"cover":         {"Bìa", "Cover"},
	"indicator":     {"Chỉ tiêu", "Indicator"},
	"unit":          {"Đơn vị tính", "Unit"},
	"area":          {"Địa bàn", "Area"},
	"province":      {"Tỉnh, thành phố", "Province"},
	"code":          {"Mã", "Code"},
	"region":        {"Vùng", "Region"},
	"rank":          {"Xếp hạng", "Rank"},
	"plan":          {"Kế hoạch năm", "Annual plan"},
	"actual":        {"Thực hiện lũy kế", "Year to date"},
	"pct_plan":      {"% kế hoạch năm", "% of annual plan"},
	"previous":      {"Cùng kỳ năm trước", "Same period last year"},
	"pct_prev":      {"% so cùng kỳ", "% of last year"},
	"change":        {"Tăng (+), giảm (−)", "Change"},
	"coverage":      {"Số tỉnh báo cáo", "Provinces reporting"},
	"status":        {"Tình trạng số liệu", "Status"},
	"final":         {"Chính thức", "Final"},
	"provisional":   {"Sơ bộ", "Provisional"},
	"incomplete":    {"chưa đủ tỉnh", "incomplete coverage"},
	"not_reported":  {"Chưa báo cáo", "Not reported"},
	"total":         {"Cả nước", "Viet Nam"},
	"persons":       {"người", "persons"},
	"households":    {"hộ", "households"},
	"percent":       {"%", "%"},
	"pp":            {"điểm %", "pp"},
	"month":         {"Tháng", "Month"},
	"on_time":       {"Đúng hạn", "On time"},
	"late":          {"Muộn", "Late"},
	"rejected":      {"Bị trả lại", "Rejected"},
	"missing":       {"Chưa báo cáo", "Not reported"},
	"pending":       {"Chưa đến hạn", "Not yet due"},
	"days":          {"ngày", "days"},
	"received":      {"nhận", "received"},
	"deadline":      {"Hạn nộp báo cáo tháng: ngày 20 tháng sau (giờ Việt Nam). Một tỉnh được tính là đã báo cáo khi có tệp báo cáo tháng của tỉnh được tiếp nhận (như lệnh chitieu status)", "Monthly reports are due by the 20th of the following month (Viet Nam time). A province has reported when a file of its monthly report was accepted (as chitieu status counts)"},
	"totals":        {"Tổng số lượt tỉnh-tháng", "Province-months"},
	"version":       {"Phiên bản dữ liệu", "Data version"},
	"submission":    {"hồ sơ số", "submission no."},
	"loaded":        {"tiếp nhận lúc", "loaded at"},
	"drawn":         {"Thời điểm lập báo cáo", "Drawn at"},
	"as_of":         {"Số liệu tính đến", "Data as of"},
	"as_of_now":     {"số liệu hiện có khi lập báo cáo", "the data held when drawn"},
	"source":        {"Nguồn số liệu", "Source"},
	"boundaries":    {"Địa giới hành chính", "Provinces"},
	"issuer":        {"Cơ quan ban hành", "Issued by"},
	"ministry":      {"Bộ", "Ministry"},
	"ministries":    {"Cơ quan chịu trách nhiệm theo lĩnh vực", "Ministries responsible, by field"},
	"missing_list":  {"Tỉnh, thành phố chưa có trong số liệu tổng hợp", "Provinces not in each aggregate"},
	"all_complete":  {"Mọi số liệu tổng hợp (cả nước, vùng) có đủ các tỉnh, thành phố.", "Every aggregate (nation, regions) includes all provinces."},
	"pct_chart":     {"% kế hoạch năm theo tỉnh, thành phố", "% of annual plan by province"},
	"series_chart":  {"Cả nước theo tháng", "National, by month"},
	"marks":         {"Ký hiệu", "Marks"},
	"mark_prov":     {"* số liệu sơ bộ: tính từ giá trị sơ bộ hoặc ước tính", "* provisional: built from provisional or estimated values"},
	"mark_incomp":   {"† chưa đủ tỉnh, thành phố báo cáo: số tỉnh có trong số liệu ở cột Số tỉnh báo cáo, danh sách ở phần Ghi chú", "† not all provinces reporting: how many are in the figure is in the column Provinces reporting, which are missing in the Notes"},
	"mark_lower":    {"↓ chỉ tiêu giảm là tốt (tỷ lệ hộ nghèo, tỷ lệ thất nghiệp): % kế hoạch = kế hoạch ÷ thực hiện × 100", "↓ lower is better (poverty, unemployment): % of plan = plan ÷ actual × 100"},
	"note_pct_plan": {"% kế hoạch trên 100 luôn là vượt kế hoạch, kể cả với chỉ tiêu giảm là tốt.", "Above 100% of plan always means better than planned, also for lower-is-better indicators."},
	"note_ytd_plan": {"Chỉ tiêu số lượng lũy kế được so với kế hoạch cả năm: chưa đánh giá đạt hay chưa đạt trước khi hết năm.", "Year-to-date counts are compared with the whole year's plan: met or not is not judged before the year ends."},
	"rates":         {"Cách tính tỷ lệ", "Rates"},
	"note_rates":    {"Tỷ lệ của vùng và cả nước = tổng tử số ÷ tổng mẫu số của các tỉnh báo cáo, không phải trung bình các tỷ lệ.", "Regional and national rates are Σ numerators ÷ Σ denominators of the reporting provinces, never a mean of rates."},
	"ytd":           {"Lũy kế và so sánh", "Year to date"},
	"note_ytd":      {"Lũy kế từ đầu năm: chỉ tiêu số lượng cộng các tháng; chỉ tiêu thời điểm và tỷ lệ lấy số cuối kỳ. So sánh với cùng kỳ năm trước (cùng các tháng).", "Year to date: flows sum their months; stocks and rates take the value at the end of the period. Compared with the same months of the previous year."},
	"note_cover":    {"Kế hoạch và cùng kỳ của một số tổng hợp chỉ tính trên cùng các tỉnh đã báo cáo.", "An aggregate's plan and previous year are summed over the same provinces as its value."},
	"attainment":    {"% kế hoạch", "% of plan"},
	"period_note":   {"Kỳ báo cáo", "Period"},
	"ytd_from":      {"lũy kế tháng 1 – tháng %d năm %d, so với cùng kỳ năm %d", "January–%s %d year to date, compared with January–%s %d"},
	"generated_by":  {"Kho số liệu chỉ tiêu ngành (chitieu): báo cáo tháng, năm và kế hoạch của các tỉnh, thành phố.", "The sector's indicator warehouse (chitieu): provinces' monthly and annual reports and plans."},
	"met":           {"Đạt kế hoạch năm", "Annual plan met"},
	"unmet":         {"Chưa đạt kế hoạch năm", "Annual plan not met"},
	"unjudged":      {"Chưa đánh giá (kế hoạch cả năm, năm chưa kết thúc)", "Not judged (a whole year's plan, the year not over)"},
	"ref100":        {"100% kế hoạch năm", "100% of annual plan"},
	"partial_point": {"tháng chưa đủ tỉnh báo cáo", "month with provinces missing"},
	"ranks":         {"hạng %d–%d", "ranks %d–%d"},
	"recipients":    {"Nơi nhận:", "Recipients:"},
	"recipient1":    {"- Lãnh đạo Bộ (để báo cáo);", "- Ministry leadership;"},
	"recipient2":    {"- Các đơn vị thuộc Bộ;", "- Departments of the Ministry;"},
	"recipient3":    {"- Lưu: VT.", "- Archive."},
	"sign_note":     {"(Ký, ghi rõ họ tên và đóng dấu)", "(Signature, full name and seal)"},
	"page":          {"Trang", "Page"},
	"mergers":       {"Sắp xếp đơn vị hành chính cấp tỉnh từ 01/7/2025 (Nghị quyết 202/2025/QH15): 63 tỉnh, thành phố thành 34", "Provinces from 1 July 2025 (Resolution 202/2025/QH15): 63 provinces became 34"},
	"new_province":  {"Tỉnh, thành phố từ 01/7/2025", "Province from 1 July 2025"},
	"absorbed":      {"Gồm các tỉnh, thành phố trước 01/7/2025", "Formed from the provinces before 1 July 2025"},
	"unchanged":     {"giữ nguyên", "unchanged"},
	"no_regions":    {"Từ 01/7/2025 chưa có phân vùng kinh tế – xã hội chính thức cho 34 tỉnh, thành phố: không có số liệu vùng, cột Vùng bỏ trống.", "No official grouping of the 34 provinces into regions has been published since 1 July 2025: no regional figures."},
}

var monthsEN = []string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

var roman = []string{"", "I", "II", "III", "IV"}

// text is a label in the report's language.
func (r *Report) text(key string) string {
	l, ok := labels[key]
	if !ok {
		return key
	}
	if r.Lang == "en" {
		return l[1]
	}
	return l[0]
}

// Title is the report's title line naming the quarter.
func (r *Report) Title() string {
	if r.Lang == "en" {
		return fmt.Sprintf("Quarter %d, %d (year to date to %s)", r.Quarter, r.Year, monthsEN[r.LastMonth])
	}
	return fmt.Sprintf("QUÝ %s NĂM %d (LŨY KẾ %s THÁNG)", roman[r.Quarter], r.Year, strconv.Itoa(r.LastMonth))
}

// quarterLabel heads the column of the quarter alone: "Thực hiện quý III".
func (r *Report) quarterLabel() string {
	if r.Lang == "en" {
		return fmt.Sprintf("Quarter %d", r.Quarter)
	}
	return "Thực hiện quý " + roman[r.Quarter]
}

// PeriodNote says which months the figures cover and what they are compared with.
func (r *Report) PeriodNote() string {
	if r.Lang == "en" {
		return fmt.Sprintf(labels["ytd_from"][1], monthsEN[r.LastMonth], r.Year, monthsEN[r.LastMonth], r.Year-1)
	}
	return fmt.Sprintf(labels["ytd_from"][0], r.LastMonth, r.Year, r.Year-1)
}

// monthName names a month of the quarter: "Tháng 7/2024", "July 2024".
func (r *Report) monthName(code string) string {
	var y, m int
	fmt.Sscanf(code, "%d-%d", &y, &m)
	if r.Lang == "en" {
		return fmt.Sprintf("%s %d", monthsEN[m], y)
	}
	return fmt.Sprintf("Tháng %d/%d", m, y)
}

// unitName is a unit in the report's language.
func (r *Report) unitName(unit string) string { return r.text(unit) }

// number writes x with thousands grouped and decimals places in the
// report's language (Number).
func (r *Report) number(x float64, decimals int) string { return Number(r.Lang, x, decimals) }

// Number writes x with thousands grouped and decimals places in language
// lang: 48.500 and 103,19 in Vietnamese ("vi"), 48,500 and 103.19 in
// English ("en"); a negative sign is "−". Not a number is "".
func Number(lang string, x float64, decimals int) string {
	group, dec := ",", "."
	if lang != "en" {
		group, dec = ".", ","
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg && strings.Trim(intPart+frac, "0") != "" {
		b.WriteString("−")
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(dec + frac)
	}
	return b.String()
}

// value writes an indicator value in its unit: counts whole, rates with two
// decimals and a percent sign.
func (r *Report) value(x *float64, unit string) string {
	if x == nil {
		return ""
	}
	if unit == "percent" {
		return r.number(*x, 2) + "%"
	}
	return r.number(*x, 0)
}

// pct writes a percentage with two decimals: "103,19%". A percentage
// below 100 that two decimals would round up to 100,00 gets the decimals it
// needs to stay below ("99,997%"): the figure shown and the attainment
// judged on it never disagree.
func (r *Report) pct(x *float64) string {
	if x == nil {
		return ""
	}
	return r.number(*x, pctDecimals(*x)) + "%"
}

// pctDecimals is how many decimals a percentage needs so that rounding
// does not carry it across 100: two, or more just below 100.
func pctDecimals(x float64) int {
	d := 2
	for x < 100 && d < 6 {
		if s := strconv.FormatFloat(x, 'f', d, 64); s != "100."+strings.Repeat("0", d) {
			break
		}
		d++
	}
	return d
}

// change writes a change with its sign and unit: "+4,85%", "−0,62 điểm %".
func (r *Report) change(x *float64, unit string) string {
	if x == nil {
		return ""
	}
	s := r.number(*x, 2)
	if *x > 0 {
		s = "+" + s
	}
	if unit == "percentage points" {
		return s + " " + r.text("pp")
	}
	return s + "%"
}

// marks are the footnote marks of a figure, written after its value: *
// provisional, † incomplete.
func marks(f Figure) string {
	var m string
	if f.Provisional() {
		m += "*"
	}
	if f.Incomplete() {
		m += "†"
	}
	return m
}

// status is a figure's status in words.
func (r *Report) status(f Figure) string {
	if !f.Reported() {
		return r.text("not_reported")
	}
	s := r.text(f.Status)
	if f.Incomplete() {
		s += ", " + r.text("incomplete")
	}
	return s
}

// missingNames lists provinces by name: "Bình Dương (74)".
func (r *Report) missingNames(codes []string) string {
	names := map[string]string{}
	for _, p := range r.Reporting.Provinces {
		names[p.Area] = p.AreaName
	}
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = fmt.Sprintf("%s (%s)", names[c], c)
	}
	return strings.Join(out, ", ")
}

// stateText is a monthly report's state in words: "Muộn 3 ngày (nhận 23/10/2024)".
func (r *Report) stateText(m MonthReport) string {
	s := r.text(m.State)
	if m.State == Late {
		s += fmt.Sprintf(" %d %s", m.DaysLate, r.text("days"))
	}
	if m.Received != "" {
		if t, err := time.Parse(time.RFC3339, m.Received); err == nil {
			s += fmt.Sprintf(" (%s %s)", r.text("received"), r.date(t))
		}
	}
	return s
}

// date writes a date as people in the report's language do.
func (r *Report) date(t time.Time) string {
	t = t.In(vietnam)
	if r.Lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02/01/2006")
}

// stamp writes a time with its zone offset, Vietnamese or ISO style.
func (r *Report) stamp(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	t = t.In(vietnam)
	if r.Lang == "en" {
		return t.Format("2006-01-02 15:04 (UTC+7)")
	}
	return t.Format("15:04 ngày 02/01/2006 (UTC+7)")
}

// regionName is a region's name; empty after June 2025, when provinces
// belong to the nation directly.
func (r *Report) regionName(code string) string { return r.Regions[code] }

// nation is an indicator's national figure, nil when it has none.
func nation(ind Indicator) *Figure {
	for i := range ind.Summary {
		if ind.Summary[i].Level == "nation" {
			return &ind.Summary[i]
		}
	}
	return nil
}

// Judged reports whether the indicator's attainment is judged: false when
// provinces have a % of plan but none a verdict (year-to-date counts
// against a whole year's plan).
func (ind Indicator) Judged() bool {
	with := false
	for _, f := range ind.Provinces {
		if f.PctPlan != nil {
			with = true
			if f.PlanMet != nil {
				return true
			}
		}
	}
	return !with
}

// AllSummary is every figure of the summary table.
func (r *Report) AllSummary() []Figure {
	var out []Figure
	for _, ind := range r.Indicators {
		out = append(out, ind.Summary...)
	}
	return out
}

// usedMarks are the explanations of the marks that figs carry, and of ↓
// when lower is set: a table explains every mark it uses, and only those.
func (r *Report) usedMarks(figs []Figure, lower bool) []string {
	var prov, incomp bool
	for _, f := range figs {
		prov = prov || f.Provisional()
		incomp = incomp || f.Incomplete()
	}
	var out []string
	if prov {
		out = append(out, r.text("mark_prov"))
	}
	if incomp {
		out = append(out, r.text("mark_incomp"))
	}
	if lower {
		out = append(out, r.text("mark_lower"), r.text("note_pct_plan"))
	}
	return out
}

// markNotes is usedMarks as HTML below a table, with the note that
// year-to-date counts are not judged when unjudged is set.
func (r *Report) markNotes(figs []Figure, lower, unjudged bool) template.HTML {
	notes := r.usedMarks(figs, lower)
	if unjudged {
		notes = append(notes, r.text("note_ytd_plan"))
	}
	if len(notes) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<div class="marks">`)
	for _, n := range notes {
		b.WriteString("<div>" + template.HTMLEscapeString(n) + "</div>")
	}
	b.WriteString(`</div>`)
	return template.HTML(b.String())
}

// indicatorsOf names the report's indicators a ministry answers for, with
// its fields.
func (r *Report) indicatorsOf(m Ministry) string {
	var names []string
	for _, ind := range r.Indicators {
		if r.organisation.For(ind.Code).NameVI == m.NameVI {
			names = append(names, ind.Name)
		}
	}
	fields := m.FieldsVI
	if r.Lang == "en" {
		fields = m.FieldsEN
	}
	out := strings.Join(names, "; ")
	if fields != "" {
		if out != "" {
			out += " — "
		}
		out += fields
	}
	return out
}

// absorbed names the old provinces of a new one: "Hà Giang (02), Tuyên
// Quang (08)".
func (r *Report) absorbed(m Merger) string {
	if len(m.Old) == 1 && m.Old[0].Code == m.Code && m.Old[0].Name == m.Name {
		return m.Old[0].Name + " (" + m.Old[0].Code + ", " + r.text("unchanged") + ")"
	}
	parts := make([]string, len(m.Old))
	for i, o := range m.Old {
		parts[i] = fmt.Sprintf("%s (%s)", o.Name, o.Code)
	}
	return strings.Join(parts, ", ")
}

// docNumber is the document's number line: "Số: 125/BC-BNV", or a blank
// to fill in before the ministry's abbreviation.
func (r *Report) docNumber() string {
	n := r.DocNumber
	if n == "" {
		n = "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-" + r.Issuer.Abbr
	}
	if r.Lang == "en" {
		return r.text("number") + " " + n
	}
	return r.text("number") + ": " + n
}

// placeDate is the place and date line, the day left blank for the
// signing: "Hà Nội, ngày … tháng … năm 2024".
func (r *Report) placeDate() string {
	y := r.Year
	if t, err := time.Parse(time.RFC3339, r.DrawnAt); err == nil {
		y = t.In(vietnam).Year()
	}
	return fmt.Sprintf(r.text("place_date"), y)
}

// signer is the signature block's title lines.
func (r *Report) signer() []string {
	if r.Lang == "en" {
		return r.Issuer.SignerEN
	}
	return r.Issuer.SignerVI
}

// Cover is what the cover states besides the title: issuer, period, data
// version, when drawn and as of when, the map of provinces.
func (r *Report) Cover() [][2]string {
	asOf := r.text("as_of_now")
	if r.AsOf != "" {
		asOf = r.stamp(r.AsOf)
	}
	return [][2]string{
		{r.text("issuer"), r.ministryName(r.Issuer)},
		{r.text("period_note"), r.Title() + ": " + r.PeriodNote()},
		{r.text("version"), r.versionText()},
		{r.text("as_of"), asOf},
		{r.text("drawn"), r.stamp(r.DrawnAt)},
		{r.text("boundaries"), r.BoundariesNote()},
	}
}

func (r *Report) versionText() string {
	return fmt.Sprintf("%s %d, %s %s", r.text("submission"), r.Version.Submission, r.text("loaded"), r.stamp(r.Version.LoadedAt))
}

// MissingRows are the aggregates some expected provinces are missing from:
// indicator, area, provinces in it, and which are missing.
func (r *Report) MissingRows() [][4]string {
	var out [][4]string
	for _, ind := range r.Indicators {
		for _, f := range ind.Summary {
			if len(f.Missing) > 0 {
				out = append(out, [4]string{ind.Name, f.AreaName, fmt.Sprintf("%d/%d", f.Reporting, f.Expected), r.missingNames(f.Missing)})
			}
		}
	}
	return out
}
