package transform

import (
	"fmt"
	"regexp"
	"strings"

	"chitieu/schemas"
)

// Target shapes: how a plan is stated when it is not one number to reach.
// A plain number is a point target, judged by the indicator's direction.
const (
	TargetPoint     = ""          // 47000, 70
	TargetAtMost    = "at_most"   // "<4", "dưới 4%", "không quá 4"
	TargetAtLeast   = "at_least"  // ">70", "trên 70", "ít nhất 70"
	TargetRange     = "range"     // "1 - 1,5", "từ 1 đến 1,5"
	TargetReduction = "reduction" // "giảm 1 - 1,5", "giảm 1,5 điểm %": from the year before
)

// Target is a plan as stated: its shape and bounds (Low = High for a bound).
// A reduction's bounds are how much the value is to fall from the year
// before: percentage points for a rate, percent for a count.
type Target struct {
	Shape     string
	Low, High float64
}

var (
	reAtMost    = regexp.MustCompile(`^(?:<=?|≤|duoi|khong qua|toi da|nho hon|thap hon|below|under|at most)\s*(.+)$`)
	reAtLeast   = regexp.MustCompile(`^(?:>=?|≥|tren|it nhat|toi thieu|khong duoi|lon hon|cao hon|above|over|at least)\s*(.+)$`)
	reReduction = regexp.MustCompile(`^(?:giam|reduce by|reduction of|down by)\s*(.+?)\s*(?:diem %|diem phan tram|diem|pp|percentage points?)?$`)
	reRange     = regexp.MustCompile(`^(?:tu\s+)?([0-9][0-9.,]*)\s*%?\s*(?:-|–|—|den|to)\s*([0-9][0-9.,]*)\s*%?$`)
)

// ParseTarget reads a plan stated as a bound, a range or a reduction. ok is
// false for any other text (a plain number is for ParseNumber); err says
// what is wrong with a shape whose numbers do not read.
func ParseTarget(s string, counted bool) (t Target, ok bool, err error) {
	f := strings.TrimSpace(strings.ToLower(s))
	// Fold diacritics but keep the comparison signs and separators that
	// schemas.Fold would turn into spaces.
	f = strings.Join(strings.Fields(foldKeep(f)), " ")
	num := func(x string) (float64, error) {
		v, err := ParseNumber(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(x), "%")), counted)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number", strings.TrimSpace(x))
		}
		return v, nil
	}
	bounds := func(x string) (lo, hi float64, err error) {
		if m := reRange.FindStringSubmatch(x); m != nil {
			if lo, err = num(m[1]); err == nil {
				hi, err = num(m[2])
			}
			if err == nil && hi < lo {
				err = fmt.Errorf("range %s to %s runs backwards", m[1], m[2])
			}
			return lo, hi, err
		}
		lo, err = num(x)
		return lo, lo, err
	}
	switch {
	case reReduction.MatchString(f):
		t.Shape = TargetReduction
		t.Low, t.High, err = bounds(reReduction.FindStringSubmatch(f)[1])
	case reAtMost.MatchString(f):
		t.Shape = TargetAtMost
		t.Low, err = num(reAtMost.FindStringSubmatch(f)[1])
		t.High = t.Low
	case reAtLeast.MatchString(f):
		t.Shape = TargetAtLeast
		t.Low, err = num(reAtLeast.FindStringSubmatch(f)[1])
		t.High = t.Low
	case reRange.MatchString(f):
		t.Shape = TargetRange
		t.Low, t.High, err = bounds(f)
	default:
		return Target{}, false, nil
	}
	return t, true, err
}

// foldKeep folds Vietnamese letters to ASCII (schemas.Fold) word by word,
// keeping digits, separators and comparison signs as they are.
func foldKeep(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 || strings.ContainsRune("≤≥–—", r) {
			b.WriteRune(r)
			continue
		}
		b.WriteString(schemas.Fold(string(r)))
	}
	return b.String()
}
