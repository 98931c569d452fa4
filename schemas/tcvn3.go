package schemas

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// TCVN3 (TCVN 5712:1993 VN3, the "ABC" encoding of the .VnTime fonts) was
// how Vietnamese was typed before Unicode, and old provincial workbooks and
// their exports still carry it. Its bytes, read as Latin-1, show as mojibake:
// "B¶o Th¾ng" for "Bảo Thắng", "Hµ Néi" for "Hà Nội". Capitals with tones
// come from a separate font (.VnTimeH) using the same codes as the small
// letters, so "B¶O TH¾NG" is "BẢO THẮNG".
//
// tcvn3 maps each Latin-1 code point TCVN3 uses for a Vietnamese letter to
// that letter.
var tcvn3 = func() map[rune]rune {
	m := map[rune]rune{}
	add := func(codes, letters string) {
		cs, ls := []rune(codes), []rune(letters)
		if len(cs) != len(ls) {
			panic("tcvn3 table: " + codes)
		}
		for i, c := range cs {
			m[c] = ls[i]
		}
	}
	add("µ¸¶·¹", "àáảãạ")
	add("¨»¾¼½Æ", "ăằắẳẵặ")
	add("©ÇÊÈÉË", "âầấẩẫậ")
	add("®", "đ")
	add("ÌÐÎÏÑ", "èéẻẽẹ")
	add("ªÒÕÓÔÖ", "êềếểễệ")
	add("×ÝØÜÞ", "ìíỉĩị")
	add("ßãáâä", "òóỏõọ")
	add("«åèæçé", "ôồốổỗộ")
	add("¬êíëìî", "ơờớởỡợ")
	add("ïóñòô", "ùúủũụ")
	add("\u00adõøö÷ù", "ưừứửữự")
	add("úýûüþ", "ỳýỷỹỵ")
	add("¡¢§£¤¥¦", "ĂÂĐÊÔƠƯ")
	return m
}()

// tcvn3Signature reports whether r, a TCVN3 code, is one that Vietnamese
// written in Unicode never uses: a symbol (¶, ¾, ×) or a Latin-1 letter
// outside Vietnamese (ß, Ð, ø). The Vietnamese Latin-1 vowels (á, ê, ô …)
// are TCVN3 codes too, so they alone prove nothing.
func tcvn3Signature(r rune) bool {
	if _, ok := tcvn3[r]; !ok {
		return false
	}
	return !strings.ContainsRune("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ", r)
}

// LooksTCVN3 reports whether text is TCVN3 mojibake: it has none of the
// letters only Unicode Vietnamese has (ă, đ, ơ, ư, the letters with a dot
// below …, all above U+00FF), and it has a character only TCVN3 uses, or
// words that are no Vietnamese syllables until converted ("Thanh Hãa",
// "MiÒn Nam": see misreadTCVN3).
func LooksTCVN3(s string) bool {
	sig := false
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			goto slow
		}
	}
	return false
slow:
	for _, r := range s {
		switch {
		case r > 0xFF:
			return false
		case tcvn3Signature(r):
			sig = true
		}
	}
	return sig || misreadTCVN3(s)
}

// FromTCVN3 converts TCVN3 mojibake to Unicode (NFC). Text written all in
// capitals stays in capitals, as the .VnTimeH font shows it; so does a word
// of two or more capitals in a text that mixes the two fonts (GSO's title
// "GI¸ TRÞ S¶N XUÊT C¤NG NGHIÖP th¸ng 1 n¨m 2000" is "GIÁ TRỊ SẢN XUẤT
// CÔNG NGHIỆP tháng 1 năm 2000").
func FromTCVN3(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	upper := true
	for _, r := range s {
		if r < utf8.RuneSelf && unicode.IsLower(r) {
			upper = false
		}
		if v, ok := tcvn3[r]; ok {
			r = v
		}
		b.WriteRune(r)
	}
	out := b.String()
	if upper {
		return NFC(strings.ToUpper(out))
	}
	return NFC(capitalWords(s, out))
}

// capitalWords puts in capitals each word of out (s converted) whose
// ASCII letters in s are two or more and all capitals: a word typed in
// the .VnTimeH font among small text. "Hµ" (one capital) stays "Hà".
func capitalWords(s, out string) string {
	src, dst := []rune(s), []rune(out)
	if len(src) != len(dst) {
		return out // the conversion maps rune to rune
	}
	for i := 0; i < len(src); {
		if !unicode.IsLetter(src[i]) && tcvn3[src[i]] == 0 {
			i++
			continue
		}
		j, caps, small := i, 0, false
		for ; j < len(src) && (unicode.IsLetter(src[j]) || tcvn3[src[j]] != 0); j++ {
			switch r := src[j]; {
			case r < utf8.RuneSelf && unicode.IsUpper(r):
				caps++
			case r < utf8.RuneSelf && unicode.IsLower(r):
				small = true
			}
		}
		if caps >= 2 && !small {
			for k := i; k < j; k++ {
				dst[k] = unicode.ToUpper(dst[k])
			}
		}
		i = j
	}
	return string(dst)
}

// FixTCVN3 returns text converted from TCVN3 when it looks like TCVN3
// mojibake, and whether it did.
func FixTCVN3(s string) (string, bool) {
	if !LooksTCVN3(s) {
		return s, false
	}
	return FromTCVN3(s), true
}
