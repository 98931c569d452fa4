package warehouse_test

import (
	"context"
	"strings"
	"testing"
)

// The columns of indicator_values, and of indicator_values_current which
// has the same ones, are a contract with analysts (README, "For analysts:
// the SQL contract"): names, order and types.
func TestIndicatorValuesContract(t *testing.T) {
	f := newFixture(t)
	for _, view := range []string{"indicator_values", "indicator_values_current"} {
		checkColumns(t, f, view)
	}
}

func checkColumns(t *testing.T, f *fixture, view string) {
	rows, err := f.w.DB().Query(`SELECT column_name, data_type FROM information_schema.columns
		WHERE table_name = ? ORDER BY ordinal_position`, view)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var have []string
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			t.Fatal(err)
		}
		have = append(have, name+" "+typ)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"indicator VARCHAR", "area VARCHAR", "area_level VARCHAR", "period VARCHAR", "period_type VARCHAR",
		"value DOUBLE", "unit VARCHAR", "plan DOUBLE", "target VARCHAR", "pct_of_plan DOUBLE", "plan_met BOOLEAN",
		"previous_year DOUBLE", "pct_of_previous_year DOUBLE", "change_from_previous_year DOUBLE",
		"change_unit VARCHAR", "provinces_reporting BIGINT", "provinces_expected BIGINT", "status VARCHAR",
		"ytd_conflicts BIGINT", "direction VARCHAR", "boundaries VARCHAR",
		"plan_of_provinces DOUBLE", "reported_value DOUBLE", "reported_differs BOOLEAN", "note VARCHAR",
	}
	if strings.Join(have, ", ") != strings.Join(want, ", ") {
		t.Errorf("%s columns:\n have %s\n want %s", view, strings.Join(have, ", "), strings.Join(want, ", "))
	}
}

// The store holds what is computed; indicator_rows_shown joins in what the
// reference tables give. Read from the store or computed from the views
// (chitieu_figures), every row shows its area's level, its period's type,
// its map's boundaries, its indicator's unit, direction and change unit,
// and its status.
func TestIndicatorValuesShown(t *testing.T) {
	f := newFixture(t)
	f.mustLoad("shown.csv", csv(
		"jobs_created,40,2024,48500", "jobs_created,42,2024,12000,actual,provisional",
		"poor_household_rate,40,2024,4.5", "households,40,2024,900000",
		"jobs_created,40,2025-Q3,13000"))
	const shown = `
		SELECT 'reported' AS map, indicator, area, area_level, period, period_type, unit, change_unit, status, direction, boundaries
		FROM indicator_values
		UNION ALL
		SELECT 'current', indicator, area, area_level, period, period_type, unit, change_unit, status, direction, boundaries
		FROM indicator_values_current
		ORDER BY ALL`
	want := []string{
		"current households 40 province 2024 year households percent final none 34 provinces",
		"current households VN nation 2024 year households percent final none 34 provinces",
		"current jobs_created 40 province 2024 year persons percent final higher 34 provinces",
		"current jobs_created 40 province 2025-Q3 quarter persons percent final higher 34 provinces",
		"current jobs_created 42 province 2024 year persons percent provisional higher 34 provinces",
		"current jobs_created VN nation 2024 year persons percent provisional higher 34 provinces",
		"current jobs_created VN nation 2025-Q3 quarter persons percent final higher 34 provinces",
		"current poor_household_rate 40 province 2024 year percent percentage points final lower 34 provinces",
		"current poor_household_rate VN nation 2024 year percent percentage points final lower 34 provinces",
		"reported households 40 province 2024 year households percent final none 63 provinces",
		"reported households R3 region 2024 year households percent final none 63 provinces",
		"reported households VN nation 2024 year households percent final none 63 provinces",
		"reported jobs_created 40 province 2024 year persons percent final higher 63 provinces",
		"reported jobs_created 40 province 2025-Q3 quarter persons percent final higher 34 provinces",
		"reported jobs_created 42 province 2024 year persons percent provisional higher 63 provinces",
		"reported jobs_created R3 region 2024 year persons percent provisional higher 63 provinces",
		"reported jobs_created VN nation 2024 year persons percent provisional higher 63 provinces",
		"reported jobs_created VN nation 2025-Q3 quarter persons percent final higher 34 provinces",
		"reported poor_household_rate 40 province 2024 year percent percentage points final lower 63 provinces",
		"reported poor_household_rate R3 region 2024 year percent percentage points final lower 63 provinces",
		"reported poor_household_rate VN nation 2024 year percent percentage points final lower 63 provinces",
	}
	for _, computed := range []bool{false, true} {
		c, err := f.w.DB().Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if computed {
			if _, err := c.ExecContext(context.Background(), "SET VARIABLE chitieu_figures = 'computed'"); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := c.QueryContext(context.Background(), shown)
		if err != nil {
			t.Fatal(err)
		}
		var have []string
		for rows.Next() {
			v := make([]string, 11)
			p := make([]any, len(v))
			for i := range v {
				p[i] = &v[i]
			}
			if err := rows.Scan(p...); err != nil {
				t.Fatal(err)
			}
			have = append(have, strings.Join(v, " "))
		}
		rows.Close()
		c.Close()
		if strings.Join(have, "\n") != strings.Join(want, "\n") {
			t.Errorf("computed %v:\n have\n%s\n want\n%s", computed, strings.Join(have, "\n"), strings.Join(want, "\n"))
		}
	}
}
