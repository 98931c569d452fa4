package indicators

import (
	"strings"
	"testing"

	"chitieu/schemas"
)

func elements(t *testing.T) *schemas.Elements {
	t.Helper()
	es, err := schemas.LoadElements()
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestLoad(t *testing.T) {
	defs, err := Load(elements(t))
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]Definition{}
	for _, d := range defs {
		byCode[d.Code] = d
	}
	tests := []struct{ code, unit, kind, direction string }{
		{"jobs_created", schemas.Persons, schemas.Flow, Higher},
		{"trained_share", schemas.Percent, schemas.Rate, Higher},
		{"poor_household_rate", schemas.Percent, schemas.Rate, Lower},
		{"urban_unemployment_rate", schemas.Percent, schemas.Rate, Lower},
		{"labour_force", schemas.Persons, schemas.Stock, None},
	}
	for _, tt := range tests {
		d, ok := byCode[tt.code]
		if !ok {
			t.Errorf("no indicator %s", tt.code)
			continue
		}
		if d.Unit != tt.unit || d.Kind != tt.kind || d.Direction != tt.direction {
			t.Errorf("%s: unit %s kind %s direction %s, want %s %s %s", tt.code, d.Unit, d.Kind, d.Direction, tt.unit, tt.kind, tt.direction)
		}
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"sum of a rate", "- {code: x, method: sum, element: trained_share, direction: higher}", "rates are never summed"},
		{"unknown field", "- {code: x, method: sum, element: jobs_created, direction: higher, average: true}", "field average not found"},
		{"wrong denominator", "- {code: x, method: ratio, numerator: trained_workers, denominator: households, rate: trained_share, factor: 100, direction: higher}", "share of labour_force, not of households"},
		{"no factor", "- {code: x, method: ratio, numerator: trained_workers, denominator: labour_force, direction: higher}", "positive factor"},
		{"unknown element", "- {code: x, method: sum, element: jobs_invented, direction: higher}", "unknown data element"},
		{"direction", "- {code: x, method: sum, element: jobs_created, direction: up}", "direction \"up\""},
		{"method", "- {code: x, method: mean, element: jobs_created, direction: higher}", "method \"mean\""},
		{"twice", "- {code: x, method: sum, element: jobs_created, direction: higher}\n- {code: x, method: sum, element: jobs_abroad, direction: higher}", "defined twice"},
	}
	es := elements(t)
	for _, tt := range tests {
		_, err := Parse(tt.name, []byte(tt.yaml), es)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestInstallSQL(t *testing.T) {
	sql := InstallSQL([]Definition{{Code: "x", NameVI: "Tỷ lệ 'đặc biệt'", Method: MethodRatio, Numerator: "a", Denominator: "b", Factor: 100, Direction: Lower, Unit: "percent", Kind: "rate"}})
	for _, want := range []string{
		`('x', 1, 'Tỷ lệ ''đặc biệt''', '', 'ratio', NULL, 'a', 'b', NULL, 100, 'lower', 'percent', 'rate')`,
		"CREATE OR REPLACE VIEW indicator_values AS",
		// the elements the indicator uses, each in its role; the plan is the rate's
		`('x', 'a', 'numerator', false)`,
		`('x', 'b', 'denominator', false)`,
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("InstallSQL lacks %q", want)
		}
	}
}

func TestIndicatorElements(t *testing.T) {
	defs, err := Load(elements(t))
	if err != nil {
		t.Fatal(err)
	}
	sql := InstallSQL(defs)
	for _, want := range []string{
		"('jobs_created', 'jobs_created', 'element', true)",
		"('trained_share', 'trained_workers', 'numerator', false)",
		"('trained_share', 'labour_force', 'denominator', false)",
		"('trained_share', 'trained_share', 'rate', true)",
		"('labour_force', 'labour_force', 'element', true)",
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("indicator_elements lacks %s", want)
		}
	}
}
