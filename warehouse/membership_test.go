package warehouse_test

import (
	"strings"
	"testing"

	"chitieu/schemas"
)

// reorganisedAreas is a small codelist with a reorganisation on 2025-07-01
// that reuses codes, as the 2025 merger of provinces does: province 40 and
// region R2 exist before and after, as other areas with other members.
//
//	until 2025-06-30   R1: 01, 02     R2: 40, 42
//	from 2025-07-01    R1: 01         R2: 40 (40 + 42), 02 moved in
const reorganisedAreas = `code,level,parent,name_vi,full_name_vi,name_en,valid_from,valid_to,aliases,successor
VN,nation,,Cả nước,Cả nước,Viet Nam,,,,
R1,region,VN,Vùng một,Vùng một,Region one,,,,
R2,region,VN,Vùng hai,Vùng hai,Region two,,2025-06-30,,
R2,region,VN,Vùng hai mới,Vùng hai mới,New region two,2025-07-01,,,
01,province,R1,Hà Nội,Thành phố Hà Nội,Ha Noi,,,,
02,province,R1,Hà Giang,Tỉnh Hà Giang,Ha Giang,,2025-06-30,,02
02,province,R2,Tuyên Quang,Tỉnh Tuyên Quang,Tuyen Quang,2025-07-01,,,
40,province,R2,Nghệ An,Tỉnh Nghệ An,Nghe An,,2025-06-30,,40
40,province,R2,Nghệ An mới,Tỉnh Nghệ An mới,New Nghe An,2025-07-01,,,
42,province,R2,Hà Tĩnh,Tỉnh Hà Tĩnh,Ha Tinh,,2025-06-30,,40
`

// newFixtureWithAreas is newFixture with a codelist written as CSV.
func newFixtureWithAreas(t *testing.T, codelist string) *fixture {
	t.Helper()
	areas, err := schemas.ParseAreas(strings.NewReader(codelist))
	if err != nil {
		t.Fatal(err)
	}
	return newFixtureWith(t, areas)
}

// Membership is by the areas valid on a period's last day: a province code
// reused by another area, or a region code reused by another region, counts
// once, in the region that is its parent on that day.
func TestMembershipByValidity(t *testing.T) {
	f := newFixtureWithAreas(t, reorganisedAreas)
	t.Cleanup(f.checkStore) // the indicator store holds what the views compute
	f.mustLoad("before.csv", csv(
		"jobs_created,01,2024,100",
		"jobs_created,02,2024,20",
		"jobs_created,40,2024,400",
		"jobs_created,42,2024,40",
	))
	f.mustLoad("after.csv", csv(
		"jobs_created,01,2025-12,1000",
		"jobs_created,02,2025-12,200",
		"jobs_created,40,2025-12,4000",
	))

	tests := []struct {
		area, period        string
		value               float64
		reporting, expected int
	}{
		{"40", "2024", 400, 1, 1},
		{"R1", "2024", 120, 2, 2},
		{"R2", "2024", 440, 2, 2},
		{"VN", "2024", 560, 4, 4},
		{"40", "2025-12", 4000, 1, 1},
		{"R1", "2025-12", 1000, 1, 1},
		{"R2", "2025-12", 4200, 2, 2},
		{"VN", "2025-12", 5200, 3, 3},
	}
	for _, tt := range tests {
		r, ok := f.indicator("jobs_created", tt.area, tt.period)
		if !ok {
			t.Errorf("%s %s: no row", tt.area, tt.period)
			continue
		}
		if !near(r.value, tt.value) || r.reporting != tt.reporting || r.expected != tt.expected {
			t.Errorf("%s %s = %v from %d/%d provinces, want %v from %d/%d",
				tt.area, tt.period, r.value, r.reporting, r.expected, tt.value, tt.reporting, tt.expected)
		}
	}
	// One row per indicator, area and period: a reused code is not doubled.
	if n := f.count(`SELECT count(*) FROM (SELECT indicator, area, period FROM indicator_values
		GROUP BY ALL HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d indicator, area and period keys with more than one row, want 0", n)
	}
	// The year 2025 ends after the reorganisation: its provinces are the new ones.
	if n := f.count(`SELECT provinces_expected FROM indicator_values
		WHERE indicator = 'jobs_created' AND area = 'VN' AND period = '2025-12'`); n != 3 {
		t.Errorf("VN 2025-12 expects %d provinces, want 3", n)
	}
}
