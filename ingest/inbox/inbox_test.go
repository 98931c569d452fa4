package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"chitieu/schemas"
)

func TestScan(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2024, 4, 21, 9, 0, 0, 0, time.UTC)
	write := func(name, body string, mtime time.Time) {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		os.Chtimes(p, mtime, mtime)
	}
	old := now.Add(-time.Hour)
	write("good.csv", "good", old)
	write("bad.csv", "bad", old)
	write("fresh.csv", "half-writ", now.Add(-time.Second)) // still being written
	write("~$lock.xlsx", "lock", old)
	write("upload.csv.part", "part", old)
	os.MkdirAll(filepath.Join(dir, "archive"), 0o755)
	write("archive/good.csv", "an older good.csv", old)

	var loaded []string
	in := &Inbox{Dir: dir, Settle: time.Minute, Now: func() time.Time { return now },
		Load: func(_ context.Context, path string) (Outcome, schemas.Problems, error) {
			b, _ := os.ReadFile(path)
			loaded = append(loaded, filepath.Base(path)+"="+string(b))
			if strings.HasPrefix(string(b), "bad") {
				return Rejected, schemas.Problems{{Severity: schemas.SeverityError, File: path, Row: 2, Message: "expected a number"}}, nil
			}
			return Loaded, nil, nil
		}}
	got, err := in.Scan(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, Scanned{Loaded: 1, Rejected: 1, Waiting: 1}) || strings.Join(loaded, " ") != "bad.csv=bad good.csv=good" {
		t.Errorf("first scan = %+v, loaded %v", got, loaded)
	}
	// The archive keeps both good.csv files.
	if b, _ := os.ReadFile(filepath.Join(dir, "archive", "good.20240421-090000.csv")); string(b) != "good" {
		t.Errorf("archived good.csv: %q", b)
	}
	var rep Report
	b, err := os.ReadFile(filepath.Join(dir, "quarantine", "bad.csv.problems.json"))
	if err != nil || json.Unmarshal(b, &rep) != nil || len(rep.Problems) != 1 || rep.Problems[0].Message != "expected a number" {
		t.Errorf("quarantine report: %s %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "quarantine", "bad.csv")); err != nil {
		t.Error("bad.csv not quarantined")
	}

	// The writer finishes: the file grows, so it still waits one scan.
	write("fresh.csv", "half-written", now.Add(-time.Second))
	loaded = nil
	if got, _ := in.Scan(context.Background()); got.Waiting != 1 || len(loaded) != 0 {
		t.Errorf("grown file: %+v, loaded %v", got, loaded)
	}
	// Unchanged since the previous scan: read.
	if got, _ := in.Scan(context.Background()); got.Loaded != 1 || strings.Join(loaded, " ") != "fresh.csv=half-written" {
		t.Errorf("settled file: %+v, loaded %v", got, loaded)
	}
	for _, name := range []string{"~$lock.xlsx", "upload.csv.part"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was touched", name)
		}
	}

	// A database failure leaves the file where it is.
	write("later.csv", "later", old)
	in.Load = func(context.Context, string) (Outcome, schemas.Problems, error) {
		return 0, nil, errors.New("disk full")
	}
	if _, err := in.Scan(context.Background()); err == nil {
		t.Error("a failed load was not reported")
	}
	if _, err := os.Stat(filepath.Join(dir, "later.csv")); err != nil {
		t.Error("a file that failed to load left the inbox")
	}
}

// TestScanUnsupported: a file chitieu cannot read is not passed over in
// silence: it is loaded (the loader rejects it with the reason, in the
// ledger) and quarantined with its report, so the next scan does not see
// it again; documentation is reported once, not at every scan, and left.
func TestScanUnsupported(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2024, 4, 21, 9, 0, 0, 0, time.UTC)
	old := now.Add(-time.Hour)
	for name, body := range map[string]string{"bao_cao.pdf": "%PDF-1.4", "README.md": "# notes", "nghe_an.csv": "ok", "half.xlsx.part": "x"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}
	var loaded []string
	in := &Inbox{Dir: dir, Settle: time.Minute, Now: func() time.Time { return now },
		Load: func(_ context.Context, path string) (Outcome, schemas.Problems, error) {
			loaded = append(loaded, filepath.Base(path))
			if filepath.Ext(path) == ".pdf" {
				return Rejected, schemas.Problems{{Severity: schemas.SeverityError, Message: "unsupported file type .pdf: expected a .csv, .xlsx or .xls file"}}, nil
			}
			return Loaded, nil, nil
		}}
	got, err := in.Scan(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Scanned{Loaded: 1, Rejected: 1, Passed: []string{"README.md"}}
	if !reflect.DeepEqual(got, want) || strings.Join(loaded, " ") != "bao_cao.pdf nghe_an.csv" {
		t.Errorf("first scan = %+v, loaded %v; want %+v, bao_cao.pdf nghe_an.csv", got, loaded, want)
	}
	var rep Report
	b, err := os.ReadFile(filepath.Join(dir, "quarantine", "bao_cao.pdf.problems.json"))
	if err != nil || json.Unmarshal(b, &rep) != nil || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Message, "unsupported file type .pdf") {
		t.Errorf("quarantine report of the .pdf: %s %v", b, err)
	}
	loaded = nil
	if got, _ := in.Scan(context.Background()); !reflect.DeepEqual(got, Scanned{}) || len(loaded) != 0 {
		t.Errorf("second scan = %+v, loaded %v; want nothing new", got, loaded)
	}
	for _, name := range []string{"README.md", "half.xlsx.part"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s left the inbox", name)
		}
	}
	// Documentation edited is reported again.
	later := old.Add(time.Minute)
	os.Chtimes(filepath.Join(dir, "README.md"), later, later)
	if got, _ := in.Scan(context.Background()); !reflect.DeepEqual(got.Passed, []string{"README.md"}) {
		t.Errorf("scan after README.md changed = %+v", got)
	}
}
