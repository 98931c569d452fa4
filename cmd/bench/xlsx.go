package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"chitieu/indicators"
	"chitieu/schemas"
)

// Targets of the workbook part.
const (
	// xlsxTarget is the aim for `chitieu ingest` of a long-table workbook as
	// a share of a bare excelize streaming read of the same file.
	xlsxTarget = 0.8
	// batchTarget is the aim, in seconds, for 63 monthly workbooks ingested
	// and the indicators computed.
	batchTarget = 3.0
)

// xlsxColumns are the columns of the generated long-table workbook.
var xlsxColumns = []any{"data_element", "area", "period", "value", "kind", "status"}

// writeLongXLSX writes a workbook whose one sheet is a long table of rows
// rows (see csvKeys and writeLongCSV for the values), numbers as number
// cells, with excelize's stream writer.
func writeLongXLSX(path string, rows int, areas *schemas.Areas, elements *schemas.Elements) (int, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return 0, err
	}
	if err := sw.SetRow("A1", xlsxColumns); err != nil {
		return 0, err
	}
	gen := newValues(elements)
	written := 0
	row := make([]any, 6)
	for k := range csvKeys(areas, elements) {
		if written == rows {
			break
		}
		whole, tenths := gen.next(k)
		if k.element.Kind == schemas.Rate {
			row[3] = float64(tenths) / 10
		} else {
			row[3] = int(whole)
		}
		row[0], row[1], row[2], row[4], row[5] = k.element.Code, k.area, k.period, k.kind, "final"
		cell, _ := excelize.CoordinatesToCellName(1, written+2)
		if err := sw.SetRow(cell, row); err != nil {
			return 0, err
		}
		written++
	}
	if err := sw.Flush(); err != nil {
		return 0, err
	}
	return written, f.SaveAs(path)
}

// readXLSXChild is the baseline: a bare excelize streaming read of every
// row and cell of the workbook's first sheet, as stored. It prints "rows N".
func readXLSXChild(path string, stdout io.Writer) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := f.Rows(f.GetSheetList()[0])
	if err != nil {
		return err
	}
	n, cells := 0, 0
	for rows.Next() {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return err
		}
		n++
		cells += len(cols)
	}
	if err := errors.Join(rows.Error(), rows.Close()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rows %d cells %d\n", n-1, cells)
	return nil
}

// benchXLSX measures `chitieu ingest` of a 200,000-row long-table workbook
// against the bare excelize read, at two sizes to show whether memory grows
// with the file; then a batch of 63 monthly report workbooks.
func benchXLSX(ctx context.Context, c *config, r *report, log io.Writer) error {
	ref, err := indicators.LoadCatalog()
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	r.section("0. Workbooks: chitieu ingest vs a bare excelize Rows read (child processes, median of " + strconv.Itoa(c.runs) + ")")
	r.printf("input: long-table workbooks (data_element, area, period, value, kind, status; numbers as number\n")
	r.printf("       cells), read with the long_table template; baseline: excelize f.Rows + Columns of every row\n\n")
	table := [][]string{{"", "rows", "MB", "rows/s", "seconds", "peak MB", "bare rows/s", "bare s", "bare peak MB", "ratio"}}
	var full float64
	for _, rows := range []int{c.xlsxRows / 2, c.xlsxRows} {
		path := filepath.Join(c.dir, fmt.Sprintf("long_%d.xlsx", rows))
		progress(log, "writing %s", path)
		n, err := writeLongXLSX(path, rows, ref.Areas, ref.Elements)
		if err != nil {
			return err
		}
		info, err := os.Stat(path)
		if err != nil {
			return err
		}
		db := filepath.Join(c.dir, "xlsx.duckdb")
		var ingest, bare []childRun
		for i := range c.runs {
			if err := removeDB(db); err != nil {
				return err
			}
			progress(log, "run %d/%d: chitieu ingest %s", i+1, c.runs, path)
			run, err := runChild(ctx, c.bin, "ingest", "--db", db, path)
			if err != nil {
				return err
			}
			if err := checkIngested(ctx, db, n); err != nil {
				return err
			}
			ingest = append(ingest, run)
			progress(log, "run %d/%d: bare read", i+1, c.runs)
			run, err = runChild(ctx, self, "-child-xlsxread", path)
			if err != nil {
				return err
			}
			if !strings.HasPrefix(run.stdout, "rows "+strconv.Itoa(n)+" ") {
				return fmt.Errorf("bare read: %q, want rows %d", run.stdout, n)
			}
			bare = append(bare, run)
		}
		is, bs := medianOf(ingest, secondsOf), medianOf(bare, secondsOf)
		ratio := bs / is
		if rows == c.xlsxRows {
			full = ratio
		}
		table = append(table, []string{"", count(n), mib(float64(info.Size()) / 1024), count(float64(n) / is), seconds(is),
			mib(medianOf(ingest, rssOf)), count(float64(n) / bs), seconds(bs), mib(medianOf(bare, rssOf)), ratio2(ratio)})
		if !c.keep {
			if err := errors.Join(removeDB(db), os.Remove(path)); err != nil {
				return err
			}
		}
	}
	r.table(table)
	verdict := "met"
	if full < xlsxTarget {
		verdict = "MISSED"
	}
	r.printf("\nthroughput ratio chitieu ingest / bare read at %s rows: %.2f   (target ≥ %.2f: %s)\n", count(c.xlsxRows), full, xlsxTarget, verdict)
	r.printf("(peak memory at half and at full size shows whether it grows with the file)\n")
	r.target(fmt.Sprintf("workbook ingest, chitieu / bare excelize: %5.2f   (target ≥ %.2f: %s)", full, xlsxTarget, verdict))
	return benchBatch(ctx, c, r, log, ref)
}

// benchBatch ingests 63 monthly report workbooks, one per province, then
// computes every indicator, timing both as a statistician would run them.
func benchBatch(ctx context.Context, c *config, r *report, log io.Writer, ref *indicators.Catalog) error {
	dir := filepath.Join(c.dir, "monthly")
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	provinces := ref.Areas.Provinces(time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC))
	progress(log, "writing %d monthly workbooks in %s", len(provinces), dir)
	for i, a := range provinces {
		if err := writeMonthly(filepath.Join(dir, fmt.Sprintf("%s_2024_thang_06.xlsx", a.Code)), a, i); err != nil {
			return err
		}
	}
	db := filepath.Join(c.dir, "batch.duckdb")
	var totals, ingests, inds []float64
	for i := range c.runs {
		if err := removeDB(db); err != nil {
			return err
		}
		progress(log, "run %d/%d: chitieu ingest of %d workbooks, then chitieu indicators", i+1, c.runs, len(provinces))
		in, err := runChild(ctx, c.bin, "ingest", "--db", db, dir)
		if err != nil {
			return err
		}
		if !strings.Contains(in.stdout, fmt.Sprintf("%d files: %d loaded", len(provinces), len(provinces))) {
			return fmt.Errorf("batch ingest: %s", tail(in.stdout))
		}
		ind, err := runChild(ctx, c.bin, "indicators", "--db", db, "--format", "csv")
		if err != nil {
			return err
		}
		if strings.Count(ind.stdout, "\n") < len(provinces) {
			return fmt.Errorf("indicators: %d lines, want at least %d", strings.Count(ind.stdout, "\n"), len(provinces))
		}
		ingests, inds, totals = append(ingests, in.seconds), append(inds, ind.seconds), append(totals, in.seconds+ind.seconds)
	}
	total := median(totals)
	verdict := "met"
	if total > batchTarget {
		verdict = "MISSED"
	}
	r.printf("\nbatch: %d monthly report workbooks (June 2024, one per province) ingested into a fresh database,\n", len(provinces))
	r.printf("then every indicator computed (chitieu indicators --format csv):\n")
	r.printf("  ingest %s s + indicators %s s = %s s   (target < %.0f s: %s)\n", seconds(median(ingests)), seconds(median(inds)), seconds(total), batchTarget, verdict)
	r.target(fmt.Sprintf("63 workbooks + indicators, seconds:       %5.2f   (target < %.0f: %s)", total, batchTarget, verdict))
	if c.keep {
		return nil
	}
	return errors.Join(removeDB(db), os.RemoveAll(dir))
}

// writeMonthly writes one province's monthly report for June 2024 as the
// provincial_monthly form lays it out (title block, two-row header, a
// "Trong đó" row, text and number cells, notes).
func writeMonthly(path string, a schemas.Area, seed int) error {
	f := excelize.NewFile()
	defer f.Close()
	const s = "BC thang"
	if err := f.SetSheetName("Sheet1", s); err != nil {
		return err
	}
	k := float64(50 + seed%40)
	cells := map[string]any{
		"A1": "UBND " + strings.ToUpper(a.FullNameVI), "A2": "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
		"A4": "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THÁNG 6 NĂM 2024",
		"A6": "TT", "B6": "Chỉ tiêu", "C6": "Đơn vị tính", "D6": "Kế hoạch năm 2024", "E6": "Thực hiện", "E7": "Tháng 6", "F7": "Lũy kế từ đầu năm",
		"A8": 1, "B8": "Số lao động được giải quyết việc làm", "C8": "người", "D8": k * 1000, "E8": k * 90, "F8": k * 480,
		"A9": "1.1", "B9": "Trong đó: Đưa người lao động đi làm việc ở nước ngoài theo hợp đồng", "C9": "người", "D9": k * 200, "E9": k * 15, "F9": k * 95,
		"A10": 2, "B10": "Tuyển sinh giáo dục nghề nghiệp", "C10": "người", "D10": k * 1400, "E10": k * 110, "F10": k * 650,
		"A11": 3, "B11": "Tốt nghiệp giáo dục nghề nghiệp", "C11": "người", "D11": k * 1300, "E11": k * 100, "F11": k * 600,
		"A12": 4, "B12": "Tỷ lệ lao động qua đào tạo", "C12": "%", "D12": 70.5, "E12": k/2 + 30,
		"A14": "Ghi chú: số liệu tháng 6 là số ước tính.", "E16": "GIÁM ĐỐC",
	}
	for ref, v := range cells {
		if err := f.SetCellValue(s, ref, v); err != nil {
			return err
		}
	}
	for _, m := range [][2]string{{"A4", "F4"}, {"E6", "F6"}, {"A6", "A7"}, {"B6", "B7"}, {"C6", "C7"}, {"D6", "D7"}} {
		if err := f.MergeCell(s, m[0], m[1]); err != nil {
			return err
		}
	}
	return f.SaveAs(path)
}

func secondsOf(r childRun) float64 { return r.seconds }
func rssOf(r childRun) float64     { return r.rssKiB }

func medianOf(runs []childRun, f func(childRun) float64) float64 {
	var xs []float64
	for _, r := range runs {
		xs = append(xs, f(r))
	}
	return median(xs)
}

func ratio2(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
