package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/xuri/excelize/v2"

	"chitieu/ingest"
	"chitieu/ingest/xls"
)

// isLegacy reports whether the file at path is a compound file (an Excel
// 97-2003 .xls, whatever its name says) rather than a zip (.xlsx).
func isLegacy(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, len(xls.Magic))
	if _, err := io.ReadFull(f, head); err != nil {
		return false, nil // too short for either: the .xlsx path says why
	}
	return bytes.Equal(head, xls.Magic), nil
}

// openLegacy reads an .xls workbook into an excelize workbook in memory,
// cell by cell, with its merged ranges, hidden rows and columns and
// percentage formats, so that the templates read it as they read .xlsx.
func openLegacy(path string) (*excelize.File, error) {
	wb, err := xls.Open(path)
	if errors.Is(err, xls.ErrFormat) {
		return nil, fmt.Errorf("open workbook %s: %v: %w", path, err, ingest.ErrUnsupported)
	}
	if err != nil {
		return nil, fmt.Errorf("open workbook %s: %w", path, err)
	}
	f := excelize.NewFile()
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10})
	if err != nil {
		return nil, err
	}
	first := f.GetSheetName(0)
	for i, sh := range wb.Sheets {
		name := sh.Name
		if i == 0 {
			if err := f.SetSheetName(first, name); err != nil {
				return nil, fmt.Errorf("open workbook %s: sheet %q: %w", path, name, err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("open workbook %s: sheet %q: %w", path, name, err)
		}
		if err := copySheet(f, name, sh, pct); err != nil {
			return nil, fmt.Errorf("open workbook %s: sheet %q: %w", path, name, err)
		}
	}
	if len(wb.Sheets) == 0 {
		return nil, fmt.Errorf("open workbook %s: no worksheet: %w", path, ingest.ErrUnsupported)
	}
	return f, nil
}

func copySheet(f *excelize.File, name string, sh xls.Sheet, pct int) error {
	for _, c := range sh.Cells {
		ref, err := excelize.CoordinatesToCellName(c.Col+1, c.Row+1)
		if err != nil {
			return err
		}
		switch c.Kind {
		case xls.Number:
			err = f.SetCellFloat(name, ref, c.Num, -1, 64)
			if err == nil && c.Percent {
				err = f.SetCellStyle(name, ref, ref, pct)
			}
		case xls.Bool:
			err = f.SetCellBool(name, ref, c.Num != 0)
		default:
			err = f.SetCellStr(name, ref, c.Text)
		}
		if err != nil {
			return err
		}
	}
	for _, m := range sh.Merges {
		a, err1 := excelize.CoordinatesToCellName(m.FirstCol+1, m.FirstRow+1)
		b, err2 := excelize.CoordinatesToCellName(m.LastCol+1, m.LastRow+1)
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		if a != b {
			if err := f.MergeCell(name, a, b); err != nil {
				return err
			}
		}
	}
	for r := range sh.HiddenRows {
		if err := f.SetRowVisible(name, r+1, false); err != nil {
			return err
		}
	}
	for c := range sh.HiddenCols {
		col, err := excelize.ColumnNumberToName(c + 1)
		if err != nil {
			return err
		}
		if err := f.SetColVisible(name, col, false); err != nil {
			return err
		}
	}
	return nil
}
