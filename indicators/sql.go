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
// table from defs and the views that compute indicators: element_values,
// ytd_discrepancies, indicator_parts and indicator_values. It expects the
// warehouse's reference tables and observations view to exist.
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
	b.WriteString(viewsSQL)
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
