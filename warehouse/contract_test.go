package warehouse_test

import (
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
