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
	comments int // lines below the header starting with "#"
	comment  int // the first of them
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
			if rs.comments > 0 {
				rs.problems = append(rs.problems, schemas.Problem{Severity: schemas.SeverityInfo, File: rs.name, Row: rs.comment}.Says(
					schemas.Say("csv.comment_lines", rs.comments, rs.comment)))
			}
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(pe.Err, csv.ErrFieldCount) {
				rs.problems = append(rs.problems, schemas.Problem{Severity: schemas.SeverityError, File: rs.name, Row: pe.Line}.Says(schemas.Say("csv.syntax", pe.Err)))
				rs.done = true // the rest of the file cannot be split reliably
				break
			}
			return nil, fmt.Errorf("%s: %w", rs.name, err)
		}
		line, _ := rs.cr.FieldPos(0) // a record read without error has a field
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if strings.HasPrefix(strings.TrimSpace(rec[0]), "#") {
			rs.commentLine(rec, line)
			continue
		}
		if len(rec) != rs.width {
			rs.problems = append(rs.problems, schemas.Problem{Severity: schemas.SeverityError, File: rs.name, Row: line}.Says(
				schemas.Say("csv.fields", len(rec), rs.width)))
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

// commentLine counts a comment below the header. One that states a status
// ("# số liệu sơ bộ") comes after figures already read: it is not applied,
// and a warning says where to write it.
func (rs *records) commentLine(rec []string, line int) {
	if rs.comments == 0 {
		rs.comment = line
	}
	rs.comments++
	text := strings.Join(strings.Fields(strings.Join(rec, " ")), " ")
	if _, phrase, ok := schemas.StatusIn(rs.text.fix(text, line, "")); ok {
		rs.problems = append(rs.problems, schemas.Problem{Severity: schemas.SeverityWarning, File: rs.name, Row: line, Value: text}.Says(
			schemas.Say("csv.status_below_header", phrase)))
	}
}
