package schemas

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrAmbiguousLabel is returned when a row label names two data elements
// equally well.
var ErrAmbiguousLabel = errors.New("label names more than one data element")

// abbreviations are the short forms report forms use, by folded word
// sequence, spelt out before labels are compared: "Tỷ lệ LĐ qua đào tạo"
// is "Tỷ lệ lao động qua đào tạo".
var abbreviations = map[string]string{
	"ld":     "lao dong",
	"nld":    "nguoi lao dong",
	"llld":   "luc luong lao dong",
	"xkld":   "xuat khau lao dong",
	"gdnn":   "giao duc nghe nghiep",
	"bhxh":   "bao hiem xa hoi",
	"bhtn":   "bao hiem that nghiep",
	"bhyt":   "bao hiem y te",
	"tb xh":  "thuong binh va xa hoi",
	"tbxh":   "thuong binh va xa hoi",
	"ldtbxh": "lao dong thuong binh va xa hoi",
	"btxh":   "bao tro xa hoi",
	"nkt":    "nguoi khuyet tat",
	"ncc":    "nguoi co cong",
	"tehcdb": "tre em co hoan canh dac biet",
	"cd":     "cao dang",
	"tc":     "trung cap",
	"sc":     "so cap",
}

// Canon is the key a label is matched by: Fold, then abbreviations spelt
// out ("Tỷ lệ LĐ tham gia BHXH" → "ty le lao dong tham gia bao hiem xa
// hoi") and "và" before a spelt-out "xã hội" kept as written elsewhere.
func Canon(s string) string {
	words := strings.Fields(Fold(s))
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); i++ {
		if i+1 < len(words) {
			if full, ok := abbreviations[words[i]+" "+words[i+1]]; ok {
				out = append(out, full)
				i++
				continue
			}
		}
		if full, ok := abbreviations[words[i]]; ok {
			out = append(out, full)
			continue
		}
		out = append(out, words[i])
	}
	return strings.Join(out, " ")
}

// fillers are phrases and words a label may add or drop without naming
// another figure: "Tỷ lệ thất nghiệp của lao động trong độ tuổi ở khu vực
// thành thị" is the urban unemployment rate, "Đưa lao động đi …" and
// "Người lao động đi …" the same workers.
var (
	fillerPhrases = []string{"cua lao dong trong do tuoi", "trong do tuoi lao dong", "trong do tuoi", "khu vuc"}
	fillerWords   = map[string]bool{"cua": true, "o": true, "theo": true, "cac": true, "duoc": true, "dua": true,
		"nguoi": true, "va": true, "so": true, "tong": true, "nhung": true, "tai": true, "trong": true, "do": true}
)

// Bag is a label's words, fillers set aside, sorted: two labels with the
// same bag name the same figure in another order or wording, which is a
// guess, not a match.
func Bag(s string) string {
	k := " " + Canon(s) + " "
	for _, p := range fillerPhrases {
		k = strings.ReplaceAll(k, " "+p+" ", " ")
	}
	var words []string
	for _, w := range strings.Fields(k) {
		if !fillerWords[w] && !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	slices.Sort(words)
	return strings.Join(words, " ")
}

// Resolved is the data element a report row names and how surely.
type Resolved struct {
	Element DataElement
	// Guess is set when the label matched only as a bag of words (another
	// word order, filler words) or a part label outside its place: the
	// row is stored, and a warning names the element chosen.
	Guess bool
}

// Resolve finds the data element a report row names, reading the label
// as a statistician would. above is what the row sits directly beneath:
// the element of the row above it in the numbering (1 above 1.1, the total
// above its "Trong đó" row) or a heading's HeadingAnchor; empty at the top.
//
// In order: a code or a label (abbreviations spelt out) names its element;
// a part label ("Nữ", "Cao đẳng, trung cấp") names the part of the row
// above; failing both, a label whose words, fillers set aside and in any
// order, are those of one element's label is a guess. Two elements
// equally likely is ErrAmbiguousLabel naming both. ok is false when
// nothing matches.
func (es *Elements) Resolve(label, above string) (Resolved, bool, error) {
	if i, ok := es.byCode[label]; ok {
		return Resolved{Element: es.list[i]}, true, nil
	}
	k := Canon(label)
	if k == "" {
		return Resolved{}, false, nil
	}
	parts := es.byPart[k]
	var placed []int
	for _, i := range parts {
		if above != "" && slices.Contains(es.list[i].anchors(), above) {
			placed = append(placed, i)
		}
	}
	switch {
	case len(placed) == 1:
		return Resolved{Element: es.list[placed[0]]}, true, nil
	case len(placed) > 1:
		return Resolved{}, false, es.ambiguous(label, placed)
	}
	if i, ok := es.byName[k]; ok {
		return Resolved{Element: es.list[i]}, true, nil
	}
	// A part label beneath a row that has no such part ("Nữ" under jobs
	// sent abroad) names a figure chitieu does not know; with nothing
	// above it, it is a guess if one element has it.
	switch {
	case above != "" && len(parts) > 0:
		return Resolved{}, false, nil
	case len(parts) == 1:
		return Resolved{Element: es.list[parts[0]], Guess: true}, true, nil
	case len(parts) > 1:
		return Resolved{}, false, es.ambiguous(label, parts)
	}
	b := Bag(label)
	placed = placed[:0]
	for _, i := range es.byPartBag[b] {
		if above != "" && slices.Contains(es.list[i].anchors(), above) {
			placed = append(placed, i)
		}
	}
	switch {
	case len(placed) == 1:
		return Resolved{Element: es.list[placed[0]], Guess: true}, true, nil
	case len(placed) > 1:
		return Resolved{}, false, es.ambiguous(label, placed)
	}
	cands := es.byBag[b]
	switch {
	case len(cands) == 1:
		return Resolved{Element: es.list[cands[0]], Guess: true}, true, nil
	case len(cands) > 1:
		return Resolved{}, false, es.ambiguous(label, cands)
	}
	return Resolved{}, false, nil
}

func (es *Elements) ambiguous(label string, is []int) error {
	names := make([]string, len(is))
	for j, i := range is {
		names[j] = fmt.Sprintf("%s (%s)", es.list[i].Code, es.list[i].NameVI)
	}
	return fmt.Errorf("%w: %q could be %s", ErrAmbiguousLabel, label, strings.Join(names, " or "))
}

// sharesAnchor reports whether two elements' part labels may sit beneath
// the same row.
func sharesAnchor(a, b DataElement) bool {
	for _, x := range a.anchors() {
		if slices.Contains(b.anchors(), x) {
			return true
		}
	}
	return false
}

// partCycles reports an element that is, through part_of, a part of
// itself.
func partCycles(list []DataElement, byCode map[string]int) error {
	for _, d := range list {
		seen := map[string]bool{d.Code: true}
		for p := d.PartOf; p != ""; {
			if seen[p] {
				return fmt.Errorf("%s: part_of makes a cycle through %s", d.Code, p)
			}
			seen[p] = true
			j, ok := byCode[p]
			if !ok {
				break
			}
			p = list[j].PartOf
		}
	}
	return nil
}
