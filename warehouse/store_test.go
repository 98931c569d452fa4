package warehouse_test

import (
	"context"
	"testing"

	"chitieu/warehouse"
)

// The indicator store follows every load inside the load's transaction:
// after each of a sequence of loads, a revision that changes and removes
// values, another year and a rejected file, indicator_values shows the new
// figures and the store holds exactly what the views compute; a full
// rebuild gives the same rows.
func TestStoreFollowsLoads(t *testing.T) {
	f := newFixture(t)
	steps := []struct {
		name, body string
		reject     bool
		check      func()
	}{
		{name: "nghe_an_2024.csv", body: csv(
			"jobs_created,40,2024-01,3000", "jobs_created,40,2024-02,3500", "jobs_created,40,2024-03,4000",
			"jobs_abroad,40,2024-03,1000",
			"jobs_created,40,2024,47000,plan",
			"labour_force,40,2024-Q1,2000000", "trained_workers,40,2024-Q1,1400000"),
			check: func() {
				if r := f.mustIndicator("jobs_created", "40", "2024-Q1"); !near(r.value, 10500) {
					t.Errorf("Nghệ An 2024-Q1 = %v, want 10500", r.value)
				}
			}},
		{name: "ha_tinh_2024.csv", body: csv(
			"jobs_created,42,2024-01,1000", "jobs_created,42,2024-02,1000", "jobs_created,42,2024-03,1000",
			"labour_force,42,2024-Q1,1000000", "trained_share,42,2024-Q1,60")},
		{name: "nghe_an_2023.csv", body: csv( // the previous year of what is loaded
			"jobs_created,40,2023-01,2000", "jobs_created,40,2023-02,2000", "jobs_created,40,2023-03,2000"),
			check: func() {
				if r := f.mustIndicator("jobs_created", "40", "2024-Q1"); !near(r.prev, 6000) {
					t.Errorf("Nghệ An 2024-Q1 previous year = %v, want 6000", r.prev)
				}
			}},
		{name: "nghe_an_2024_v2.csv", body: csv( // a new version: March revised, February and the part gone
			"jobs_created,40,2024-01,3000", "jobs_created,40,2024-03,4500",
			"jobs_created,40,2024,47000,plan",
			"labour_force,40,2024-Q1,2000000", "trained_workers,40,2024-Q1,1500000"),
			check: func() {
				if r := f.mustIndicator("jobs_created", "40", "2024-03"); !near(r.value, 4500) {
					t.Errorf("Nghệ An 2024-03 after the revision = %v, want 4500", r.value)
				}
				if _, ok := f.indicator("jobs_abroad", "40", "2024-03"); ok {
					t.Errorf("Nghệ An's jobs abroad still shown after the version that removed them")
				}
			}},
		{name: "bad.csv", body: csv("jobs_created,40,2024-04,-5"), reject: true},
	}
	for _, s := range steps {
		_, err := f.load(s.name, s.body)
		if (err != nil) != s.reject {
			t.Fatalf("load %s: %v", s.name, err)
		}
		if s.check != nil {
			s.check()
		}
		f.checkStore()
	}
	var before int
	if err := f.w.DB().QueryRow(`SELECT count(*) FROM indicator_store`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	if err := f.w.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	var after int
	if err := f.w.DB().QueryRow(`SELECT count(*) FROM indicator_store`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if before != after || before == 0 {
		t.Errorf("the store had %d rows after the loads and %d after a full rebuild", before, after)
	}
	f.checkStore()
}

// A full rebuild in the smallest steps gives what the views compute: every
// group of today's province a step of its own for the units (Hà Giang and
// Tuyên Quang, merged in 2025, in one: Tuyên Quang's 2025 gathers Hà
// Giang's January–June) and every year a step of its own for the figures.
func TestRebuildInSteps(t *testing.T) {
	f := newFixture(t)
	rows := append(mergerRows(),
		"jobs_created,40,2024-01,3000", "jobs_created,40,2025-01,3300",
		"jobs_created,42,2024-01,1000", "jobs_created,42,2025-01,1200",
		"jobs_created,VN,2025,1600000,plan", "labour_force,40,2024-Q1,2000000", "trained_workers,40,2024-Q1,1400000")
	f.mustLoad("provinces.csv", csv(rows...))
	var before int
	if err := f.w.DB().QueryRow(`SELECT count(*) FROM indicator_store`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	defer warehouse.SetRebuildSteps(1, 1)()
	if err := f.w.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.checkStore()
	var after int
	if err := f.w.DB().QueryRow(`SELECT count(*) FROM indicator_store`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if before != after || before == 0 {
		t.Errorf("the store had %d rows after the load and %d after a rebuild in steps", before, after)
	}
	y, _, _ := f.figure("indicator_values", "jobs_created", "08", "2025")
	if !near(y.value, 3660) || !near(y.prev, 3600) {
		t.Errorf("Tuyên Quang 2025 after a rebuild in steps = %v (prev %v), want 3660 against 3600", y.value, y.prev)
	}
}
