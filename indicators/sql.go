package indicators

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed views.sql
var viewsSQL string

// InstallSQL returns the SQL script that (re)creates the indicator_definitions
// table from defs, its companion indicator_elements (each data element an
// indicator uses and the part it plays) and the views that compute
// indicators: element_candidates, element_values, ytd_discrepancies,
// indicator_parts and indicator_values. It expects the warehouse's reference
// tables and observations view to exist.
func InstallSQL(defs []Definition) string {
	var b strings.Builder
	b.WriteString("CREATE OR REPLACE TABLE indicator_definitions (\n" +
		"  code VARCHAR PRIMARY KEY, ordinal INTEGER, name_vi VARCHAR, name_en VARCHAR, method VARCHAR, element VARCHAR,\n" +
		"  numerator VARCHAR, denominator VARCHAR, rate VARCHAR, factor DOUBLE, direction VARCHAR,\n" +
		"  unit VARCHAR, kind VARCHAR);\n")
	if len(defs) > 0 {
		b.WriteString("INSERT INTO indicator_definitions VALUES\n")
		for i, d := range defs {
			if i > 0 {
				b.WriteString(",\n")
			}
			fmt.Fprintf(&b, "  (%s, %d, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
				quote(d.Code), i+1, quote(d.NameVI), quote(d.NameEN), quote(d.Method), nullable(d.Element),
				nullable(d.Numerator), nullable(d.Denominator), nullable(d.Rate), factor(d), quote(d.Direction),
				quote(d.Unit), quote(d.Kind))
		}
		b.WriteString(";\n")
	}
	b.WriteString(elementsSQL(defs))
	b.WriteString(viewsSQL)
	return b.String()
}

// elementsSQL creates indicator_elements: one row per indicator and role,
// (indicator, data_element, role, plan), where role is the definition's
// field naming the element (element, numerator, denominator or rate) and
// plan says whether the element's plan is the indicator's plan (the
// element's for a sum, the rate's for a ratio). The views join data elements
// to indicators through it with an equality join.
func elementsSQL(defs []Definition) string {
	var b strings.Builder
	b.WriteString("CREATE OR REPLACE TABLE indicator_elements (\n" +
		"  indicator VARCHAR NOT NULL, data_element VARCHAR NOT NULL, role VARCHAR NOT NULL, plan BOOLEAN NOT NULL,\n" +
		"  PRIMARY KEY (indicator, role));\n")
	var rows []string
	for _, d := range defs {
		for _, r := range []struct{ role, element string }{
			{"element", d.Element}, {"numerator", d.Numerator}, {"denominator", d.Denominator}, {"rate", d.Rate},
		} {
			if r.element == "" {
				continue
			}
			plan := r.element == d.Element || (d.Element == "" && r.element == d.Rate)
			rows = append(rows, fmt.Sprintf("  (%s, %s, %s, %t)", quote(d.Code), quote(r.element), quote(r.role), plan))
		}
	}
	if len(rows) > 0 {
		b.WriteString("INSERT INTO indicator_elements VALUES\n" + strings.Join(rows, ",\n") + ";\n")
	}
	return b.String()
}

func factor(d Definition) string {
	if d.Method != MethodRatio {
		return "NULL"
	}
	return strconv.FormatFloat(d.Factor, 'g', -1, 64)
}

// quote writes s as an SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func nullable(s string) string {
	if s == "" {
		return "NULL"
	}
	return quote(s)
}
