package warehouse_test

import (
	"bytes"
	"database/sql"
	stdcsv "encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"
)

// The 2025 reorganisation: 63 provinces became 34 on 2025-07-01. History is
// shown on the map of its time (indicator_values) and re-based onto the 34
// provinces (indicator_values_current).

// figure reads one row of a view.
func (f *fixture) figure(view, ind, area, period string) (row, string, bool) {
	f.t.Helper()
	var r row
	var boundaries string
	err := f.w.DB().QueryRow(`SELECT value, plan, pct_of_plan, previous_year, pct_of_previous_year,
		change_from_previous_year, provinces_reporting, provinces_expected, status, ytd_conflicts, boundaries
		FROM `+view+` WHERE indicator = ? AND area = ? AND period = ?`, ind, area, period).
		Scan(&r.value, &r.plan, &r.pct, &r.prev, &r.pctPrev, &r.change, &r.reporting, &r.expected, &r.status, &r.conflicts, &boundaries)
	if err == sql.ErrNoRows {
		return r, "", false
	}
	if err != nil {
		f.t.Fatalf("%s %s %s %s: %v", view, ind, area, period, err)
	}
	return r, boundaries, true
}

// GSO's 2015 labour force and trained-worker share of the 63 provinces
// (testdata/gso_2015_trained_share.csv): re-based to the 34 provinces the
// labour force still sums to the same national total, and the trained share
// of a merged province is the labour-force-weighted share of its parts.
func TestRebasedRealFigures(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.checkStore) // the indicator store holds what the views compute
	body, err := os.ReadFile("testdata/gso_2015_trained_share.csv")
	if err != nil {
		t.Fatal(err)
	}
	f.mustLoad("gso_2015.csv", string(body))
	lf, share := map[string]float64{}, map[string]float64{}
	recs, err := stdcsv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var total float64
	for _, r := range recs[1:] {
		v, _ := strconv.ParseFloat(r[3], 64)
		switch r[0] {
		case "labour_force":
			lf[r[1]] = v
			total += v
		case "trained_share":
			share[r[1]] = v
		}
	}

	var sum34 float64
	var n int
	rows, err := f.w.DB().Query(`SELECT value FROM indicator_values_current
		WHERE indicator = 'labour_force' AND period = '2015' AND area_level = 'province'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v float64
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		sum34 += v
		n++
	}
	rows.Close()
	if n != 34 || math.Abs(sum34-total) > 0.5 {
		t.Errorf("labour force 2015 on the 34 provinces: %d provinces summing to %.0f, want 34 summing to %.0f", n, sum34, total)
	}
	for _, view := range []string{"indicator_values", "indicator_values_current"} {
		if vn, _, _ := f.figure(view, "labour_force", "VN", "2015"); !near(vn.value, total) || vn.reporting != 63 || vn.expected != 63 {
			t.Errorf("%s: national labour force 2015 = %v from %d/%d, want %.0f from 63/63", view, vn.value, vn.reporting, vn.expected, total)
		}
	}

	// Thành phố Hồ Chí Minh today: Bình Dương (74), Bà Rịa - Vũng Tàu (77)
	// and the old city (79).
	parts := []string{"74", "77", "79"}
	var num, den, mean float64
	for _, c := range parts {
		num += share[c] * lf[c]
		den += lf[c]
		mean += share[c] / 3
	}
	hcm, boundaries, ok := f.figure("indicator_values_current", "trained_share", "79", "2015")
	if !ok || math.Abs(hcm.value.Float64-num/den) > 1e-9 || hcm.reporting != 3 || hcm.expected != 3 || boundaries != "34 provinces" {
		t.Errorf("re-based Hồ Chí Minh trained share 2015 = %v from %d/%d (%s), want %.4f (weighted by labour force; the mean would be %.4f) from 3/3 on 34 provinces",
			hcm.value, hcm.reporting, hcm.expected, boundaries, num/den, mean)
	}
	old, boundaries, _ := f.figure("indicator_values", "trained_share", "79", "2015")
	if !near(old.value, share["79"]) || boundaries != "63 provinces" {
		t.Errorf("as reported, Hồ Chí Minh 2015 = %v on %s, want the old city's %v on 63 provinces", old.value, boundaries, share["79"])
	}
	// After the merger no socio-economic region is defined.
	if _, _, ok := f.figure("indicator_values_current", "labour_force", "R5", "2015"); ok {
		t.Errorf("indicator_values_current has a region")
	}
}

// Year over year across the merger: new Tuyên Quang (08) in 2025 against
// Hà Giang (02) + old Tuyên Quang (08) in 2024; a year 2025 that gathers
// Hà Giang's January–June; 2025 plans set for the old provinces combine
// into the new province's target.
func TestYearOverYearAcrossTheMerger(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.checkStore) // the indicator store holds what the views compute
	f.mustLoad("merger.csv", csv(mergerRows()...))

	// Q3 2025 is on the 34 provinces: 900 against 600 (100 + 200 a month).
	q3, boundaries, ok := f.figure("indicator_values", "jobs_created", "08", "2025-Q3")
	if !ok || !near(q3.value, 900) || !near(q3.prev, 900) || boundaries != "34 provinces" {
		t.Errorf("Tuyên Quang 2025-Q3 = %v (previous year %v, %s), want 900 against 900 (Hà Giang + Tuyên Quang 2024-Q3) on 34 provinces", q3.value, q3.prev, boundaries)
	}
	// The year 2025: Hà Giang's January–June (660) + Tuyên Quang's year
	// (1200 + 1800) against 3600 in 2024; plan 1300 + 2500.
	y, _, _ := f.figure("indicator_values", "jobs_created", "08", "2025")
	if !near(y.value, 3660) || !near(y.prev, 3600) || !near(y.plan, 3800) || y.reporting != 1 {
		t.Errorf("Tuyên Quang 2025 = %v (prev %v, plan %v, %d reporting), want 3660, prev 3600, plan 3800 (1300 + 2500)", y.value, y.prev, y.plan, y.reporting)
	}
	if _, _, ok := f.figure("indicator_values", "jobs_created", "02", "2025"); ok {
		t.Errorf("Hà Giang has a row for 2025 on the map of 2025")
	}
	// The 2025 target for the trained share: the old provinces' plans
	// weighted by their 2024 labour force: (24·500000 + 28·450000) / 950000.
	ts, _, _ := f.figure("indicator_values", "trained_share", "08", "2025")
	wantPlan := (24*500000.0 + 28*450000) / 950000
	if !near(ts.value, 26) || math.Abs(ts.plan.Float64-wantPlan) > 1e-9 {
		t.Errorf("trained share 2025 = %v, plan %v; want 26, plan %.4f", ts.value, ts.plan, wantPlan)
	}
	// Its previous year is re-based: (20·500000 + 30·450000) / 950000.
	if want := (20*500000.0 + 30*450000) / 950000; math.Abs(ts.prev.Float64-want) > 1e-9 || math.Abs(ts.change.Float64-math.Round((26-want)*100)/100) > 1e-9 {
		t.Errorf("trained share 2024 re-based = %v (change %v), want %.4f", ts.prev, ts.change, want)
	}
	// 2024 on today's map: Hà Giang + Tuyên Quang.
	cur, _, _ := f.figure("indicator_values_current", "jobs_created", "08", "2024")
	if !near(cur.value, 3600) || cur.reporting != 2 || cur.expected != 2 {
		t.Errorf("Tuyên Quang 2024 on today's map = %v from %d/%d, want 3600 from 2/2", cur.value, cur.reporting, cur.expected)
	}
}

// mergerRows are Hà Giang's (02) and Tuyên Quang's (08) 2024 and 2025
// across their merger on 1 July 2025: Tuyên Quang's 2025 gathers Hà
// Giang's January–June and compares with both provinces' 2024.
func mergerRows() []string {
	var rows []string
	for m := 1; m <= 12; m++ {
		rows = append(rows,
			fmt.Sprintf("jobs_created,02,2024-%02d,100", m),
			fmt.Sprintf("jobs_created,08,2024-%02d,200", m),
			fmt.Sprintf("jobs_created,08,2025-%02d,%d", m, 200+100*btoi(m > 6))) // old Tuyên Quang, then new
		if m <= 6 {
			rows = append(rows, fmt.Sprintf("jobs_created,02,2025-%02d,110", m))
		}
	}
	return append(rows,
		"jobs_created,Hà Giang,2025,1300,plan", "jobs_created,Tuyên Quang,2025,2500,plan",
		"labour_force,02,2024,500000", "labour_force,08,2024,450000",
		"trained_share,02,2024,20", "trained_share,08,2024,30",
		"labour_force,08,2025,960000", "trained_workers,08,2025,249600",
		"trained_share,02,2025,24,plan", "trained_share,08,2025,28,plan")
}

// A merged province is complete only with all its parts: without Hà
// Giang's June 2025, Tuyên Quang's 2025 is not reported; without Hà Giang's
// 2024, its 2024 on today's map says 1/2 and the 2025 comparison is missing.
func TestMergedProvinceNeedsAllItsParts(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.checkStore) // the indicator store holds what the views compute
	var rows []string
	for m := 1; m <= 12; m++ {
		rows = append(rows, fmt.Sprintf("jobs_created,08,2024-%02d,200", m), fmt.Sprintf("jobs_created,08,2025-%02d,300", m))
		if m <= 5 {
			rows = append(rows, fmt.Sprintf("jobs_created,02,2025-%02d,110", m))
		}
	}
	f.mustLoad("partial.csv", csv(rows...))
	if y, _, ok := f.figure("indicator_values", "jobs_created", "08", "2025"); ok {
		t.Errorf("Tuyên Quang 2025 = %v without Hà Giang's June, want no value", y.value)
	}
	q3, _, _ := f.figure("indicator_values", "jobs_created", "08", "2025-Q3")
	if !near(q3.value, 900) || q3.prev.Valid {
		t.Errorf("Tuyên Quang 2025-Q3 = %v against %v, want 900 with no previous year (Hà Giang 2024 missing)", q3.value, q3.prev)
	}
	cur, _, _ := f.figure("indicator_values_current", "jobs_created", "08", "2024")
	if !near(cur.value, 2400) || cur.reporting != 1 || cur.expected != 2 {
		t.Errorf("Tuyên Quang 2024 on today's map = %v from %d/%d, want 2400 from 1/2", cur.value, cur.reporting, cur.expected)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
