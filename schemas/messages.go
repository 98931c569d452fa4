package schemas

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// A Message is what a problem says, as a stable code and its arguments, so
// that it can be said in the reader's language: the provinces' clerks read
// Vietnamese, the API's clients and the ledger's old rows English.
type Message struct {
	Code string   // a key of the catalogue of messages ("value.not_number")
	Args []string // the figures, names and cells the text is about, as written into it
}

// Say makes a message from its code and arguments. Strings are kept as they
// are, integers written in digits, floats with as many digits as they need;
// an argument that is an English phrase must be one of the catalogue's terms
// (see Terms) so that it is said in Vietnamese too.
func Say(code string, args ...any) Message {
	m := Message{Code: code, Args: make([]string, len(args))}
	for i, a := range args {
		switch v := a.(type) {
		case string:
			m.Args[i] = v
		case int:
			m.Args[i] = strconv.Itoa(v)
		case int64:
			m.Args[i] = strconv.FormatInt(v, 10)
		case float64:
			m.Args[i] = strconv.FormatFloat(v, 'f', -1, 64)
		case error:
			m.Args[i] = v.Error()
		default:
			m.Args[i] = fmt.Sprint(v)
		}
	}
	return m
}

// Text is the message in a language: "vi" (Vietnamese) or anything else
// for English. A code missing from the catalogue gives its arguments as
// written.
func (m Message) Text(lang string) string {
	t, ok := messages[m.Code]
	if !ok {
		return strings.Join(m.Args, "; ")
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		args[i] = a
		if lang == "vi" {
			if vi, ok := terms[a]; ok {
				args[i] = vi
			}
		}
	}
	if lang == "vi" {
		for i, a := range m.Args {
			if n, ok := strings.CutPrefix(a, "row "); ok && strings.Trim(n, "0123456789") == "" {
				args[i] = "dòng " + n // a position: "row 2", when a value has no cell
			}
		}
		return fmt.Sprintf(t.vi, args...)
	}
	return fmt.Sprintf(t.en, args...)
}

// Says gives the problem its message: its code and arguments, and its
// English text in Message (the field the API and the ledger have always
// carried).
func (p Problem) Says(m Message) Problem {
	p.Code, p.Args, p.Message = m.Code, m.Args, m.Text("en")
	return p
}

// Text is the problem's message in a language ("vi" or "en"). A problem
// recorded before messages had codes, or with a code this build does not
// know, is given as it was written.
func (p Problem) Text(lang string) string {
	if _, ok := messages[p.Code]; !ok {
		return p.Message
	}
	return Message{Code: p.Code, Args: p.Args}.Text(lang)
}

// MessageCodes lists the catalogue's codes, sorted.
func MessageCodes() []string { return slices.Sorted(maps.Keys(messages)) }

// MessageFormat is a code's format (fmt, arguments by index) in a language.
func MessageFormat(code, lang string) (string, bool) {
	t, ok := messages[code]
	if lang == "vi" {
		return t.vi, ok
	}
	return t.en, ok
}

// Terms are the English phrases a message may take as an argument (a kind
// of figure, what a row is), with their Vietnamese.
func Terms() map[string]string { return maps.Clone(terms) }

// MessageError is an error that says a message: readers return it for a
// file they cannot read, so that the problem made of it keeps the code.
type MessageError struct {
	Message
	Err error // the sentinel it wraps (ErrUnsupported, ErrTooLarge, …), if any
}

func (e *MessageError) Error() string { return e.Text("en") }
func (e *MessageError) Unwrap() error { return e.Err }

type text struct{ en, vi string }

// messages are every problem chitieu says about a file, by code: the
// English as the checks have always written it, and the Vietnamese the
// provinces' clerks read. Arguments are strings (%[n]s, %[n]q), numbered so
// that a language may put them in its own order.
var messages = map[string]text{
	// a file as a whole
	"file.unreadable": {"%[1]s",
		"không đọc được tệp: %[1]s"},
	"file.unsupported": {"%[1]s",
		"chitieu không đọc được tệp này như một báo cáo (bảng tính Excel .xlsx, .xls hoặc tệp .csv theo một mẫu đã biết): %[1]s"},
	"file.unsupported_type": {"unsupported file type %[1]s: expected a .csv, .xlsx or .xls file",
		"không đọc được loại tệp %[1]s: cần tệp .csv, .xlsx hoặc .xls"},
	"file.too_large": {"%[1]s",
		"tệp vượt giới hạn của một báo cáo (gửi bảng dài cỡ này dưới dạng CSV): %[1]s"},
	"file.no_form": {"%[1]s",
		"dòng tiêu đề các cột không phải của một mẫu báo cáo đã biết: %[1]s"},
	"file.read_timeout": {"%[1]s",
		"quá thời gian đọc tệp: %[1]s"},
	"file.other_province": {"the file's name says %[1]s %[2]s but its figures are for %[3]s; send the file of %[2]s, or correct the province in the file",
		"tên tệp ghi %[1]s %[2]s nhưng số liệu là của %[3]s; hãy gửi tệp của %[2]s, hoặc sửa tên tỉnh trong tệp"},
	"file.stores_nothing": {"the file would store nothing: it holds no figure that chitieu reads with the %[1]s form; the notes above say what was not read",
		"tệp không có số liệu nào để lưu: không có số nào chitieu đọc được theo mẫu %[1]s; các ghi chú ở trên cho biết những gì không được đọc"},
	"file.more_problems": {"%[1]s more problems not listed",
		"còn %[1]s vấn đề khác không được liệt kê"},
	"file.decimals_both_ways": {"the file writes decimals both ways: %[1]s values with a decimal point (like %[2]q) and %[3]s with a decimal comma (like %[4]q); each value was read as written, check the ones typed on another computer",
		"tệp viết số thập phân theo cả hai cách: %[1]s giá trị dùng dấu chấm thập phân (như %[2]q) và %[3]s giá trị dùng dấu phẩy thập phân (như %[4]q); mỗi giá trị được đọc như đã viết, hãy kiểm tra các giá trị nhập trên máy khác"},

	// text files
	"csv.syntax": {"%[1]s",
		"lỗi cú pháp CSV (dấu ngoặc kép): %[1]s"},
	"csv.fields": {"%[1]s fields, expected %[2]s like the header",
		"%[1]s trường, cần %[2]s như dòng tiêu đề"},
	"csv.not_long_header": {"%[1]s: line %[2]s: not a long CSV header: header %[3]q; expected the columns %[4]s and optionally %[5]s (missing %[6]s, unknown %[7]s)",
		"%[1]s: dòng %[2]s: không phải dòng tiêu đề của bảng dài: tiêu đề %[3]q; cần các cột %[4]s, có thể thêm %[5]s (thiếu %[6]s, không nhận ra %[7]s)"},
	"csv.column_twice": {"%[1]s: not a long CSV header: column %[2]q appears twice",
		"%[1]s: dòng tiêu đề không đúng: cột %[2]q xuất hiện hai lần"},
	"csv.table_header": {"%[1]s: line 1: not a long CSV header: header %[2]q; the %[3]s form needs the columns %[4]s",
		"%[1]s: dòng 1: dòng tiêu đề không đúng: tiêu đề %[2]q; mẫu %[3]s cần các cột %[4]s"},
	"csv.comment_lines": {"%[1]s comment lines (starting with \"#\") below the header are not read as figures, the first at line %[2]s",
		"%[1]s dòng chú thích (bắt đầu bằng \"#\") dưới dòng tiêu đề không được đọc như số liệu, dòng đầu tiên là dòng %[2]s"},
	"csv.status_below_header": {"the comment says %[1]q below the header, where it cannot apply to the rows above it: the figures keep their status column's status; write the note above the header, or fill the status column",
		"chú thích ghi %[1]q ở dưới dòng tiêu đề, nơi nó không thể áp dụng cho các dòng phía trên: số liệu giữ trạng thái theo cột status; hãy ghi chú thích phía trên dòng tiêu đề, hoặc điền cột status"},
	"csv.file_status": {"the file says %[1]q: its results (not its plans) are stored as %[2]s, unless a row's status says otherwise",
		"tệp ghi %[1]q: số thực hiện của tệp (không phải kế hoạch) được lưu là %[2]s, trừ khi trạng thái của dòng ghi khác"},
	"csv.title_above_header": {"a title or comment above the header: read for a status (\"số ước\", \"sơ bộ\"), not as figures",
		"tiêu đề hoặc chú thích phía trên dòng tiêu đề: được đọc để biết trạng thái (\"số ước\", \"sơ bộ\"), không phải số liệu"},
	"csv.comment_status": {"the comment says %[1]q: this row's value is stored as %[2]s, and so is every row whose comment says so and whose status is blank",
		"chú thích ghi %[1]q: giá trị của dòng này được lưu là %[2]s, cũng như mọi dòng có chú thích như vậy mà để trống trạng thái"},
	"tcvn3.field": {"text typed in the old TCVN3 (ABC) encoding, read as %[1]q; every such field of the file is converted to Unicode, check the names",
		"chữ gõ theo bảng mã TCVN3 (ABC) cũ, đọc là %[1]q; mọi trường như vậy của tệp được chuyển sang Unicode, hãy kiểm tra các tên"},
	"tcvn3.file": {"the file is in the old TCVN3 (ABC) encoding, this field read as %[1]q; the whole file is converted to Unicode, check the names",
		"tệp dùng bảng mã TCVN3 (ABC) cũ, trường này đọc là %[1]q; cả tệp được chuyển sang Unicode, hãy kiểm tra các tên"},
	"tcvn3.sheet": {"text typed in the old TCVN3 (ABC) encoding, read as %[1]q; every such cell of this sheet is converted to Unicode, check the names",
		"chữ gõ theo bảng mã TCVN3 (ABC) cũ, đọc là %[1]q; mọi ô như vậy của trang tính được chuyển sang Unicode, hãy kiểm tra các tên"},
	"area.ceased": {"%[1]s %[2]s (%[3]s) ceased on %[4]s; its figures for %[5]s are counted in %[6]s %[7]s (%[8]s)",
		"%[1]s %[2]s (%[3]s) đã thôi tồn tại từ %[4]s; số liệu kỳ %[5]s của nó được tính vào %[6]s %[7]s (%[8]s)"},
	"tcvn3.area": {"the name %[1]q is text typed in the old TCVN3 (ABC) encoding, read as %[2]q: %[3]s %[4]s; correct the cell",
		"tên %[1]q gõ theo bảng mã TCVN3 (ABC) cũ, đọc là %[2]q: %[3]s %[4]s; hãy sửa ô này"},

	// long tables (GSO's tables and the like)
	"table.unknown_series": {"a series the %[1]s form does not know; expected one of %[2]s",
		"chỉ tiêu mà mẫu %[1]s không biết; cần một trong %[2]s"},
	"table.unknown_level": {"an unknown geographic level; expected one of %[1]s",
		"cấp địa bàn không xác định; cần một trong %[1]s"},
	"table.level_not_stored": {"%[1]s row(s) of %[2]s at level %[3]q not stored: %[4]s",
		"%[1]s dòng của %[2]s ở cấp %[3]q không được lưu: %[4]s"},
	"table.series_unmapped": {"the %[1]s form maps this series to no data element: its %[2]s rows are not stored",
		"mẫu %[1]s không gắn chỉ tiêu này với chỉ tiêu nào của chitieu: %[2]s dòng của nó không được lưu"},
	"table.total_differs": {"%[1]s %[2]s %[3]s: the %[4]s provinces sum to %[5]s, %[6]s%% from this %[7]s (tolerance %[8]s%%); the %[7]s row is not stored, chitieu sums the provinces itself",
		"%[1]s %[2]s %[3]s: tổng của %[4]s tỉnh là %[5]s, lệch %[6]s%% so với dòng %[7]s này (sai số cho phép %[8]s%%); dòng %[7]s không được lưu, chitieu tự cộng các tỉnh"},
	"table.hidden_rows": {"row %[1]s and perhaps others are hidden (a filter?); hidden rows of a table are read like the others",
		"dòng %[1]s và có thể các dòng khác bị ẩn (đang lọc?); các dòng ẩn của bảng vẫn được đọc như các dòng khác"},

	// workbooks laid out as report forms
	"xlsx.hidden_column": {"this column is hidden and is not read; unhide it if its figures belong to the report",
		"cột này bị ẩn và không được đọc; hãy bỏ ẩn nếu số liệu của cột thuộc báo cáo"},
	"xlsx.hidden_row": {"row %[1]s (%[2]q) is hidden and is not read; unhide it if its figures belong to the report",
		"dòng %[1]s (%[2]q) bị ẩn và không được đọc; hãy bỏ ẩn nếu số liệu của dòng thuộc báo cáo"},
	"xlsx.no_column": {"no column headed %[1]s in the header row; its columns are %[2]s",
		"dòng tiêu đề không có cột %[1]s; các cột của nó là %[2]s"},
	"xlsx.no_element_columns": {"a table by province whose columns name none of chitieu's data elements (%[1]s): the sheet is not read; the %[2]s form reads %[3]s",
		"bảng theo tỉnh mà không cột nào mang tên chỉ tiêu của chitieu (%[1]s): trang tính không được đọc; mẫu %[2]s đọc %[3]s"},
	"xlsx.no_element_header": {"no column's header names a data element; expected headers such as %[1]q or %[2]q, found %[3]s",
		"không tiêu đề cột nào mang tên một chỉ tiêu; cần tiêu đề như %[1]q hoặc %[2]q, thấy %[3]s"},
	"xlsx.no_value_column": {"no column of values in the header row; expected one of %[1]s, found %[2]s",
		"dòng tiêu đề không có cột số liệu; cần một trong %[1]s, thấy %[2]s"},
	"xlsx.header_status": {"the header says %[1]q: this column's figures are stored as %[2]s",
		"tiêu đề ghi %[1]q: số liệu của cột này được lưu là %[2]s"},
	"xlsx.file_status": {"the file says %[1]q: the sheet's results (not its plans) are stored as %[2]s",
		"tệp ghi %[1]q: số thực hiện của trang tính (không phải kế hoạch) được lưu là %[2]s"},
	"xlsx.title_period": {"the title's period is not valid: %[1]s; expected a title like %[2]q",
		"kỳ báo cáo ở tiêu đề không hợp lệ: %[1]s; cần tiêu đề như %[2]q"},
	"xlsx.no_province": {"no province found in the title cells %[1]s, above the header row %[2]s; expected a cell like %[3]q",
		"không tìm thấy tên tỉnh trong các ô tiêu đề %[1]s, phía trên dòng tiêu đề cột %[2]s; cần một ô như %[3]q"},
	"xlsx.no_province_no_title": {"no province found in the title: there is no cell above the header row %[1]s; expected a cell like %[2]q",
		"không tìm thấy tên tỉnh trong tiêu đề: không có ô nào phía trên dòng tiêu đề cột %[1]s; cần một ô như %[2]q"},
	"xlsx.no_period": {"no report period found in the title cells %[1]s, above the header row %[2]s; expected a title like %[3]q",
		"không tìm thấy kỳ báo cáo trong các ô tiêu đề %[1]s, phía trên dòng tiêu đề cột %[2]s; cần tiêu đề như %[3]q"},
	"xlsx.no_period_no_title": {"no report period found in the title: there is no cell above the header row %[1]s; expected a title like %[2]q",
		"không tìm thấy kỳ báo cáo trong tiêu đề: không có ô nào phía trên dòng tiêu đề cột %[1]s; cần tiêu đề như %[2]q"},
	"xlsx.period_from_header": {"the title names no period: the period %[1]s is read from this header cell",
		"tiêu đề không ghi kỳ: kỳ %[1]s được đọc từ ô tiêu đề cột này"},
	"xlsx.period_from_sheet": {"neither the title nor the header names a period: the period %[1]s is read from the sheet's name",
		"cả tiêu đề và dòng tiêu đề cột đều không ghi kỳ: kỳ %[1]s được đọc từ tên trang tính"},
	"xlsx.period_from_file": {"neither the title, the header nor the sheet's name names a period: the period %[1]s is read from the file's name",
		"tiêu đề, dòng tiêu đề cột và tên trang tính đều không ghi kỳ: kỳ %[1]s được đọc từ tên tệp"},
	"xlsx.value_without_label": {"a value on a row with no label: the row is not read; write the indicator's name in this cell",
		"có số liệu trên dòng không có tên chỉ tiêu: dòng không được đọc; hãy ghi tên chỉ tiêu vào ô này"},
	"xlsx.grand_total": {"a grand total: its %[1]s figures are not stored, its parts are rows of their own",
		"dòng tổng cộng: %[1]s số liệu của dòng không được lưu, các phần của nó có dòng riêng"},
	"xlsx.label_ambiguous": {"%[1]s; the row is not read: number it under its total (1.1 under 1) or write the indicator's full name",
		"%[1]s; dòng không được đọc: hãy đánh số dưới dòng tổng của nó (1.1 dưới 1) hoặc ghi đầy đủ tên chỉ tiêu"},
	"xlsx.label_unknown": {"no data element matches this label: the row is not read; `chitieu catalog` lists the labels chitieu knows",
		"không chỉ tiêu nào khớp với tên này: dòng không được đọc; lệnh `chitieu catalog` liệt kê các tên chitieu biết"},
	"xlsx.label_resembles": {"no data element has exactly this label; read as %[1]s (%[2]q), the one it resembles: check that it is meant, or write that name",
		"không chỉ tiêu nào có đúng tên này; được đọc là %[1]s (%[2]q), chỉ tiêu gần giống nhất: hãy kiểm tra có đúng ý không, hoặc ghi đúng tên đó"},
	"xlsx.reduction_result": {"the row states a reduction (%[1]q): its plan is read as a reduction of %[2]s, but a result here would be the reduction achieved, not the rate; write the rate reached on a row of its own (%[3]q)",
		"dòng ghi mức giảm (%[1]q): kế hoạch của dòng được đọc là mức giảm của %[2]s, nhưng số thực hiện ở đây sẽ là mức đã giảm, không phải tỷ lệ; hãy ghi tỷ lệ đạt được trên một dòng riêng (%[3]q)"},
	"xlsx.ytd_stock_same": {"the year-to-date cell of %[1]s (a %[2]s) is its value at the period's end, the figure %[3]s already gives: stored once",
		"ô lũy kế của %[1]s (loại %[2]s) là giá trị cuối kỳ, đã có ở ô %[3]s: chỉ lưu một lần"},
	"xlsx.ytd_stock_differs": {"%[1]s is a %[2]s: its year-to-date cell should be its value at the period's end, but %[3]s gives %[4]s; %[3]s is stored, this cell is not",
		"%[1]s thuộc loại %[2]s: ô lũy kế phải là giá trị cuối kỳ, nhưng ô %[3]s ghi %[4]s; ô %[3]s được lưu, ô này thì không"},
	"xlsx.value_without_province": {"a value on a row with no province: the row is not read; write the province's name in this cell",
		"có số liệu trên dòng không có tên tỉnh: dòng không được đọc; hãy ghi tên tỉnh vào ô này"},
	"xlsx.region_row": {"a region's row: its %[1]s figures are not stored; chitieu computes regions from their provinces",
		"dòng của một vùng: %[1]s số liệu của dòng không được lưu; chitieu tính số liệu vùng từ các tỉnh"},
	"xlsx.country_row": {"the total of the provinces: its %[1]s figures are not stored (chitieu computes the country's figures from the provinces); counts are checked against the provinces' sum",
		"dòng tổng các tỉnh: %[1]s số liệu của dòng không được lưu (chitieu tính số liệu cả nước từ các tỉnh); các số đếm được đối chiếu với tổng các tỉnh"},
	"xlsx.country_differs": {"the %[1]q row gives %[2]s for %[3]s (%[4]s), but the %[5]s provinces of the table sum to %[6]s; the total is not stored, chitieu sums the provinces itself: check the provinces' figures",
		"dòng %[1]q ghi %[2]s cho %[3]s (%[4]s), nhưng tổng %[5]s tỉnh của bảng là %[6]s; dòng tổng không được lưu, chitieu tự cộng các tỉnh: hãy kiểm tra số liệu các tỉnh"},

	// sheets of a workbook no form reads, each with why
	"sheet.no_text": {"the sheet holds no text: not read",
		"trang tính không có chữ nào: không đọc"},
	"sheet.by_province_no_elements": {"not read: a table by province (%[1]s provinces in its rows, from row %[2]s: %[3]s) whose columns name none of chitieu's data elements; `chitieu catalog` lists the ones it reads",
		"không đọc: bảng theo tỉnh (%[1]s tỉnh, từ dòng %[2]s: %[3]s) nhưng không cột nào là chỉ tiêu của chitieu; lệnh `chitieu catalog` liệt kê các chỉ tiêu được đọc"},
	"sheet.by_province_no_header": {"not read: a table by province (%[1]s provinces in its rows, from row %[2]s) that names %[3]s, but it has neither a column headed \"Tỉnh, thành phố\" over the names nor a title with \"phân theo địa phương\": head the column so, or give --template",
		"không đọc: bảng theo tỉnh (%[1]s tỉnh, từ dòng %[2]s) có chỉ tiêu %[3]s, nhưng không có cột \"Tỉnh, thành phố\" trên tên tỉnh, cũng không có tên biểu \"phân theo địa phương\": hãy đặt tên cột như vậy, hoặc dùng --template"},
	"sheet.not_provinces": {"not read: it names %[1]s, but its rows are not provinces (%[2]s): chitieu stores figures by province",
		"không đọc: bảng có chỉ tiêu %[1]s, nhưng các dòng không phải là tỉnh (%[2]s): chitieu lưu số liệu theo tỉnh"},
	"sheet.neither": {"not read: neither a table by province (no row names a province) nor a data element of chitieu's in its header",
		"không đọc: không phải bảng theo tỉnh (không dòng nào là tên tỉnh) và tên cột không có chỉ tiêu nào của chitieu"},
	"sheet.tcvn3": {"the text of %[1]s sheets (%[2]s) is in the old TCVN3 (ABC) encoding: read converted to Unicode, and quoted so in each sheet's reason",
		"chữ của %[1]s trang tính (%[2]s) dùng bảng mã TCVN3 (ABC) cũ: đã chuyển sang Unicode để đọc và để trích dẫn trong lý do của từng trang"},
	"xlsx.no_table": {"%[1]s: no sheet holds a table chitieu reads: none has the header row or the title of a known form (%[2]s): unsupported file",
		"%[1]s: không trang tính nào có bảng chitieu đọc được: không trang nào có dòng tên cột hay tên biểu của một mẫu đã biết (%[2]s)"},

	// values (transform)
	"value.unknown_element": {"unknown data element; expected one of %[1]s",
		"chỉ tiêu không xác định; cần một trong %[1]s"},
	"value.bad_period": {"expected a period such as 2024, 2024-Q1 or 2024-03",
		"cần một kỳ như 2024, 2024-Q1 hoặc 2024-03"},
	"value.unknown_area": {"unknown province; expected a GSO code such as 40 or a province name such as Nghệ An",
		"tỉnh không xác định; cần mã tỉnh của Tổng cục Thống kê như 40 hoặc tên tỉnh như Nghệ An"},
	"value.area_not_valid": {"not a valid area for period %[1]s: %[2]s",
		"không phải địa bàn hợp lệ của kỳ %[1]s: %[2]s"},
	"value.bad_kind": {"expected kind actual, plan or ytd",
		"cần loại số liệu actual (thực hiện), plan (kế hoạch) hoặc ytd (lũy kế)"},
	"value.bad_status": {"expected status final, provisional or estimated",
		"cần trạng thái final (chính thức), provisional (sơ bộ) hoặc estimated (ước tính)"},
	"value.ytd_not_flow": {"a year-to-date value applies to flows only; %[1]s is a %[2]s",
		"số lũy kế chỉ dùng cho chỉ tiêu cộng dồn theo thời kỳ; %[1]s thuộc loại %[2]s"},
	"value.bad_target": {"a target as a bound, range or reduction, but %[1]s",
		"một mức kế hoạch dạng giới hạn, khoảng hoặc mức giảm, nhưng %[1]s"},
	"value.target_not_plan": {"a bound, range or reduction is a target: give it kind plan",
		"giới hạn, khoảng hoặc mức giảm là mức kế hoạch: hãy ghi loại số liệu là plan (kế hoạch)"},
	"value.not_number": {"expected a number such as 48500, 48.500, 103,19 or 103.19, a target such as <4, 1 - 1,5 or giảm 1,5, or \"-\" for none",
		"cần một số như 48500, 48.500, 103,19 hoặc 103.19, một mức kế hoạch như <4, 1 - 1,5 hoặc giảm 1,5, hoặc \"-\" nếu không có"},
	"value.negative_pct": {"a percentage of plan or of last year cannot be negative",
		"tỷ lệ so với kế hoạch hoặc so với cùng kỳ không thể âm"},
	"value.negative_count": {"%[1]s counts %[2]s and cannot be negative",
		"%[1]s đếm %[2]s nên không thể âm"},
	"value.pct_range": {"%[1]s is a percentage and must lie between 0 and 100",
		"%[1]s là tỷ lệ phần trăm, phải từ 0 đến 100"},
	"value.unknown_unit": {"unknown unit; expected %[1]s",
		"đơn vị tính không xác định; cần %[1]s"},
	"value.wrong_unit": {"%[1]s is in %[2]s, not %[3]s; expected %[4]s",
		"%[1]s tính bằng %[2]s, không phải %[3]s; cần %[4]s"},
	"value.separator": {"one separator before three digits can be read two ways; it is read as %[1]s (%[2]s)",
		"một dấu phân cách trước ba chữ số có thể hiểu theo hai cách; được đọc là %[1]s (%[2]s)"},
	"value.separator_n": {"one separator before three digits can be read two ways; it is read as %[1]s (%[2]s); %[3]s values of the file are like it, all read by the same rule",
		"một dấu phân cách trước ba chữ số có thể hiểu theo hai cách; được đọc là %[1]s (%[2]s); %[3]s giá trị của tệp như vậy đều được đọc theo cùng cách"},
	"value.separator_mixed": {"one separator before three digits can be read two ways; it is read as %[1]s (%[2]s), although the file writes %[3]q as a decimal mark elsewhere (%[4]q)",
		"một dấu phân cách trước ba chữ số có thể hiểu theo hai cách; được đọc là %[1]s (%[2]s), dù ở chỗ khác tệp dùng %[3]q làm dấu thập phân (%[4]q)"},
	"value.separator_n_mixed": {"one separator before three digits can be read two ways; it is read as %[1]s (%[2]s); %[3]s values of the file are like it, all read by the same rule, although the file writes %[4]q as a decimal mark elsewhere (%[5]q)",
		"một dấu phân cách trước ba chữ số có thể hiểu theo hai cách; được đọc là %[1]s (%[2]s); %[3]s giá trị của tệp như vậy đều được đọc theo cùng cách, dù ở chỗ khác tệp dùng %[4]q làm dấu thập phân (%[5]q)"},
	"value.repeated": {"reported %[1]s times (at %[2]s); each data element, area, period and kind may appear once per file",
		"được báo cáo %[1]s lần (ở dòng/ô %[2]s); mỗi chỉ tiêu, địa bàn, kỳ và loại số liệu chỉ được có một lần trong tệp"},

	// checks across a file and the warehouse
	"check.part_exceeds": {"%[1]s is a part (\"trong đó\", of which) of %[2]s and cannot exceed it; %[2]s (%[3]s, %[4]s, %[5]s) at %[6]s is %[7]s",
		"%[1]s là phần \"trong đó\" của %[2]s nên không thể lớn hơn; %[2]s (%[3]s, %[4]s, %[5]s) ở %[6]s là %[7]s"},
	"check.numerator_exceeds": {"%[1]s is counted among %[2]s (a rate's numerator and denominator) and cannot exceed it; %[2]s (%[3]s, %[4]s, %[5]s) at %[6]s is %[7]s",
		"%[1]s được tính trong %[2]s (tử số và mẫu số của một tỷ lệ) nên không thể lớn hơn; %[2]s (%[3]s, %[4]s, %[5]s) ở %[6]s là %[7]s"},
	"check.shares_sum": {"the shares %[1]s (%[2]s, %[3]s, %[4]s) make 100 together but sum to %[5]s",
		"các tỷ trọng %[1]s (%[2]s, %[3]s, %[4]s) cộng lại phải bằng 100 nhưng tổng là %[5]s"},
	"check.future_period": {"%[1]s results for period %[2]s, which has not begun (today is %[3]s); only plans may be given for future periods: check the period in the title or the period column",
		"%[1]s số thực hiện cho kỳ %[2]s, là kỳ chưa bắt đầu (hôm nay là %[3]s); kỳ tương lai chỉ được có số kế hoạch: hãy kiểm tra kỳ ở tiêu đề hoặc cột kỳ"},
	"check.future_period_1": {"1 result for period %[1]s, which has not begun (today is %[2]s); only plans may be given for future periods: check the period in the title or the period column",
		"1 số thực hiện cho kỳ %[1]s, là kỳ chưa bắt đầu (hôm nay là %[2]s); kỳ tương lai chỉ được có số kế hoạch: hãy kiểm tra kỳ ở tiêu đề hoặc cột kỳ"},
	"check.ytd_sum": {"the year-to-date %[1]s of %[2]s for %[3]s should equal the sum of months 1 to %[4]s, which is %[5]s as loaded; the months are used and the difference is listed in ytd_discrepancies",
		"số lũy kế %[1]s của %[2]s kỳ %[3]s phải bằng tổng các tháng 1 đến %[4]s, theo số đã nạp là %[5]s; số liệu các tháng được dùng và chênh lệch được ghi lại để đối chiếu"},
	"check.ytd_january": {"the year-to-date %[1]s of %[2]s for %[3]s should equal the sum of January, which is %[4]s as loaded; the months are used and the difference is listed in ytd_discrepancies",
		"số lũy kế %[1]s của %[2]s kỳ %[3]s phải bằng số tháng 1, theo số đã nạp là %[4]s; số liệu các tháng được dùng và chênh lệch được ghi lại để đối chiếu"},
	"check.history": {"far from %[1]s's own history of %[2]s: the same month of %[3]s earlier years has median %[4]s (median absolute deviation %[5]s), robust z-score %[6]s beyond ±%[7]s; check for a typing error or a unit (thousands?)",
		"khác xa lịch sử của chính %[1]s về %[2]s: cùng tháng của %[3]s năm trước có trung vị %[4]s (độ lệch tuyệt đối trung vị %[5]s), điểm z bền vững %[6]s vượt ±%[7]s; hãy kiểm tra lỗi gõ hoặc đơn vị tính (nghìn?)"},
	"check.stated_pct": {"the stated percentage of %[1]s for %[2]s does not match its figures: the %[3]s %[4]s ÷ %[5]s × 100 = %[6]s%%, %[7]s points apart (tolerance %[8]s); chitieu computes its own percentages and does not store this one",
		"tỷ lệ ghi trong tệp so với %[1]s của %[2]s không khớp với số liệu: %[3]s %[4]s ÷ %[5]s × 100 = %[6]s%%, lệch %[7]s điểm (sai số cho phép %[8]s); chitieu tự tính các tỷ lệ và không lưu tỷ lệ này"},
}

// terms are the English phrases messages take as arguments, in Vietnamese.
var terms = map[string]string{
	// kinds of figure
	KindActual:          "thực hiện",
	KindPlan:            "kế hoạch",
	KindYTD:             "lũy kế",
	KindPctPlan:         "% so với kế hoạch",
	KindPctPreviousYear: "% so với cùng kỳ",
	// kinds of data element
	"flow":  "cộng dồn theo thời kỳ",
	"stock": "số tại thời điểm",
	"rate":  "tỷ lệ",
	// statuses
	StatusProvisional: "sơ bộ",
	StatusEstimated:   "ước tính",
	// rows of a long table
	"region": "vùng",
	"total":  "tổng",
	// levels of area
	"province": "tỉnh",
	"district": "huyện",
	"checked against the sum of the provinces where they are counts; chitieu computes national figures itself": "được đối chiếu với tổng các tỉnh với các số đếm; chitieu tự tính số liệu cả nước",
	"checked against the provinces of their region where they are counts; chitieu computes regions itself":     "được đối chiếu với các tỉnh trong vùng với các số đếm; chitieu tự tính số liệu vùng",
	"counted in the country's check, but the province is on none of chitieu's maps":                            "được tính khi đối chiếu số cả nước, nhưng tỉnh không có trên bản đồ hành chính nào của chitieu",
	"the template ignores this level": "mẫu bỏ qua cấp này",
	// how a number was read
	"a decimal mark, as for every percentage":                            "dấu thập phân, như mọi tỷ lệ phần trăm",
	"a thousands separator, as for every count of persons or households": "dấu phân cách hàng nghìn, như mọi số người, số hộ",
	// what a stated percentage is of
	"the year's plan":              "kế hoạch năm",
	"the same period of last year": "cùng kỳ năm trước",
	"value":                        "giá trị",
	"year-to-date value":           "giá trị lũy kế",
}
