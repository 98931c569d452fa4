package schemas

import (
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// Value kinds: what an observation measures.
const (
	KindActual = "actual" // the period's own result ("thực hiện")
	KindPlan   = "plan"   // the target set for the period ("kế hoạch")
	KindYTD    = "ytd"    // actual from January to the end of the period ("lũy kế")

	// Percentages a report states beside its figures: "% so với KH" (of
	// plan) and "% so với cùng kỳ" (of the same period last year). They are
	// checked against what chitieu computes and never stored: the
	// indicators compute their own.
	KindPctPlan         = "pct_plan"
	KindPctPreviousYear = "pct_previous_year"
)

// ParseKind reads a kind as files write it ("plan", "Kế hoạch", "KH",
// "lũy kế", "% so với KH"); ok is false for any other text. A blank kind is
// the actual result.
func ParseKind(s string) (kind string, ok bool) {
	switch Fold(s) {
	case "", "actual", "thuc hien", "th":
		return KindActual, true
	case "plan", "ke hoach", "kh", "target":
		return KindPlan, true
	case "ytd", "luy ke", "luy ke tu dau nam", "cumulative":
		return KindYTD, true
	case "pct plan", "% so voi kh", "so voi kh":
		return KindPctPlan, true
	case "pct previous year", "% so voi cung ky", "so voi cung ky":
		return KindPctPreviousYear, true
	}
	return "", false
}

// Reported reports whether a kind is a stated percentage, checked and not
// stored.
func Reported(kind string) bool { return kind == KindPctPlan || kind == KindPctPreviousYear }

// Value statuses.
const (
	StatusFinal       = "final"
	StatusProvisional = "provisional" // "sơ bộ"
	StatusEstimated   = "estimated"   // "ước tính"
)

// RawSchema is what readers produce: one reported value per row, as text seen
// in the file, with where it was found. Readers map labels and columns to
// data elements and kinds; the transform interprets everything else.
//
// numeric is true when the value comes from a typed number (an Excel numeric
// cell) and is written in Go's plain notation, so no locale guessing applies.
// unit is the unit text the file gives for the value ("người", "nghìn
// người", "%"), null when the file has none; the transform checks it against
// the element and applies its scale.
// source_row is the 1-based line or sheet row; source_cell is the cell with
// its sheet ("'BC thang'!E12", see SheetCell) for workbooks and null for text
// files.
var RawSchema = arrow.NewSchema([]arrow.Field{
	{Name: "data_element", Type: arrow.BinaryTypes.String},
	{Name: "area", Type: arrow.BinaryTypes.String},
	{Name: "period", Type: arrow.BinaryTypes.String},
	{Name: "kind", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "status", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "value", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "numeric", Type: arrow.FixedWidthTypes.Boolean},
	{Name: "unit", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "comment", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "source_row", Type: arrow.PrimitiveTypes.Int32},
	{Name: "source_cell", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

// Column positions in RawSchema.
const (
	RawElement = iota
	RawArea
	RawPeriod
	RawKind
	RawStatus
	RawValue
	RawNumeric
	RawUnit
	RawComment
	RawSourceRow
	RawSourceCell
)

// ObservationSchema is what the transform emits and the warehouse stores:
// codes resolved, periods canonical, values as numbers in the element's unit
// (persons, households, or percent 0–100). Blanks ("-", empty) are not
// observations and never reach it.
var ObservationSchema = arrow.NewSchema([]arrow.Field{
	{Name: "data_element", Type: arrow.BinaryTypes.String},
	// "total", or the option of a breakdown of the element: "sex=female"
	// (see schemas/breakdowns.yaml)
	{Name: "breakdown", Type: arrow.BinaryTypes.String},
	{Name: "area", Type: arrow.BinaryTypes.String},
	{Name: "period", Type: arrow.BinaryTypes.String},
	{Name: "kind", Type: arrow.BinaryTypes.String},
	{Name: "status", Type: arrow.BinaryTypes.String},
	{Name: "value", Type: arrow.PrimitiveTypes.Float64},
	{Name: "comment", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "source_row", Type: arrow.PrimitiveTypes.Int32},
	{Name: "source_cell", Type: arrow.BinaryTypes.String, Nullable: true},
	// A plan stated as a bound, range or reduction (transform.ParseTarget):
	// its shape, with value the low bound and target_high the high one.
	{Name: "target_shape", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "target_high", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
}, nil)

// Column positions in ObservationSchema.
const (
	ObsElement = iota
	ObsBreakdown
	ObsArea
	ObsPeriod
	ObsKind
	ObsStatus
	ObsValue
	ObsComment
	ObsSourceRow
	ObsSourceCell
	ObsTargetShape
	ObsTargetHigh
)

// SheetCell qualifies a cell reference with its sheet as spreadsheets write
// it: 'BC thang'!E12.
func SheetCell(sheet, cell string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + cell
}

// SplitSheetCell splits a reference written by SheetCell; ok is false for a
// bare cell.
func SplitSheetCell(ref string) (sheet, cell string, ok bool) {
	i := strings.LastIndex(ref, "!")
	if i < 0 {
		return "", ref, false
	}
	sheet = ref[:i]
	if len(sheet) >= 2 && sheet[0] == '\'' && sheet[len(sheet)-1] == '\'' {
		sheet = strings.ReplaceAll(sheet[1:len(sheet)-1], "''", "'")
	}
	return sheet, ref[i+1:], true
}
