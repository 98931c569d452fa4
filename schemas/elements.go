package schemas

import (
	_ "embed"
	"errors"
	"fmt"
)

// Kinds of data element.
const (
	Flow  = "flow"  // counted over a period: months sum to quarters and years
	Stock = "stock" // a level at a date: a period takes its end value
	Rate  = "rate"  // a percentage of a denominator element
)

// Units of data element.
const (
	Persons    = "persons"
	Households = "households"
	Percent    = "percent" // 0–100, "70.1" means 70.1 %
)

// ErrUnknownElement is returned for a data element code no definition has.
var ErrUnknownElement = errors.New("unknown data element")

//go:embed data_elements.yaml
var elementsYAML []byte

// DataElement is a figure provinces report (schemas/data_elements.yaml).
type DataElement struct {
	Code        string `yaml:"code"`
	NameVI      string `yaml:"name_vi"`
	NameEN      string `yaml:"name_en"`
	Unit        string `yaml:"unit"`
	Kind        string `yaml:"kind"`
	Numerator   string `yaml:"numerator"`   // rates: the count the rate is a share of, if reported
	Denominator string `yaml:"denominator"` // rates: the base that weights the rate
	// PartOf is the count this one is a part of: a "Trong đó" (of which)
	// row under its total. A part never exceeds its total.
	PartOf string   `yaml:"part_of"`
	Labels []string `yaml:"labels"`
}

// Counted reports whether values are whole counts (persons, households).
func (d DataElement) Counted() bool { return d.Unit == Persons || d.Unit == Households }

// Elements is the set of data elements, in definition order.
type Elements struct {
	list   []DataElement
	byCode map[string]int
	byName map[string]int
}

// LoadElements reads the embedded schemas/data_elements.yaml.
func LoadElements() (*Elements, error) {
	return ParseElements("data_elements.yaml", elementsYAML)
}

// ParseElements reads and validates data element definitions.
func ParseElements(name string, data []byte) (*Elements, error) {
	var list []DataElement
	if err := DecodeYAML(name, data, &list); err != nil {
		return nil, err
	}
	es := &Elements{list: list, byCode: map[string]int{}, byName: map[string]int{}}
	var errs []error
	for i, d := range list {
		if d.Code == "" {
			errs = append(errs, fmt.Errorf("%s: element %d has no code", name, i+1))
			continue
		}
		if _, dup := es.byCode[d.Code]; dup {
			errs = append(errs, fmt.Errorf("%s: element %s defined twice", name, d.Code))
		}
		es.byCode[d.Code] = i
		for _, l := range append([]string{d.NameVI, d.NameEN}, d.Labels...) {
			k := Fold(l)
			if j, dup := es.byName[k]; dup && j != i {
				errs = append(errs, fmt.Errorf("%s: label %q names both %s and %s", name, l, list[j].Code, d.Code))
			}
			es.byName[k] = i
		}
	}
	for _, d := range list {
		switch d.Unit {
		case Persons, Households, Percent:
		default:
			errs = append(errs, fmt.Errorf("%s: %s: unit %q, want persons, households or percent", name, d.Code, d.Unit))
		}
		if d.PartOf != "" {
			if j, ok := es.byCode[d.PartOf]; !ok {
				errs = append(errs, fmt.Errorf("%s: %s: part_of: %w %q", name, d.Code, ErrUnknownElement, d.PartOf))
			} else if w := list[j]; w.Unit != d.Unit || w.Kind != d.Kind || !d.Counted() {
				errs = append(errs, fmt.Errorf("%s: %s: part_of %s: a part is a count of the same unit and kind as its total", name, d.Code, d.PartOf))
			}
		}
		switch d.Kind {
		case Flow, Stock:
			if d.Numerator != "" || d.Denominator != "" {
				errs = append(errs, fmt.Errorf("%s: %s: only rates have a numerator or denominator", name, d.Code))
			}
		case Rate:
			if d.Unit != Percent {
				errs = append(errs, fmt.Errorf("%s: %s: a rate is in percent, not %s", name, d.Code, d.Unit))
			}
			if d.Denominator == "" {
				errs = append(errs, fmt.Errorf("%s: %s: a rate needs the denominator that weights it", name, d.Code))
			}
			for _, part := range []string{d.Numerator, d.Denominator} {
				if part == "" {
					continue
				}
				if j, ok := es.byCode[part]; !ok {
					errs = append(errs, fmt.Errorf("%s: %s: %w %q", name, d.Code, ErrUnknownElement, part))
				} else if list[j].Kind != Stock && list[j].Kind != Flow {
					errs = append(errs, fmt.Errorf("%s: %s: part %s must be a count, not a %s", name, d.Code, part, list[j].Kind))
				}
			}
		default:
			errs = append(errs, fmt.Errorf("%s: %s: kind %q, want flow, stock or rate", name, d.Code, d.Kind))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return es, nil
}

// All returns the data elements in definition order.
func (es *Elements) All() []DataElement { return append([]DataElement(nil), es.list...) }

// Get returns the element with this code.
func (es *Elements) Get(code string) (DataElement, error) {
	i, ok := es.byCode[code]
	if !ok {
		return DataElement{}, fmt.Errorf("%w %q", ErrUnknownElement, code)
	}
	return es.list[i], nil
}

// Match finds the element a report row label names ("Giải quyết việc làm",
// "GIAI QUYET VIEC LAM"), or a code.
func (es *Elements) Match(label string) (DataElement, bool) {
	if i, ok := es.byCode[label]; ok {
		return es.list[i], true
	}
	i, ok := es.byName[Fold(label)]
	if !ok {
		return DataElement{}, false
	}
	return es.list[i], true
}

// Bound is a pair of data elements where one may not exceed the other in
// the same area, period and kind.
type Bound struct {
	Part, Whole string
	Relation    string // "of which" (a part of a total) or "numerator" (of a rate)
}

// Bounds lists every part ≤ total and numerator ≤ denominator pair.
func (es *Elements) Bounds() []Bound {
	var bs []Bound
	for _, d := range es.list {
		if d.PartOf != "" {
			bs = append(bs, Bound{Part: d.Code, Whole: d.PartOf, Relation: "of which"})
		}
		if d.Numerator != "" && d.Denominator != "" {
			bs = append(bs, Bound{Part: d.Numerator, Whole: d.Denominator, Relation: "numerator"})
		}
	}
	return bs
}
