package transform

import "testing"

// BenchmarkParseNumber measures ParseNumber on the spellings files hold,
// from the plain integer of a generated CSV to Vietnamese grouping.
func BenchmarkParseNumber(b *testing.B) {
	for _, bc := range []struct {
		name    string
		in      string
		counted bool
	}{
		{"plain", "48500", true},
		{"vi_thousands", "1.610.000", true},
		{"en_thousands", "1,610,000", true},
		{"vi_decimal", "103,19", false},
		{"percent", "70,12%", false},
		{"spaces", "1 610 000", true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ParseNumber(bc.in, bc.counted); err != nil {
					b.Fatalf("ParseNumber(%q) = %v", bc.in, err)
				}
			}
		})
	}
}
