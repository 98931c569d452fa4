// Package indicators holds the indicator definitions (definitions.yaml) and
// the SQL that computes them in the warehouse, and the arithmetic of
// attainment and year-over-year change.
//
// The statistical rules live here:
//   - rates aggregate from their parts: Σ numerators ÷ Σ denominators, or a
//     reported rate weighted by its denominator, never a mean of rates;
//   - over time flows sum their months, stocks and rates take the end of the
//     period; a reported year-to-date ("lũy kế") figure stands in when the
//     months are incomplete;
//   - attainment of plan follows the indicator's direction;
//   - the year-over-year comparison is with the same period of the previous
//     year, on the same provinces;
//   - every aggregate carries the number of provinces it is built from.
package indicators

import (
	_ "embed"
	"errors"
	"fmt"

	"chitieu/schemas"
)

// Methods of computing an indicator.
const (
	MethodSum   = "sum"
	MethodRatio = "ratio"
)

// Directions: which way is better.
const (
	Higher = "higher"
	Lower  = "lower"
	None   = "none"
)

//go:embed definitions.yaml
var definitionsYAML []byte

// Definition declares one indicator.
type Definition struct {
	Code        string  `yaml:"code"`
	NameVI      string  `yaml:"name_vi"`
	NameEN      string  `yaml:"name_en"`
	Method      string  `yaml:"method"`
	Element     string  `yaml:"element"`     // sum: the element summed
	Numerator   string  `yaml:"numerator"`   // ratio: the count on top
	Denominator string  `yaml:"denominator"` // ratio: the base
	Rate        string  `yaml:"rate"`        // ratio: the reported rate, used when the numerator is not reported
	Factor      float64 `yaml:"factor"`      // ratio: 100 for percent
	Direction   string  `yaml:"direction"`

	Unit string `yaml:"-"` // from the elements: persons, households or percent
	Kind string `yaml:"-"` // flow, stock or rate: how it changes over time
}

// Load reads the embedded definitions and checks them against the elements.
func Load(elements *schemas.Elements) ([]Definition, error) {
	return Parse("definitions.yaml", definitionsYAML, elements)
}

// Parse reads and validates definitions.
func Parse(name string, data []byte, elements *schemas.Elements) ([]Definition, error) {
	var defs []Definition
	if err := schemas.DecodeYAML(name, data, &defs); err != nil {
		return nil, err
	}
	return validate(name, defs, elements)
}

// validate checks decoded definitions against the elements, from the files
// name names, and fills in their units and kinds.
func validate(name string, defs []Definition, elements *schemas.Elements) ([]Definition, error) {
	var errs []error
	seen := map[string]bool{}
	for i := range defs {
		d := &defs[i]
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s: indicator %q: %s", name, d.Code, fmt.Sprintf(format, args...)))
		}
		if d.Code == "" {
			bad("no code")
		}
		if seen[d.Code] {
			bad("defined twice")
		}
		seen[d.Code] = true
		switch d.Direction {
		case Higher, Lower, None:
		default:
			bad("direction %q, want higher, lower or none", d.Direction)
		}
		// get finds the element a role names and writes its code as the
		// views know it: a series by its series code, not its old one
		// (jobs_created_female is jobs_created[sex=female]).
		get := func(role string, code *string) (schemas.DataElement, bool) {
			if *code == "" {
				bad("method %s needs %s", d.Method, role)
				return schemas.DataElement{}, false
			}
			de, err := elements.Get(*code)
			if err != nil {
				bad("%s: %v", role, err)
				return de, false
			}
			*code = de.Code
			return de, true
		}
		switch d.Method {
		case MethodSum:
			if d.Numerator != "" || d.Denominator != "" || d.Rate != "" || d.Factor != 0 {
				bad("method sum takes only element")
			}
			if de, ok := get("element", &d.Element); ok {
				if de.Kind == schemas.Rate {
					bad("%s is a rate: rates are never summed; use method ratio", de.Code)
				}
				d.Unit, d.Kind = de.Unit, de.Kind
			}
		case MethodRatio:
			if d.Element != "" {
				bad("method ratio takes numerator, denominator and rate, not element")
			}
			if d.Factor <= 0 {
				bad("method ratio needs a positive factor (100 for percent)")
			}
			den, okDen := get("denominator", &d.Denominator)
			if okDen && den.Kind == schemas.Rate {
				bad("denominator %s is a rate", den.Code)
			}
			if d.Numerator == "" && d.Rate == "" {
				bad("method ratio needs a numerator, a rate, or both")
			}
			if d.Numerator != "" {
				get("numerator", &d.Numerator)
			}
			if d.Rate != "" {
				if r, ok := get("rate", &d.Rate); ok {
					if r.Kind != schemas.Rate {
						bad("rate %s is a %s, not a rate", r.Code, r.Kind)
					} else if r.Denominator != d.Denominator {
						bad("rate %s is a share of %s, not of %s", r.Code, r.Denominator, d.Denominator)
					}
				}
			}
			d.Unit, d.Kind = schemas.Percent, schemas.Rate
			if d.Factor != 100 {
				d.Unit = "ratio"
			}
		default:
			bad("method %q, want sum or ratio", d.Method)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return defs, nil
}

// Catalog is everything chitieu embeds: the codelists and templates of
// package schemas and the indicator definitions built on them.
type Catalog struct {
	*schemas.Catalog
	Definitions []Definition
}

// LoadCatalog loads and validates everything embedded.
func LoadCatalog() (*Catalog, error) {
	cat, err := schemas.LoadCatalog()
	if err != nil {
		return nil, err
	}
	defs, err := Load(cat.Elements)
	if err != nil {
		return nil, err
	}
	return &Catalog{Catalog: cat, Definitions: defs}, nil
}
