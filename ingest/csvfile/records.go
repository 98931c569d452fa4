package csvfile

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"chitieu/ingest"
	"chitieu/schemas"
)

// records reads the lines of a delimited file below its header into raw
// batches: the part the long CSV reader and the table reader share. Blank
// lines are skipped; a line of another width than the header, or quoting
// that breaks the rest of the file, is a problem of the file.
type records struct {
	name     string
	f        *os.File
	cr       *csv.Reader
	width    int        // fields of the header
	text     *textFixer // TCVN3 text converted
	rb       *ingest.RawBuilder
	problems schemas.Problems
	done     bool
}

// next hands each line to row, which appends its raw values to rb, until a
// batch is full or the file ends.
func (rs *records) next(ctx context.Context, row func(rec []string, line int)) (arrow.RecordBatch, error) {
	if rs.done {
		return nil, io.EOF
	}
	for rs.rb.Len() < ingest.BatchRows {
		rec, err := rs.cr.Read()
		if err == io.EOF {
			rs.done = true
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(pe.Err, csv.ErrFieldCount) {
				rs.problems = append(rs.problems, schemas.Problem{Severity: schemas.SeverityError, File: rs.name, Row: pe.Line, Message: pe.Err.Error()})
				rs.done = true // the rest of the file cannot be split reliably
				break
			}
			return nil, fmt.Errorf("%s: %w", rs.name, err)
		}
		line, _ := rs.cr.FieldPos(0) // a record read without error has a field
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) != rs.width {
			rs.problems = append(rs.problems, schemas.Problem{Severity: schemas.SeverityError, File: rs.name, Row: line,
				Message: fmt.Sprintf("%d fields, expected %d like the header", len(rec), rs.width)})
			continue
		}
		row(rec, line)
		if rs.rb.Len()%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	if rs.rb.Len() == 0 {
		return nil, io.EOF
	}
	return rs.rb.Batch(), nil
}

// Close closes the file. It may be called more than once.
func (rs *records) Close() error {
	rs.rb = nil
	if rs.f != nil {
		err := rs.f.Close()
		rs.f = nil
		return err
	}
	return nil
}
