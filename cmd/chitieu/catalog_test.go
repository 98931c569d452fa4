package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --catalog DIR adds data elements, indicators and templates without a
// rebuild: they are listed, read and computed like the embedded ones; a
// bad directory stops every command before it starts.
func TestCatalogDir(t *testing.T) {
	c := newCLI(t)
	out, _, code := c.run("catalog", "--catalog", "testdata/catalog")
	if code != 0 || !strings.Contains(out, "coop_members (stock, persons)") || !strings.Contains(out, "coop_member_share (rate, percent, better higher)") {
		t.Fatalf("catalog exit %d:\n%s", code, out)
	}
	out, _, _ = c.run("--catalog=testdata/catalog", "templates")
	if !strings.Contains(out, "coop_plan (sheet_rows)") {
		t.Errorf("templates lacks coop_plan:\n%s", out)
	}
	csv := filepath.Join(t.TempDir(), "htx.csv")
	if err := os.WriteFile(csv, []byte("data_element,area,period,value\nThành viên HTX,40,2024,50000\nlabour_force,40,2024,1000000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errs, code := c.run("ingest", "--catalog", "testdata/catalog", csv); code != 0 {
		t.Fatalf("ingest exit %d\n%s%s", code, out, errs)
	}
	out, _, _ = c.run("--catalog", "testdata/catalog", "query", "--format", "csv",
		"SELECT value FROM indicator_values WHERE indicator = 'coop_member_share' AND area = '40'")
	if out != "value\n5\n" {
		t.Errorf("coop_member_share = %q, want 5", out)
	}
	if _, _, code := c.run("catalog", "--catalog", "testdata/no_such_catalog"); code == 0 {
		t.Errorf("a missing catalogue directory was accepted")
	}
	// without it, the file's elements are unknown
	if _, _, code := c.run("validate", csv); code != exitRejected {
		t.Errorf("validate without the catalogue: exit %d, want %d", code, exitRejected)
	}
}
