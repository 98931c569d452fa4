package warehouse_test

import (
	"database/sql"
	"fmt"
	"math"
	"strings"
	"testing"
)

// The nation reports its own plan (the ministry's) and figure (GSO's): on
// the national row the plan is the nation's (for a count, only when every
// province reports), the provinces' combined plan stays in
// plan_of_provinces, and a reported figure that differs from the one built
// from the provinces is shown and flagged.
func TestNationalPlanAndReportedFigure(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("provinces.csv", csv(
		"jobs_created,40,2020,48000", "jobs_created,40,2020,47000,plan",
		"jobs_created,01,2020,160000", "jobs_created,01,2020,150000,plan",
		"urban_labour_force,40,2020,300000", "urban_unemployed,40,2020,9000",
		"urban_labour_force,01,2020,2000000", "urban_unemployed,01,2020,60000",
		"households,40,2020,900000", "poor_household_rate,40,2020,\"4,0\"",
		"households,40,2019,890000", "poor_household_rate,40,2019,\"5,4\"",
		"households,01,2020,2000000", "poor_household_rate,01,2020,\"1,0\"",
		"households,01,2019,1950000", "poor_household_rate,01,2019,\"2,0\"",
	))
	f.mustLoad("ke_hoach_ca_nuoc_2020.csv", csv(
		"jobs_created,Cả nước,2020,1610000,plan",
		"urban_unemployment_rate,Cả nước,2020,<4,plan",
		"poor_household_rate,Cả nước,2020,\"giảm 1 - 1,5\",plan",
		"jobs_created,Cả nước,2020,208000",             // the same as the provinces give: not flagged
		"urban_unemployment_rate,Cả nước,2020,\"2,9\"", // the provinces give 3.0: flagged
	))
	type nat struct {
		value, plan, pct, provPlan, reported sql.NullFloat64
		met, differs                         sql.NullBool
	}
	get := func(ind string) nat {
		t.Helper()
		var n nat
		if err := f.w.DB().QueryRow(`SELECT value, plan, pct_of_plan, plan_of_provinces, reported_value, plan_met, reported_differs
			FROM indicator_values WHERE indicator = ? AND area = 'VN' AND period = '2020'`, ind).
			Scan(&n.value, &n.plan, &n.pct, &n.provPlan, &n.reported, &n.met, &n.differs); err != nil {
			t.Fatalf("%s: %v", ind, err)
		}
		return n
	}
	// jobs: a count built from 2 of 63 provinces is not judged against the
	// nation's 1,610,000 but against those provinces' plans, and says so
	jobs := get("jobs_created")
	if !near(jobs.value, 208000) || !near(jobs.plan, 197000) || !near(jobs.provPlan, 197000) ||
		!near(jobs.pct, math.Round(208000.0/197000*10000)/100) || !jobs.met.Bool || !jobs.differs.Valid || jobs.differs.Bool {
		t.Errorf("jobs: value %v, plan %v (want the 2 provinces' 197,000), provinces' plan %v, %% %v, met %v, differs %v",
			jobs.value, jobs.plan, jobs.provPlan, jobs.pct, jobs.met, jobs.differs)
	}
	var note string
	if err := f.w.DB().QueryRow(`SELECT note FROM indicator_values WHERE indicator = 'jobs_created' AND area = 'VN' AND period = '2020'`).Scan(&note); err != nil ||
		!strings.Contains(note, "own plan (1610000) is for all 63 provinces") {
		t.Errorf("jobs note %q, %v", note, err)
	}
	// urban unemployment: 69,000 / 2,300,000 = 3.0 %, at most 4: met; GSO's 2.9 differs
	un := get("urban_unemployment_rate")
	if !near(un.value, 3) || !near(un.plan, 4) || !un.met.Bool || !near(un.reported, 2.9) || !un.differs.Bool {
		t.Errorf("unemployment: value %v plan %v met %v reported %v differs %v", un.value, un.plan, un.met, un.reported, un.differs)
	}
	// poverty: 2019 (48,060 + 39,000) / 2,840,000 = 3.0655 %, 2020 (36,000 +
	// 20,000) / 2,900,000 = 1.9310 %: down 1.13 points, a 1–1.5 reduction met
	pov := get("poor_household_rate")
	prev := (0.054*890000 + 0.02*1950000) / 2840000 * 100
	cur := (0.04*900000 + 0.01*2000000) / 2900000 * 100
	if !near(pov.value, cur) || !near(pov.plan, prev-1) || !pov.met.Bool || !near(pov.pct, math.Round((prev-cur)/1*10000)/100) {
		t.Errorf("poverty: value %v plan %v (want %v) %% %v met %v", pov.value, pov.plan, prev-1, pov.pct, pov.met)
	}
	// the nation's own figures stay out of the provinces' sums
	if n := f.count(`SELECT provinces_reporting FROM indicator_values WHERE indicator = 'jobs_created' AND area = 'VN' AND period = '2020'`); n != 2 {
		t.Errorf("jobs built from %d provinces, want 2", n)
	}
}

// A plan for the nation with no province reporting yet is still the
// nation's row, judged when its own figure comes.
func TestNationOwnFigureAlone(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("gso.csv", csv("urban_unemployment_rate,VN,2021,\"3,6\"", "urban_unemployment_rate,VN,2021,<4,plan",
		"urban_unemployment_rate,VN,2020,\"3,9\""))
	var value, prev sql.NullFloat64
	var met sql.NullBool
	var note sql.NullString
	if err := f.w.DB().QueryRow(`SELECT value, previous_year, plan_met, note FROM indicator_values
		WHERE indicator = 'urban_unemployment_rate' AND area = 'VN' AND period = '2021'`).Scan(&value, &prev, &met, &note); err != nil {
		t.Fatal(err)
	}
	if !near(value, 3.6) || !near(prev, 3.9) || !met.Bool || note.String == "" {
		t.Errorf("value %v prev %v met %v note %q", value, prev, met, note.String)
	}
}

// A rate reported alone, year after year, compares with the year before:
// change in points, % of the previous year; and it says why it is in no
// aggregate.
func TestRateAloneCompares(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("pov.csv", csv("poor_household_rate,40,2023,\"6,05\"", "poor_household_rate,40,2024,\"4,98\"",
		"poor_household_rate,40,2024,\"giảm 1 - 1,5\",plan"))
	r := f.mustIndicator("poor_household_rate", "40", "2024")
	if !near(r.value, 4.98) || !near(r.prev, 6.05) || !near(r.change, -1.07) || !near(r.pctPrev, math.Round(4.98/6.05*10000)/100) {
		t.Errorf("Nghệ An 2024: value %v prev %v change %v %%prev %v", r.value, r.prev, r.change, r.pctPrev)
	}
	if !near(r.plan, 5.05) || !near(r.pct, 107) {
		t.Errorf("judged against a 1-point reduction: plan %v (want 5.05), %% %v (want 107)", r.plan, r.pct)
	}
	var note string
	if err := f.w.DB().QueryRow(`SELECT note FROM indicator_values WHERE indicator = 'poor_household_rate' AND area = '40' AND period = '2024'`).Scan(&note); err != nil || note == "" {
		t.Errorf("note %q, %v: want why it is in no aggregate", note, err)
	}
	if _, ok := f.indicator("poor_household_rate", "VN", "2024"); ok {
		t.Errorf("a national row from a rate without its households")
	}
}

// Women's share of jobs created aggregates from its parts: Σ women ÷ Σ
// jobs, not the mean of the provinces' shares.
func TestWomenShareFromParts(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("w.csv", csv(
		"jobs_created,40,2024,48500", "jobs_created[sex=female],40,2024,23800",
		"jobs_created,01,2024,160000", "jobs_created_female,01,2024,70000",
		"women_share_jobs,VN,2024,49,plan",
	))
	vn := f.mustIndicator("women_share_jobs", "VN", "2024")
	want := (23800.0 + 70000) / (48500 + 160000) * 100 // 44.99 %; the mean of 49.07 and 43.75 is 46.41
	if !near(vn.value, want) || !near(vn.plan, 49) || !near(vn.pct, math.Round(want/49*10000)/100) {
		t.Errorf("women's share of jobs = %v (want %.4f), plan %v, %% %v", vn.value, want, vn.plan, vn.pct)
	}
	// The women's figures are observations of jobs created with a
	// breakdown, whichever code the file used (the series code or the one
	// the series had before breakdowns).
	if n := f.count(`SELECT count(*) FROM observations WHERE data_element = 'jobs_created' AND breakdown = 'sex=female'`); n != 2 {
		t.Errorf("%d observations of jobs_created with breakdown sex=female, want 2", n)
	}
	if n := f.count(`SELECT count(*) FROM observations WHERE data_element LIKE '%female%'`); n != 0 {
		t.Errorf("%d observations under an element of women's jobs, want none", n)
	}
	// and the national count of jobs is not changed by the women's parts
	if jobs := f.mustIndicator("jobs_created", "VN", "2024"); !near(jobs.value, 208500) {
		t.Errorf("national jobs = %v, want 208500 (the women's figures are parts, not more jobs)", jobs.value)
	}
}

// A breakdown column in a long CSV names the series, and the series sum
// over provinces like their element; a breakdown of a count larger than its
// total is refused as a part larger than its whole.
func TestBreakdownColumn(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("b.csv", "data_element,area,period,value,breakdown\n"+
		"vet_enrolment,40,2024,60000,total\n"+
		"vet_enrolment,40,2024,27000,sex=female\n"+
		"vet_enrolment,40,2024,33000,sex=male\n"+
		"vet_enrolment,01,2024,90000,\n"+
		"vet_enrolment,01,2024,36000,sex=female\n")
	vn := f.mustIndicator("women_share_vet", "VN", "2024")
	if want := (27000.0 + 36000) / (60000 + 90000) * 100; !near(vn.value, want) {
		t.Errorf("women's share of enrolment = %v, want %v", vn.value, want)
	}
	if n := f.count(`SELECT count(*) FROM element_values WHERE data_element = 'vet_enrolment' AND breakdown = 'sex=male' AND period = '2024'`); n != 1 {
		t.Errorf("element_values has %d rows of men's enrolment, want 1", n)
	}
	f.checkStore()
	res, err := f.load("bad.csv", "data_element,area,period,value,breakdown\n"+
		"vet_enrolment,40,2025,60000,total\n"+
		"vet_enrolment,40,2025,61000,sex=female\n")
	if err == nil || !strings.Contains(fmt.Sprint(res.Problems), "vet_enrolment[sex=female]") {
		t.Errorf("women's enrolment above the total: %v, %v; want refused naming the series", err, res.Problems)
	}
}

// A warehouse that stored women's figures under the element they had
// before breakdowns (jobs_created_female) has them moved to jobs_created
// with breakdown sex=female when it is next opened with the new
// definitions, and its indicators follow.
func TestOldFemaleElementMigrates(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("w.csv", csv("jobs_created,40,2024,48500", "jobs_created[sex=female],40,2024,23800"))
	// as an earlier chitieu stored it, with definitions since changed
	for _, q := range []string{
		`UPDATE observation_values SET data_element = 'jobs_created_female', breakdown = 'total' WHERE breakdown = 'sex=female'`,
		`DELETE FROM chitieu_meta WHERE key = 'reference'`,
	} {
		if _, err := f.w.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	f.reopen()
	if n := f.count(`SELECT count(*) FROM observation_values WHERE data_element = 'jobs_created' AND breakdown = 'sex=female' AND value = 23800`); n != 1 {
		t.Errorf("%d women's values moved to jobs_created with breakdown sex=female, want 1", n)
	}
	if n := f.count(`SELECT count(*) FROM observation_values WHERE data_element = 'jobs_created_female'`); n != 0 {
		t.Errorf("%d values left under jobs_created_female", n)
	}
	if r := f.mustIndicator("women_share_jobs", "40", "2024"); !near(r.value, 23800.0/48500*100) {
		t.Errorf("women's share after the move = %v, want %v", r.value, 23800.0/48500*100)
	}
	f.checkStore()
}
