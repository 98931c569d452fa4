package schemas

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Vietnamese is written in syllables of a fixed shape: an initial
// consonant, a vowel nucleus (with its glide: "oa", "uyê", "ươu"), a final
// consonant, and at most one tone mark. TCVN3 text read as Latin-1 breaks
// that shape ("Hãa" for "Hóa": no syllable has "aa"; "MiÒn" for "Miền": a
// capital inside a small word, "io" no nucleus), so a cell that looks
// plausible letter by letter is still told from Vietnamese written in
// Unicode.

// onsets are the initial consonants, longest first.
var onsets = []string{"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x"}

// codas are the final consonants, longest first.
var codas = []string{"ch", "ng", "nh", "c", "m", "n", "p", "t"}

// nuclei are the vowel nuclei with their glides, tone marks removed.
var nuclei = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`a ă â e ê i o ô ơ u ư y
		ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê
		iêu yêu oai oay oao oeo uây uôi ươi ươu uyê uya uyu`) {
		m[n] = true
	}
	return m
}()

// toneMarks are the combining marks of the five tones (NFD).
const toneMarks = "\u0300\u0301\u0303\u0309\u0323"

// vietnameseWord reports whether a word (letters only) is a Vietnamese
// syllable as Unicode writes it: all small, all capitals or capitalised,
// at most one tone, an initial, a nucleus and a final of the language.
func vietnameseWord(w string) bool {
	upper, lower := false, false
	for i, r := range w {
		if i > 0 { // after the initial, all small or all capitals: not "MiÒn", "BÕn"
			upper = upper || unicode.IsUpper(r)
			lower = lower || unicode.IsLower(r)
		}
	}
	if upper && lower {
		return false
	}
	tones := 0
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(w)) {
		if strings.ContainsRune(toneMarks, r) {
			tones++
			continue
		}
		b.WriteRune(r)
	}
	if tones > 1 {
		return false
	}
	s := norm.NFC.String(b.String())
	for _, o := range onsets {
		if rest, ok := strings.CutPrefix(s, o); ok {
			if o == "gi" && (rest == "" || !strings.ContainsAny(rest[:1], "aăâeêioôơuưy")) {
				rest = "i" + rest // "gìn": g + in
			}
			s = rest
			break
		}
	}
	for _, c := range codas {
		if rest, ok := strings.CutSuffix(s, c); ok {
			s = rest
			break
		}
	}
	return nuclei[s]
}

// wordsWithMarks splits text into its words that hold a letter beyond
// ASCII: the words a conversion from TCVN3 changes. ASCII words
// (abbreviations, English) tell nothing.
func wordsWithMarks(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if strings.IndexFunc(w, func(r rune) bool { return r >= 0x80 }) >= 0 {
			out = append(out, w)
		}
	}
	return out
}

// misreadTCVN3 reports whether Latin-1 text with no character only TCVN3
// uses is still TCVN3: some of its words are no Vietnamese syllables
// ("Thanh Hãa", "MiÒn Nam") and every one of them is, converted.
func misreadTCVN3(s string) bool {
	broken := false
	for _, w := range wordsWithMarks(s) {
		if !vietnameseWord(w) {
			broken = true
			break
		}
	}
	if !broken {
		return false
	}
	for _, w := range wordsWithMarks(FromTCVN3(s)) {
		if !vietnameseWord(w) {
			return false
		}
	}
	return true
}
