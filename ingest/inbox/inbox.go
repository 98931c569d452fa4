// Package inbox reads submissions dropped in a directory: a loaded file
// moves to archive/, a rejected one (a file chitieu cannot read among
// them) to quarantine/ with its problem report beside it as JSON, and a
// file still being written is left for a later scan.
package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"chitieu/schemas"
)

// Outcome is what became of a file.
type Outcome int

// Outcomes of loading a file.
const (
	Loaded    Outcome = iota
	Unchanged         // the same bytes were loaded before
	Rejected          // problems in the file; nothing stored
)

// LoadFunc loads the file at path. An error means the file could not be
// dealt with (the database failed): it stays in the inbox for the next scan.
type LoadFunc func(ctx context.Context, path string) (Outcome, schemas.Problems, error)

// Inbox is a directory scanned for submissions.
type Inbox struct {
	Dir string
	// Settle is how long a file must have gone unmodified before it is read,
	// unless an earlier scan already saw it at the same size and time.
	Settle time.Duration
	Load   LoadFunc
	Now    func() time.Time

	seen   map[string]stamp // what the previous scan saw of files not yet read
	passed map[string]stamp // documentation left in the inbox, as last reported
}

type stamp struct {
	size  int64
	mtime time.Time
}

// Scanned counts what one scan did.
type Scanned struct {
	Loaded, Unchanged, Rejected, Waiting int
	// Passed names the documentation files (README, *.md) left in the
	// inbox that this scan found new or changed: each is reported once,
	// not at every scan.
	Passed []string
}

// Scan loads every settled submission file in the inbox, one at a time.
func (in *Inbox) Scan(ctx context.Context) (Scanned, error) {
	var res Scanned
	entries, err := os.ReadDir(in.Dir)
	if err != nil {
		return res, err
	}
	now := time.Now
	if in.Now != nil {
		now = in.Now
	}
	seen := map[string]stamp{}
	passed := map[string]stamp{}
	var ready []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !Candidate(name) {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue // gone since the listing, or no file
		}
		st := stamp{info.Size(), info.ModTime()}
		if IsDocumentation(name) {
			if prev, ok := in.passed[name]; !ok || prev != st {
				res.Passed = append(res.Passed, name)
			}
			passed[name] = st
			continue
		}
		if prev, ok := in.seen[name]; (ok && prev == st) || now().Sub(st.mtime) >= in.Settle {
			ready = append(ready, name)
			continue
		}
		seen[name] = st
		res.Waiting++
	}
	in.seen, in.passed = seen, passed
	sort.Strings(res.Passed)
	sort.Strings(ready)
	for _, name := range ready {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		path := filepath.Join(in.Dir, name)
		outcome, problems, err := in.Load(ctx, path)
		if err != nil {
			return res, fmt.Errorf("%s: %w", name, err)
		}
		switch outcome {
		case Rejected:
			res.Rejected++
			if _, err := Quarantine(path, name, filepath.Join(in.Dir, "quarantine"), problems, now(), true); err != nil {
				return res, err
			}
		default:
			if outcome == Loaded {
				res.Loaded++
			} else {
				res.Unchanged++
			}
			if _, err := move(path, name, filepath.Join(in.Dir, "archive"), now()); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// Candidate says whether a file in the inbox is delivered for loading:
// every file but a hidden one, an Excel lock file ("~$…") and a download in
// progress (.part, .tmp, .crdownload). A file chitieu cannot read (a .pdf,
// a .doc) is one: loading rejects it with the reason, in the ledger, and it
// goes to quarantine like any rejected file, rather than lying in the
// inbox unnoticed. Documentation (IsDocumentation) is a candidate that is
// reported, not loaded.
func Candidate(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
		return false
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".part", ".tmp", ".crdownload":
		return false
	}
	return true
}

// IsDocumentation reports whether a file beside the submissions is notes
// for people (README, *.md), not a submission: a directory walk or an
// inbox scan passes it over, saying so.
func IsDocumentation(path string) bool {
	name := strings.ToLower(filepath.Base(path))
	return strings.HasSuffix(name, ".md") || strings.HasPrefix(name, "readme")
}

// Report is the problem report kept beside a quarantined file.
type Report struct {
	File       string           `json:"file"`
	RejectedAt time.Time        `json:"rejected_at"`
	Problems   schemas.Problems `json:"problems"`
}

// Quarantine puts the rejected file at path into dir under name (moving
// it, or copying when moveFile is false) with its problems in
// NAME.problems.json beside it, and returns the quarantined file's path. A
// name already in dir gets a time suffix rather than being overwritten.
func Quarantine(path, name, dir string, problems schemas.Problems, at time.Time, moveFile bool) (string, error) {
	var dest string
	var err error
	if moveFile {
		dest, err = move(path, name, dir, at)
	} else {
		dest, err = copyInto(path, name, dir, at)
	}
	if err != nil {
		return "", err
	}
	b, err := json.MarshalIndent(Report{File: name, RejectedAt: at, Problems: problems}, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(dest+".problems.json", append(b, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("quarantine %s: %w", path, err)
	}
	return dest, nil
}

// target is a free name for base in dir.
func target(dir, base string, at time.Time) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	dest := filepath.Join(dir, base)
	if _, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) {
		return dest, nil
	}
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	for i := 0; ; i++ {
		suffix := at.Format("20060102-150405")
		if i > 0 {
			suffix += fmt.Sprintf("-%d", i)
		}
		dest = filepath.Join(dir, stem+"."+suffix+ext)
		if _, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) {
			return dest, nil
		}
	}
}

func move(path, name, dir string, at time.Time) (string, error) {
	dest, err := target(dir, name, at)
	if err != nil {
		return "", err
	}
	if err := os.Rename(path, dest); err == nil {
		return dest, nil
	}
	// Another file system: copy, then remove.
	if dest, err = copyInto(path, name, dir, at); err != nil {
		return "", err
	}
	return dest, os.Remove(path)
}

func copyInto(path, name, dir string, at time.Time) (string, error) {
	dest, err := target(dir, name, at)
	if err != nil {
		return "", err
	}
	src, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer src.Close()
	tmp := dest + ".tmp"
	out, err := os.Create(tmp)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(out, src); err != nil {
		out.Close()
		os.Remove(tmp)
		return "", err
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return "", err
	}
	return dest, os.Rename(tmp, dest)
}
