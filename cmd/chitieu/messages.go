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
	msg := strings.TrimPrefix(p.Message, file+": ")
	if l != "en" {
		msg = translate(msg)
	}
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
	codeWord = regexp.MustCompile(`\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b`)
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

// translations are the messages of the checks a file meets, in Vietnamese;
// a message not among them is shown as written.
var translations = []struct {
	re *regexp.Regexp
	vi string
}{
	{regexp.MustCompile(`^(\S+) is a part \("trong đó", of which\) of (\S+) and cannot exceed it; (.+) at row (\d+) is (\S+)$`),
		`$1 là phần "trong đó" của $2 nên không thể lớn hơn; $3 ở dòng $4 là $5`},
	{regexp.MustCompile(`^(\S+) is counted among (\S+) \(a rate's numerator and denominator\) and cannot exceed it; (.+) at row (\d+) is (\S+)$`),
		`$1 được tính trong $2 (tử số và mẫu số của một tỷ lệ) nên không thể lớn hơn; $3 ở dòng $4 là $5`},
	{regexp.MustCompile(`^(\S+) is a percentage and must lie between 0 and 100$`),
		`$1 là tỷ lệ phần trăm, phải từ 0 đến 100`},
	{regexp.MustCompile(`^one separator before three digits can be read two ways; it is read as a thousands separator, as for every count of persons or households \((\S+)\); (\d+) values of the file are like it, all read by the same rule$`),
		`một dấu phân cách trước ba chữ số có thể hiểu theo hai cách; được đọc là dấu phân cách hàng nghìn, như mọi số người, số hộ ($1); $2 giá trị của tệp như vậy đều được đọc theo cùng cách`},
	{regexp.MustCompile(`^the year-to-date (\S+) of (\S+) for (\S+) should equal the sum of months 1 to (\d+), which is (\S+) as loaded; the months are used and the difference is listed in ytd_discrepancies$`),
		`số lũy kế $1 của $2 kỳ $3 phải bằng tổng các tháng 1 đến $4, theo số đã nạp là $5; số liệu các tháng được dùng và chênh lệch được ghi lại để đối chiếu`},
	{regexp.MustCompile(`^the file's name says (.+) but its figures are for (.+); send the file of (.+), or correct the province in the file$`),
		`tên tệp ghi $1 nhưng số liệu là của $2; hãy gửi tệp của $3, hoặc sửa tên tỉnh trong tệp`},
	{regexp.MustCompile(`^reported (\d+) times \(at ([\d, ]+)\); each data element, area, period and kind may appear once per file$`),
		`được báo cáo $1 lần (ở dòng $2); mỗi chỉ tiêu, địa bàn, kỳ và loại số liệu chỉ được có một lần trong tệp`},
	{regexp.MustCompile(`^expected a number such as 48500, 48\.500, 103,19 or 103\.19, a target such as <4, 1 - 1,5 or giảm 1,5, or "-" for none$`),
		`cần một số như 48500, 48.500, 103,19 hoặc 103.19, một mức kế hoạch như <4, 1 - 1,5 hoặc giảm 1,5, hoặc "-" nếu không có`},
	{regexp.MustCompile(`^line (\d+): not a long CSV header: header "(.*)"; expected the columns (\S+) and optionally (\S+) \(missing \[(.*)\], unknown \[(.*)\]\)$`),
		`dòng $1: không phải dòng tiêu đề của bảng dài: tiêu đề "$2"; cần các cột $3, có thể thêm $4 (thiếu: $5; không nhận ra: $6)`},
	{regexp.MustCompile(`^(\d+) results? for period (\S+), which has not begun \(today is (\S+)\); only plans may be given for future periods: check the period in the title or the period column$`),
		`$1 số thực hiện cho kỳ $2, là kỳ chưa bắt đầu (hôm nay là $3); kỳ tương lai chỉ được có số kế hoạch: hãy kiểm tra kỳ ở tiêu đề hoặc cột kỳ`},
	// why a workbook's sheets are not read (ingest/xlsx.Explain)
	{regexp.MustCompile(`^no sheet holds a table chitieu reads: none has the header row or the title of a known form \((.+)\): unsupported file$`),
		`không trang tính nào có bảng chitieu đọc được: không trang nào có dòng tên cột hay tên biểu của một mẫu đã biết ($1)`},
	{regexp.MustCompile("^not read: a table by province \\((\\d+) provinces in its rows, from row (\\d+): (.+)\\) whose columns name none of chitieu's data elements; `chitieu catalog` lists the ones it reads$"),
		"không đọc: bảng theo tỉnh ($1 tỉnh, từ dòng $2: $3) nhưng không cột nào là chỉ tiêu của chitieu; lệnh `chitieu catalog` liệt kê các chỉ tiêu được đọc"},
	{regexp.MustCompile(`^not read: a table by province \((\d+) provinces in its rows, from row (\d+)\) that names (.+), but it has neither a column headed "Tỉnh, thành phố" over the names nor a title with "phân theo địa phương": head the column so, or give --template$`),
		`không đọc: bảng theo tỉnh ($1 tỉnh, từ dòng $2) có chỉ tiêu $3, nhưng không có cột "Tỉnh, thành phố" trên tên tỉnh, cũng không có tên biểu "phân theo địa phương": hãy đặt tên cột như vậy, hoặc dùng --template`},
	{regexp.MustCompile(`^not read: it names (.+), but its rows are not provinces \((.+)\): chitieu stores figures by province$`),
		`không đọc: bảng có chỉ tiêu $1, nhưng các dòng không phải là tỉnh ($2): chitieu lưu số liệu theo tỉnh`},
	{regexp.MustCompile(`^not read: neither a table by province \(no row names a province\) nor a data element of chitieu's in its header$`),
		`không đọc: không phải bảng theo tỉnh (không dòng nào là tên tỉnh) và tên cột không có chỉ tiêu nào của chitieu`},
	{regexp.MustCompile(`^the text of (\d+) sheets \((.+)\) is in the old TCVN3 \(ABC\) encoding: read converted to Unicode, and quoted so in each sheet's reason$`),
		`chữ của $1 trang tính ($2) dùng bảng mã TCVN3 (ABC) cũ: đã chuyển sang Unicode để đọc và để trích dẫn trong lý do của từng trang`},
	{regexp.MustCompile(`^unsupported file type (\S+): expected a \.csv, \.xlsx or \.xls file$`),
		`không đọc được loại tệp $1: cần tệp .csv, .xlsx hoặc .xls`},
	// what a CSV file's own words say of its figures
	{regexp.MustCompile(`^the file says "(.+)": its results \(not its plans\) are stored as (\S+), unless a row's status says otherwise$`),
		`tệp ghi "$1": số thực hiện (không phải số kế hoạch) được lưu với trạng thái $2, trừ dòng ghi trạng thái riêng`},
	{regexp.MustCompile(`^a title or comment above the header: read for a status \("số ước", "sơ bộ"\), not as figures$`),
		`dòng tên biểu hoặc ghi chú phía trên dòng tên cột: được đọc để biết trạng thái số liệu ("số ước", "sơ bộ"), không phải số liệu`},
	{regexp.MustCompile(`^(\d+) comment lines \(starting with "#"\) below the header are not read as figures, the first at line (\d+)$`),
		`$1 dòng ghi chú (bắt đầu bằng "#") dưới dòng tên cột không được đọc như số liệu, dòng đầu tiên là dòng $2`},
}

// translate gives a check's message in Vietnamese when it is known.
func translate(msg string) string {
	for _, t := range translations {
		if t.re.MatchString(msg) {
			return t.re.ReplaceAllString(msg, t.vi)
		}
	}
	return msg
}
