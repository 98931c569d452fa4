package warehouse_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"chitieu/schemas"
)

// problemsOf returns the problems of a load whose message contains substr.
func problemsOf(ps schemas.Problems, substr string) schemas.Problems {
	var out schemas.Problems
	for _, p := range ps {
		if strings.Contains(p.Message, substr) {
			out = append(out, p)
		}
	}
	return out
}

// "Trong đó" (of which) may not exceed its total, a rate's numerator its
// denominator; both reject the file, and nothing is stored.
func TestCheckBounds(t *testing.T) {
	f := newFixture(t)
	res, err := f.load("bounds.csv", csv(
		"jobs_created,40,2024-03,4000",
		"jobs_abroad,40,2024-03,4100", // of which > total
		"jobs_abroad,40,2024-02,900",  // no total in the file: not compared
		"trained_workers,40,2024,1400000",
		"labour_force,40,2024,1300000", // numerator > denominator
		"households,42,2024,400000",
		"poor_households,42,2024,20000", // fine
	))
	if !errors.Is(err, schemas.ErrRejected) {
		t.Fatalf("load error = %v, want rejected", err)
	}
	parts := problemsOf(res.Problems, "cannot exceed it")
	if len(parts) != 2 {
		t.Fatalf("%d bound problems, want 2: %v", len(parts), res.Problems)
	}
	if p := parts[0]; p.Row != 3 || p.Value != "4100" || !strings.Contains(p.Message, "jobs_abroad is a part") || !strings.Contains(p.Message, "jobs_created (40, 2024-03, actual) at row 2 is 4000") {
		t.Errorf("of-which problem = %+v", p)
	}
	if p := parts[1]; p.Row != 5 || p.Value != "1400000" || !strings.Contains(p.Message, "numerator") {
		t.Errorf("numerator problem = %+v", p)
	}
	if n := f.count(`SELECT count(*) FROM observation_values`); n != 0 {
		t.Errorf("%d values stored from a rejected file", n)
	}
}

// Results for a period that has not begun reject the file; plans for it
// do not.
func TestCheckFuture(t *testing.T) {
	f := newFixture(t)
	f.now = time.Date(2023, 11, 15, 9, 0, 0, 0, time.UTC)
	f.reopen()
	f.mustLoad("plan.csv", csv("jobs_created,40,2024,50000,plan", "jobs_created,40,2023-11,3000"))
	res, err := f.load("future.csv", csv("jobs_created,40,2023-12,3000", "jobs_created,42,2023-12,2000", "jobs_created,40,2023-10,3000"))
	if !errors.Is(err, schemas.ErrRejected) {
		t.Fatalf("load error = %v, want rejected", err)
	}
	ps := problemsOf(res.Problems, "has not begun")
	if len(ps) != 1 || ps[0].Value != "2023-12" || ps[0].Row != 2 || !strings.Contains(ps[0].Message, "2 results") {
		t.Errorf("future problems = %v, want one for 2026-03 at row 2 counting 2 results", res.Problems)
	}
}

// A reported year-to-date figure is compared with the months loaded,
// earlier files' and its own, once all are there.
func TestCheckYTD(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("q1.csv", csv("jobs_created,40,2024-01,1000", "jobs_created,40,2024-02,1100"))
	res := f.mustLoad("m3.csv", csv(
		"jobs_created,40,2024-03,1200",
		"jobs_created,40,2024-03,3400,ytd", // 1000 + 1100 + 1200 = 3300
		"jobs_created,42,2024-03,900,ytd",  // months of 42 not loaded: not compared
		"jobs_created,40,2024-02,2100,ytd", // 1000 + 1100 = 2100
	))
	ps := problemsOf(res.Problems, "year-to-date")
	if len(ps) != 1 {
		t.Fatalf("ytd problems %v, want one", res.Problems)
	}
	if p := ps[0]; p.Severity != schemas.SeverityWarning || p.Row != 3 || p.Value != "3400" || !strings.Contains(p.Message, "which is 3300") {
		t.Errorf("ytd problem = %+v", p)
	}
}

// The months a file gives are in force over the warehouse's when its
// year-to-date figures are checked: a file revising January and giving
// the year to date of February that matches the revision is not flagged.
func TestCheckYTDRevisedMonths(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("jan.csv", csv("jobs_created,40,2024-01,1000"))
	res := f.mustLoad("feb.csv", csv(
		"jobs_created,40,2024-01,900",      // revised
		"jobs_created,40,2024-02,1100",     //
		"jobs_created,40,2024-02,2000,ytd", // 900 + 1100
		"jobs_created,40,2024-01,1000,ytd", // the January first loaded, now revised
	))
	ps := problemsOf(res.Problems, "year-to-date")
	if len(ps) != 1 || ps[0].Row != 5 || !strings.Contains(ps[0].Message, "which is 900") {
		t.Fatalf("ytd problems %v, want one, at row 5, against the revised January", res.Problems)
	}
}

// A month far from the same month of earlier years is a warning; a
// seasonal peak the history shares is not.
func TestCheckHistory(t *testing.T) {
	f := newFixture(t)
	for y, v := range map[int][2]int{2020: {3000, 900}, 2021: {3100, 950}, 2022: {2950, 1000}, 2023: {3050, 980}} {
		// March is always a third of the year's hiring peak; April low.
		f.mustLoad(fmt.Sprintf("%d.csv", y), csv(
			fmt.Sprintf("jobs_created,40,%d-03,%d", y, v[0]),
			fmt.Sprintf("jobs_created,40,%d-04,%d", y, v[1])))
	}
	res := f.mustLoad("2024.csv", csv(
		"jobs_created,40,2024-03,3020",  // seasonal peak, as every year
		"jobs_created,40,2024-04,30500", // a typing error: ten times the usual
		"jobs_created,42,2024-04,30500", // no history for 42
	))
	ps := problemsOf(res.Problems, "far from")
	if len(ps) != 1 {
		t.Fatalf("history problems %v, want one", res.Problems)
	}
	if p := ps[0]; p.Severity != schemas.SeverityWarning || p.Row != 3 || !strings.Contains(p.Message, "4 earlier years has median 965") {
		t.Errorf("history problem = %+v", p)
	}
}

// Stated percentages are checked against the file's figures and the
// warehouse's, and are never stored.
func TestCheckStated(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("2023.csv", csv("jobs_created,40,2023-12,46256,ytd", "poor_household_rate,40,2023,5.19"))
	res := f.mustLoad("2024.csv", csv(
		"jobs_created,40,2024,47000,plan",
		"jobs_created,40,2024-12,48500,ytd",
		"jobs_created,40,2024-12,\"103,19\",pct_plan",      // 48500 ÷ 47000 = 103.19 %
		"jobs_created,40,2024-12,104.85,pct_previous_year", // 48500 ÷ 46256 = 104.85 %
		"jobs_abroad,40,2024,16500,plan",
		"jobs_abroad,40,2024-12,20000,ytd",
		"jobs_abroad,40,2024-12,112.21,pct_plan", // 121.21 % mistyped
		"poor_household_rate,40,2024,4.12",
		"poor_household_rate,40,2024,79.38,pct_previous_year", // 4.12 ÷ 5.19, a rate stated as a ratio
		"vet_enrolment,40,2024,65000,plan",
		"vet_enrolment,40,2024-YTD06,30000",
		"vet_enrolment,40,2024-YTD06,41.15,pct_plan", // six months: 30000 ÷ 65000 = 46.15 %
	))
	ps := problemsOf(res.Problems, "stated percentage")
	if len(ps) != 2 {
		t.Fatalf("stated problems %v, want two", res.Problems)
	}
	if p := ps[0]; p.Row != 8 || p.Value != "112.21" || !strings.Contains(p.Message, "year-to-date value 20000 ÷ 16500 × 100 = 121.21%") {
		t.Errorf("stated problem = %+v", p)
	}
	if p := ps[1]; p.Row != 13 || !strings.Contains(p.Message, "the value 30000 ÷ 65000 × 100 = 46.15%") {
		t.Errorf("stated problem for the year to date = %+v", p)
	}
	if res.Rows != 7 {
		t.Errorf("%d values stored, want 7: stated percentages are not stored", res.Rows)
	}
	if n := f.count(`SELECT count(*) FROM observation_values WHERE kind LIKE 'pct%'`); n != 0 {
		t.Errorf("%d stated percentages stored", n)
	}
}

// The sector shares of employment make 100: off by more than rounding is
// an error naming the three.
func TestCheckGroups(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("ok.csv", csv("agriculture_share,40,2024,46", "industry_share,40,2024,23", "services_share,40,2024,31"))
	f.mustLoad("rounded.csv", csv("agriculture_share,40,2023,\"45,3\"", "industry_share,40,2023,\"23,3\"", "services_share,40,2023,\"31,3\""))
	_, err := f.load("bad.csv", csv("agriculture_share,38,2024,46", "industry_share,38,2024,23", "services_share,38,2024,41"))
	if err == nil || !strings.Contains(err.Error(), "agriculture_share, industry_share, services_share") || !strings.Contains(err.Error(), "sum to 110") {
		t.Errorf("shares summing to 110: %v", err)
	}
}
