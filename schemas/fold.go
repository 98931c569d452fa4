package schemas

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold reduces a label to a matching key: Unicode decomposed, diacritics
// removed, "đ" and its look-alikes mapped to "d" (they do not decompose), lower case, and every run
// of punctuation or white space (line breaks, non-breaking spaces, hyphens,
// dots) turned into one space. "Tỉnh  NGHỆ AN", "Nghe An" and the NFD
// spelling of "Nghệ An" fold alike, and so do the old and new tone placements
// ("Hoà Bình", "Hòa Bình").
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ' || r == 'Ð' || r == 'ð' || r == 'Ɖ' || r == 'ɖ':
			// Ð (U+00D0, Icelandic eth) and Ɖ (U+0189, African D) look
			// like Đ and stand for it in GSO's online tables ("Ðà Nẵng").
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '%':
			r = unicode.ToLower(r)
		default:
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// NFC returns s in Unicode normalisation form C, the form chitieu stores.
func NFC(s string) string { return norm.NFC.String(s) }
