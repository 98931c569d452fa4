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
	// its own breakdown: "Nông thôn" beneath the members is their rural series
	if r, ok, err := cat.Elements.Resolve("Nông thôn", "coop_members"); !ok || err != nil || r.Element.Code != "coop_members[residence=rural]" {
		t.Errorf("Resolve(Nông thôn beneath coop_members) = %v, %v, %v", r.Element.Code, ok, err)
	}
	if r, ok, _ := cat.Elements.Resolve("Nữ", "coop_members"); !ok || r.Element.Code != "coop_members[sex=female]" {
		t.Errorf("Resolve(Nữ beneath coop_members) = %v, %v", r.Element.Code, ok)
	}
	var found, rural bool
	for _, d := range cat.Definitions {
		found = found || d.Code == "coop_member_share" && d.Kind == "rate"
		rural = rural || d.Code == "coop_rural_share" && d.Numerator == "coop_members[residence=rural]"
	}
	if !rural {
		t.Errorf("coop_rural_share, on a series of the directory's breakdown, not among the indicators")
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
