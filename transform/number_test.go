package transform

import (
	"errors"
	"math"
	"testing"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in      string
		counted bool
		want    float64
		err     bool
	}{
		{"48500", true, 48500, false},
		{"48.500", true, 48500, false},   // Vietnamese thousands
		{"48,500", true, 48500, false},   // English thousands
		{"48.500", false, 48.5, false},   // a rate: decimal
		{"103,19", false, 103.19, false}, // Vietnamese decimal
		{"103.19", false, 103.19, false},
		{"103,19", true, 103.19, false}, // two digits: a decimal even for counts
		{"1.610.000", true, 1610000, false},
		{"1,610,000", true, 1610000, false},
		{"1.610.000,5", true, 1610000.5, false},
		{"1,610,000.5", true, 1610000.5, false},
		{"48 500", true, 48500, false},
		{"48\u00a0500", true, 48500, false},
		{"70,12%", false, 70.12, false},
		{"-1,07", false, -1.07, false},
		{"−1,07", false, -1.07, false},
		{"0.500", true, 0.5, false}, // a leading zero never groups
		{"4.12", false, 4.12, false},
		{"1.5E+03", false, 1500, false},
		{"1.61.000", true, 0, true},
		{"12a", true, 0, true},
		{"", true, 0, true},
		{"NaN", false, 0, true},
		{"Inf", false, 0, true},
		{"0x10", false, 0, true},
		{"1_000", false, 0, true},
		{".", false, 0, true},
		{"1e", false, 0, true},
	}
	for _, tt := range tests {
		got, err := ParseNumber(tt.in, tt.counted)
		if tt.err {
			if !errors.Is(err, ErrNotNumber) {
				t.Errorf("ParseNumber(%q, %v) = %v, %v; want ErrNotNumber", tt.in, tt.counted, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseNumber(%q, %v) = %v, %v; want %v", tt.in, tt.counted, got, err, tt.want)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"48.500", "103,19", "1.610.000,5", "-1,07", "70,12%", "1e5", "x"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, counted bool) {
		v, err := ParseNumber(s, counted)
		if err == nil && v != v {
			t.Fatalf("ParseNumber(%q) = NaN", s)
		}
	})
}

func FuzzSeparators(f *testing.F) {
	for _, s := range []string{"48.500", "48,500", "1.610.000,5", "103,19", "0.500", "-1.500%", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ambiguous, dec := Separators(s)
		if ambiguous && dec != 0 {
			t.Fatalf("Separators(%q) = ambiguous with decimal mark %q", s, dec)
		}
		counts, err1 := ParseNumber(s, true)
		rates, err2 := ParseNumber(s, false)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("ParseNumber(%q) parses as a count (%v) but not as a rate (%v), or the reverse", s, err1, err2)
		}
		if err1 != nil {
			return
		}
		// Only the ambiguous form depends on the unit, by a factor of 1000.
		if ambiguous && rates != 0 && math.Abs(counts/rates-1000) > 1e-6 {
			t.Fatalf("ParseNumber(%q): count %v, rate %v; want a factor of 1000", s, counts, rates)
		}
		if !ambiguous && counts != rates {
			t.Fatalf("ParseNumber(%q): count %v, rate %v differ, yet Separators calls it unambiguous", s, counts, rates)
		}
	})
}
