package xlsx

import (
	"strings"
	"testing"

	"chitieu/schemas"
)

// TestExplainRealGSO: GSO's releases of March 2015 and January 2000 hold no
// table chitieu reads. Every sheet gets its reason, and none is claimed to
// have a header it lacks: the investment tables' heading "Phân theo một
// số tỉnh, thành phố" (by some provinces) and the industry table's "Công
// nghiệp trên địa bàn của một số tỉnh, thành phố" are tables by province
// of no data element; the 2015 labour table is by industry, not province.
func TestExplainRealGSO(t *testing.T) {
	c, err := schemas.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path   string
		sheets int
		legacy int               // notes of TCVN3 text
		want   map[string]string // sheet → words its reason must hold
	}{
		{"testdata/real/gso_bieu_2015_03.xlsx", 25, 0, map[string]string{
			"VonDT":    "not read: a table by province (22 provinces in its rows, from row 27",
			"Sheet1":   "not read: a table by province (16 provinces in its rows",
			"LAO DONG": `industry_employment_index_mom (header "Chỉ số sử dụng lao động thời điểm 01/03/2015 so với cùng thời điểm tháng trước"), but its rows are not provinces ("Toàn ngành công nghiệp"`,
			"GDP":      "not read: neither a table by province (no row names a province) nor a data element of chitieu's in its header",
		}},
		{"testdata/real/gso_bieu_2000_01.xls", 28, 1, map[string]string{
			"2gtcn": "not read: a table by province (15 provinces in its rows, from row 28",
			"11":    `not read: a table by province (61 provinces in its rows, from row 12: "Hà Nội", "Hải Phòng", "Hà Tây" and 58 more)`,
			"NN":    "not read: neither a table by province",
		}},
	} {
		ps, err := Explain(tt.path, c)
		if err != nil {
			t.Fatalf("Explain(%s) = %v", tt.path, err)
		}
		if n := len(ps); n != tt.sheets+tt.legacy {
			t.Errorf("%s: %d notes, want one per sheet (%d) and %d for TCVN3", tt.path, n, tt.sheets, tt.legacy)
		}
		if tt.legacy > 0 && !strings.Contains(ps[len(ps)-1].Message, "the text of 28 sheets (\"NN\", \"2gtcn\", \"3sp\" and 25 more) is in the old TCVN3 (ABC) encoding") {
			t.Errorf("%s: last note %q, want the TCVN3 conversion", tt.path, ps[len(ps)-1].Message)
		}
		by := map[string]schemas.Problem{}
		for _, p := range ps[:tt.sheets] {
			by[p.Sheet] = p
			if p.Severity != schemas.SeverityInfo || !strings.Contains(p.Message, "not read") {
				t.Errorf("%s: %+v, want a note saying why the sheet is not read", tt.path, p)
			}
			if strings.Contains(p.Message, "no column headed") || strings.Contains(p.Message, "header row") {
				t.Errorf("%s: sheet %q: %q claims a header", tt.path, p.Sheet, p.Message)
			}
		}
		for sheet, want := range tt.want {
			if got := by[sheet]; !strings.Contains(got.Message, want) {
				t.Errorf("%s: sheet %q: %q, want it to say %q", tt.path, sheet, got.Message, want)
			}
		}
	}
}

// TestUnreadSheetsNoted: a workbook that loads says, in a note, why each
// sheet it does not read is not read; GSO's June 2024 release reads table
// 15 and explains its other 46 sheets (the rice table, a table by province
// of no data element, has its warning instead).
func TestUnreadSheetsNoted(t *testing.T) {
	c, err := schemas.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	path := "testdata/real/gso_bieu_2024_06.xlsx"
	tpl, err := Detect(path, c.Templates)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(path, c.Elements, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.SetAreas(c.Areas)
	if raws := readAll(t, r); len(raws) != 126 {
		t.Errorf("%d values, want 126", len(raws))
	}
	notes := map[string]string{}
	for _, p := range r.Problems() {
		if strings.Contains(p.Message, "not read") {
			if _, twice := notes[p.Sheet]; twice {
				t.Errorf("sheet %q explained twice", p.Sheet)
			}
			notes[p.Sheet] = p.Message
		}
	}
	if len(notes) != 47 {
		t.Errorf("%d sheets said not read, want 47 (48 but table 15): %v", len(notes), notes)
	}
	if _, ok := notes["15. LĐCN_DP"]; ok {
		t.Errorf("the table read is said not read")
	}
	for sheet, want := range map[string]string{
		"45.Laodong":     `labour_force (row 10, "Lực lượng lao động từ 15 tuổi trở lên")`,
		"22. VDT TTNSNN": "a table by province (21 provinces in its rows",
		"14.LĐCN":        "but its rows are not provinces",
	} {
		if !strings.Contains(notes[sheet], want) {
			t.Errorf("sheet %q: %q, want it to say %q", sheet, notes[sheet], want)
		}
	}

}
