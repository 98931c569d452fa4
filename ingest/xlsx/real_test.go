package xlsx

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"chitieu/ingest"
	"chitieu/schemas"
)

// unaccounted lists the cells of a sheet, from row `from` on, that hold a
// number and are neither a value read (raws) nor named by a problem (its
// cell, or its row when it names no cell): the figures a reader would have
// lost without a word. Columns before `firstCol` (0-based: names, row
// numbers) are not figures; the table ends where tpl says (notes, sources).
func unaccounted(t *testing.T, tpl schemas.Template, path, sheet string, from, firstCol int, raws []ingest.Raw, ps schemas.Problems) []string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, raw)
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	for _, r := range raws {
		read[r.Cell] = true
	}
	named := map[string]bool{}
	for _, p := range ps {
		if p.Sheet != sheet {
			continue
		}
		named[p.Cell] = true
		named[fmt.Sprint("row ", p.Row)] = true
	}
	var lost []string
	for i := from - 1; i < len(rows); i++ {
		if first := firstNonBlank(rows[i]); first != "" && tpl.EndsTable(first) {
			break
		}
		for j := firstCol; j < len(rows[i]); j++ {
			if _, err := strconv.ParseFloat(strings.TrimSpace(rows[i][j]), 64); err != nil {
				continue
			}
			ref := cellName(j, i+1)
			if !read[ref] && !named[ref] && !named[fmt.Sprint("row ", i+1)] {
				lost = append(lost, ref+"="+rows[i][j])
			}
		}
	}
	return lost
}

// TestRealGSOByProvince reads GSO's June 2024 release: table 15, the
// employment index of industrial enterprises by province, is the country
// on top, 38 provinces, a page break with "(Tiếp theo)" and the header
// again, then 25 provinces; its date is only in the header.
func TestRealGSOByProvince(t *testing.T) {
	es, ts := catalog(t)
	path := "testdata/real/gso_bieu_2024_06.xlsx"
	tpl, err := Detect(path, ts)
	if err != nil || tpl.Name != "gso_by_province" {
		t.Fatalf("Detect = %q, %v, want gso_by_province", tpl.Name, err)
	}
	r, err := Open(path, es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	raws := readAll(t, r)
	if h := r.Header(); h.Period != "2024-06" {
		t.Errorf("Header() = %+v, want period 2024-06", h)
	}
	areas := map[string]bool{}
	for _, rw := range raws {
		areas[rw.Area] = true
		if rw.Period != "2024-06" || rw.Kind != schemas.KindActual {
			t.Errorf("raw %+v, want the actual figure of 2024-06", rw)
		}
	}
	if len(raws) != 126 || len(areas) != 63 {
		t.Errorf("%d values of %d provinces, want 126 of 63", len(raws), len(areas))
	}
	for _, want := range []string{"Hà Nội", "Thừa Thiên - Huế", "Đà Nẵng", "Cà Mau"} {
		if !areas[want] {
			t.Errorf("no values for %s", want)
		}
	}
	var notes []string
	for _, p := range r.Problems() {
		notes = append(notes, p.Severity+" "+p.Sheet+" "+p.Cell+" "+p.Message)
	}
	all := strings.Join(notes, "\n")
	for _, want := range []string{
		"warning 5. NSSL Dong Xuan  a table by province whose columns name none of chitieu's data elements",
		"info 15. LĐCN_DP B5 the title names no period: the period 2024-06 is read from this header cell",
		"info 15. LĐCN_DP A8 the total of the provinces: its 2 figures are not stored",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
	// An index is not a count: the country's 101.11 is no sum of the
	// provinces' indices, and must not be checked as one.
	if strings.Contains(all, "provinces of the table sum to") {
		t.Errorf("the country's indices checked against the provinces' sum:\n%s", all)
	}
	if lost := unaccounted(t, tpl, path, "15. LĐCN_DP", 7, 1, raws, r.Problems()); len(lost) > 0 {
		t.Errorf("figures neither read nor reported: %v", lost)
	}
}

// TestFormsNoSilentLoss: in the monthly report forms, every number under
// the header is read or named in a problem.
func TestFormsNoSilentLoss(t *testing.T) {
	es, tpl := setup(t)
	for _, tt := range []struct {
		name string
		b    book
		head int
	}{{"sample", book{sample()}, 8}, {"messy", messy(), 8}} {
		path := tt.b.write(t)
		r, err := Open(path, es, tpl)
		if err != nil {
			t.Fatal(err)
		}
		raws := readAll(t, r)
		for i := range raws {
			_, raws[i].Cell, _ = schemas.SplitSheetCell(schemas.SheetCell(r.Sheet(), raws[i].Cell))
		}
		if lost := unaccounted(t, tpl, path, r.Sheet(), tt.head+1, 3, raws, r.Problems()); len(lost) > 0 {
			t.Errorf("%s: figures neither read nor reported: %v\n%v", tt.name, lost, r.Problems())
		}
		r.Close()
	}
}
