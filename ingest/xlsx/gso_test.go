package xlsx

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"chitieu/schemas"
)

// gsoLayout is how one of GSO's tables by province is laid out.
type gsoLayout struct {
	split      int   // provinces before the page break "(Tiếp theo)"; 0: none
	blankAfter []int // a blank row after these provinces (0: between the header and the body)
	blankHead  int   // blank rows between the header and the body
	totalTop   bool  // the country on top, else at the bottom
	dashes     []int // provinces whose second figure is "-" (none), third "x"
	note       bool  // a source note with a number below the table
}

// gsoSheet lays out the employment index table of GSO's monthly release
// for the provinces of 2024, with figures from values.
func gsoSheet(t testing.TB, l gsoLayout, values func(p, c int) float64) sheet {
	t.Helper()
	as, err := schemas.LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	provinces := as.Provinces(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
	cells := map[string]any{}
	var merges [][2]string
	row := 1
	header := func(title string) {
		cells[fmt.Sprint("A", row)] = title
		cells[fmt.Sprint("A", row+1)] = "      phân theo địa phương"
		cells[fmt.Sprint("C", row+2)] = "%"
		cells[fmt.Sprint("B", row+3)] = "Chỉ số sử dụng lao động"
		cells[fmt.Sprint("C", row+3)] = "Chỉ số sử dụng lao động"
		cells[fmt.Sprint("B", row+4)] = " thời điểm 01/6/2024 so với"
		cells[fmt.Sprint("C", row+4)] = " thời điểm 01/6/2024 so với"
		cells[fmt.Sprint("B", row+5)] = "cùng thời điểm tháng trước"
		cells[fmt.Sprint("C", row+5)] = "cùng thời điểm năm trước"
		row += 6 + l.blankHead
	}
	total := func() {
		cells[fmt.Sprint("A", row)] = "CẢ NƯỚC "
		cells[fmt.Sprint("B", row)] = 101.11
		cells[fmt.Sprint("C", row)] = 103.79
		row++
	}
	header("15. Chỉ số sử dụng lao động của doanh nghiệp công nghiệp ")
	if l.totalTop {
		total()
	}
	for i, p := range provinces {
		if i == l.split && l.split > 0 {
			header("15. (Tiếp theo) Chỉ số sử dụng lao động của doanh nghiệp công nghiệp ")
		}
		cells[fmt.Sprint("A", row)] = p.NameVI
		cells[fmt.Sprint("B", row)] = values(i, 0)
		cells[fmt.Sprint("C", row)] = values(i, 1)
		for _, d := range l.dashes {
			if d == i {
				cells[fmt.Sprint("B", row)] = "-"
				cells[fmt.Sprint("C", row)] = "x"
			}
		}
		row++
		for _, b := range l.blankAfter {
			if b == i+1 {
				row++
			}
		}
	}
	if !l.totalTop {
		total()
	}
	if l.note {
		row++
		cells[fmt.Sprint("A", row)] = "Nguồn: Điều tra doanh nghiệp hằng tháng"
		cells[fmt.Sprint("B", row)] = 2024
	}
	return sheet{name: "15. LĐCN_DP", cells: cells, merges: merges}
}

// TestGSOLayoutsNoSilentLoss generates GSO tables by province in every
// layout GSO uses (page breaks, blank rows, the country on top or at the
// bottom, "-" and "x") and checks the rule: every number in the table is
// read or named in a problem, and every province's figures are read.
func TestGSOLayoutsNoSilentLoss(t *testing.T) {
	es, ts := catalog(t)
	tpl, err := schemas.FindTemplate(ts, "gso_by_province")
	if err != nil {
		t.Fatal(err)
	}
	for seed := range uint64(25) {
		rng := rand.New(rand.NewPCG(seed, 13))
		l := gsoLayout{split: rng.IntN(70), blankHead: rng.IntN(3), totalTop: rng.IntN(2) == 0, note: rng.IntN(2) == 0}
		if l.split >= 63 {
			l.split = 0
		}
		for range rng.IntN(5) {
			l.blankAfter = append(l.blankAfter, rng.IntN(63))
		}
		for range rng.IntN(3) {
			l.dashes = append(l.dashes, rng.IntN(63))
		}
		values := func(p, c int) float64 { return 95 + float64((p*7+c*13+int(seed))%200)/10 }
		t.Run(strconv.Itoa(int(seed)), func(t *testing.T) {
			path := book{gsoSheet(t, l, values)}.write(t)
			if got, err := Detect(path, ts); err != nil || got.Name != tpl.Name {
				t.Fatalf("Detect = %q, %v, want %s (layout %+v)", got.Name, err, tpl.Name, l)
			}
			r, err := Open(path, es, tpl)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			raws := readAll(t, r)
			figures, areas := 0, map[string]bool{}
			for _, rw := range raws {
				if rw.Numeric {
					figures++
					areas[rw.Area] = true
				}
			}
			dashed := map[int]bool{}
			for _, d := range l.dashes {
				dashed[d] = true
			}
			if want := 2 * (63 - len(dashed)); figures != want || len(areas) != 63-len(dashed) {
				t.Errorf("layout %+v: %d figures of %d provinces, want %d of %d", l, figures, len(areas), want, 63-len(dashed))
			}
			if h := r.Header(); h.Period != "2024-06" {
				t.Errorf("layout %+v: period %q, want 2024-06", l, h.Period)
			}
			if lost := unaccounted(t, tpl, path, "15. LĐCN_DP", 7, 1, raws, r.Problems()); len(lost) > 0 {
				t.Errorf("layout %+v: figures neither read nor reported: %v", l, lost)
			}
		})
	}
}

// TestGSOPeriodFromNames: a table whose title and header name no period
// takes the sheet's name, else the file's, and says so.
func TestGSOPeriodFromNames(t *testing.T) {
	es, ts := catalog(t)
	tpl, err := schemas.FindTemplate(ts, "gso_by_province")
	if err != nil {
		t.Fatal(err)
	}
	undated := gsoSheet(t, gsoLayout{totalTop: true}, func(p, c int) float64 { return 100 })
	undated = undated.with(map[string]any{"B5": "so với", "C5": "so với"})
	for _, tt := range []struct {
		sheet, file, want, from string
	}{
		{"Tháng 5 năm 2024", "bieu.xlsx", "2024-05", "the sheet's name"},
		{"LĐCN_DP", "gso_bieu_2024_06.xlsx", "2024-06", "the file's name"},
	} {
		s := undated
		s.name = tt.sheet
		data, err := os.ReadFile(book{s}.write(t))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), tt.file)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Open(path, es, tpl)
		if err != nil {
			t.Fatal(err)
		}
		raws := readAll(t, r)
		if h := r.Header(); h.Period != tt.want || len(raws) != 126 {
			t.Errorf("%s / %s: period %q and %d values, want %s and 126", tt.sheet, tt.file, h.Period, len(raws), tt.want)
		}
		found := false
		for _, p := range r.Problems() {
			found = found || p.Severity == schemas.SeverityInfo && strings.Contains(p.Message, "read from "+tt.from)
		}
		if !found {
			t.Errorf("%s / %s: no note that the period comes from %s: %v", tt.sheet, tt.file, tt.from, r.Problems())
		}
		r.Close()
	}
}
