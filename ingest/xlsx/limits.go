package xlsx

import (
	"errors"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Limits on what reading one workbook may take, checked as its rows are
// read: a report form is a few hundred rows of a few dozen columns, a long
// table at most a sheet's million rows of a dozen. A workbook beyond them
// is refused at the row that crosses one, before reading it costs more.
const (
	MaxSheets  = 256        // sheets in the workbook
	MaxColumns = 1024       // the widest row, up to column AMJ
	MaxRows    = 2_000_000  // rows read, all sheets together
	MaxCells   = 20_000_000 // cells read, all sheets together (a row counts to its last cell)
)

// ErrTooLarge is returned for a workbook beyond the limits.
var ErrTooLarge = errors.New("workbook beyond the limits of a report")

// budget counts the rows and cells a reader has read against the limits.
type budget struct {
	rows, cells int
}

// take counts one row of cells; n is its row number, for the message.
func (b *budget) take(n int, cells []string) error {
	b.rows++
	b.cells += len(cells)
	switch {
	case len(cells) > MaxColumns:
		col, _ := excelize.ColumnNumberToName(len(cells))
		limit, _ := excelize.ColumnNumberToName(MaxColumns)
		return fmt.Errorf("%w: row %d has a cell in column %s; a report has at most %d columns (to %s)", ErrTooLarge, n, col, MaxColumns, limit)
	case b.rows > MaxRows:
		return fmt.Errorf("%w: more than %d rows; send a long table this large as CSV", ErrTooLarge, MaxRows)
	case b.cells > MaxCells:
		return fmt.Errorf("%w: more than %d cells; send a long table this large as CSV", ErrTooLarge, MaxCells)
	}
	return nil
}

// checkSheets refuses a workbook of more sheets than MaxSheets.
func checkSheets(f *excelize.File) error {
	if n := f.SheetCount; n > MaxSheets {
		return fmt.Errorf("%w: %d sheets, at most %d are read", ErrTooLarge, n, MaxSheets)
	}
	return nil
}
