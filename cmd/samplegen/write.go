package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"chitieu/schemas"
)

// header is the long CSV layout chitieu ingests.
var header = []string{"data_element", "area", "period", "value", "kind", "status", "comment"}

// row is one value of a long CSV.
type row struct{ Element, Area, Period, Value, Kind, Status, Comment string }

// style is how a file writes areas and numbers.
type style struct {
	Comma      rune
	Vietnamese bool // full Vietnamese names, "1.234.567" and "70,1"
}

var (
	plain      = style{Comma: ','}
	vietnamese = style{Comma: ';', Vietnamese: true}
)

func (s style) area(p *province, year int) string {
	if !s.Vietnamese {
		return p.Code
	}
	if p.Code == "46" && year < 2025 {
		return "Tỉnh Thừa Thiên Huế" // its name until 2025; the codelist has the new one
	}
	return p.FullNameVI
}

func (s style) count(n int) string {
	if !s.Vietnamese {
		return strconv.Itoa(n)
	}
	return vnInt(n)
}

func (s style) rate(x float64) string {
	v := strconv.FormatFloat(x, 'f', -1, 64)
	if s.Vietnamese {
		v = strings.Replace(v, ".", ",", 1)
	}
	return v
}

// vnInt writes n with "." between thousands, as Vietnamese Excel does.
func vnInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func encodeCSV(comma rune, rows []row) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = comma
	if err := w.Write(header); err != nil {
		return nil, err
	}
	for _, r := range rows {
		if err := w.Write([]string{r.Element, r.Area, r.Period, r.Value, r.Kind, r.Status, r.Comment}); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func writeFile(out, name string, data []byte) error {
	path := filepath.Join(out, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// generate writes every sample file under out and, when log is not nil,
// prints national totals to it.
func generate(out string, log io.Writer) error {
	ps, err := build()
	if err != nil {
		return err
	}
	areas, err := schemas.LoadAreas()
	if err != nil {
		return err
	}
	files := []struct {
		name  string
		comma rune
		rows  []row
	}{
		{"monthly/flows_2023.csv", ',', monthlyRows(ps, 0)},
		{"monthly/flows_2024.csv", ',', monthlyRows(ps, 1)},
		{"annual/annual_2023.csv", vietnamese.Comma, annualRows(ps, 0, vietnamese)},
		{"annual/annual_2024.csv", ',', annualRows(ps, 1, plain)},
		{"plans/plans_2023.csv", ',', planRows(ps, 0)},
		{"plans/plans_2024.csv", ',', planRows(ps, 1)},
		{"merger/flows_2025_h1.csv", ',', flowsFirstHalf2025(ps)},
		{"merger/flows_2025_q3.csv", ',', flowsThirdQuarter2025(ps, areas)},
		{"merger/plans_2025.csv", ',', plans2025(ps)},
	}
	rows := map[string]int{}
	for _, f := range files {
		rows[f.name] = len(f.rows)
		data, err := encodeCSV(f.comma, f.rows)
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		if err := writeFile(out, f.name, data); err != nil {
			return err
		}
	}
	for _, p := range ps {
		if p.Code != ngheAn {
			continue
		}
		for m := 1; m <= 12; m++ {
			data, err := monthlyWorkbook(p, m)
			if err != nil {
				return fmt.Errorf("workbook month %d: %w", m, err)
			}
			if err := writeFile(out, workbookName(m), data); err != nil {
				return err
			}
		}
	}
	tables := []struct {
		name string
		data func() ([]byte, error)
	}{
		{"national/ke_hoach_nam_2024_ca_nuoc.xlsx", func() ([]byte, error) {
			return planTableWorkbook("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Phạm vi: Cả nước",
				"CHỈ TIÊU KẾ HOẠCH NĂM 2024 LĨNH VỰC LAO ĐỘNG, NGƯỜI CÓ CÔNG VÀ XÃ HỘI",
				[]string{"Mức phấn đấu năm 2024"}, nationalPlan2024, "Ghi chú: chỉ tiêu minh họa cho bộ số liệu mẫu.")
		}},
	}
	for _, p := range ps {
		if p.Code == ngheAn {
			tables = append(tables, struct {
				name string
				data func() ([]byte, error)
			}{"xlsx/nghe_an_2024_bao_cao_nam.xlsx", func() ([]byte, error) {
				return planTableWorkbook("UBND "+strings.ToUpper(p.FullNameVI), "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
					"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH NĂM 2024",
					[]string{"Kế hoạch năm 2024", "Thực hiện năm 2024"}, annualTable(p), "Ghi chú: số liệu năm 2024 là số ước thực hiện.")
			}})
		}
	}
	for _, t := range tables {
		data, err := t.data()
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		if err := writeFile(out, t.name, data); err != nil {
			return err
		}
	}
	ts := nationalTotals(ps)
	readme, err := renderReadme(ps, ts, rows)
	if err != nil {
		return err
	}
	if err := writeFile(out, "README.md", readme); err != nil {
		return err
	}
	if log != nil {
		printTotals(log, ts)
	}
	return nil
}

func workbookName(m int) string { return fmt.Sprintf("xlsx/nghe_an_2024_thang_%02d.xlsx", m) }

// submitted reports whether a province's month of flows is in the CSV files:
// Nghệ An's 2024 months come in its workbooks, and Bình Dương has not sent
// December 2024.
func submitted(p *province, yi, m int) bool {
	if years[yi] != 2024 {
		return true
	}
	return p.Code != ngheAn && !(p.Code == binhDuong && m == 12)
}

// flowComments are the few remarks provinces wrote beside a monthly value.
var flowComments = map[string]string{
	"38|2024-03|jobs_abroad":   "Gồm lao động đi Hàn Quốc theo Chương trình EPS",
	"42|2024-11|jobs_abroad":   "Số liệu đã đối chiếu với Cục Quản lý lao động ngoài nước",
	"79|2024-08|vet_enrolment": "Gồm tuyển sinh trình độ cao đẳng, trung cấp và sơ cấp",
	"01|2023-12|jobs_created":  "Số liệu chính thức năm 2023",
}

func monthlyRows(ps []*province, yi int) []row {
	var rows []row
	year := years[yi]
	for _, p := range ps {
		y := p.Y[yi]
		for m := 1; m <= 12; m++ {
			if !submitted(p, yi, m) {
				continue
			}
			status := "final"
			if year == 2024 && m == 11 {
				status = "provisional"
			} else if year == 2024 && m == 12 {
				status = "estimated" // "số ước thực hiện"
			}
			period := fmt.Sprintf("%d-%02d", year, m)
			for f := range nFlows {
				rows = append(rows, row{
					Element: flowCodes[f], Area: p.Code, Period: period,
					Value: strconv.Itoa(y.Months[f][m-1]), Kind: "actual", Status: status,
					Comment: flowComments[p.Code+"|"+period+"|"+flowCodes[f]],
				})
			}
		}
	}
	return rows
}

// annualRows are a year's stocks and rates. A province that reports parts
// gives each rate's numerator, the others the rate itself; all give the
// denominators.
func annualRows(ps []*province, yi int, s style) []row {
	var rows []row
	year := years[yi]
	period := strconv.Itoa(year)
	status := "final"
	if year == 2024 {
		status = "provisional" // "số liệu sơ bộ"
	}
	for _, p := range ps {
		y := p.Y[yi]
		area := s.area(p, year)
		add := func(element, value, st, comment string) {
			rows = append(rows, row{Element: element, Area: area, Period: period, Value: value, Kind: "actual", Status: st, Comment: comment})
		}
		count := func(element string, n int) { add(element, s.count(n), status, "") }
		rate := func(element string, x float64) { add(element, s.rate(x), status, "") }

		count("labour_force", y.LabourForce)
		switch {
		case p.ReportsParts:
			count("trained_workers", y.TrainedWorkers)
			count("si_participants", y.SIParticipants)
		case p.Code == ngheAn && year == 2024:
			add("trained_share", s.rate(y.TrainedShare), "estimated", "Ước thực hiện cả năm")
			add("si_coverage", s.rate(y.SICoverage), "estimated",
				"Ước cả năm; đến thời điểm báo cáo đạt "+vietnamese.rate(ngheAnSISoFar)+"%")
		default:
			rate("trained_share", y.TrainedShare)
			rate("si_coverage", y.SICoverage)
		}
		count("households", y.Households)
		poorComment := ""
		if p.Code == "79" {
			poorComment = "Theo chuẩn nghèo đa chiều quốc gia; Thành phố áp dụng chuẩn nghèo riêng"
		}
		switch {
		case p.ReportsParts:
			add("poor_households", s.count(y.PoorHouseholds), status, poorComment)
		case p.Code == ngheAn && year == 2024:
			add("poor_household_rate", s.rate(y.PoorRate), status,
				"Cuối năm; giảm "+vietnamese.rate(round2(p.Y[0].PoorRate-y.PoorRate))+" điểm % so với đầu năm")
		default:
			add("poor_household_rate", s.rate(y.PoorRate), status, poorComment)
		}
		count("urban_labour_force", y.UrbanLabourForce)
		switch {
		case y.NoUrbanUnemployment:
		case p.ReportsParts:
			count("urban_unemployed", y.UrbanUnemployed)
		default:
			rate("urban_unemployment_rate", y.UrbanUnempRate)
		}
	}
	return rows
}

// planRows are a year's targets for every province. Nghệ An's 2024 flow plans
// are in its monthly workbooks ("Kế hoạch năm 2024"), not here.
func planRows(ps []*province, yi int) []row {
	var rows []row
	year := years[yi]
	period := strconv.Itoa(year)
	for _, p := range ps {
		y := p.Y[yi]
		add := func(element, value string) {
			rows = append(rows, row{Element: element, Area: p.Code, Period: period, Value: value, Kind: "plan", Status: "final"})
		}
		if !(p.Code == ngheAn && year == 2024) {
			for f := range nFlows {
				add(flowCodes[f], strconv.Itoa(y.FlowPlans[f]))
			}
		}
		add("trained_share", plain.rate(y.Plans.TrainedShare))
		add("si_coverage", plain.rate(y.Plans.SICoverage))
		add("poor_household_rate", plain.rate(y.Plans.PoorRate))
		add("urban_unemployment_rate", plain.rate(y.Plans.UrbanUnempRate))
	}
	return rows
}
