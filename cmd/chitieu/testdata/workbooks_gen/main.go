// Command workbooks_gen writes the real-shaped workbooks of testdata/workbooks
// (testdata of cmd/chitieu, kept apart from them: a walked directory holds
// submissions only): go run ./cmd/chitieu/testdata/workbooks_gen. They are
// shipped; this program says how they were made.
package main

import (
	"log"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

type cells map[string]any

func write(path, sheet string, c cells, merges [][2]string, styles map[string]excelize.Style, hidden []int) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		log.Fatal(err)
	}
	for ref, v := range c {
		if err := f.SetCellValue(sheet, ref, v); err != nil {
			log.Fatal(err)
		}
	}
	for _, m := range merges {
		if err := f.MergeCell(sheet, m[0], m[1]); err != nil {
			log.Fatal(err)
		}
	}
	for ref, st := range styles {
		id, err := f.NewStyle(&st)
		if err != nil {
			log.Fatal(err)
		}
		if err := f.SetCellStyle(sheet, ref, ref, id); err != nil {
			log.Fatal(err)
		}
	}
	for _, n := range hidden {
		if err := f.SetRowVisible(sheet, n, false); err != nil {
			log.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		log.Fatal(err)
	}
}

func main() {
	dir := filepath.Join("cmd", "chitieu", "testdata", "workbooks")
	pct := "0.00%"
	// Nghệ An's report for June 2024 as a province keeps it: a title
	// block, a three-row header with merged cells, a TCVN3 cell typed with
	// the old fonts, text numbers in Vietnamese style, a "Trong đó" row, a
	// percentage cell, stated percentages (one mistyped), a hidden row, a
	// total row, notes and signatures.
	write(filepath.Join(dir, "nghe_an_2024_thang_06.xlsx"), "BC thang 6", cells{
		"A1": "UBND TØNH NGHÖ AN", "E1": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"A2": "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "E2": "Độc lập - Tự do - Hạnh phúc",
		"E3": "Nghệ An, ngày 05 tháng 07 năm 2024",
		"A4": "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU\nTHÁNG 6 NĂM 2024",
		"A6": "TT", "B6": "Chỉ tiêu", "C6": "Đơn vị\ntính", "D6": "Kế hoạch\nnăm 2024", "E6": "Kết quả thực hiện", "G6": "So sánh (%)",
		"E7": "Thực hiện", "F7": "Thực hiện", "G7": "KH năm", "H7": "Cùng kỳ",
		"E8": "Tháng 6", "F8": "Lũy kế 6 tháng",
		"A9": "(1)", "B9": "(2)", "C9": "(3)", "D9": "(4)", "E9": "(5)", "F9": "(6)", "G9": "(7)", "H9": "(8)",
		"A10": "I", "B10": "LAO ĐỘNG - VIỆC LÀM",
		"A11": 1, "B11": "Số lao động được giải quyết việc làm", "C11": "người", "D11": "47.000", "E11": "4.120", "F11": "24.300", "G11": "51,70", "H11": 103.4,
		"A12": "1.1", "B12": "Trong đó: Đưa người lao động đi làm việc ở nước ngoài theo hợp đồng", "C12": "người", "D12": 16500, "E12": 1650, "F12": 9800, "G12": "95,39",
		"A13": 2, "B13": "Tuyển sinh giáo dục nghề nghiệp", "C13": "người", "D13": 65000, "E13": 5100, "F13": 31200,
		"A14": 3, "B14": "Tốt nghiệp giáo dục nghề nghiệp (số cũ)", "C14": "người", "D14": 1, "E14": 1, "F14": 1,
		"A15": 4, "B15": "Tỷ lệ lao động qua đào tạo", "C15": "%", "D15": 0.7, "F15": 0.6950,
		"B16": "Tổng cộng", "C16": "người", "D16": 128500, "E16": 10870, "F16": 65300,
		"A18": "Ghi chú: Số liệu tháng 6 là số ước tính.",
		"A20": "Nơi nhận:", "E20": "GIÁM ĐỐC", "B21": "NGƯỜI LẬP BIỂU",
	}, [][2]string{{"A4", "H4"}, {"A6", "A8"}, {"B6", "B8"}, {"C6", "C8"}, {"D6", "D8"}, {"E6", "F6"}, {"G6", "H6"}, {"G7", "G8"}, {"H7", "H8"}},
		map[string]excelize.Style{"D15": {NumFmt: 9}, "F15": {CustomNumFmt: &pct}}, []int{14})

	// The ministry's summary by province for 2024: region rows, a total
	// row that disagrees with its provinces, a unit in the header.
	write(filepath.Join(dir, "tong_hop_2024.xlsx"), "Tong hop", cells{
		"A1": "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
		"A2": "TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2024",
		"A4": "TT", "B4": "Tỉnh, thành phố", "C4": "Giải quyết việc làm (người)", "F4": "Tỷ lệ lao động qua đào tạo (%)", "H4": "Ghi chú",
		"C5": "Kế hoạch", "D5": "Thực hiện", "F5": "Kế hoạch", "G5": "Thực hiện",
		"D6": "Tổng số", "E6": "Trong đó: Xuất khẩu lao động",
		"A7": "I", "B7": "Đồng bằng sông Hồng",
		"A8": 1, "B8": "Hà Nội", "C8": 160000, "D8": 162500, "E8": 5000, "F8": 75, "G8": "75,2",
		"A9": 2, "B9": "Hải Phòng", "C9": 55000, "D9": 56100, "E9": 3000, "F9": 80, "G9": 81.3,
		"A10": "II", "B10": "Bắc Trung Bộ và duyên hải miền Trung",
		"A11": 3, "B11": "Hà Tĩnh", "C11": 25000, "D11": 26200, "E11": 9000, "F11": 68, "G11": 68.5,
		"B12": "Cả nước", "C12": 240000, "D12": 245000, "E12": 17000,
		"A14": "Nguồn: báo cáo của các Sở Lao động - Thương binh và Xã hội.",
	}, [][2]string{{"A2", "H2"}, {"A4", "A6"}, {"B4", "B6"}, {"C4", "E4"}, {"F4", "G4"}, {"H4", "H6"},
		{"C5", "C6"}, {"D5", "E5"}, {"F5", "F6"}, {"G5", "G6"}}, nil, nil)
}
