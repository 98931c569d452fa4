package indicators

import (
	"strings"
	"testing"
)

// A catalogue directory adds data elements, indicators and templates to the
// embedded ones, validated together.
func TestLoadCatalogDir(t *testing.T) {
	cat, err := LoadCatalogDir("testdata/catalog")
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := cat.Elements.Match("Thành viên HTX"); !ok || d.Code != "coop_members" {
		t.Errorf("Match(Thành viên HTX) = %v, %v", d.Code, ok)
	}
	if _, err := cat.Elements.Get("jobs_created"); err != nil {
		t.Errorf("the embedded elements are kept: %v", err)
	}
	var found bool
	for _, d := range cat.Definitions {
		found = found || d.Code == "coop_member_share" && d.Kind == "rate"
	}
	if !found {
		t.Errorf("coop_member_share not among the indicators")
	}
	var names []string
	for _, tpl := range cat.Templates {
		names = append(names, tpl.Name)
	}
	if got := strings.Join(names, " "); !strings.Contains(got, "coop_plan") || !strings.Contains(got, "provincial_plan") {
		t.Errorf("templates %s", got)
	}
}

// Strictly: an unknown field is refused with its file; a code defined
// twice and a part of an unknown total are both reported.
func TestLoadCatalogDirRejects(t *testing.T) {
	_, err := LoadCatalogDir("testdata/badcatalog")
	if err == nil {
		t.Fatal("a bad catalogue was accepted")
	}
	for _, want := range []string{"testdata/badcatalog/data_elements.yaml", "colour"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	_, err = LoadCatalogDir("testdata/badcatalog2")
	for _, want := range []string{"jobs_created defined twice", `part_of: unknown data element "no_such_total"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	if _, err := LoadCatalogDir("testdata/no_such_dir"); err == nil {
		t.Errorf("a missing directory was accepted")
	}
}
