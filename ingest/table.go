package ingest

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"chitieu/schemas"
)

// TableMapper maps the rows of a long table laid out as a table template
// describes (a GSO export by province, a ministry extract) to raw values,
// whether the table comes as text (ingest/csvfile) or as a workbook sheet
// (ingest/xlsx). The template names the columns holding the indicator, the
// area, the period and the value, maps indicator codes to data elements and
// says which geographic levels are stored. Country rows are not stored;
// their values are checked against the sum of the provinces for counts, and
// a difference beyond the template's tolerance is a warning. Region rows
// (level action group) are checked the same way against the provinces that
// belong to the region on the period's map, when Areas is set.
type TableMapper struct {
	// Areas, when set, places provinces in their regions for the checks of
	// region rows; without it region rows are skipped.
	Areas *schemas.Areas

	name     string
	tpl      schemas.Template
	es       *schemas.Elements
	cols     map[string]int
	problems schemas.Problems

	totals   map[totalKey]*total
	groups   map[groupKey]*total // region rows and the sums of their provinces
	unplaced map[totalKey]bool   // a province of no known region: no region check
	skipped  map[string]int      // series declared and not stored → rows
	firstAt  map[string]int      // and the line of the first
	unstored map[unstoredKey]*unstored
}

// unstoredKey is the rows of one series that a level keeps out of the
// warehouse: the country's, the regions', a former province's.
type unstoredKey struct{ series, level string }

type unstored struct{ rows, first int }

type totalKey struct{ element, period, unit string }

type groupKey struct {
	totalKey
	region string
}

// total is a country row and the sum of the rows it should equal.
type total struct {
	value, sum float64
	parts      int
	line       int
	cell, text string
	name       string
	seen       bool
}

// NewTableMapper binds tpl's columns to a header row. name is the file name
// used in problems; es, when not nil, says which data elements are counts
// (only their totals are checked). ok is false when a column the template
// names is missing.
func NewTableMapper(name string, es *schemas.Elements, tpl schemas.Template, header []string) (*TableMapper, bool) {
	cols, ok := tpl.CSV.BindHeader(header)
	if !ok {
		return nil, false
	}
	return &TableMapper{name: name, tpl: tpl, es: es, cols: cols, totals: map[totalKey]*total{},
		groups: map[groupKey]*total{}, unplaced: map[totalKey]bool{}, skipped: map[string]int{}, firstAt: map[string]int{},
		unstored: map[unstoredKey]*unstored{}}, true
}

// Problems are the mapper's: unknown series and levels, totals that
// disagree with their parts; complete once Finish has been called.
func (m *TableMapper) Problems() schemas.Problems { return m.problems }

func (m *TableMapper) get(rec []string, role string) string {
	i, ok := m.cols[role]
	if !ok || i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// Row maps one row, numbered line, appending its value to rb unless it is
// a total, a group or a series not stored. cell, when not nil, names the
// cell of a column (workbooks: "'Data'!D12") for the source and problems.
func (m *TableMapper) Row(rb *RawBuilder, rec []string, line int, cell func(col int) string) {
	c := m.tpl.CSV
	at := func(role string) string {
		if cell == nil || m.cols[role] < 0 {
			return ""
		}
		return cell(m.cols[role])
	}
	series := m.get(rec, schemas.CSVElement)
	code, known := c.Element(series)
	if !known {
		m.problem(schemas.SeverityError, line, at(schemas.CSVElement), c.Columns[schemas.CSVElement], series,
			schemas.Say("table.unknown_series", m.tpl.Name, strings.Join(slices.Sorted(maps.Keys(c.Elements)), ", ")))
		return
	}
	if code == "" {
		if m.skipped[series] == 0 {
			m.firstAt[series] = line
		}
		m.skipped[series]++
		return
	}
	level := m.get(rec, schemas.CSVLevel)
	action, ok := c.LevelAction(level)
	if !ok {
		m.problem(schemas.SeverityError, line, at(schemas.CSVLevel), c.Columns[schemas.CSVLevel], level,
			schemas.Say("table.unknown_level", strings.Join(slices.Sorted(maps.Keys(c.Levels)), ", ")))
		return
	}
	area := m.get(rec, schemas.CSVArea)
	if area == "" {
		area = m.get(rec, schemas.CSVName)
	}
	period, value, unit := m.get(rec, schemas.CSVPeriod), m.get(rec, schemas.CSVValue), m.get(rec, schemas.CSVUnit)
	key := totalKey{code, period, unit}
	if action != schemas.LevelStore && strings.IndexFunc(value, unicode.IsDigit) >= 0 {
		k := unstoredKey{series, level}
		if m.unstored[k] == nil {
			m.unstored[k] = &unstored{first: line}
		}
		m.unstored[k].rows++
	}
	switch action {
	case schemas.LevelIgnore:
		return
	case schemas.LevelTotal, schemas.LevelGroup:
		t := m.totalFor(key)
		if action == schemas.LevelGroup {
			region, ok := m.region(m.get(rec, schemas.CSVName), period, schemas.LevelRegion)
			if !ok {
				return
			}
			t = m.groupFor(groupKey{key, region})
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil && !t.seen {
			t.value, t.line, t.cell, t.text, t.name, t.seen = v, line, at(schemas.CSVValue), value, m.get(rec, schemas.CSVName), true
		}
		return
	case schemas.LevelPart, schemas.LevelStore:
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			t := m.totalFor(key)
			t.sum += v
			t.parts++
			if m.Areas != nil && m.tpl.CSV.HasLevel(schemas.LevelGroup) {
				if region, ok := m.region(area, period, schemas.LevelProvince); ok {
					g := m.groupFor(groupKey{key, region})
					g.sum += v
					g.parts++
				} else {
					m.unplaced[key] = true
				}
			}
		}
		if action == schemas.LevelPart {
			return
		}
	}
	rb.Append(&Raw{
		Element: code, Area: area, Period: period, Kind: m.get(rec, schemas.CSVKind), Status: c.StatusOf(m.get(rec, schemas.CSVStatus)),
		Value: value, Unit: unit, Comment: m.get(rec, schemas.CSVComment), Row: line, Cell: at(schemas.CSVValue),
	})
}

// region is the code of the region that s names (level region) or that
// the province s names belongs to (level province) at the end of period.
func (m *TableMapper) region(s, period, level string) (string, bool) {
	if m.Areas == nil {
		return "", false
	}
	p, err := schemas.ParsePeriod(period)
	if err != nil {
		return "", false
	}
	a, _, err := m.Areas.ResolveFor(s, p)
	switch {
	case err != nil || a.Level != level:
		return "", false
	case level == schemas.LevelRegion:
		return a.Code, true
	}
	parent, err := m.Areas.Resolve(a.Parent, p.End())
	if err != nil || parent.Level != schemas.LevelRegion {
		return "", false
	}
	return parent.Code, true
}

func (m *TableMapper) groupFor(k groupKey) *total { return entry(m.groups, k) }

func (m *TableMapper) totalFor(k totalKey) *total { return entry(m.totals, k) }

// entry is the total kept under k, added when missing.
func entry[K comparable](totals map[K]*total, k K) *total {
	t, ok := totals[k]
	if !ok {
		t = &total{}
		totals[k] = t
	}
	return t
}

// Finish checks the totals against their parts and reports the series not
// stored; call it once, after the last row.
func (m *TableMapper) Finish() {
	keys := slices.SortedFunc(maps.Keys(m.totals), func(a, b totalKey) int {
		return m.totals[a].line - m.totals[b].line
	})
	for _, k := range keys {
		m.checkTotal(k, m.totals[k], "total")
	}
	groups := slices.SortedFunc(maps.Keys(m.groups), func(a, b groupKey) int {
		return m.groups[a].line - m.groups[b].line
	})
	for _, k := range groups {
		if !m.unplaced[k.totalKey] {
			m.checkTotal(k.totalKey, m.groups[k], "region")
		}
	}
	keys2 := slices.SortedFunc(maps.Keys(m.unstored), func(a, b unstoredKey) int { return m.unstored[a].first - m.unstored[b].first })
	for _, k := range keys2 {
		u := m.unstored[k]
		action, _ := m.tpl.CSV.LevelAction(k.level)
		why := map[string]string{
			schemas.LevelTotal:  "checked against the sum of the provinces where they are counts; chitieu computes national figures itself",
			schemas.LevelGroup:  "checked against the provinces of their region where they are counts; chitieu computes regions itself",
			schemas.LevelPart:   "counted in the country's check, but the province is on none of chitieu's maps",
			schemas.LevelIgnore: "the template ignores this level",
		}[action]
		m.problem(schemas.SeverityInfo, u.first, "", m.tpl.CSV.Columns[schemas.CSVLevel], k.level,
			schemas.Say("table.level_not_stored", u.rows, k.series, k.level, why))
	}
	for _, s := range slices.Sorted(maps.Keys(m.skipped)) {
		m.problem(schemas.SeverityWarning, m.firstAt[s], "", m.tpl.CSV.Columns[schemas.CSVElement], s,
			schemas.Say("table.series_unmapped", m.tpl.Name, m.skipped[s]))
	}
}

// checkTotal warns when a total or region row (what) of a count differs
// from the sum of its provinces by more than the template's tolerance.
func (m *TableMapper) checkTotal(k totalKey, t *total, what string) {
	if !t.seen || t.parts == 0 || !m.counted(k) {
		return
	}
	diff := t.sum - t.value
	if math.Abs(diff) <= m.tpl.CSV.Tolerance/100*math.Abs(t.value) {
		return
	}
	m.problem(schemas.SeverityWarning, t.line, t.cell, m.tpl.CSV.Columns[schemas.CSVValue], t.text, schemas.Say("table.total_differs",
		t.name, k.element, k.period, t.parts, round(t.sum, 6), fmt.Sprintf("%+.2f", diff/t.value*100), what, fmt.Sprintf("%g", m.tpl.CSV.Tolerance)))
}

// counted reports whether the totals of this element are sums of counts
// (persons, households); rates are not sums and are not checked.
func (m *TableMapper) counted(k totalKey) bool {
	if k.unit != "" {
		u, ok := schemas.LookupUnit(k.unit)
		return ok && u.Unit != schemas.Percent
	}
	if m.es == nil {
		return false
	}
	d, err := m.es.Get(k.element)
	return err == nil && d.Counted()
}

func (m *TableMapper) problem(sev string, line int, cell, column, value string, msg schemas.Message) {
	p := schemas.Problem{Severity: sev, File: m.name, Row: line, Column: column, Value: value}.Says(msg)
	if sheet, ref, ok := schemas.SplitSheetCell(cell); ok {
		p.Sheet, p.Cell, p.Row, p.Column = sheet, ref, 0, ""
	}
	m.problems = append(m.problems, p)
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}
