package schemas

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Roles of the columns of a table template.
const (
	CSVElement = "element" // the indicator code or name, mapped by TemplateCSV.Elements
	CSVArea    = "area"    // the province code or name
	CSVName    = "name"    // the area's name as published, used when the code is blank
	CSVLevel   = "level"   // the geographic level of the row, mapped by TemplateCSV.Levels
	CSVPeriod  = "period"  // the period ("2021", "2024-03")
	CSVValue   = "value"   // the value
	CSVUnit    = "unit"    // the unit ("thousand persons": ×1000)
	CSVStatus  = "status"  // the status, mapped by TemplateCSV.Status
	CSVKind    = "kind"    // actual, plan or ytd (default actual)
	CSVComment = "comment" // a note kept with the value
)

// Actions for the rows of a geographic level.
const (
	LevelStore  = "store"  // a province's own figure: stored
	LevelTotal  = "total"  // the country: checked against the sum of the parts, not stored
	LevelPart   = "part"   // a province no longer in the codelist (Hà Tây before 2008): summed into the check, not stored
	LevelGroup  = "group"  // a region: checked against the sum of its provinces, not stored
	LevelIgnore = "ignore" // a grouping not checked and not stored
)

// TemplateCSV describes a long table whose columns are named in its
// header row (GSO's long files: indicator_id, province_code_pre2025, year,
// preliminary, value, …). Column headers are matched folded.
type TemplateCSV struct {
	// Columns maps a role (element, area, name, level, period, value, unit,
	// status) to the header of the column that holds it. element, area,
	// period and value are required.
	Columns map[string]string `yaml:"columns"`
	// Elements maps the element column's values to data element codes; an
	// empty code declares a series chitieu does not store (reported once
	// per file as a warning). Values not listed are errors. Without a map
	// the column holds data element codes or names, resolved as in the long
	// CSV.
	Elements map[string]string `yaml:"elements"`
	// Levels maps the level column's values to an action: store, total,
	// part or ignore. Without a level column every row is stored.
	Levels map[string]string `yaml:"levels"`
	// Status maps the status column's values to final, provisional or
	// estimated ("preliminary: yes" is provisional).
	Status map[string]string `yaml:"status"`
	// Tolerance is the relative difference, in percent, between a total
	// row and the sum of its parts beyond which a warning is given; 0
	// means 0.1.
	Tolerance float64 `yaml:"tolerance"`

	headers map[string]string // role → folded header
}

var requiredRoles = []string{CSVElement, CSVArea, CSVPeriod, CSVValue}

var csvRoles = []string{CSVElement, CSVArea, CSVName, CSVLevel, CSVPeriod, CSVValue, CSVUnit, CSVStatus, CSVKind, CSVComment}

func (c *TemplateCSV) parse(bad func(field, format string, args ...any)) {
	c.headers = map[string]string{}
	for _, role := range slices.Sorted(maps.Keys(c.Columns)) {
		if !slices.Contains(csvRoles, role) {
			bad("table.columns."+role, "unknown role, want one of %s", strings.Join(csvRoles, ", "))
			continue
		}
		k := Fold(c.Columns[role])
		if k == "" {
			bad("table.columns."+role, "empty header")
			continue
		}
		c.headers[role] = k
	}
	for _, role := range requiredRoles {
		if _, ok := c.Columns[role]; !ok {
			bad("table.columns", "no %s column", role)
		}
	}
	for v, a := range c.Levels {
		switch a {
		case LevelStore, LevelTotal, LevelPart, LevelGroup, LevelIgnore:
		default:
			bad("table.levels."+v, "%q, want store, total, part, group or ignore", a)
		}
	}
	if len(c.Levels) > 0 && c.Columns[CSVLevel] == "" {
		bad("table.levels", "given without a level column")
	}
	for v, st := range c.Status {
		switch st {
		case StatusFinal, StatusProvisional, StatusEstimated:
		default:
			bad("table.status."+v, "%q, want final, provisional or estimated", st)
		}
	}
	if c.Tolerance == 0 {
		c.Tolerance = 0.1
	}
	if c.Tolerance < 0 {
		bad("table.tolerance", "%v, want a positive percentage", c.Tolerance)
	}
}

// BindHeader finds the template's columns in a header line: for each role,
// the index of the column, or -1 when absent. ok is false when the
// element, area, period or value column is missing; the others may be.
func (c TemplateCSV) BindHeader(header []string) (cols map[string]int, ok bool) {
	cols = map[string]int{}
	folded := make([]string, len(header))
	for i, h := range header {
		folded[i] = Fold(strings.TrimPrefix(h, "\ufeff"))
	}
	ok = true
	for role, want := range c.headers {
		i := slices.Index(folded, want)
		cols[role] = i
		if i < 0 && slices.Contains(requiredRoles, role) {
			ok = false
		}
	}
	return cols, ok
}

// Element returns the data element code a value of the element column
// names: known false for a value the template does not list; code "" for
// a series declared and not stored.
func (c TemplateCSV) Element(v string) (code string, known bool) {
	if len(c.Elements) == 0 {
		return v, true
	}
	code, known = c.Elements[strings.TrimSpace(v)]
	return code, known
}

// LevelAction returns what to do with a row of this level; store when the
// template has no level column.
func (c TemplateCSV) LevelAction(v string) (string, bool) {
	if len(c.Levels) == 0 {
		return LevelStore, true
	}
	a, ok := c.Levels[strings.TrimSpace(v)]
	return a, ok
}

// HasLevel reports whether some level of the table takes action a.
func (c TemplateCSV) HasLevel(a string) bool {
	for _, x := range c.Levels {
		if x == a {
			return true
		}
	}
	return false
}

// StatusOf maps a value of the status column; values not listed pass as
// written, for the transform to check.
func (c TemplateCSV) StatusOf(v string) string {
	if st, ok := c.Status[strings.TrimSpace(v)]; ok {
		return st
	}
	return v
}

// String lists the headers the template needs, for messages.
func (c TemplateCSV) String() string {
	var hs []string
	for _, role := range csvRoles {
		if h, ok := c.Columns[role]; ok {
			hs = append(hs, h)
		}
	}
	return strings.Join(hs, ",")
}

// Describe says in one line which layout a template reads, for listings.
func (t Template) Describe() string {
	if t.Layout == LayoutTable {
		return fmt.Sprintf("a long table (text file or workbook sheet) with the columns %s", t.CSV)
	}
	return fmt.Sprintf("workbook sheet, header row with %s", strings.Join(t.Header.Words, ", "))
}
