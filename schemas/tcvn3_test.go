package schemas

import (
	"strings"
	"testing"
	"unicode"
)

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
		// both fonts in one cell: GSO's January 2000 release, sheet "2gtcn"
		{"2. GI¸ TRÞ S¶N XUÊT C¤NG NGHIÖP th¸ng 1 n¨m 2000", "2. GIÁ TRỊ SẢN XUẤT CÔNG NGHIỆP tháng 1 năm 2000", true},
		{"Hµ Néi vµ TP. HCM", "Hà Nội và TP. HCM", true},
		// No character only TCVN3 uses, but words no Vietnamese syllable has.
		{"MiÒn Nam", "Miền Nam", true},
		{"Thanh Hãa", "Thanh Hóa", true},
		{"Hßa B×nh", "Hòa Bình", true},
		{"Kh¸nh Hßa", "Khánh Hòa", true},
		{"Tây Ninh", "Tây Ninh", false},
		{"Cà Mau", "Cà Mau", false},
		{"café", "café", false},   // no syllable before or after
		{"Hôtel", "Hôtel", false}, // idem
		{"TP.HCM Hà", "TP.HCM Hà", false},
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
	for _, s := range []string{"B¶o Th¾ng", "Hà Nội", "TØNH NGHÖ AN", "\u00ad", "x", "MiÒn Nam", "Thanh Hãa", "Tây Ninh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, fixed := FixTCVN3(s)
		if !fixed && out != s {
			t.Errorf("FixTCVN3(%q) changed the text without saying so", s)
		}
		if fixed && out == s {
			t.Errorf("FixTCVN3(%q) says it converted, and changed nothing", s)
		}
		signature := strings.IndexFunc(s, tcvn3Signature) >= 0
		valid := true
		for _, w := range wordsWithMarks(s) {
			valid = valid && vietnameseWord(w)
		}
		// Unicode Vietnamese (every word a syllable) is never converted
		// unless a character only TCVN3 uses says so.
		if fixed && valid && !signature {
			t.Errorf("FixTCVN3(%q) = %q: valid Vietnamese converted", s, out)
		}
		// Text taken for TCVN3 by its words alone reads, converted, as
		// Vietnamese: converting it again changes nothing. (Text with a
		// TCVN3-only character is converted whatever its words; garbage
		// such as "a¸" may then read as TCVN3 again.)
		if fixed && !signature && LooksTCVN3(out) {
			t.Errorf("FixTCVN3(%q) = %q still looks like TCVN3", s, out)
		}
	})
}

// toTCVN3 writes Unicode Vietnamese as TCVN3 read as Latin-1, capitals as
// the .VnTimeH font writes them (the small letters' codes).
func toTCVN3(s string) string {
	back := map[rune]rune{}
	for c, l := range tcvn3 {
		if _, taken := back[l]; !taken || c < back[l] {
			back[l] = c
		}
	}
	var b strings.Builder
	for _, r := range NFC(s) {
		if c, ok := back[r]; ok {
			r = c
		} else if c, ok := back[unicode.ToLower(r)]; ok && r > 0x7F {
			r = c
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestTCVN3Names: no name of a province, region or nation in Unicode, and
// no label of a data element, is taken for TCVN3; every province's name
// typed in TCVN3 is, and reads back as the name (case aside: .VnTimeH
// capitals share the small letters' codes).
func TestTCVN3Names(t *testing.T) {
	as, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	es, err := LoadElements()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range as.All() {
		names = append(append(names, a.NameVI, a.FullNameVI, a.NameEN), a.Aliases...)
	}
	var labels []string
	for _, d := range es.All() {
		labels = append(append(labels, d.NameVI, d.NameEN), d.Labels...)
	}
	for _, s := range append(append([]string{}, names...), labels...) {
		if got, fixed := FixTCVN3(s); fixed {
			t.Errorf("FixTCVN3(%q) = %q: Unicode Vietnamese taken for TCVN3", s, got)
		}
	}
	for _, a := range as.All() {
		for _, n := range []string{a.NameVI, a.FullNameVI} {
			in := toTCVN3(n)
			if in == n {
				continue // no letter beyond ASCII
			}
			got, fixed := FixTCVN3(in)
			if !fixed || !strings.EqualFold(got, n) {
				t.Errorf("FixTCVN3(%q) = %q, %v; want %q", in, got, fixed, n)
			}
		}
	}
}
