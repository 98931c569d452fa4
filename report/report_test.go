package report

import (
	"archive/zip"
	"bytes"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"chitieu/schemas"
)

func f64(x float64) *float64 { return &x }

var yes, no = true, false

// fixture is a small report: Nghệ An's 2024 results (the ministry's worked
// example) as the whole nation, a lower-is-better rate, and a month one
// province did not send.
func fixture(lang string) *Report {
	return &Report{
		Period: "2024-Q4", Cumulative: "2024", Previous: "2023", Year: 2024, Quarter: 4, LastMonth: 12, Lang: lang,
		View: "indicator_values", DrawnAt: "2025-01-25T02:00:00Z", AsOf: "2025-01-24T17:00:00Z",
		Version: Version{Submission: 42, LoadedAt: "2025-01-20T03:00:00Z"},
		Issuer:  Ministry{NameVI: "Bộ Lao động – Thương binh và Xã hội", NameEN: "Ministry of Labour, Invalids and Social Affairs", Abbr: "BLĐTBXH", Issuer: true, SignerVI: []string{"TL. BỘ TRƯỞNG"}},
		Regions: map[string]string{"R3": "Bắc Trung Bộ và duyên hải miền Trung", "R5": "Đông Nam Bộ"},
		Indicators: []Indicator{
			{Code: "jobs_created", Name: "Số lao động được giải quyết việc làm", Unit: "persons", Kind: "flow", Direction: "higher",
				Summary: []Figure{
					{Area: "VN", AreaName: "Cả nước", Level: "nation", InQuarter: f64(13000), Value: f64(48500), Plan: f64(47000), PctPlan: f64(103.19),
						Previous: f64(46256), PctPrev: f64(104.85), Change: f64(4.85), ChangeIn: "percent", Reporting: 1, Expected: 2,
						Status: "final", Missing: []string{"74"}},
				},
				Provinces: []Figure{
					{Area: "40", AreaName: "Nghệ An", Level: "province", Region: "R3", Rank: 1, Value: f64(48500), Plan: f64(47000),
						PctPlan: f64(103.19), PlanMet: &yes, Previous: f64(46256), PctPrev: f64(104.85), Change: f64(4.85), ChangeIn: "percent",
						Reporting: 1, Expected: 1, Status: "final"},
					{Area: "74", AreaName: "Bình Dương", Level: "province", Region: "R5", Expected: 1},
				}},
			{Code: "poor_household_rate", Name: "Tỷ lệ hộ nghèo (đa chiều)", Unit: "percent", Kind: "rate", Direction: "lower",
				Summary: []Figure{
					{Area: "VN", AreaName: "Cả nước", Level: "nation", Value: f64(4.12), Plan: f64(4.19), PctPlan: f64(101.7),
						Previous: f64(5.19), PctPrev: f64(79.38), Change: f64(-1.07), ChangeIn: "percentage points", Reporting: 2, Expected: 2,
						Status: "provisional"},
				}},
		},
		Months: []MonthPoint{
			{Indicator: "jobs_created", Year: 2023, Month: 12, Value: f64(4000), Reporting: 2, Expected: 2, Status: "final"},
			{Indicator: "jobs_created", Year: 2024, Month: 11, Value: f64(4100), Reporting: 2, Expected: 2, Status: "final"},
			{Indicator: "jobs_created", Year: 2024, Month: 12, Value: f64(4200), Reporting: 1, Expected: 2, Status: "final"},
		},
		Reporting: Completeness{
			Months: []string{"2024-10", "2024-11", "2024-12"}, OnTime: 4, Late: 1, Missing: 1,
			Provinces: []ProvinceReports{
				{Area: "40", AreaName: "Nghệ An", Region: "R3", Months: []MonthReport{
					{Period: "2024-10", State: OnTime, Received: "2024-11-15T09:00:00+07:00"},
					{Period: "2024-11", State: Late, DaysLate: 3, Received: "2024-12-23T09:00:00+07:00"},
					{Period: "2024-12", State: OnTime, Received: "2025-01-15T09:00:00+07:00"}}},
				{Area: "74", AreaName: "Bình Dương", Region: "R5", Months: []MonthReport{
					{Period: "2024-10", State: OnTime}, {Period: "2024-11", State: OnTime}, {Period: "2024-12", State: Missing}}},
			},
		},
	}
}

func TestRank(t *testing.T) {
	fig := func(area string, pct, value *float64) Figure { return Figure{Area: area, PctPlan: pct, Value: value} }
	for _, tc := range []struct {
		name      string
		direction string
		figs      []Figure
		want      string
	}{
		{"by % of plan, ties share", "higher", []Figure{fig("01", f64(90), f64(5)), fig("02", f64(101), f64(1)), fig("03", f64(90), f64(9))}, "02:1 01:2 03:2"},
		{"lower is better by value without plans", "lower", []Figure{fig("01", nil, f64(5)), fig("02", nil, f64(1.2)), fig("03", nil, f64(9))}, "02:1 01:2 03:3"},
		{"no value: last, unranked", "higher", []Figure{fig("01", nil, nil), fig("02", nil, f64(3)), fig("03", nil, f64(7))}, "03:1 02:2 01:0"},
		{"without a plan among plans: unranked", "lower", []Figure{fig("01", nil, f64(0.5)), fig("02", f64(99), f64(3)), fig("03", f64(104), f64(7))}, "03:1 02:2 01:0"},
	} {
		rank(tc.figs, tc.direction)
		var got []string
		for _, f := range tc.figs {
			got = append(got, f.Area+":"+string(rune('0'+f.Rank)))
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("%s: rank = %s, want %s", tc.name, g, tc.want)
		}
	}
}

func TestDeadline(t *testing.T) {
	dl := Deadline(schemas.MonthPeriod(2024, 12))
	if got := dl.Format(time.RFC3339); got != "2025-01-20T23:59:59+07:00" {
		t.Errorf("Deadline(2024-12) = %s, want 2025-01-20T23:59:59+07:00", got)
	}
	for _, tc := range []struct {
		at   time.Time
		want string
		days int
	}{
		{time.Time{}, Missing, 0},
		{time.Date(2025, 1, 20, 16, 59, 59, 0, time.UTC), OnTime, 0}, // 23:59:59 in Hà Nội
		{time.Date(2025, 1, 20, 17, 0, 0, 0, time.UTC), Late, 1},
		{time.Date(2025, 1, 23, 9, 0, 0, 0, vietnam), Late, 3},
	} {
		if tc.at.IsZero() {
			continue
		}
		if days := daysLate(tc.at, dl); days != tc.days {
			t.Errorf("daysLate(%v) = %d; want %d", tc.at, days, tc.days)
		}
	}
	if got := Cumulative(2024, 3); got != "2024-YTD09" {
		t.Errorf("Cumulative(2024, Q3) = %s", got)
	}
	if got := Cumulative(2024, 4); got != "2024" {
		t.Errorf("Cumulative(2024, Q4) = %s", got)
	}
}

func TestNumbers(t *testing.T) {
	vi, en := fixture("vi"), fixture("en")
	for _, tc := range []struct {
		r    *Report
		got  string
		want string
	}{
		{vi, vi.value(f64(48500), "persons"), "48.500"},
		{en, en.value(f64(48500), "persons"), "48,500"},
		{vi, vi.value(f64(1604602), "persons"), "1.604.602"},
		{vi, vi.pct(f64(103.19)), "103,19%"},
		{en, en.pct(f64(103.19)), "103.19%"},
		{vi, vi.value(f64(4.12), "percent"), "4,12%"},
		{vi, vi.change(f64(-1.07), "percentage points"), "−1,07 điểm %"},
		{en, en.change(f64(4.85), "percent"), "+4.85%"},
		// just below 100 the figure keeps the decimals that keep it below,
		// so that a plan not met never shows as 100,00%
		{vi, vi.pct(f64(6.09 / 6.0902 * 100)), "99,997%"},
		{vi, vi.pct(f64(99.994)), "99,99%"},
		{vi, vi.pct(f64(100.004)), "100,00%"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.r.Lang, tc.got, tc.want)
		}
	}
}

func TestWriteXLSX(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		r := fixture(lang)
		var buf bytes.Buffer
		if err := r.WriteXLSX(&buf); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		summary := r.text("summary")
		sheets := f.GetSheetList()
		chartData := map[string]string{"vi": "Số liệu biểu đồ", "en": "Chart data"}[lang]
		want := []string{r.text("cover"), summary, r.SheetName("jobs_created"), r.SheetName("poor_household_rate"), r.text("monthly"), r.text("completeness"), r.text("notes"), chartData}
		if strings.Join(sheets, "|") != strings.Join(want, "|") {
			t.Errorf("%s: sheets %q, want %q", lang, sheets, want)
		}
		raw := excelize.Options{RawCellValue: true}
		for cell, want := range map[string]string{
			"D5": "47000", "E5": "13000", "F5": "48500", "G5": "1.0319", "H5": "46256", "I5": "1.0485", "K5": "1/2",
			"D6": "0.0419", "E6": "", "F6": "0.0412", "G6": "1.017", "J6": "-1.07",
		} {
			if got, _ := f.GetCellValue(summary, cell, raw); got != want {
				t.Errorf("%s: %s!%s = %q, want %q", lang, summary, cell, got, want)
			}
		}
		// the provisional rate and the incomplete national total are
		// marked on the figure, the area's name left alone
		if got, _ := f.GetCellValue(summary, "C5"); got != "Cả nước" {
			t.Errorf("%s: C5 = %q, want the area's name alone", lang, got)
		}
		if got, _ := f.GetCellValue(summary, "F5"); !strings.HasSuffix(got, "†") {
			t.Errorf("%s: F5 shows %q, want the incomplete mark after the figure", lang, got)
		}
		if got := numFmt(t, f, summary, "F6"); !strings.HasSuffix(got, `"*"`) {
			t.Errorf("%s: F6 format %q, want the provisional mark after the figure", lang, got)
		}
		// number formats: Vietnamese locale in vi
		wantCount := map[string]string{"vi": `[$-42A]#,##0"†"`, "en": `#,##0"†"`}[lang]
		if got := numFmt(t, f, summary, "F5"); got != wantCount {
			t.Errorf("%s: F5 format %q, want %q", lang, got, wantCount)
		}
		wantPct := map[string]string{"vi": "[$-42A]0.00%", "en": "0.00%"}[lang]
		if got := numFmt(t, f, summary, "G5"); got != wantPct {
			t.Errorf("%s: G5 format %q, want %q", lang, got, wantPct)
		}
		// tables: frozen header; every printed sheet A4 landscape, fitted
		// to the page's width, numbered
		for _, s := range sheets[:len(sheets)-1] {
			if s != r.text("cover") && s != r.text("notes") {
				if p, _ := f.GetPanes(s); !p.Freeze || p.YSplit == 0 {
					t.Errorf("%s: sheet %q header not frozen: %+v", lang, s, p)
				}
			}
			pl, _ := f.GetPageLayout(s)
			if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
				t.Errorf("%s: sheet %q page %+v, want A4 (9) landscape, one page wide", lang, s, pl)
			}
			if props, _ := f.GetSheetProps(s); props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("%s: sheet %q is not fitted to the page", lang, s)
			}
			if hf, _ := f.GetHeaderFooter(s); !strings.Contains(hf.OddFooter, "&P / &N") {
				t.Errorf("%s: sheet %q footer %q, want page numbers", lang, s, hf.OddFooter)
			}
		}
		if v, _ := f.GetSheetVisible(chartData); v {
			t.Errorf("%s: the charts' data sheet is visible", lang)
		}
		// a province table: a row for Bình Dương, not reported; the total
		// row; filter buttons; rows tall enough for wrapped text
		jobs := r.SheetName("jobs_created")
		rows, _ := f.GetRows(jobs)
		var names []string
		for _, row := range rows[4:] {
			if len(row) > 2 {
				names = append(names, row[2])
			}
		}
		if want := "Nghệ An|Bình Dương|Cả nước"; strings.Join(names, "|") != want {
			t.Errorf("%s: %s rows %q, want %q", lang, jobs, names, want)
		}
		if got, _ := f.GetCellValue(jobs, "L6"); got != r.text("not_reported") {
			t.Errorf("%s: Bình Dương's status %q, want %q", lang, got, r.text("not_reported"))
		}
		if h, _ := f.GetRowHeight(jobs, 5); h < 29 {
			t.Errorf("%s: row 5 of %s is %v points high, too low for its wrapped region name", lang, jobs, h)
		}
		if w, _ := f.GetColWidth(summary, "A"); w < 20 {
			t.Errorf("%s: column A width %v", lang, w)
		}
		// the completeness sheet names the missing month
		if got, _ := f.GetCellValue(r.text("completeness"), "F6"); got != r.text("missing") {
			t.Errorf("%s: Bình Dương December = %q, want %q", lang, got, r.text("missing"))
		}
		f.Close()

		// native charts: a bar chart of % of plan, a line chart of the
		// months; every one with a legend and its value axis from 0
		z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, zf := range z.File {
			if strings.HasPrefix(zf.Name, "xl/charts/chart") {
				rc, _ := zf.Open()
				var b bytes.Buffer
				b.ReadFrom(rc)
				rc.Close()
				x := b.String()
				switch {
				case strings.Contains(x, "<barChart>"):
					kinds = append(kinds, "bar")
				case strings.Contains(x, "<lineChart>"):
					kinds = append(kinds, "line")
				}
				if !strings.Contains(x, "<legend>") || strings.Contains(x, `<legendPos val="none"`) {
					t.Errorf("%s: %s has no legend", lang, zf.Name)
				}
				if _, ax, ok := strings.Cut(x, "<valAx>"); !ok || !strings.Contains(ax, `<min val="0"`) {
					t.Errorf("%s: %s's value axis does not start at 0", lang, zf.Name)
				}
				if strings.Contains(x, "<varyColors val=\"1\"") {
					t.Errorf("%s: %s colours each bar", lang, zf.Name)
				}
			}
		}
		sort.Strings(kinds)
		if strings.Join(kinds, ",") != "bar,line" {
			t.Errorf("%s: charts %v, want bar,line", lang, kinds)
		}
	}
}

func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if s.CustomNumFmt == nil {
		return ""
	}
	return *s.CustomNumFmt
}

func TestWriteHTML(t *testing.T) {
	r := fixture("vi")
	var buf bytes.Buffer
	if err := r.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	var svgs, bars int
	var css string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if (a.Key == "src" || a.Key == "href") && a.Val != "" {
					t.Errorf("external asset: <%s %s=%q>", n.Data, a.Key, a.Val)
				}
			}
			switch n.Data {
			case "link", "script", "img":
				t.Errorf("<%s> in a self-contained report", n.Data)
			case "svg":
				svgs++
				checkChart(t, n)
			case "rect":
				if !inLegend(n) {
					bars++
				}
			case "style":
				css += text(n)
			case "tr":
				var cells []string
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
						cells = append(cells, strings.TrimSpace(text(c)))
					}
				}
				rows = append(rows, cells)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	find := func(first string) []string {
		for _, r := range rows {
			if len(r) > 0 && r[0] == first {
				return r
			}
		}
		return nil
	}
	want := []string{"Số lao động được giải quyết việc làm", "người", "Cả nước", "47.000", "13.000", "48.500†", "103,19%", "46.256", "104,85%", "+4,85%", "1/2", "Chính thức, chưa đủ tỉnh"}
	if got := find(want[0]); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("summary row\n got %q\nwant %q", got, want)
	}
	want = []string{"Tỷ lệ hộ nghèo (đa chiều) ↓", "%", "Cả nước", "4,19%", "", "4,12%*", "101,70%", "5,19%", "79,38%", "−1,07 điểm %", "2/2", "Sơ bộ"}
	if got := find(want[0]); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("summary row\n got %q\nwant %q", got, want)
	}
	if got := find("74"); len(got) != 6 || got[5] != "Chưa báo cáo" {
		t.Errorf("completeness row of Bình Dương %q", got)
	}
	if got := find("40"); len(got) != 6 || got[4] != "Muộn 3 ngày (nhận 23/12/2024)" {
		t.Errorf("completeness row of Nghệ An %q", got)
	}
	if got := find("Phiên bản dữ liệu"); len(got) != 2 || !strings.Contains(got[1], "hồ sơ số 42") {
		t.Errorf("data version row %q", got)
	}
	if svgs != 2 || bars != 1 {
		t.Errorf("%d svg charts and %d bars, want 2 (bars, months) and 1 (Nghệ An; Bình Dương has no figure)", svgs, bars)
	}
	// every province of the map has a row in each province table, one
	// without a figure shown as not reported; the nation totals the table
	for _, want := range [][]string{
		{"1", "40", "Nghệ An", "Bắc Trung Bộ và duyên hải miền Trung", "47.000", "", "48.500", "103,19%", "46.256", "104,85%", "+4,85%", "Chính thức"},
		{"", "74", "Bình Dương", "Đông Nam Bộ", "", "", "", "", "", "", "", "Chưa báo cáo"},
		{"", "VN", "Cả nước", "", "47.000", "13.000", "48.500†", "103,19%", "46.256", "104,85%", "+4,85%", "Chính thức, chưa đủ tỉnh"},
	} {
		found := false
		for _, row := range rows {
			found = found || strings.Join(row, "|") == strings.Join(want, "|")
		}
		if !found {
			t.Errorf("no province-table row %q", want)
		}
	}
	// the marks a table uses are explained below it; the document has a
	// cover with its issuer, a number to fill in and page numbers
	for _, want := range []string{"† chưa đủ tỉnh", "* số liệu sơ bộ", "↓ chỉ tiêu giảm là tốt", "BỘ LAO ĐỘNG", "Số:", "/BC-BLĐTBXH", "counter(page)", "(Ký, ghi rõ họ tên và đóng dấu)"} {
		if !strings.Contains(page, want) && !strings.Contains(strings.ToUpper(page), want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if !strings.Contains(css, "@page { size: A4") || !strings.Contains(css, "@media print") {
		t.Errorf("no print CSS for A4")
	}
}

// checkChart holds a chart to what a reader needs: axis lines with tick
// labels, a legend; a bar chart its 100% line.
func checkChart(t *testing.T, svg *html.Node) {
	t.Helper()
	count := map[string]int{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "class" {
					count[n.Data+"."+a.Val]++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(svg)
	label := text(svg)
	if count["line.axis"] < 2 || count["text.tick"] < 2 || count["g.legend"] != 1 {
		t.Errorf("chart %.40q: %d axis lines, %d tick labels, %d legends; want axes with ticks and one legend", label, count["line.axis"], count["text.tick"], count["g.legend"])
	}
	if strings.Contains(attr(svg, "class"), "bars") && count["line.target"] < 2 {
		t.Errorf("bar chart %.40q without its 100%% line and its legend entry", label)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func inLegend(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Data == "g" && attr(p, "class") == "legend" {
			return true
		}
	}
	return false
}

func text(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(text(c))
	}
	return b.String()
}

func TestDueQuarter(t *testing.T) {
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2024, 10, 21, 6, 0, 0, 0, vietnam), "2024-Q3"},
		{time.Date(2024, 10, 20, 23, 0, 0, 0, vietnam), "2024-Q2"}, // Q3's September is not yet due
		{time.Date(2025, 1, 21, 0, 0, 1, 0, vietnam), "2024-Q4"},
		{time.Date(2025, 1, 5, 0, 0, 0, 0, vietnam), "2024-Q3"},
		{time.Date(2024, 12, 31, 20, 0, 0, 0, time.UTC), "2024-Q3"}, // 1 January 2025 in Hà Nội
	} {
		if got := DueQuarter(tc.at).Code(); got != tc.want {
			t.Errorf("DueQuarter(%v) = %s, want %s", tc.at, got, tc.want)
		}
	}
}

func TestIssuers(t *testing.T) {
	is, err := DefaultIssuers()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		day, indicator, issuer, answers string
	}{
		{"2024-09-30", "vet_enrolment", "Bộ Lao động – Thương binh và Xã hội", "Bộ Lao động – Thương binh và Xã hội"},
		{"2025-02-28", "jobs_created", "Bộ Lao động – Thương binh và Xã hội", "Bộ Lao động – Thương binh và Xã hội"},
		{"2025-03-31", "jobs_created", "Bộ Nội vụ", "Bộ Nội vụ"},
		{"2025-09-30", "vet_enrolment", "Bộ Nội vụ", "Bộ Giáo dục và Đào tạo"},
		{"2025-09-30", "new_indicator", "Bộ Nội vụ", "Bộ Nội vụ"},
	} {
		d, _ := time.Parse(time.DateOnly, tc.day)
		p, err := is.At(d)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Issuer().NameVI; got != tc.issuer {
			t.Errorf("issuer on %s = %s, want %s", tc.day, got, tc.issuer)
		}
		if got := p.For(tc.indicator).NameVI; got != tc.answers {
			t.Errorf("%s on %s: %s, want %s", tc.indicator, tc.day, got, tc.answers)
		}
	}
	for name, bad := range map[string]string{
		"gap":         "periods:\n- {from: 2020-01-01, to: 2024-12-31, ministries: [{name_vi: A, name_en: A, issuer: true}]}\n- {from: 2025-02-01, ministries: [{name_vi: B, name_en: B, issuer: true}]}\n",
		"two issuers": "periods:\n- {from: 2020-01-01, ministries: [{name_vi: A, name_en: A, issuer: true}, {name_vi: B, name_en: B, issuer: true}]}\n",
		"unknown key": "periods:\n- {from: 2020-01-01, ministry: x}\n",
	} {
		if _, err := ParseIssuers(name, []byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
