// Package schemas holds chitieu's reference data and contracts: the area
// codelist (nation, regions, provinces with validity dates), period codes, the
// data elements provinces report, report templates, and the Arrow schemas that
// readers, the transform and the warehouse exchange.
//
// Everything declarative lives here as embedded CSV or YAML, validated when it
// is loaded; unknown YAML fields are rejected. The package imports nothing
// else of chitieu's.
package schemas

// Catalog is everything chitieu embeds in this package: the area codelist,
// the data elements and the report templates.
type Catalog struct {
	Areas     *Areas
	Elements  *Elements
	Templates []Template
	Forms     []Form
}

// LoadCatalog loads and validates the embedded codelists and templates.
func LoadCatalog() (*Catalog, error) {
	areas, err := LoadAreas()
	if err != nil {
		return nil, err
	}
	elements, err := LoadElements()
	if err != nil {
		return nil, err
	}
	templates, err := LoadTemplates(elements)
	if err != nil {
		return nil, err
	}
	forms, err := LoadForms()
	if err != nil {
		return nil, err
	}
	return &Catalog{Areas: areas, Elements: elements, Templates: templates, Forms: forms}, nil
}
