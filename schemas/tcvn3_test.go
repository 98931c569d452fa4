package schemas

import "testing"

func TestFixTCVN3(t *testing.T) {
	tests := []struct {
		in, want string
		fixed    bool
	}{
		{"B¶o Th¾ng", "Bảo Thắng", true},
		{"Hµ Néi", "Hà Nội", true},
		{"Ninh B×nh", "Ninh Bình", true},
		{"M\u00adêng Kh\u00ad¬ng", "Mường Khương", true},
		{"§å S¬n", "Đồ Sơn", true},
		{"Sè lao ®éng ®\u00adîc gi¶i quyÕt viÖc lµm", "Số lao động được giải quyết việc làm", true},
		{"TØNH NGHÖ AN", "TỈNH NGHỆ AN", true}, // .VnTimeH capitals
		// Unicode Vietnamese is left alone, even when all its letters are Latin-1.
		{"Thái Bình", "Thái Bình", false},
		{"Hà Nội", "Hà Nội", false},
		{"Tổng cộng ×2", "Tổng cộng ×2", false},
		{"48.500", "48.500", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, fixed := FixTCVN3(tt.in)
		if got != tt.want || fixed != tt.fixed {
			t.Errorf("FixTCVN3(%q) = %q, %v, want %q, %v", tt.in, got, fixed, tt.want, tt.fixed)
		}
	}
}

func FuzzFixTCVN3(f *testing.F) {
	for _, s := range []string{"B¶o Th¾ng", "Hà Nội", "TØNH NGHÖ AN", "\u00ad", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, fixed := FixTCVN3(s)
		if !fixed && out != s {
			t.Errorf("FixTCVN3(%q) changed the text without saying so", s)
		}
		if fixed && LooksTCVN3(out) {
			t.Errorf("FixTCVN3(%q) = %q still looks like TCVN3", s, out)
		}
	})
}
