package schemas

import "strings"

// statusPhrases are the words by which a report says its figures are not
// final, folded: "số ước" / "ước thực hiện" / "ước tính" (estimated, the
// month not yet closed), "sơ bộ" (provisional, GSO's preliminary figures).
var statusPhrases = []struct{ phrase, status string }{
	{"so uoc", StatusEstimated},
	{"uoc thuc hien", StatusEstimated},
	{"uoc tinh", StatusEstimated},
	{"uoc dat", StatusEstimated},
	{"so lieu uoc", StatusEstimated},
	{"so bo", StatusProvisional},
}

// StatusIn finds the status a text gives its figures ("Số liệu tháng 12 là
// số ước thực hiện" → estimated, "Sơ bộ" → provisional) and the words that
// say so, as the text writes them ("số ước"); ok is false when it names none.
func StatusIn(text string) (status, phrase string, ok bool) {
	k := " " + Fold(text) + " "
	for _, p := range statusPhrases {
		if strings.Contains(k, " "+p.phrase+" ") {
			return p.status, asWritten(text, p.phrase), true
		}
	}
	return "", "", false
}

// asWritten finds the words of text whose folded form is phrase (folded
// words), so that a message quotes "số ước" rather than "so uoc"; phrase
// itself when the words do not line up.
func asWritten(text, phrase string) string {
	want := strings.Fields(phrase)
	words := strings.Fields(text)
	for i := 0; i+len(want) <= len(words); i++ {
		match := true
		for j, w := range want {
			if Fold(words[i+j]) != w {
				match = false
				break
			}
		}
		if match {
			return strings.Trim(strings.Join(words[i:i+len(want)], " "), ".,;:()\"'")
		}
	}
	return phrase
}
