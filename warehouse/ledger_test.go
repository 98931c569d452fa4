package warehouse_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"chitieu/schemas"
	"chitieu/warehouse"
)

func TestReingestSameBytesIsNoOp(t *testing.T) {
	f := newFixture(t)
	body := csv("jobs_created,40,2024-01,3000", "jobs_created,40,2024-02,3500")
	first := f.mustLoad("jan-feb.csv", body)
	if first.Outcome != warehouse.Loaded || first.Rows != 2 || first.Province != "40" {
		t.Fatalf("first load = %+v, want loaded, 2 rows, province 40", first)
	}
	res, err := f.load("copy-of-jan-feb.csv", body)
	if !errors.Is(err, warehouse.ErrDuplicateSubmission) || res.PreviousID != first.ID {
		t.Fatalf("second load = %+v, %v; want ErrDuplicateSubmission pointing at %d", res, err, first.ID)
	}
	if n := f.count(`SELECT count(*) FROM observation_values`); n != 2 {
		t.Errorf("%d observation rows after reloading, want 2", n)
	}
	if n := f.count(`SELECT count(*) FROM submissions`); n != 1 {
		t.Errorf("%d ledger rows after reloading, want 1", n)
	}
}

// A bad file is rejected whole, with every problem listed, and leaves the
// stored observations exactly as they were.
func TestRejectedFileLeavesNothing(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("good.csv", csv("jobs_created,40,2024-01,3000"))
	before := f.count(`SELECT count(*) FROM observations`)

	res, err := f.load("bad.csv", csv(
		"jobs_created,40,2024-02,3500",        // fine
		"jobs_created,Atlantis,2024-02,10",    // unknown province
		"jobs_invented,40,2024-02,10",         // unknown data element
		"jobs_created,41,2024-02,abc",         // code 41 does not exist; value not a number
		"jobs_created,40,2024-13,10",          // no such month
		"jobs_created,01,2024-02,-5",          // negative count
		"trained_share,01,2024,120",           // rate above 100
		"jobs_created,40,2024-01,3100",        // fine by itself …
		"jobs_created,Nghệ An,2024-01,3100",   // … but the same key twice
		"jobs_created,40,2024-03,10,forecast", // unknown kind
		"labour_force,40,2024-03,10,ytd",      // ytd of a stock
	))
	if !errors.Is(err, schemas.ErrRejected) || res.Outcome != warehouse.Rejected {
		t.Fatalf("load bad.csv = %v, %v; want rejected", res.Outcome, err)
	}
	wantProblems := []struct {
		row              int
		column, contains string
	}{
		{3, "area", "unknown province"},
		{4, "data_element", "unknown data element"},
		{5, "area", "unknown province"},
		{5, "value", "expected a number"},
		{6, "period", "expected a period"},
		{7, "value", "cannot be negative"},
		{8, "value", "between 0 and 100"},
		{11, "kind", "expected kind"},
		{12, "kind", "flows only"},
		{10, "data_element", "reported 2 times"},
	}
	for _, w := range wantProblems {
		found := false
		for _, p := range res.Problems {
			if p.Row == w.row && p.Column == w.column && strings.Contains(p.Message, w.contains) && p.File == "bad.csv" {
				found = true
			}
		}
		if !found {
			t.Errorf("no problem at row %d column %s containing %q; got:\n%v", w.row, w.column, w.contains, res.Problems.Err())
		}
	}
	if after := f.count(`SELECT count(*) FROM observations`); after != before {
		t.Errorf("observations: %d before, %d after a rejected file", before, after)
	}
	if n := f.count(`SELECT count(*) FROM observation_values WHERE submission_id = ?`, res.ID); n != 0 {
		t.Errorf("%d rows of the rejected file stored", n)
	}
	var outcome string
	var problems int
	if err := f.w.DB().QueryRow(`SELECT outcome, problem_count FROM submissions WHERE file_name = 'bad.csv'`).Scan(&outcome, &problems); err != nil {
		t.Fatal(err)
	}
	if outcome != "rejected" || problems != len(res.Problems) {
		t.Errorf("ledger says %s with %d problems, want rejected with %d", outcome, problems, len(res.Problems))
	}
}

// Duplicate keys are caught even when the rest of the file is clean, and
// name both rows.
func TestDuplicateKeyRejected(t *testing.T) {
	f := newFixture(t)
	res, err := f.load("dup.csv", csv("jobs_created,40,2024-01,3000", "jobs_created,Tỉnh Nghệ An,2024-01,3100"))
	if !errors.Is(err, schemas.ErrRejected) || len(res.Problems) != 1 {
		t.Fatalf("load dup.csv = %v, %v", res.Problems, err)
	}
	if p := res.Problems[0]; p.Row != 3 || !strings.Contains(p.Message, "at 2, 3") {
		t.Errorf("problem = %v, want row 3 naming rows 2 and 3", p)
	}
	if n := f.count(`SELECT count(*) FROM observation_values`); n != 0 {
		t.Errorf("%d rows stored from a rejected file", n)
	}
}

// A later file for the same values supersedes the earlier ones, which stay.
func TestLaterFileSupersedes(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.checkStore) // the indicator store holds what the views compute
	f.mustLoad("v1.csv", csv("jobs_created,40,2024-01,3000", "jobs_created,40,2024-02,3500"))
	res := f.mustLoad("v2.csv", csv("jobs_created,40,2024-01,3000", "jobs_created,40,2024-02,3600"))
	if res.Replaced != 2 || res.Revised != 1 {
		t.Errorf("replaced %d values, revised %d; want 2 replaced (one restated), 1 revised", res.Replaced, res.Revised)
	}
	var v float64
	var file string
	if err := f.w.DB().QueryRow(`SELECT value, file_name FROM observations WHERE period = '2024-02'`).Scan(&v, &file); err != nil {
		t.Fatal(err)
	}
	if v != 3600 || file != "v2.csv" {
		t.Errorf("current February = %v from %s, want 3600 from v2.csv", v, file)
	}
	if n := f.count(`SELECT count(*) FROM observation_values`); n != 4 {
		t.Errorf("%d stored versions, want 4 (the old ones kept)", n)
	}
}

// Everything survives closing and reopening the file, and reopening does not
// rebuild what has not changed.
func TestReopen(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("a.csv", csv("jobs_created,40,2024,48500", "jobs_created,40,2024,47000,plan"))
	f.reopen()
	if r := f.mustIndicator("jobs_created", "40", "2024"); !near(r.pct, 103.19) {
		t.Errorf("after reopening: %% of plan = %v, want 103.19", r.pct)
	}
	if n := f.count(`SELECT count(*) FROM submissions WHERE outcome = 'loaded'`); n != 1 {
		t.Errorf("ledger has %d loaded submissions after reopening, want 1", n)
	}
}

// Each value keeps the file and row it came from.
func TestProvenance(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("prov.csv", csv("jobs_created,40,2024-01,3000", "jobs_created,40,2024-02,3500"))
	var file string
	var row int
	if err := f.w.DB().QueryRow(`SELECT file_name, source_row FROM observations WHERE period = '2024-02'`).Scan(&file, &row); err != nil {
		t.Fatal(err)
	}
	if file != "prov.csv" || row != 3 {
		t.Errorf("February came from %s row %d, want prov.csv row 3", file, row)
	}
}

// SET VARIABLE as_of shows what the warehouse held at a time: values loaded
// by then and not yet superseded by then; indicators follow.
func TestAsOf(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.checkStore) // the indicator store holds what the views compute
	t1 := time.Date(2024, 2, 20, 10, 0, 0, 0, time.UTC)
	f.now = t1
	f.mustLoad("v1.csv", csv("jobs_created,40,2024-01,3000", "jobs_created,40,2024-02,3500"))
	f.now = t1.Add(30 * 24 * time.Hour)
	f.mustLoad("v2.csv", csv("jobs_created,40,2024-02,3600", "jobs_created,40,2024-03,4000"))

	ctx := context.Background()
	conn, err := f.w.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	at := func(asOf string) (obs int, q1 sql.NullFloat64) {
		t.Helper()
		if asOf == "" {
			_, err = conn.ExecContext(ctx, `RESET VARIABLE as_of`)
		} else {
			_, err = conn.ExecContext(ctx, `SET VARIABLE as_of = CAST(? AS TIMESTAMPTZ)`, asOf)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM observations`).Scan(&obs); err != nil {
			t.Fatal(err)
		}
		err := conn.QueryRowContext(ctx, `SELECT sum(value) FROM indicator_values WHERE indicator = 'jobs_created' AND area = '40' AND period IN ('2024-01', '2024-02', '2024-03')`).Scan(&q1)
		if err != nil {
			t.Fatal(err)
		}
		return obs, q1
	}
	for _, tt := range []struct {
		asOf string
		obs  int
		sum  float64
	}{
		{"2024-02-01 00:00:00+00", 0, 0},
		{"2024-02-20 10:00:00+00", 2, 6500},  // v1 just loaded
		{"2024-03-01 00:00:00+07", 2, 6500},  // before v2
		{"2024-04-01 00:00:00+00", 3, 10600}, // v2 revised February and added March
		{"", 3, 10600},                       // current
	} {
		obs, sum := at(tt.asOf)
		if obs != tt.obs || (tt.obs > 0 && !near(sum, tt.sum)) || (tt.obs == 0 && sum.Valid) {
			t.Errorf("as of %q: %d observations, indicator sum %v; want %d, %v", tt.asOf, obs, sum, tt.obs, tt.sum)
		}
	}
	// The variable belongs to the connection: others see the present.
	if _, err := conn.ExecContext(ctx, `SET VARIABLE as_of = TIMESTAMPTZ '2024-02-21 00:00:00+00'`); err != nil {
		t.Fatal(err)
	}
	if n := f.count(`SELECT count(*) FROM observations`); n != 3 {
		t.Errorf("another connection sees %d observations, want 3", n)
	}
}

// As of a time, restricted to the years asked for (ConnAsOf with years),
// indicator_values holds exactly the rows the unrestricted views give for
// those years, previous-year comparisons included, and none of the others.
func TestAsOfYears(t *testing.T) {
	f := newFixture(t)
	f.now = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	f.mustLoad("y.csv", csv("jobs_created,40,2022,39000", "jobs_created,40,2023,41000", "jobs_created,40,2024,48500",
		"jobs_created,01,2023,150000", "jobs_created,01,2024,160000",
		"trained_share,40,2023,68.2", "trained_share,40,2024,70.1", "labour_force,40,2023,1900000", "labour_force,40,2024,1950000",
		"jobs_created,40,2024,47000,plan"))
	f.now = f.now.Add(24 * time.Hour)
	f.mustLoad("r.csv", csv("jobs_created,40,2024,49000")) // a revision after the time asked
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	ctx := context.Background()
	rows := func(years ...int) []string {
		t.Helper()
		conn, err := f.w.ConnAsOf(ctx, at, years...)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		rs, err := conn.QueryContext(ctx, `SELECT indicator, area, period, value, plan, previous_year, pct_of_previous_year,
			provinces_reporting FROM indicator_values WHERE period LIKE '2024%' OR ? ORDER BY ALL`, len(years) > 0)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		var out []string
		cols, _ := rs.Columns()
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(vals...))
		}
		return out
	}
	all, scoped := rows(), rows(2024)
	if len(all) == 0 || strings.Join(all, "\n") != strings.Join(scoped, "\n") {
		t.Errorf("as of, 2024 from the whole warehouse:\n%s\nrestricted to 2024:\n%s", strings.Join(all, "\n"), strings.Join(scoped, "\n"))
	}
	for _, r := range all {
		if strings.HasPrefix(r, "jobs_created 40 2024 ") && !strings.Contains(r, "48500") {
			t.Errorf("as of before the revision, Nghệ An's 2024 = %s, want 48500", r)
		}
	}
	// the connection, back in the pool, shows the present again
	conn, err := f.w.ConnAsOf(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var v float64
	if err := conn.QueryRowContext(ctx, `SELECT value FROM indicator_values WHERE indicator = 'jobs_created' AND area = '40' AND period = '2024'`).Scan(&v); err != nil || v != 49000 {
		t.Errorf("the present: %v, %v; want 49000", v, err)
	}
}
