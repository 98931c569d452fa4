package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"chitieu/ingest/inbox"
	"chitieu/load"
	"chitieu/schemas"
	"chitieu/table"
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
	skipped := 0
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if inbox.IsDocumentation(path) && !slices.Contains(fs.Args(), path) {
			skipped++
			fmt.Fprintf(c.stdout, "skipped   %s: documentation, not a submission\n", path)
			continue
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
	fmt.Fprintf(c.stdout, "%d files: %d loaded, %d unchanged, %d rejected", len(files), loaded, unchanged, rejected)
	if skipped > 0 {
		fmt.Fprintf(c.stdout, ", %d skipped", skipped)
	}
	fmt.Fprintln(c.stdout)
	if rejected > 0 {
		return fmt.Errorf("%w: %w: %d files", errReported, errRejected, rejected)
	}
	return nil
}

// ingestFile loads one file.
func (c *ingestCmd) ingestFile(ctx context.Context, w *warehouse.Warehouse, tr *transform.Transformer, path string) (warehouse.Result, error) {
	l := &load.Loader{W: w, Ref: c.ref, Tr: tr, Template: c.template}
	res, err := l.Load(ctx, path, warehouse.Submission{FileName: path, DeliveredBy: c.by, ReceivedAt: c.now()})
	if errors.Is(err, schemas.ErrUnknownTemplate) {
		err = fmt.Errorf("%w: %v", errUsage, err)
	}
	return res, err
}

// collect expands directories into the files they hold, in a stable
// order, skipping hidden files and Excel's "~$" lock files. Every other
// file is a submission, whatever its extension: one chitieu cannot read is
// rejected with the reason, and recorded, rather than passed over in
// silence. Documentation beside the files (README, .md) is named by
// inbox.IsDocumentation and reported as skipped.
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
			if d.Type().IsRegular() {
				found = append(found, p)
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

// describe says in one line what a loaded file held.
func describe(res warehouse.Result) string {
	var parts []string
	parts = append(parts, table.GroupThousands(float64(res.Rows))+" values")
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
		parts = append(parts, fmt.Sprintf("revised %s earlier values", table.GroupThousands(float64(res.Revised))))
	}
	return strings.Join(parts, ", ") + fmt.Sprintf(" (submission %d)", res.ID)
}

func printProblems(w io.Writer, ps schemas.Problems) {
	for _, p := range ps {
		fmt.Fprintf(w, "  %s\n", p.Error())
	}
}
