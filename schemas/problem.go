package schemas

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Severities of a problem.
const (
	SeverityError   = "error"   // the file is rejected
	SeverityWarning = "warning" // the file loads; someone should look
	// SeverityInfo states what chitieu read from where, or chose not to
	// store, when the file does not say it plainly: the period taken from
	// a sheet's name, a total checked and not stored, estimated figures.
	SeverityInfo = "info"
)

// ErrRejected is returned when a file has at least one error-level problem.
var ErrRejected = errors.New("file rejected")

// Problem is one thing wrong with a submitted file, located precisely enough
// for a statistics officer to find and fix it.
type Problem struct {
	Severity string `json:"severity"`
	File     string `json:"file"`
	Sheet    string `json:"sheet,omitempty"`
	Cell     string `json:"cell,omitempty"`   // "E12" in a workbook
	Row      int    `json:"row,omitempty"`    // 1-based line or sheet row
	Column   string `json:"column,omitempty"` // column name in a text file
	Value    string `json:"value,omitempty"`  // what the file holds there
	Message  string `json:"message"`          // what is wrong and what was expected, in English
	// Code and Args are the message as a code of the catalogue and its
	// arguments (see Message), so that it can be said in Vietnamese;
	// empty in problems recorded before messages had codes.
	Code string   `json:"code,omitempty"`
	Args []string `json:"args,omitempty"`
}

// Where is the problem's position: "sheet 'Báo cáo' cell E12" or "row 7, column value".
func (p Problem) Where() string {
	var parts []string
	if p.Sheet != "" {
		parts = append(parts, fmt.Sprintf("sheet %q", p.Sheet))
	}
	switch {
	case p.Cell != "":
		parts = append(parts, "cell "+p.Cell)
	case p.Row > 0 && p.Column != "":
		parts = append(parts, fmt.Sprintf("row %d, column %s", p.Row, p.Column))
	case p.Row > 0:
		parts = append(parts, fmt.Sprintf("row %d", p.Row))
	}
	return strings.Join(parts, " ")
}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if w := p.Where(); w != "" {
		b.WriteString(": ")
		b.WriteString(w)
	}
	b.WriteString(": ")
	switch p.Severity {
	case SeverityWarning:
		b.WriteString("warning: ")
	case SeverityInfo:
		b.WriteString("note: ")
	}
	if p.Value != "" {
		fmt.Fprintf(&b, "value %q: ", p.Value)
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is every problem found in one file.
type Problems []Problem

// Errors counts the error-level problems.
func (ps Problems) Errors() int {
	n := 0
	for _, p := range ps {
		if p.Severity == SeverityError {
			n++
		}
	}
	return n
}

// Warnings counts the warnings (not the errors, nor the notes).
func (ps Problems) Warnings() int {
	n := 0
	for _, p := range ps {
		if p.Severity == SeverityWarning {
			n++
		}
	}
	return n
}

// Err returns nil when there is no error-level problem, else an error that
// wraps ErrRejected and lists every problem.
func (ps Problems) Err() error {
	if ps.Errors() == 0 {
		return nil
	}
	return rejection(ps)
}

type rejection Problems

func (r rejection) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problems", ErrRejected, len(r))
	for _, p := range r {
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	return b.String()
}

func (r rejection) Unwrap() error { return ErrRejected }

// Sort orders problems as a reader goes through the file: by sheet, then
// row, then column; problems of the whole file (no row) first. The order
// among problems at one place is kept.
func (ps Problems) Sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Sheet, b.Sheet), cmp.Compare(a.line(), b.line()), cmp.Compare(a.col(), b.col()))
	})
}

// line is the problem's row, from its cell when it has one ("E12" → 12).
func (p Problem) line() int {
	if p.Cell == "" {
		return p.Row
	}
	i := strings.IndexFunc(p.Cell, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return p.Row
	}
	n, _ := strconv.Atoi(p.Cell[i:])
	return n
}

// col is the problem's column letters ("E12" → "E") padded so that "AA"
// sorts after "Z", or its column name in a text file.
func (p Problem) col() string {
	if p.Cell == "" {
		return p.Column
	}
	letters := strings.TrimRightFunc(p.Cell, func(r rune) bool { return r >= '0' && r <= '9' })
	return fmt.Sprintf("%3s", letters)
}
