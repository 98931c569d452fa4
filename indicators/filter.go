package indicators

import (
	"fmt"
	"slices"
	"strings"

	"chitieu/schemas"
)

// Filter selects indicator values: each field a comma-separated list in any
// spelling ("VN,40", "Nghệ An", "Quý I/2024"); empty selects all.
type Filter struct {
	Indicator, Area, Period, Level string
}

// Where turns the filter into a WHERE clause over indicator_values aliased
// iv, with its parameters.
func (f Filter) Where(ref *Catalog) (string, []any, error) {
	var conds []string
	var params []any
	in := func(col string, vals []string) {
		marks := make([]string, len(vals))
		for i, v := range vals {
			marks[i] = "?"
			params = append(params, v)
		}
		conds = append(conds, col+" IN ("+strings.Join(marks, ", ")+")")
	}
	if f.Indicator != "" {
		codes := split(f.Indicator)
		for _, code := range codes {
			if !hasIndicator(ref, code) {
				var valid []string
				for _, d := range ref.Definitions {
					valid = append(valid, d.Code)
				}
				return "", nil, fmt.Errorf("unknown indicator %q: want one of %s", code, strings.Join(valid, ", "))
			}
		}
		in("iv.indicator", codes)
	}
	if f.Area != "" {
		var codes []string
		for _, a := range split(f.Area) {
			found := ref.Areas.Lookup(a)
			if len(found) == 0 {
				return "", nil, fmt.Errorf("unknown area %q: want VN, R1–R6, a province code or name", a)
			}
			codes = append(codes, found...)
		}
		in("iv.area", codes)
	}
	if f.Period != "" {
		var codes []string
		for _, s := range split(f.Period) {
			p, err := schemas.ParsePeriod(s)
			if err != nil {
				return "", nil, err
			}
			codes = append(codes, p.Code())
		}
		in("iv.period", codes)
	}
	if f.Level != "" {
		switch f.Level {
		case schemas.LevelNation, schemas.LevelRegion, schemas.LevelProvince:
		default:
			return "", nil, fmt.Errorf("--level %q, want nation, region or province", f.Level)
		}
		in("iv.area_level", []string{f.Level})
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), params, nil
}

// Years are the years of the filter's periods, nil when it selects every
// period (or names one it cannot read, which Where reports): what a query
// as of a time needs computed (warehouse.ConnAsOf).
func (f Filter) Years() []int {
	if f.Period == "" {
		return nil
	}
	var ys []int
	for _, s := range split(f.Period) {
		p, err := schemas.ParsePeriod(s)
		if err != nil {
			return nil
		}
		if !slices.Contains(ys, p.Year) {
			ys = append(ys, p.Year)
		}
	}
	return ys
}

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func hasIndicator(ref *Catalog, code string) bool {
	for _, d := range ref.Definitions {
		if d.Code == code {
			return true
		}
	}
	return false
}
