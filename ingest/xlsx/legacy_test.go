package xlsx

import (
	"errors"
	"os"
	"testing"

	"chitieu/ingest"
	"chitieu/schemas"
)

// TestLegacyReadsAsXLSX: an .xls workbook reads exactly as the .xlsx it
// was saved from, through the same templates: the same values from the
// same cells, TCVN3 text converted, percentages as shown, hidden columns
// and merged titles kept.
func TestLegacyReadsAsXLSX(t *testing.T) {
	es, ts := catalog(t)
	for _, name := range []string{"nghe_an_2024_thang_12", "gso_bieu_2024_06_ldcn"} {
		var got [2][]ingest.Raw
		var problems [2]schemas.Problems
		var templates [2]string
		for i, ext := range []string{".xlsx", ".xls"} {
			path := "testdata/xls/" + name + ext
			tpl, err := Detect(path, ts)
			if err != nil {
				t.Fatalf("Detect(%s) = %v", path, err)
			}
			templates[i] = tpl.Name
			r, err := Open(path, es, tpl)
			if err != nil {
				t.Fatal(err)
			}
			got[i] = readAll(t, r)
			problems[i] = r.Problems()
			r.Close()
		}
		if templates[0] != templates[1] {
			t.Errorf("%s: template %s from .xlsx, %s from .xls", name, templates[0], templates[1])
		}
		if len(got[0]) == 0 || len(got[0]) != len(got[1]) {
			t.Fatalf("%s: %d values from .xlsx, %d from .xls", name, len(got[0]), len(got[1]))
		}
		for i := range got[0] {
			if got[0][i] != got[1][i] {
				t.Errorf("%s: value %d: .xlsx %+v, .xls %+v", name, i, got[0][i], got[1][i])
			}
		}
		if len(problems[0]) != len(problems[1]) {
			t.Errorf("%s: problems of .xlsx %v\nof .xls %v", name, problems[0], problems[1])
		}
	}
}

// TestLegacyRealGSO: GSO's January 2000 release, in BIFF8 with TCVN3 text,
// opens and its text is converted; none of its 28 sheets is a report form
// or a table by province of chitieu's data elements, so Detect refuses it,
// and Explain says why for every sheet, its text converted (see
// TestExplainRealGSO).
func TestLegacyRealGSO(t *testing.T) {
	_, ts := catalog(t)
	path := "testdata/real/gso_bieu_2000_01.xls"
	if tpl, err := Detect(path, ts); !errors.Is(err, ingest.ErrUnsupported) {
		t.Fatalf("Detect = %q, %v; want ErrUnsupported", tpl.Name, err)
	}
	f, err := openWorkbook("testdata/real/gso_bieu_2000_01.xls")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if n := len(f.GetSheetList()); n != 28 {
		t.Errorf("%d sheets, want 28", n)
	}
	v, err := f.GetCellValue("NN", "A1")
	if err != nil || v != "1. S¶n xuÊt n«ng nghiÖp ®Õn ngµy 15/1/2000" {
		t.Errorf("NN!A1 = %q, %v; want the TCVN3 bytes as Latin-1, for the reader to convert", v, err)
	}
	if got, ok := schemas.FixTCVN3(v); !ok || got != "1. Sản xuất nông nghiệp đến ngày 15/1/2000" {
		t.Errorf("FixTCVN3(%q) = %q, %v", v, got, ok)
	}
	if v, _ := f.GetCellValue("NN", "C8", raw); v != "1721.5" {
		t.Errorf("NN!C8 = %q, want 1721.5", v)
	}
}

// TestLegacyNotWorkbooks: a compound file that is no BIFF8 workbook, or
// bytes that are none, are unsupported, not a crash.
func TestLegacyNotWorkbooks(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"short.xls": []byte{0xD0, 0xCF},
		"magic.xls": append(append([]byte{}, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1), make([]byte, 600)...),
		"text.xls":  []byte("tinh,gia tri\nNghe An,1\n"),
	} {
		path := dir + "/" + name
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := openWorkbook(path); !errors.Is(err, ingest.ErrUnsupported) {
			t.Errorf("openWorkbook(%s) = %v, want ErrUnsupported", name, err)
		}
	}
}
