package warehouse_test

import (
	"database/sql"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// Rule 1: a national rate is built from its parts, never the mean of
// provincial rates. Hà Nội (large, 80%) and Bắc Kạn (small, 40%) give
// (3,200,000 + 80,000) / (4,000,000 + 200,000) = 78.10%, not (80 + 40) / 2 = 60%.
func TestNationalRateIsWeightedNotMean(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("rates.csv", csv(
		"labour_force,01,2024,4000000",
		"trained_workers,01,2024,3200000", // reports the parts: 80%
		"labour_force,06,2024,200000",
		"trained_share,06,2024,40", // reports only the rate
	))
	vn := f.mustIndicator("trained_share", "VN", "2024")
	want := (3_200_000 + 0.40*200_000) / 4_200_000 * 100
	if !near(vn.value, want) {
		t.Errorf("national trained_share = %v, want %.4f (weighted by labour force)", vn.value, want)
	}
	if near(vn.value, 60) {
		t.Errorf("national trained_share is the mean of provincial rates")
	}
	if vn.reporting != 2 || vn.expected != 63 {
		t.Errorf("coverage = %d/%d, want 2/63", vn.reporting, vn.expected)
	}
	// Each province keeps its own rate.
	if r := f.mustIndicator("trained_share", "06", "2024"); !near(r.value, 40) {
		t.Errorf("Bắc Kạn trained_share = %v, want 40", r.value)
	}
	// Regions: Hà Nội is in R1, Bắc Kạn in R2.
	if r := f.mustIndicator("trained_share", "R2", "2024"); !near(r.value, 40) || r.reporting != 1 || r.expected != 14 {
		t.Errorf("R2 trained_share = %v (%d/%d), want 40 (1/14)", r.value, r.reporting, r.expected)
	}
}

// The same rule on real figures (DOMAIN.md): the 63 provinces' 2015
// trained-worker shares weighted by labour force give 20.15%, their plain
// mean 17.67%.
func TestNationalRateOnRealFigures(t *testing.T) {
	f := newFixture(t)
	body, err := os.ReadFile("testdata/gso_2015_trained_share.csv")
	if err != nil {
		t.Fatal(err)
	}
	f.mustLoad("gso_2015.csv", string(body))
	vn := f.mustIndicator("trained_share", "VN", "2015")
	if math.Round(vn.value.Float64*100)/100 != 20.15 || vn.reporting != 63 || vn.expected != 63 {
		t.Errorf("national trained share 2015 = %v from %d/%d, want 20.15 from 63/63 (17.67 would be the mean)", vn.value, vn.reporting, vn.expected)
	}
}

// A rate reported without its denominator cannot be weighted: it is shown
// for its province and left out of aggregates, and the coverage says so.
func TestRateReportedWithoutDenominatorDoesNotAggregate(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("rates.csv", csv(
		"labour_force,01,2024,4000000",
		"trained_share,01,2024,75",
		"trained_share,40,2024,70.1", // no labour force: cannot be weighted
	))
	vn := f.mustIndicator("trained_share", "VN", "2024")
	if !near(vn.value, 75) || vn.reporting != 1 {
		t.Errorf("national = %v from %d provinces, want 75 from 1 (Nghệ An lacks its weight)", vn.value, vn.reporting)
	}
	if r := f.mustIndicator("trained_share", "40", "2024"); !near(r.value, 70.1) {
		t.Errorf("Nghệ An keeps its reported rate: got %v, want 70.1", r.value)
	}
}

// Rule 2: flows sum over months; stocks take the end-of-period value.
func TestFlowsSumStocksTakeEndOfPeriod(t *testing.T) {
	f := newFixture(t)
	var rows []string
	for m := 1; m <= 12; m++ {
		rows = append(rows, fmt.Sprintf("jobs_created,40,2024-%02d,%d", m, 1000*m))
		rows = append(rows, fmt.Sprintf("labour_force,40,2024-%02d,%d", m, 1_900_000+1000*m))
	}
	f.mustLoad("months.csv", csv(rows...))
	if r := f.mustIndicator("jobs_created", "40", "2024"); !near(r.value, 78000) {
		t.Errorf("jobs_created 2024 = %v, want 78000 (sum of months)", r.value)
	}
	if r := f.mustIndicator("jobs_created", "40", "2024-Q3"); !near(r.value, 7000+8000+9000) {
		t.Errorf("jobs_created 2024-Q3 = %v, want 24000", r.value)
	}
	if r := f.mustIndicator("labour_force", "40", "2024"); !near(r.value, 1_912_000) {
		t.Errorf("labour_force 2024 = %v, want 1912000 (December, not a sum)", r.value)
	}
	if r := f.mustIndicator("labour_force", "40", "2024-Q1"); !near(r.value, 1_903_000) {
		t.Errorf("labour_force 2024-Q1 = %v, want 1903000 (March)", r.value)
	}
}

// A reported year-to-date figure stands in for missing months, and a
// disagreement between complete months and the year-to-date is reported.
func TestYearToDate(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.checkStore) // the indicator store holds what the views compute
	var rows []string
	for m := 1; m <= 11; m++ { // December missing
		rows = append(rows, fmt.Sprintf("jobs_created,40,2024-%02d,4000", m))
	}
	rows = append(rows, "jobs_created,40,2024-12,48500,ytd")
	rows = append(rows, "jobs_created,40,2024-11,44000,ytd")
	rows = append(rows, "jobs_created,40,2024-09,36000,ytd")
	f.mustLoad("ytd.csv", csv(rows...))
	if r := f.mustIndicator("jobs_created", "40", "2024-12"); !near(r.value, 48500-44000) {
		t.Errorf("December from year-to-date = %v, want 4500 (ytd Dec − ytd Nov)", r.value)
	}
	var source string
	if err := f.w.DB().QueryRow(`SELECT source FROM element_values WHERE area = '40' AND period = '2024-12' AND kind = 'actual'`).Scan(&source); err != nil || source != "ytd" {
		t.Errorf("December's source = %q, %v; want ytd", source, err)
	}
	if r := f.mustIndicator("jobs_created", "40", "2024-YTD11"); !near(r.value, 44000) || r.conflicts != 0 {
		t.Errorf("January–November = %v with %d conflicts, want 44000 from months agreeing with the year-to-date", r.value, r.conflicts)
	}
	if r := f.mustIndicator("jobs_created", "40", "2024"); !near(r.value, 48500) {
		t.Errorf("2024 from year-to-date = %v, want 48500", r.value)
	}
	if r := f.mustIndicator("jobs_created", "40", "2024-Q4"); !near(r.value, 48500-36000) {
		t.Errorf("2024-Q4 from year-to-date = %v, want 12500 (ytd Dec − ytd Sep)", r.value)
	}
	if r := f.mustIndicator("jobs_created", "40", "2024-Q3"); !near(r.value, 12000) {
		t.Errorf("2024-Q3 from months = %v, want 12000", r.value)
	}
	if n := f.count(`SELECT count(*) FROM ytd_discrepancies`); n != 0 {
		t.Errorf("%d discrepancies before the months are complete, want 0", n)
	}
	// December arrives: now the months are complete and disagree with the
	// year-to-date (11 × 4000 + 4000 = 48000 ≠ 48500). Months win; it is said.
	f.mustLoad("dec.csv", csv("jobs_created,40,2024-12,4000"))
	r := f.mustIndicator("jobs_created", "40", "2024")
	if !near(r.value, 48000) || r.conflicts != 1 {
		t.Errorf("2024 = %v with %d conflicts, want 48000 from months with 1 conflict", r.value, r.conflicts)
	}
	if r := f.mustIndicator("jobs_created", "40", "2024-12"); !near(r.value, 4000) || r.conflicts != 0 {
		t.Errorf("December = %v with %d conflicts, want 4000 as reported, no conflict (a month is not checked)", r.value, r.conflicts)
	}
	var months, ytd float64
	if err := f.w.DB().QueryRow(`SELECT sum_of_months, reported_ytd FROM ytd_discrepancies WHERE area = '40' AND period = '2024'`).Scan(&months, &ytd); err != nil {
		t.Fatalf("ytd_discrepancies: %v", err)
	}
	if months != 48000 || ytd != 48500 {
		t.Errorf("discrepancy = %v vs %v, want 48000 vs 48500", months, ytd)
	}
}

// The worked example of DOMAIN.md: 48,500 jobs = 103.19% of plan and
// 104.85% of 2023.
func TestAttainmentAndYearOverYear(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("na.csv", csv(
		"jobs_created,40,2024,48.500",
		"jobs_created,40,2024,47.000,plan",
		"jobs_created,40,2023,46.256",
		"jobs_abroad,40,2024,20000",
		"jobs_abroad,40,2024,16500,plan",
		"jobs_abroad,40,2023,22857",
		"households,40,2024,900000",
		"poor_household_rate,40,2024,\"4,12\"",
		"poor_household_rate,40,2024,\"4,5\",plan",
		"households,40,2023,890000",
		"poor_household_rate,40,2023,\"5,19\"",
	))
	jobs := f.mustIndicator("jobs_created", "40", "2024")
	if !near(jobs.pct, 103.19) || !near(jobs.pctPrev, 104.85) || !near(jobs.change, 4.85) {
		t.Errorf("jobs_created: %% of plan %v, %% of 2023 %v, change %v; want 103.19, 104.85, 4.85", jobs.pct, jobs.pctPrev, jobs.change)
	}
	abroad := f.mustIndicator("jobs_abroad", "40", "2024")
	if !near(abroad.pct, 121.21) || !near(abroad.pctPrev, 87.5) {
		t.Errorf("jobs_abroad: %v %% of plan, %v %% of 2023; want 121.21, 87.5", abroad.pct, abroad.pctPrev)
	}
	// Lower is better: 4.12% against a plan of at most 4.5% beats the plan.
	// The change of a rate is in percentage points.
	pov := f.mustIndicator("poor_household_rate", "40", "2024")
	if !near(pov.pct, 109.22) {
		t.Errorf("poor_household_rate %% of plan = %v, want 109.22 (plan ÷ actual for lower-is-better)", pov.pct)
	}
	if !near(pov.change, -1.07) {
		t.Errorf("poor_household_rate change = %v, want -1.07 percentage points", pov.change)
	}
	var met bool
	if err := f.w.DB().QueryRow(`SELECT plan_met FROM indicator_values WHERE indicator = 'poor_household_rate' AND area = '40' AND period = '2024'`).Scan(&met); err != nil || !met {
		t.Errorf("plan_met = %v, %v; want true", met, err)
	}
}

// Rule 4: year-over-year compares the same period: Q3 2024 with Q3 2023, not
// with the whole of 2023.
func TestYearOverYearSamePeriod(t *testing.T) {
	f := newFixture(t)
	var rows []string
	for _, y := range []int{2023, 2024} {
		for m := 1; m <= 12; m++ {
			rows = append(rows, fmt.Sprintf("jobs_created,40,%d-%02d,%d", y, m, 1000+(y-2023)*100))
		}
	}
	f.mustLoad("two-years.csv", csv(rows...))
	r := f.mustIndicator("jobs_created", "40", "2024-Q3")
	if !near(r.prev, 3000) || !near(r.pctPrev, 110) {
		t.Errorf("2024-Q3 previous year = %v (%v%%), want 3000 (110%%)", r.prev, r.pctPrev)
	}
	r = f.mustIndicator("jobs_created", "40", "2024-07")
	if !near(r.prev, 1000) {
		t.Errorf("2024-07 previous year = %v, want 1000 (July 2023)", r.prev)
	}
}

// Rule 5: coverage travels with every aggregate, and comparisons are made on
// the same provinces: a national plan is given only when every reporting
// province has one.
func TestCoverageAndLikeForLike(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("cov.csv", csv(
		"jobs_created,01,2024,150000",
		"jobs_created,01,2024,140000,plan",
		"jobs_created,01,2023,145000",
		"jobs_created,40,2024,48500",
		"jobs_created,40,2023,46256",
		"jobs_created,79,2023,200000", // HCMC reported 2023 only
	))
	vn := f.mustIndicator("jobs_created", "VN", "2024")
	if !near(vn.value, 198500) || vn.reporting != 2 || vn.expected != 63 {
		t.Errorf("VN 2024 = %v from %d/%d, want 198500 from 2/63", vn.value, vn.reporting, vn.expected)
	}
	if vn.plan.Valid {
		t.Errorf("VN plan = %v, want none: Nghệ An reports no plan", vn.plan)
	}
	// Previous year on the same two provinces, not including HCMC's 2023.
	if !near(vn.prev, 145000+46256) {
		t.Errorf("VN previous year = %v, want %v (same provinces)", vn.prev, 145000+46256)
	}
	if r := f.mustIndicator("jobs_created", "VN", "2023"); r.reporting != 3 {
		t.Errorf("VN 2023 from %d provinces, want 3", r.reporting)
	}
}

// Aggregates built from any provisional value are provisional.
func TestProvisionalTravels(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("prov.csv", csv(
		"jobs_created,01,2024,150000,actual,final",
		"jobs_created,40,2024,48500,actual,provisional",
	))
	if r := f.mustIndicator("jobs_created", "VN", "2024"); r.status != "provisional" {
		t.Errorf("VN status = %s, want provisional", r.status)
	}
	if r := f.mustIndicator("jobs_created", "01", "2024"); r.status != "final" {
		t.Errorf("Hà Nội status = %s, want final", r.status)
	}
}

func TestIndicatorValuesColumns(t *testing.T) {
	f := newFixture(t)
	rows, err := f.w.DB().Query(`SELECT * FROM indicator_values LIMIT 0`)
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	rows.Close()
	have := strings.Join(cols, ",")
	for _, c := range []string{"indicator", "area", "area_level", "period", "value", "unit", "plan", "pct_of_plan",
		"previous_year", "pct_of_previous_year", "change_from_previous_year", "provinces_reporting", "provinces_expected"} {
		if !strings.Contains(","+have+",", ","+c+",") {
			t.Errorf("indicator_values lacks column %s (has %s)", c, have)
		}
	}
}

// TestCumulativePeriods: a year to date (2024-YTD09, "9 tháng đầu năm") sums January–September of
// a flow, is compared with January–September of the year before and with
// the year's plan, and takes a rate at the end of September. A province
// whose months are incomplete contributes its reported year-to-date figure.
func TestCumulativePeriods(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.checkStore) // the indicator store holds what the views compute
	var rows []string
	for m := 1; m <= 12; m++ {
		rows = append(rows,
			fmt.Sprintf("jobs_created,40,2024-%02d,%d", m, 4000+10*m),
			fmt.Sprintf("jobs_created,40,2023-%02d,%d", m, 3800))
		if m != 8 { // Hà Tĩnh: no August, but a year-to-date figure for September
			rows = append(rows, fmt.Sprintf("jobs_created,42,2024-%02d,1000", m), fmt.Sprintf("jobs_created,42,2023-%02d,900", m))
		}
	}
	rows = append(rows,
		"jobs_created,42,2024-09,9050,ytd", "jobs_created,42,2023-09,8100,ytd",
		"jobs_created,40,2024,48500,plan", "jobs_created,42,2024,12000,plan",
		"poor_household_rate,40,2024-06,5.1", "poor_household_rate,40,2024-09,4.6", "households,40,2024-09,900000", "poor_household_rate,40,2024,4.5,plan")
	f.mustLoad("ytd.csv", csv(rows...))

	na := f.mustIndicator("jobs_created", "40", "2024-YTD09")
	sum := 9*4000.0 + 10*45
	if !near(na.value, sum) || !near(na.plan, 48500) || !near(na.prev, 9*3800) {
		t.Errorf("Nghệ An Jan–Sep 2024 = %v, plan %v, Jan–Sep 2023 %v; want %v, 48500 (the year's), %v", na.value, na.plan, na.prev, sum, 9*3800)
	}
	if !near(na.pct, math.Round(sum/48500*10000)/100) {
		t.Errorf("%% of the year's plan = %v, want %.2f", na.pct, sum/48500*100)
	}
	var met sql.NullBool
	if err := f.w.DB().QueryRow(`SELECT plan_met FROM indicator_values WHERE indicator = 'jobs_created' AND area = '40' AND period = '2024-YTD09'`).Scan(&met); err != nil || met.Valid {
		t.Errorf("plan_met of nine months against a year's plan = %v, %v; want NULL", met, err)
	}
	if ht := f.mustIndicator("jobs_created", "42", "2024-YTD09"); !near(ht.value, 9050) || !near(ht.prev, 8100) {
		t.Errorf("Hà Tĩnh Jan–Sep = %v (prev %v), want 9050 from the year-to-date figure (prev 8100)", ht.value, ht.prev)
	}
	if r := f.mustIndicator("poor_household_rate", "40", "2024-YTD09"); !near(r.value, 4.6) || !near(r.plan, 4.5) {
		t.Errorf("poverty rate to September = %v (plan %v), want 4.6 at the end of September (plan 4.5)", r.value, r.plan)
	}
	if r := f.mustIndicator("jobs_created", "R3", "2024-YTD06"); !near(r.value, 6*4000+10*21+6*1000) || r.reporting != 2 {
		t.Errorf("R3 Jan–Jun = %v from %d provinces", r.value, r.reporting)
	}
	// element_values lists the year's plan for each year to date, as the
	// plan of the period
	var plan float64
	var source string
	if err := f.w.DB().QueryRow(`SELECT value, source FROM element_values
		WHERE data_element = 'jobs_created' AND area = '40' AND period = '2024-YTD09' AND kind = 'plan'`).Scan(&plan, &source); err != nil || plan != 48500 || source != "reported" {
		t.Errorf("element_values plan of 2024-YTD09 = %v (%s), %v; want 48500, reported (the year's)", plan, source, err)
	}
}

// Rule 3, target shapes: a plan stated as a bound, a range or a reduction is
// judged by its shape, where a plain number is judged by direction. Nghệ An's
// poverty rate fell from 5.19% to 4.12%: 1.07 points against a target of
// "giảm 1 - 1,5" points is 107% of the smallest reduction asked, met; Hà
// Tĩnh's urban unemployment of 3.1% is within "< 4"; Thanh Hóa's trained
// share of 68% misses "70 - 72".
func TestTargetShapes(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.checkStore) // the indicator store holds what the views compute
	f.mustLoad("targets.csv", csv(
		"households,40,2024,900000", "households,40,2023,890000",
		"poor_household_rate,40,2024,\"4,12\"", "poor_household_rate,40,2023,\"5,19\"",
		"poor_household_rate,40,2024,\"giảm 1 - 1,5\",plan",
		"urban_labour_force,42,2024,200000", "urban_unemployment_rate,42,2024,\"3,1\"",
		"urban_unemployment_rate,42,2024,<4,plan",
		"labour_force,38,2024,2000000", "trained_share,38,2024,68",
		"trained_share,38,2024,70 - 72,plan",
		"households,42,2024,400000", "poor_household_rate,42,2024,3", "poor_household_rate,42,2024,\"2,8\",plan",
	))
	type judged struct {
		plan, pct sql.NullFloat64
		target    sql.NullString
		met       sql.NullBool
	}
	get := func(ind, area string) judged {
		t.Helper()
		var j judged
		if err := f.w.DB().QueryRow(`SELECT plan, pct_of_plan, target, plan_met FROM indicator_values
			WHERE indicator = ? AND area = ? AND period = '2024'`, ind, area).Scan(&j.plan, &j.pct, &j.target, &j.met); err != nil {
			t.Fatalf("%s %s: %v", ind, area, err)
		}
		return j
	}
	pov := get("poor_household_rate", "40")
	if !near(pov.plan, 4.19) || !near(pov.pct, 107) || pov.target.String != "reduce by 1.0–1.5 percentage points" || !pov.met.Bool {
		t.Errorf("poverty, target a reduction: plan %v (want 5.19 − 1 = 4.19), %% of plan %v (want 107: 1.07 of 1 point), target %q, met %v",
			pov.plan, pov.pct, pov.target.String, pov.met)
	}
	un := get("urban_unemployment_rate", "42")
	if !near(un.plan, 4) || !near(un.pct, math.Round(4/3.1*10000)/100) || un.target.String != "at most 4.0" || !un.met.Bool {
		t.Errorf("unemployment below 4: plan %v, %% %v, target %q, met %v", un.plan, un.pct, un.target.String, un.met)
	}
	tr := get("trained_share", "38")
	if !near(tr.plan, 70) || !near(tr.pct, math.Round(68.0/70*10000)/100) || tr.target.String != "70.0–72.0" || !tr.met.Valid || tr.met.Bool {
		t.Errorf("trained share in 70–72: plan %v, %% %v, target %q, met %v (want not met)", tr.plan, tr.pct, tr.target.String, tr.met)
	}
	// A reduction and a plain number do not add up to a national plan.
	if r := f.mustIndicator("poor_household_rate", "VN", "2024"); r.plan.Valid {
		t.Errorf("national poverty plan = %v from a reduction and a plain target, want none", r.plan)
	}
	// A bound reported as an actual value is refused.
	if _, err := f.load("bad.csv", csv("urban_unemployment_rate,42,2024,<4")); err == nil {
		t.Errorf("an actual value of <4 was accepted")
	}
}
