package transform

import (
	"errors"
	"strconv"
	"strings"
)

// ErrNotNumber is returned for text that is not a number in any locale.
var ErrNotNumber = errors.New("not a number")

// IsBlank reports whether a reported value means "nothing reported": empty,
// a dash ("-", "–", "—") or "x" (not applicable).
func IsBlank(s string) bool {
	switch strings.TrimSpace(s) {
	case "", "-", "–", "—", "x", "X", "…", "...":
		return true
	}
	return false
}

// ParseNumber reads a number written in Vietnamese ("48.500", "103,19",
// "1.610.000") or English ("48,500", "103.19", "1,610,000") style, with
// optional sign, spaces as grouping and a trailing "%".
//
// One rule settles the ambiguous case of a single separator followed by
// exactly three digits ("48.500", "48,500"): for counted units (persons,
// households) it groups thousands, because counts are whole; otherwise it is
// a decimal mark. Otherwise: with both separators the last one is the decimal
// mark; a separator that repeats groups thousands; a lone separator followed
// by one, two or more than three digits is a decimal mark.
func ParseNumber(s string, counted bool) (float64, error) {
	if v, ok := parseDigits(s); ok {
		return v, nil
	}
	t := cleanNumber(s)
	if t == "" {
		return 0, ErrNotNumber
	}
	lastDot, lastComma := strings.LastIndexByte(t, '.'), strings.LastIndexByte(t, ',')
	var dec, group byte
	switch {
	case lastDot >= 0 && lastComma >= 0:
		dec, group = '.', ','
		if lastComma > lastDot {
			dec, group = ',', '.'
		}
	case lastDot >= 0 || lastComma >= 0:
		sep := byte('.')
		if lastComma >= 0 {
			sep = ','
		}
		switch {
		case strings.Count(t, string(sep)) > 1:
			group = sep
		case counted && groupable(t, sep):
			group = sep
		default:
			dec = sep
		}
	}
	if group != 0 && !grouped(t, group, dec) {
		return 0, ErrNotNumber
	}
	if group != 0 {
		t = strings.ReplaceAll(t, string(group), "")
	}
	if dec == ',' {
		t = strings.Replace(t, ",", ".", 1)
	}
	if !plainNumber(t) {
		return 0, ErrNotNumber
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, ErrNotNumber
	}
	return v, nil
}

// cleanNumber removes what never changes a number's value: spaces and
// apostrophes grouping digits, a trailing "%"; and makes dashes minus signs.
func cleanNumber(s string) string {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(t, "%")
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\u2009', '\'':
			return -1
		case '−', '–':
			return '-'
		}
		return r
	}, t)
}

// threeDigitsAfter reports whether the only sep in t is followed by exactly
// three digits and nothing else.
func threeDigitsAfter(t string, sep byte) bool {
	i := strings.IndexByte(t, sep)
	if len(t)-i-1 != 3 {
		return false
	}
	for _, c := range []byte(t[i+1:]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// groupable reports whether the only sep in t could group thousands: one
// to three digits before it, not starting with 0, and three after.
func groupable(t string, sep byte) bool {
	i := strings.IndexByte(t, sep)
	head := strings.TrimLeft(t[:i], "+-")
	if len(head) < 1 || len(head) > 3 || len(t[:i])-len(head) > 1 || head[0] == '0' {
		return false
	}
	for _, c := range []byte(head) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return threeDigitsAfter(t, sep)
}

// grouped checks that group separators stand every three digits of the
// integer part: "1.610.000" yes, "1.61.000" no.
func grouped(t string, group, dec byte) bool {
	intPart := t
	if dec != 0 {
		if i := strings.IndexByte(t, dec); i >= 0 {
			intPart = t[:i]
		}
	}
	intPart = strings.TrimLeft(intPart, "+-")
	parts := strings.Split(intPart, string(group))
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

// plainNumber accepts [+-]digits[.digits][e[+-]digits] and nothing else, so
// that "Inf", "NaN", hex floats and underscores are refused.
func plainNumber(t string) bool {
	i := 0
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(t) && t[i] >= '0' && t[i] <= '9'; i++ {
		digits++
	}
	if i < len(t) && t[i] == '.' {
		i++
		for ; i < len(t) && t[i] >= '0' && t[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(t) && t[i] >= '0' && t[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(t)
}

// parseDigits is the fast path for the commonest value, a plain whole
// number ("48500"), exact up to 15 digits.
func parseDigits(s string) (float64, bool) {
	if len(s) == 0 || len(s) > 15 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return float64(n), true
}

// Separators describes how a number written as text uses "." and ",":
// ambiguous when a single separator stands before exactly three digits
// ("48.500", "48,500"), which ParseNumber settles by the unit; otherwise
// decimal is the mark the text proves to be the decimal one ("103,19",
// "1.610.000,5" → ','; "103.19", "1,610,000" → '.'), or 0 when it proves
// nothing (no separator, or not a number).
func Separators(s string) (ambiguous bool, decimal byte) {
	t := cleanNumber(s)
	lastDot, lastComma := strings.LastIndexByte(t, '.'), strings.LastIndexByte(t, ',')
	switch {
	case lastDot >= 0 && lastComma >= 0:
		if lastComma > lastDot {
			return false, ','
		}
		return false, '.'
	case lastDot < 0 && lastComma < 0:
		return false, 0
	}
	sep, other := byte('.'), byte(',')
	if lastComma >= 0 {
		sep, other = ',', '.'
	}
	switch {
	case strings.Count(t, string(sep)) > 1:
		return false, other // "1.610.000": the other mark is the decimal one
	case groupable(t, sep):
		return true, 0
	}
	return false, sep
}
