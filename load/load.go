// Package load is how a submission file gets into the warehouse: its
// reader chosen by extension and content, its values streamed through the
// transformer and stored in one transaction, or rejected with every problem.
// The command line, the HTTP service and scheduled sources all load so.
package load

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"chitieu/indicators"
	"chitieu/ingest"
	"chitieu/ingest/csvfile"
	"chitieu/ingest/xlsx"
	"chitieu/schemas"
	"chitieu/transform"
	"chitieu/warehouse"
)

// Loader loads files into a warehouse: the one path by which the command,
// the HTTP API and scheduled sources store a file.
type Loader struct {
	W        *warehouse.Warehouse
	Ref      *indicators.Catalog
	Tr       *transform.Transformer
	Template string // a template name forcing the reader, else chosen by content
	// Originals, when set, is the directory where the bytes of every file
	// loaded or rejected are kept by their SHA-256 (Original), so that the
	// file a submission came from can be downloaded as it was received.
	Originals string
}

// Load loads the file at path. sub names the file as its sender named it
// (FileName), says who delivered it and when; problems name the file so.
// With sub.DryRun the file is read and checked exactly so, and nothing is
// stored (chitieu validate).
func (l *Loader) Load(ctx context.Context, path string, sub warehouse.Submission) (warehouse.Result, error) {
	name := sub.FileName
	var err error
	if sub.SHA256, sub.Size, err = hashFile(path); err != nil {
		return warehouse.Result{}, err
	}
	if id, at, ok, err := l.W.Previous(ctx, sub.SHA256); err != nil {
		return warehouse.Result{}, err
	} else if ok && !sub.DryRun {
		if sub.OnlyArea != "" {
			// The same bytes from another province's token are refused as a
			// new file would be, not answered as known.
			var province string
			if err := l.W.DB().QueryRowContext(ctx, `SELECT coalesce(province, '') FROM submissions WHERE id = ?`, id).Scan(&province); err != nil {
				return warehouse.Result{}, err
			}
			if province != sub.OnlyArea {
				return warehouse.Result{}, fmt.Errorf("%w: %s was loaded as a report of area %q, the token may deliver only area %s",
					warehouse.ErrOtherProvince, name, province, sub.OnlyArea)
			}
		}
		return warehouse.Result{Outcome: warehouse.Duplicate, PreviousID: id, PreviousAt: at}, warehouse.ErrDuplicateSubmission
	}
	if l.Originals != "" && !sub.DryRun {
		if err := Keep(l.Originals, path, sub.SHA256); err != nil {
			return warehouse.Result{}, err
		}
	}
	r, err := OpenReader(path, name, l.Template, l.Ref)
	if errors.Is(err, schemas.ErrUnknownTemplate) {
		return warehouse.Result{}, err
	}
	if err != nil {
		problems := schemas.Problems{schemas.Problem{Severity: schemas.SeverityError, File: name}.Says(
			unreadable(err, path, name))}
		if ref := (*ingest.Refusal)(nil); errors.As(err, &ref) {
			for _, p := range ref.Problems {
				p.File = name
				problems = append(problems, p)
			}
		}
		return l.W.Reject(ctx, sub, problems)
	}
	defer r.Close()
	header := r.Header()
	sub.Template = header.Template
	stream := l.Tr.Stream(ctx, name, r)
	defer stream.Close()
	return l.W.Load(ctx, sub, stream, func() warehouse.Contents {
		s := stream.Summary()
		problems := append(append(schemas.Problems{}, r.Problems()...), s.Problems...)
		if s.Dropped > 0 {
			problems = append(problems, schemas.Problem{Severity: schemas.SeverityError, File: name}.Says(
				schemas.Say("file.more_problems", s.Dropped)))
		}
		for i := range problems {
			if problems[i].File == path {
				problems[i].File = name
			}
		}
		period := s.Period()
		if p, err := schemas.ParsePeriod(header.Period); err == nil {
			period = p.Code() // the period the report is for, rather than the span of its values
		}
		if p := claimedProvince(l.Ref.Areas, name, s, header); p != nil {
			problems = append(problems, *p)
		}
		c := warehouse.ContentsOf(s)
		c.Period, c.Problems = period, problems
		return c
	})
}

// Read reads the file at path through its reader to its end, storing
// nothing, and returns the reader's first error: a file no reader takes, a
// workbook beyond the limits, ctx's end. The service reads an upload so
// before it waits for the warehouse, so that a file costly to read costs
// no other file's wait.
func (l *Loader) Read(ctx context.Context, path, name string) error {
	r, err := OpenReader(path, name, l.Template, l.Ref)
	if err != nil {
		return err
	}
	defer r.Close()
	for {
		rec, err := r.Next(ctx)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		rec.Release()
	}
}

// claimedProvince checks the province a file's content reports on against
// the one its name claims ("nghe_an_2024_thang_03.xlsx"): a file of
// another province's figures under this name would supersede that
// province's values, so a mismatch is an error.
func claimedProvince(areas *schemas.Areas, name string, s *transform.Summary, h ingest.Header) *schemas.Problem {
	got := s.Province()
	if got == "" || len(s.Periods) == 0 {
		return nil
	}
	p, err := schemas.ParsePeriod(s.Periods[len(s.Periods)-1])
	if err != nil {
		return nil
	}
	named, ok := areas.NamedIn(name, p.End())
	if !ok || named.Code == got {
		return nil
	}
	content := got
	if a, err := areas.Resolve(got, p.End()); err == nil {
		content = a.Code + " " + a.NameVI
	}
	seen := h.Area
	if seen == "" {
		seen = content
	}
	prob := schemas.Problem{Severity: schemas.SeverityError, File: name, Value: seen}.Says(
		schemas.Say("file.other_province", named.Code, named.NameVI, content))
	return &prob
}

// unreadable is the message of a file no reader could open, the file
// named by its name rather than its path: the reader's own message when it
// said one, else its error after what kind of failure it is, known by the
// error it wraps.
func unreadable(err error, path, name string) schemas.Message {
	var said *schemas.MessageError
	if errors.As(err, &said) && said.Error() == err.Error() {
		m := schemas.Message{Code: said.Code}
		for _, a := range said.Args {
			m.Args = append(m.Args, strings.ReplaceAll(a, path, name))
		}
		return m
	}
	text := strings.ReplaceAll(err.Error(), path, name)
	switch {
	case errors.Is(err, ingest.ErrUnsupported):
		return schemas.Say("file.unsupported", text)
	case errors.Is(err, xlsx.ErrTooLarge), errors.Is(err, xlsx.ErrArchiveTooLarge):
		return schemas.Say("file.too_large", text)
	case errors.Is(err, csvfile.ErrHeader):
		return schemas.Say("file.no_form", text)
	}
	return schemas.Say("file.unreadable", text)
}

// OpenReader picks the reader for a file: by its extension, then by its
// content (the long CSV header, a template's header), or by the template
// named (force, from --template). name is the file's name in problems.
func OpenReader(path, name, force string, ref *indicators.Catalog) (ingest.Reader, error) {
	var tpl *schemas.Template
	if force != "" {
		if force == csvfile.TemplateName {
			return csvfile.Open(path, name)
		}
		t, err := schemas.FindTemplate(ref.Templates, force)
		if err != nil {
			return nil, err // schemas.ErrUnknownTemplate
		}
		tpl = &t
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt":
		if tpl != nil {
			return withAreas(csvfile.OpenTable(path, name, ref.Elements, *tpl))(ref)
		}
		return openCSV(path, name, ref)
	case ".xlsx", ".xlsm", ".xls":
		if tpl == nil {
			t, err := xlsx.Detect(path, ref.Templates)
			if errors.Is(err, ingest.ErrUnsupported) {
				// Say why each sheet is not read; a workbook that does not
				// open keeps its own error.
				if ps, xerr := xlsx.Explain(path, ref.Catalog); xerr == nil {
					return nil, &ingest.Refusal{Err: err, Problems: ps}
				}
			}
			if err != nil {
				return nil, err
			}
			tpl = &t
		}
		if tpl.Layout == schemas.LayoutTable {
			return withAreas(xlsx.OpenTable(path, ref.Elements, *tpl))(ref)
		}
		return withAreas(xlsx.Open(path, ref.Elements, *tpl))(ref)
	}
	ext := filepath.Ext(name)
	if ext == "" {
		ext = "(no extension)"
	}
	return nil, &schemas.MessageError{Message: schemas.Say("file.unsupported_type", ext), Err: ingest.ErrUnsupported}
}

// openCSV reads a text file as the long CSV, else with the first table
// template whose columns its header has; failing both, the long CSV's
// header error says what was expected.
func openCSV(path, name string, ref *indicators.Catalog) (ingest.Reader, error) {
	r, err := csvfile.Open(path, name)
	if err == nil {
		return r, nil
	}
	for _, t := range ref.Templates {
		if csvfile.MatchesTable(path, t) {
			return withAreas(csvfile.OpenTable(path, name, ref.Elements, t))(ref)
		}
	}
	return nil, err
}

// withAreas gives a table reader the area codelist, so that its region rows
// are checked against their provinces.
func withAreas[R interface {
	ingest.Reader
	SetAreas(*schemas.Areas)
}](r R, err error) func(ref *indicators.Catalog) (ingest.Reader, error) {
	return func(ref *indicators.Catalog) (ingest.Reader, error) {
		if err != nil {
			return nil, err
		}
		r.SetAreas(ref.Areas)
		return r, nil
	}
}

func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// Keep copies the file at path, whose SHA-256 is sum, to Original(dir,
// sum) unless it is there already. The copy is written under a temporary
// name and renamed, so that a kept file is always whole.
func Keep(dir, path, sum string) error {
	dest := Original(dir, sum)
	if _, err := os.Stat(dest); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return fmt.Errorf("keep the original: %w", err)
	}
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".keep-*")
	if err != nil {
		return fmt.Errorf("keep the original: %w", err)
	}
	_, err = io.Copy(tmp, src)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dest)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("keep the original: %w", err)
	}
	return nil
}

// Original is where Keep puts the file whose SHA-256 (hex) is sum:
// dir/ab/abcdef….
func Original(dir, sum string) string {
	if len(sum) < 2 || strings.ContainsAny(sum, `/\.`) {
		return filepath.Join(dir, "_")
	}
	return filepath.Join(dir, sum[:2], sum)
}
