package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"chitieu/schemas"
)

// The done-when of the sector's warehouse: the ministry's 2020 plan
// (appendix 1 of seed 002, as the ministry lays it out) loads for "Cả
// nước", and the nation's 2020 figures built from the 63 provinces are
// judged against it: % of 1,610,000 jobs, at most 4 % urban unemployment,
// a 1–1.5 point fall of the poor-household rate. A province token may not
// send it (the warehouse refuses a file of another area: see
// warehouse.ErrOtherProvince); the CLI may.
func TestNationalPlan2020JudgesProvinces(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()

	// the plan table as the ministry writes it
	f := excelize.NewFile()
	set := func(ref string, v any) {
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
	set("A2", "CẢ NƯỚC")
	set("A3", "Chỉ tiêu kế hoạch năm 2020 lĩnh vực lao động, người có công và xã hội")
	for i, h := range []string{"TT", "Chỉ tiêu", "Đơn vị tính", "Mức phấn đấu năm 2020"} {
		set(fmt.Sprintf("%c5", 'A'+i), h)
	}
	for i, r := range [][4]any{
		{"I", "CHỈ TIÊU QUỐC HỘI GIAO"},
		{"1", "Tỷ lệ thất nghiệp của lao động trong độ tuổi ở khu vực thành thị", "%", "<4"},
		{"2", "Tỷ lệ lao động qua đào tạo", "%", 65},
		{"", "Trong đó, tỷ lệ lao động qua đào tạo có bằng, chứng chỉ", "%", 25},
		{"3", "Giảm tỷ lệ hộ nghèo theo chuẩn nghèo tiếp cận đa chiều", "%", "1- 1,5"},
		{"", "Riêng các huyện nghèo", "%", 4},
		{"II", "CHỈ TIÊU NGÀNH"},
		{"1", "Số lao động được giải quyết việc làm", "người", "1.610.000"},
		{"1.1", "Tạo việc làm trong nước", "người", "1.480.000"},
		{"1.2", "Đưa lao động đi làm việc ở nước ngoài theo hợp đồng", "người", "130.000"},
		{"3", "Tuyển mới giáo dục nghề nghiệp", "người", "2.260.000"},
		{"3.1", "Cao đẳng, trung cấp", "người", "580.000"},
		{"3.2", "Sơ cấp và và các chương trình đào tạo nghề nghiệp khác", "người", "1.680.000"},
		{"", "Trong đó, dạy nghề cho lao động nông thôn", "người", "1.000.000"},
		{"4", "Số người tốt nghiệp", "người", "2.190.000"},
		{"4.1", "Cao đẳng, trung cấp", "người", "510.000"},
		{"4.2", "Sơ cấp và các chương trình đào tạo nghề nghiệp khác", "người", "1.680.000"},
	} {
		for j, v := range r {
			if v != nil {
				set(fmt.Sprintf("%c%d", 'A'+j, 6+i), v)
			}
		}
	}
	plan := filepath.Join(dir, "phu_luc_1_ke_hoach_2020.xlsx")
	if err := f.SaveAs(plan); err != nil {
		t.Fatal(err)
	}

	// the 63 provinces' 2019 and 2020 figures
	ref, err := schemas.LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("data_element,area,period,value\n")
	var jobs, unemp, ulf, poor19, poor20, hh19, hh20 float64
	n := 0
	for _, a := range ref.All() {
		end := time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)
		if a.Level != schemas.LevelProvince || !a.ValidTo.IsZero() && a.ValidTo.Before(end) || a.ValidFrom.After(end) {
			continue
		}
		n++
		k := float64(n)
		j, u, l := 20000+400*k, 1000+30*k, 40000+900*k
		h19, h20 := 300000+5000*k, 303000+5000*k
		r19, r20 := 2+float64(n%9)*0.7, 1+float64(n%9)*0.6
		jobs, unemp, ulf = jobs+j, unemp+u, ulf+l
		hh19, hh20 = hh19+h19, hh20+h20
		poor19, poor20 = poor19+r19*h19/100, poor20+r20*h20/100
		fmt.Fprintf(&b, "jobs_created,%s,2020,%.0f\nurban_unemployed,%s,2020,%.0f\nurban_labour_force,%s,2020,%.0f\n", a.Code, j, a.Code, u, a.Code, l)
		fmt.Fprintf(&b, "households,%s,2019,%.0f\nhouseholds,%s,2020,%.0f\npoor_household_rate,%s,2019,%g\npoor_household_rate,%s,2020,%g\n",
			a.Code, h19, a.Code, h20, a.Code, r19, a.Code, r20)
	}
	if n != 63 {
		t.Fatalf("%d provinces in 2020, want 63", n)
	}
	provinces := filepath.Join(dir, "tinh_2020.csv")
	if err := os.WriteFile(provinces, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errs, code := c.run("ingest", plan, provinces); code != 0 {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, errs)
	}

	out, _, code := c.run("query", "--format", "csv", `SELECT indicator, value, plan, pct_of_plan, plan_met, provinces_reporting,
		plan_of_provinces IS NULL AS no_provincial_plan FROM indicator_values WHERE area = 'VN' AND period = '2020'
		AND indicator IN ('jobs_created', 'urban_unemployment_rate', 'poor_household_rate') ORDER BY indicator`)
	if code != 0 {
		t.Fatalf("query exit %d", code)
	}
	got := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		fs := strings.Split(line, ",")
		got[fs[0]] = fs[1:]
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return v
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.006 }
	j := got["jobs_created"]
	if len(j) < 6 || !near(num(j[0]), jobs) || num(j[1]) != 1610000 || !near(num(j[2]), math.Round(jobs/1610000*10000)/100) || j[3] != "true" || j[4] != "63" {
		t.Errorf("jobs 2020: %v, want %.0f of the nation's 1,610,000 (%.2f %%), from 63 provinces", j, jobs, jobs/1610000*100)
	}
	u := got["urban_unemployment_rate"]
	if len(u) < 6 || !near(num(u[0]), unemp/ulf*100) || num(u[1]) != 4 || u[3] != "true" {
		t.Errorf("urban unemployment 2020: %v, want %.4f against at most 4, met", u, unemp/ulf*100)
	}
	p := got["poor_household_rate"]
	prev, cur := poor19/hh19*100, poor20/hh20*100
	if len(p) < 6 || !near(num(p[0]), cur) || !near(num(p[1]), prev-1) || !near(num(p[2]), math.Round((prev-cur)*10000)/100) || p[3] != "true" {
		t.Errorf("poverty 2020: %v, want %.4f, plan %.4f (a fall of 1 point from %.4f), %% %.2f", p, cur, prev-1, prev, (prev-cur)*100)
	}
}

// The nation's plan comes from the ministry: a province token may not send
// it (403, nothing stored), a staff token may.
func TestServeNationalPlanNeedsStaff(t *testing.T) {
	c := newCLI(t)
	ngheAn := c.token("--area", "40")
	staff := c.token("--role", "staff", "--note", "Vụ Kế hoạch - Tài chính")
	s := startService(t, c)
	plan := []byte("data_element,area,period,value,kind\njobs_created,Cả nước,2025,1600000,plan\nurban_unemployment_rate,Cả nước,2025,<4,plan\n")
	if code, body := s.upload(ngheAn, "ke_hoach_2025.csv", plan); code != 403 {
		t.Errorf("province token: upload = %d %s, want 403", code, body)
	}
	if code, body := s.upload(staff, "ke_hoach_2025.csv", plan); code != 201 || !strings.Contains(body, `"province": "VN"`) {
		t.Errorf("staff token: upload = %d %s, want 201 for VN", code, body)
	}
	code, body := s.do("GET", "/api/submissions", staff, "", nil)
	if code != 200 || !strings.Contains(body, `"province": "VN"`) || !strings.Contains(body, "(staff, Vụ Kế hoạch - Tài chính)") {
		t.Errorf("ledger = %d %s", code, body)
	}
}

// Two provinces' annual reports laid out like appendix 1, each with
// "Trong đó: Nữ" beneath jobs created and vocational enrolment, load whole
// (no row left unread), and the nation's women's share of jobs is Σ women ÷
// Σ jobs of the two: 44.99 %, where the mean of their shares would say
// 46.41 %.
func TestAppendixOneWomenShareFromTwoProvinces(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	write := func(name, province string, jobs, women, enrol, enrolWomen int) string {
		f := excelize.NewFile()
		for ref, v := range map[string]any{
			"A1": "UBND " + province, "A3": "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH NĂM 2024",
			"A5": "TT", "B5": "Chỉ tiêu", "C5": "Đơn vị tính", "D5": "Thực hiện năm 2024",
			"A6": "II", "B6": "CHỈ TIÊU NGÀNH",
			"A7": "1", "B7": "Số lao động được giải quyết việc làm", "C7": "người", "D7": jobs,
			"B8": "Trong đó: Nữ", "C8": "người", "D8": women,
			"A9": "3", "B9": "Tuyển mới giáo dục nghề nghiệp", "C9": "người", "D9": enrol,
			"B10": "Trong đó: Nữ", "C10": "người", "D10": enrolWomen,
		} {
			if err := f.SetCellValue("Sheet1", ref, v); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, name)
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		return path
	}
	a := write("nghe_an_2024.xlsx", "TỈNH NGHỆ AN", 48500, 23800, 61200, 27500)
	b := write("ha_noi_2024.xlsx", "THÀNH PHỐ HÀ NỘI", 160000, 70000, 190000, 80000)
	out, errs, code := c.run("ingest", a, b)
	if code != 0 {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, errs)
	}
	if strings.Contains(out+errs, "not read") || strings.Contains(out+errs, "warning") {
		t.Errorf("a row left unread or a warning:\n%s%s", out, errs)
	}
	out, _, code = c.run("query", "--format", "csv", `SELECT data_element, breakdown, count(*) FROM observations
		GROUP BY ALL ORDER BY ALL`)
	if want := "jobs_created,sex=female,2\njobs_created,total,2\nvet_enrolment,sex=female,2\nvet_enrolment,total,2"; code != 0 || !strings.Contains(out, want) {
		t.Errorf("observations by element and breakdown:\n%s\nwant\n%s", out, want)
	}
	out, _, code = c.run("query", "--format", "csv", `SELECT indicator, round(value, 4), provinces_reporting FROM indicator_values
		WHERE area = 'VN' AND period = '2024' AND indicator IN ('women_share_jobs', 'women_share_vet') ORDER BY indicator`)
	jobs := (23800.0 + 70000) / (48500 + 160000) * 100
	enrol := (27500.0 + 80000) / (61200 + 190000) * 100
	want := fmt.Sprintf("women_share_jobs,%g,2\nwomen_share_vet,%g,2", math.Round(jobs*1e4)/1e4, math.Round(enrol*1e4)/1e4)
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("national women's shares:\n%s\nwant\n%s", out, want)
	}
}
