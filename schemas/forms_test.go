package schemas

import (
	"testing"
	"time"
)

func TestFormDeadline(t *testing.T) {
	forms, err := LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]Form{}
	for _, f := range forms {
		byCode[f.Code] = f
	}
	for _, tc := range []struct {
		form   string
		period Period
		want   string // the last instant on time, UTC
	}{
		{"monthly", MonthPeriod(2024, 3), "2024-04-20T17:00:00Z"},  // 20 April, 24:00 in Vietnam
		{"monthly", MonthPeriod(2024, 12), "2025-01-20T17:00:00Z"}, // across the year
		{"annual", YearPeriod(2024), "2025-01-15T17:00:00Z"},       // 15 January (Circular 15/2019)
	} {
		if got := byCode[tc.form].Deadline(tc.period).UTC().Format(time.RFC3339); got != tc.want {
			t.Errorf("%s.Deadline(%s) = %s, want %s", tc.form, tc.period, got, tc.want)
		}
	}
}
