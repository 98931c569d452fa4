package transform

import "testing"

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in      string
		counted bool
		want    Target
	}{
		{"<4", false, Target{TargetAtMost, 4, 4}},
		{"< 4%", false, Target{TargetAtMost, 4, 4}},
		{"≤ 3,5", false, Target{TargetAtMost, 3.5, 3.5}},
		{"Dưới 4%", false, Target{TargetAtMost, 4, 4}},
		{"không quá 4", false, Target{TargetAtMost, 4, 4}},
		{">70", false, Target{TargetAtLeast, 70, 70}},
		{"Trên 70%", false, Target{TargetAtLeast, 70, 70}},
		{"ít nhất 48.500", true, Target{TargetAtLeast, 48500, 48500}},
		{"1 - 1,5", false, Target{TargetRange, 1, 1.5}},
		{"1–1.5%", false, Target{TargetRange, 1, 1.5}},
		{"từ 1 đến 1,5", false, Target{TargetRange, 1, 1.5}},
		{"Giảm 1 - 1,5%", false, Target{TargetReduction, 1, 1.5}},
		{"giảm 1,5 điểm %", false, Target{TargetReduction, 1.5, 1.5}},
		{"giảm 1-1,5 điểm phần trăm", false, Target{TargetReduction, 1, 1.5}},
	}
	for _, tt := range tests {
		got, ok, err := ParseTarget(tt.in, tt.counted)
		if !ok || err != nil || got != tt.want {
			t.Errorf("ParseTarget(%q) = %+v, %v, %v; want %+v", tt.in, got, ok, err, tt.want)
		}
	}
	for _, plain := range []string{"47000", "48.500", "70,1", "-", "", "4.35O"} {
		if got, ok, _ := ParseTarget(plain, true); ok {
			t.Errorf("ParseTarget(%q) = %+v, want not a target shape", plain, got)
		}
	}
	for _, bad := range []string{"dưới bốn", "giảm 1,5 - 1", "< abc"} {
		if _, ok, err := ParseTarget(bad, false); !ok || err == nil {
			t.Errorf("ParseTarget(%q): ok %v, err %v; want a shape with an error", bad, ok, err)
		}
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"<4", "giảm 1 - 1,5%", "từ 1 đến 1,5", "Trên 70%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, ok, err := ParseTarget(s, false)
		if ok && err == nil && tg.High < tg.Low {
			t.Fatalf("ParseTarget(%q) = %+v: high below low", s, tg)
		}
	})
}
