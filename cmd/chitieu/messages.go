package main

import (
	"fmt"
	"regexp"
	"strings"

	"chitieu/schemas"
	"chitieu/table"
)

// The words of validate's report, read by provincial clerks: Vietnamese by
// default, English with --lang en.
var validateWords = map[string][2]string{
	"valid":         {"hợp lệ  ", "valid   "},
	"rejected":      {"trả lại ", "rejected"},
	"error":         {"lỗi", "error"},
	"warning":       {"cảnh báo", "warning"},
	"value":         {"giá trị", "value"},
	"values":        {"giá trị", "value"},
	"file":          {"tệp", "file"},
	"province":      {"tỉnh", "province"},
	"period":        {"kỳ", "period"},
	"template":      {"mẫu", "template"},
	"sheet":         {"trang tính", "sheet"},
	"cell":          {"ô", "cell"},
	"row":           {"dòng", "row"},
	"column":        {"cột", "column"},
	"summary":       {"%s: %d hợp lệ, %d bị trả lại", "%s: %d valid, %d rejected"},
	"skipped_n":     {", %d bỏ qua", ", %d skipped"},
	"skipped":       {"bỏ qua  ", "skipped "},
	"documentation": {"tài liệu, không phải báo cáo", "documentation, not a submission"},
	"note":          {"ghi chú", "note"},
}

// words speaks one language of validateWords.
type words string

func (l words) get(key string) string {
	w := validateWords[key]
	if l == "en" {
		return w[1]
	}
	return w[0]
}

// count writes "1 error", "2 errors" ("2 lỗi": Vietnamese nouns do not
// change with the number).
func (l words) count(n int, key string) string {
	s := fmt.Sprintf("%s %s", table.GroupThousands(float64(n)), l.get(key))
	if l == "en" && n != 1 {
		s += "s"
	}
	return s
}

// where is a problem's position in the report's language.
func (l words) where(p schemas.Problem) string {
	var parts []string
	if p.Sheet != "" {
		parts = append(parts, fmt.Sprintf("%s %q", l.get("sheet"), p.Sheet))
	}
	switch {
	case p.Cell != "":
		parts = append(parts, l.get("cell")+" "+p.Cell)
	case p.Row > 0 && p.Column != "":
		parts = append(parts, fmt.Sprintf("%s %d, %s %s", l.get("row"), p.Row, l.get("column"), p.Column))
	case p.Row > 0:
		parts = append(parts, fmt.Sprintf("%s %d", l.get("row"), p.Row))
	}
	return strings.Join(parts, " ")
}

// problemLine is one problem under its file's line: labelled error or
// warning, its position and value, and the message in the clerk's words,
// without the file's path again.
func (l words) problemLine(p schemas.Problem, file string, names *namer) string {
	sev := l.get("error")
	switch p.Severity {
	case schemas.SeverityWarning:
		sev = l.get("warning")
	case schemas.SeverityInfo:
		sev = l.get("note")
	}
	parts := []string{}
	if p.File != "" && p.File != file {
		parts = append(parts, p.File)
	}
	if w := l.where(p); w != "" {
		parts = append(parts, w)
	}
	if p.Value != "" {
		parts = append(parts, fmt.Sprintf("%s %q", l.get("value"), p.Value))
	}
	lang := "vi"
	if l == "en" {
		lang = "en"
	}
	// a reader's error names the file, already on the file's line
	msg := strings.ReplaceAll(p.Text(lang), file+": ", "")
	parts = append(parts, names.replace(msg, l))
	return sev + ": " + strings.Join(parts, ": ")
}

// namer turns the warehouse's codes in a message into the names people use.
type namer struct {
	elements map[string][2]string
	areas    map[string][2]string
}

func newNamer(ref *schemas.Catalog) *namer {
	n := &namer{elements: map[string][2]string{}, areas: map[string][2]string{}}
	if ref == nil {
		return n
	}
	if ref.Elements != nil {
		for _, e := range ref.Elements.All() {
			n.elements[e.Code] = [2]string{e.NameVI, e.NameEN}
		}
	}
	if ref.Areas != nil {
		for _, a := range ref.Areas.All() {
			if _, seen := n.areas[a.Code]; !seen {
				n.areas[a.Code] = [2]string{a.NameVI, a.NameEN}
			}
		}
	}
	return n
}

var (
	// a data element's code, or a series of its breakdown: jobs_created[sex=female]
	codeWord = regexp.MustCompile(`\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b(?:\[[a-z_]+=[a-z0-9_]+\])?`)
	// "(40, 2024-12, actual)" and "of 42 for": a province by its code
	areaRef = regexp.MustCompile(`\((\d{2}), `)
	areaOf  = regexp.MustCompile(`\b(of|của) (\d{2})( \p{Lu})?`)
)

// replace writes data elements and provinces by name: "jobs_created
// (40, …)" becomes "Số lao động được giải quyết việc làm (Nghệ An, …)".
func (n *namer) replace(msg string, l words) string {
	i := 0
	if l == "en" {
		i = 1
	}
	msg = codeWord.ReplaceAllStringFunc(msg, func(w string) string {
		if e, ok := n.elements[w]; ok && e[i] != "" {
			return "«" + e[i] + "»"
		}
		return w
	})
	msg = areaRef.ReplaceAllStringFunc(msg, func(w string) string {
		code := areaRef.FindStringSubmatch(w)[1]
		if a, ok := n.areas[code]; ok {
			return "(" + a[i] + ", "
		}
		return w
	})
	return areaOf.ReplaceAllStringFunc(msg, func(w string) string {
		m := areaOf.FindStringSubmatch(w)
		if a, ok := n.areas[m[2]]; ok && m[3] == "" { // "của 40 Nghệ An" is named already
			return m[1] + " " + a[i]
		}
		return w
	})
}
