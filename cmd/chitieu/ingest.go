package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"chitieu/indicators"
	"chitieu/ingest"
	"chitieu/ingest/inbox"
	"chitieu/schemas"
	"chitieu/transform"
	"chitieu/warehouse"
)

// ingestCmd loads files into the warehouse, one transaction per file.
type ingestCmd struct {
	*env
	db         string
	by         string
	quarantine string
	template   string
}

func (c *ingestCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags("ingest", &c.db)
	fs.StringVar(&c.by, "by", "cli", "who or what delivered the files, recorded in the ledger")
	fs.StringVar(&c.quarantine, "quarantine", "", "copy rejected files into this directory, each with its problem report (NAME.problems.json)")
	fs.StringVar(&c.template, "template", "", "read every file with this template (see chitieu templates) instead of choosing by content")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "Usage: chitieu ingest [--db FILE] [--by NAME] [--quarantine DIR] [--template NAME] FILE|DIR...\n\nLoads long CSV files and provincial report workbooks (.xlsx); directories are walked.")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usagef("ingest needs at least one file or directory")
	}
	files, err := collect(fs.Args())
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	w, err := c.openWarehouse(ctx, c.db)
	if err != nil {
		return err
	}
	defer w.Close()

	tr := &transform.Transformer{Areas: c.ref.Areas, Elements: c.ref.Elements}
	var loaded, unchanged, rejected int
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		res, err := c.ingestFile(ctx, w, tr, path)
		switch {
		case errors.Is(err, warehouse.ErrDuplicateSubmission):
			unchanged++
			fmt.Fprintf(c.stdout, "unchanged %s: the same bytes were loaded as submission %d on %s\n",
				path, res.PreviousID, res.PreviousAt.Local().Format("2006-01-02 15:04"))
		case errors.Is(err, schemas.ErrRejected):
			rejected++
			fmt.Fprintf(c.stdout, "rejected  %s: %d problems, nothing stored\n", path, res.Problems.Errors())
			printProblems(c.stdout, res.Problems)
			if c.quarantine != "" {
				dest, err := inbox.Quarantine(path, filepath.Base(path), c.quarantine, res.Problems, c.now(), false)
				if err != nil {
					return err
				}
				fmt.Fprintf(c.stdout, "  kept as %s with its report\n", dest)
			}
		case err != nil:
			return err
		default:
			loaded++
			fmt.Fprintf(c.stdout, "loaded    %s: %s\n", path, describe(res))
			printProblems(c.stdout, res.Problems)
		}
	}
	fmt.Fprintf(c.stdout, "%d files: %d loaded, %d unchanged, %d rejected\n", len(files), loaded, unchanged, rejected)
	if rejected > 0 {
		return fmt.Errorf("%w: %w: %d files", errReported, errRejected, rejected)
	}
	return nil
}

// ingestFile loads one file.
func (c *ingestCmd) ingestFile(ctx context.Context, w *warehouse.Warehouse, tr *transform.Transformer, path string) (warehouse.Result, error) {
	l := &loader{w: w, ref: c.ref, tr: tr, template: c.template}
	return l.load(ctx, path, warehouse.Submission{FileName: path, DeliveredBy: c.by, ReceivedAt: c.now()})
}

// loader loads files into a warehouse: the one path by which the command,
// the HTTP API and scheduled sources store a file.
type loader struct {
	w        *warehouse.Warehouse
	ref      *indicators.Catalog
	tr       *transform.Transformer
	template string // a template name forcing the reader, else chosen by content
}

// load loads the file at path. sub names the file as its sender named it
// (FileName), says who delivered it and when; problems name the file so.
// With sub.DryRun the file is read and checked exactly so, and nothing is
// stored (chitieu validate).
func (l *loader) load(ctx context.Context, path string, sub warehouse.Submission) (warehouse.Result, error) {
	name := sub.FileName
	var err error
	if sub.SHA256, sub.Size, err = hashFile(path); err != nil {
		return warehouse.Result{}, err
	}
	if id, at, ok, err := l.w.Previous(ctx, sub.SHA256); err != nil {
		return warehouse.Result{}, err
	} else if ok && !sub.DryRun {
		if sub.OnlyArea != "" {
			// The same bytes from another province's token are refused as a
			// new file would be, not answered as known.
			var province string
			if err := l.w.DB().QueryRowContext(ctx, `SELECT coalesce(province, '') FROM submissions WHERE id = ?`, id).Scan(&province); err != nil {
				return warehouse.Result{}, err
			}
			if province != sub.OnlyArea {
				return warehouse.Result{}, fmt.Errorf("%w: %s was loaded as a report of area %q, the token may deliver only area %s",
					warehouse.ErrOtherProvince, name, province, sub.OnlyArea)
			}
		}
		return warehouse.Result{Outcome: warehouse.Duplicate, PreviousID: id, PreviousAt: at}, warehouse.ErrDuplicateSubmission
	}
	r, err := openReader(path, name, l.template, l.ref)
	if errors.Is(err, errUsage) {
		return warehouse.Result{}, err
	}
	if err != nil {
		msg := strings.ReplaceAll(err.Error(), path, name)
		problems := schemas.Problems{{Severity: schemas.SeverityError, File: name, Message: msg}}
		return l.w.Reject(ctx, sub, problems)
	}
	defer r.Close()
	header := r.Header()
	sub.Template = header.Template
	stream := l.tr.Stream(ctx, name, r)
	defer stream.Close()
	return l.w.Load(ctx, sub, stream, func() warehouse.Contents {
		s := stream.Summary()
		problems := append(append(schemas.Problems{}, r.Problems()...), s.Problems...)
		if s.Dropped > 0 {
			problems = append(problems, schemas.Problem{Severity: schemas.SeverityError, File: name,
				Message: fmt.Sprintf("%d more problems not listed", s.Dropped)})
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
		if p := claimedProvince(l.ref.Areas, name, s, header); p != nil {
			problems = append(problems, *p)
		}
		c := warehouse.ContentsOf(s)
		c.Period, c.Problems = period, problems
		return c
	})
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
	return &schemas.Problem{Severity: schemas.SeverityError, File: name, Value: seen, Message: fmt.Sprintf(
		"the file's name says %s %s but its figures are for %s; send the file of %s, or correct the province in the file",
		named.Code, named.NameVI, content, named.NameVI)}
}

// collect expands directories into the submission files they hold, skipping
// hidden files and Excel's "~$" lock files, in a stable order.
func collect(args []string) ([]string, error) {
	var files []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if p != arg && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$")) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			switch strings.ToLower(filepath.Ext(name)) {
			case ".csv", ".tsv", ".xlsx", ".xlsm":
				if !d.IsDir() {
					found = append(found, p)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
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

// describe says in one line what a loaded file held.
func describe(res warehouse.Result) string {
	var parts []string
	parts = append(parts, groupThousands(float64(res.Rows))+" values")
	switch {
	case res.Province != "":
		parts = append(parts, "province "+res.Province)
	case len(res.Areas) > 1:
		parts = append(parts, fmt.Sprintf("%d provinces", len(res.Areas)))
	}
	if res.Period != "" {
		parts = append(parts, "period "+res.Period)
	}
	if len(res.Elements) > 0 {
		parts = append(parts, strings.Join(res.Elements, " "))
	}
	if res.Revised > 0 {
		parts = append(parts, fmt.Sprintf("revised %s earlier values", groupThousands(float64(res.Revised))))
	}
	return strings.Join(parts, ", ") + fmt.Sprintf(" (submission %d)", res.ID)
}

func printProblems(w io.Writer, ps schemas.Problems) {
	for _, p := range ps {
		fmt.Fprintf(w, "  %s\n", p.Error())
	}
}
