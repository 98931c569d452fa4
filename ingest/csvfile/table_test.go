package csvfile

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"chitieu/schemas"
)

// reNoted reads the count of rows a note says were not stored.
var reNoted = regexp.MustCompile(`^(\d+) row\(s\) of `)

// numericValues counts the rows of a GSO extract whose value is a number.
func numericValues(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(recs[0], "value")
	n := 0
	for _, rec := range recs[1:] {
		if _, err := strconv.ParseFloat(rec[col], 64); err == nil {
			n++
		}
	}
	return n
}

func withoutNotes(ps schemas.Problems) schemas.Problems {
	var out schemas.Problems
	for _, p := range ps {
		if p.Severity != schemas.SeverityInfo {
			out = append(out, p)
		}
	}
	return out
}

func gsoTemplate(t *testing.T) (schemas.Template, *schemas.Elements) {
	t.Helper()
	cat, err := schemas.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := schemas.FindTemplate(cat.Templates, "gso_province_table")
	if err != nil {
		t.Fatal(err)
	}
	return tpl, cat.Elements
}

// A real GSO extract: provinces are stored as written, in thousand persons
// with the status mapped; the country and region rows are not stored; the
// country totals equal the provinces' sums once the defunct Hà Tây (2007)
// counts among them, so no warning is given.
func TestTableGSO(t *testing.T) {
	tpl, es := gsoTemplate(t)
	path := "testdata/gso_labour_force_2007_2021.csv"
	if !MatchesTable(path, tpl) {
		t.Fatalf("MatchesTable(%s) = false", path)
	}
	r, err := OpenTable(path, path, es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	raws := readAll(t, r)
	if got, want := len(raws), 126; got != want {
		t.Errorf("%d values, want %d (63 provinces × 2 years, no country, region or defunct rows)", got, want)
	}
	// No silent loss: every numeric value of the file is stored or named
	// (the rows of a level not stored are counted in a note).
	noted := 0
	for _, p := range r.Problems() {
		m := reNoted.FindStringSubmatch(p.Message)
		if p.Severity != schemas.SeverityInfo || m == nil {
			t.Errorf("unexpected problem: %v", p)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		noted += n
	}
	if numeric := numericValues(t, path); len(raws)+noted != numeric {
		t.Errorf("%d values stored and %d noted, but the file has %d numeric values", len(raws), noted, numeric)
	}
	var nghean2021 bool
	for _, rw := range raws {
		if rw.Area == "" || rw.Area == "VN" || strings.Contains(rw.Area, "Tây") && rw.Area != "72" {
			t.Errorf("stored a row that is no province: %+v", rw)
		}
		if rw.Area == "40" && rw.Period == "2021" {
			nghean2021 = true
			if rw.Element != "labour_force" || rw.Value != "1620.6" || rw.Unit != "thousand persons" || rw.Status != "provisional" {
				t.Errorf("Nghệ An 2021 = %+v, want labour_force 1620.6 thousand persons provisional", rw)
			}
		}
		if rw.Period == "2007" && rw.Status != "final" {
			t.Errorf("%s 2007 status %q, want final (preliminary: no)", rw.Area, rw.Status)
		}
	}
	if !nghean2021 {
		t.Error("no value for Nghệ An (40) in 2021")
	}
}

// A country total that disagrees with its provinces is a warning at its
// line, with both figures.
func TestTableTotalMismatch(t *testing.T) {
	tpl, es := gsoTemplate(t)
	data, err := os.ReadFile("testdata/gso_labour_force_2007_2021.csv")
	if err != nil {
		t.Fatal(err)
	}
	// 2021: GSO's total is 50560.5, the provinces sum to 50560.6.
	bad := strings.Replace(string(data), "CẢ NƯỚC,2021,yes,50560.5", "CẢ NƯỚC,2021,yes,50960.5", 1)
	if bad == string(data) {
		t.Fatal("fixture changed: no 2021 country row")
	}
	// Drop Hà Tây: the 2007 total then exceeds the 63 provinces.
	var lines []string
	for _, l := range strings.Split(bad, "\n") {
		if !strings.Contains(l, "province_defunct") {
			lines = append(lines, l)
		}
	}
	path := filepath.Join(t.TempDir(), "lf.csv")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := OpenTable(path, "lf.csv", es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	readAll(t, r)
	ps := withoutNotes(r.Problems())
	if len(ps) != 2 {
		t.Fatalf("%d problems, want 2:\n%v", len(ps), ps)
	}
	for i, want := range []struct{ value, msg string }{
		{"47160.3", "the 63 provinces sum to 45585.3, -3.34%"},
		{"50960.5", "the 63 provinces sum to 50560.6, -0.78%"},
	} {
		p := ps[i]
		if p.Severity != schemas.SeverityWarning || p.Value != want.value || !strings.Contains(p.Message, want.msg) || p.Row == 0 {
			t.Errorf("problem %d = %+v, want a warning on %s saying %q", i, p, want.value, want.msg)
		}
	}
}

// Series the template does not know are errors; series it declares
// unstored are one warning with their count.
func TestTableSeries(t *testing.T) {
	tpl, es := gsoTemplate(t)
	head := "indicator_id,unit,geo_level,province_code_pre2025,name_as_published,year,preliminary,value\n"
	path := filepath.Join(t.TempDir(), "t.csv")
	body := head +
		"EMPRATIO,%,province,01,Hà Nội,2015,no,70.1\n" +
		"EMPRATIO,%,province,40,Nghệ An,2015,no,75.2\n" +
		"GDP,bn VND,province,40,Nghệ An,2015,no,9\n" +
		"LF15,thousand persons,district,40,Nghệ An,2015,no,9\n" +
		"TRAINED,%,province,40,Nghệ An,2015,no,16.8\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := OpenTable(path, "t.csv", es, tpl)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	raws := readAll(t, r)
	if len(raws) != 1 || raws[0].Element != "trained_share" || raws[0].Value != "16.8" {
		t.Errorf("values %+v, want only trained_share 16.8", raws)
	}
	got := map[string]string{}
	for _, p := range r.Problems() {
		got[p.Value] = p.Severity + ": " + p.Message
	}
	for value, want := range map[string]string{
		"GDP":      "error: a series the gso_province_table form does not know",
		"district": "error: an unknown geographic level",
		"EMPRATIO": "warning: the gso_province_table form maps this series to no data element: its 2 rows are not stored",
	} {
		if !strings.HasPrefix(got[value], want) {
			t.Errorf("problem on %q = %q, want %q", value, got[value], want)
		}
	}
}

func TestTableHeaderMismatch(t *testing.T) {
	tpl, es := gsoTemplate(t)
	if MatchesTable("testdata/utf8_bom_semicolon.csv", tpl) {
		t.Error("a long CSV matches the GSO template")
	}
	_, err := OpenTable("testdata/utf8_bom_semicolon.csv", "x.csv", es, tpl)
	if err == nil || !strings.Contains(err.Error(), "needs the columns indicator_id") {
		t.Errorf("OpenTable(long CSV) error = %v, want the columns the form needs", err)
	}
}

// Region rows are checked against the provinces that belong to the region
// on the period's map: GSO's own figures agree; a region figure altered by
// 1,000 thousand persons is a warning naming the region, and stays unstored.
func TestTableRegionRows(t *testing.T) {
	tpl, es := gsoTemplate(t)
	areas, err := schemas.LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	read := func(body string) (schemas.Problems, int) {
		t.Helper()
		path := filepath.Join(t.TempDir(), "lf.csv")
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := OpenTable(path, "lf.csv", es, tpl)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		r.SetAreas(areas)
		n := len(readAll(t, r))
		return withoutNotes(r.Problems()), n
	}
	data, err := os.ReadFile("testdata/gso_labour_force_2007_2021.csv")
	if err != nil {
		t.Fatal(err)
	}
	ps, stored := read(string(data))
	for _, p := range ps {
		if strings.Contains(p.Message, "region") {
			t.Errorf("GSO's own regions disagree with their provinces: %v", p)
		}
	}
	altered := strings.Replace(string(data), ",2021,yes,11436.7,", ",2021,yes,12436.7,", 1)
	if altered == string(data) {
		t.Fatal("the Red River Delta's 2021 row is not in the extract")
	}
	ps, n := read(altered)
	found := false
	for _, p := range ps {
		if p.Value == "12436.7" && p.Severity == schemas.SeverityWarning && strings.Contains(p.Message, "Đồng bằng sông Hồng") &&
			strings.Contains(p.Message, "the 11 provinces sum to 11436.7") && strings.Contains(p.Message, "from this region") {
			found = true
		}
	}
	if !found || n != stored {
		t.Errorf("altered region row: %d values (want %d), problems:\n%v", n, stored, ps)
	}
}
