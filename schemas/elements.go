package schemas

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
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
	Communes   = "communes" // communes, wards and towns (xã, phường, thị trấn)
	Houses     = "houses"   // dwellings built or repaired (nhà)
	Percent    = "percent"  // 0–100, "70.1" means 70.1 %
	// Index is a level as a percentage of a base ("103.79": 3.79 % above
	// the same date a year before); it may exceed 100 and is never summed.
	Index = "index"
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
	// Under names what else a part label may sit beneath: element codes,
	// or the labels of heading rows that carry no figures ("Cơ cấu lao
	// động" over the sector shares).
	Under []string `yaml:"under"`
	// PartLabels are labels read only on a row directly beneath PartOf or
	// an entry of Under: "Nữ" under jobs created is the women's part of
	// jobs created, "Cao đẳng, trung cấp" under enrolment is not the one
	// under graduates.
	PartLabels []string `yaml:"part_labels"`
	// Group names the rates of one denominator that together make 100 %:
	// the sector shares of employment (agriculture, industry and
	// construction, services). Checked when a file gives them all.
	Group string `yaml:"sums_to_100"`
	// Breakdowns are the dimensions its figures may be broken down by
	// (schemas/breakdowns.yaml): a count with breakdowns: [sex] has a
	// series per option, jobs_created[sex=female], read from "Nữ" beneath
	// it and stored as its own observations with breakdown sex=female.
	Breakdowns []string `yaml:"breakdowns"`
	// BreakdownLabels name a series on a row of its own, by option:
	// {female: [Lao động nữ được giải quyết việc làm]}.
	BreakdownLabels map[string][]string `yaml:"breakdown_labels"`

	// Element and Breakdown are set on a series (Code is then the series
	// code): the element it breaks down and how ("sex=female").
	Element   string `yaml:"-"`
	Breakdown string `yaml:"-"`
}

// Base is the data element an observation of d is stored under: d's own
// code, or for a series the element it breaks down.
func (d DataElement) Base() string {
	if d.Element != "" {
		return d.Element
	}
	return d.Code
}

// BreakdownOrTotal is the breakdown an observation of d is stored with.
func (d DataElement) BreakdownOrTotal() string {
	if d.Breakdown != "" {
		return d.Breakdown
	}
	return Total
}

// Counted reports whether values are whole counts (persons, households,
// communes, houses) that sum over provinces; percentages and indices are
// not.
func (d DataElement) Counted() bool { return d.Unit != Percent && d.Unit != Index }

// anchors are what a part label of d may sit beneath: its total and its
// Under entries, as element codes or folded heading labels.
func (d DataElement) anchors() []string {
	var as []string
	if d.PartOf != "" {
		as = append(as, d.PartOf)
	}
	for _, u := range d.Under {
		as = append(as, anchorKey(u))
	}
	return as
}

// anchorKey is how an Under entry or a heading is compared: a code as it
// is, a label folded.
func anchorKey(s string) string {
	if reCode.MatchString(s) {
		return s
	}
	return "#" + Canon(s)
}

// reCode matches a data element code: lower-case ASCII words joined by "_".
var reCode = regexp.MustCompile(`^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$`)

// HeadingAnchor is the anchor a heading row (one that names no element and
// carries no figures) gives the rows beneath it.
func HeadingAnchor(label string) string { return "#" + Canon(label) }

// Elements is the set of data elements, in definition order.
type Elements struct {
	list   []DataElement
	byCode map[string]int
	byName map[string]int   // canonical label → element
	byPart map[string][]int // canonical part label → elements
	byBag  map[string][]int // word bag of every label → elements (guesses)
	// byPartBag is the word bag of every part label → elements
	byPartBag map[string][]int
	dims      []Dimension
}

// LoadElements reads the embedded schemas/data_elements.yaml and
// schemas/breakdowns.yaml.
func LoadElements() (*Elements, error) {
	return ParseElements("data_elements.yaml", elementsYAML)
}

// ParseElements reads and validates data element definitions, with the
// embedded breakdowns.
func ParseElements(name string, data []byte) (*Elements, error) {
	var list []DataElement
	if err := DecodeYAML(name, data, &list); err != nil {
		return nil, err
	}
	dims, err := parseDimensions("breakdowns.yaml", breakdownsYAML)
	if err != nil {
		return nil, err
	}
	return newElements(name, list, dims)
}

// newElements validates decoded data elements, from the files name names,
// and adds the series of their breakdowns by dims after each element.
func newElements(name string, defined []DataElement, dims []Dimension) (*Elements, error) {
	var list []DataElement
	for _, d := range defined {
		if d.Element != "" || d.Breakdown != "" {
			return nil, fmt.Errorf("%s: %s: a series is made from breakdowns, not defined", name, d.Code)
		}
		ss, err := series(name, d, dims)
		if err != nil {
			return nil, err
		}
		list = append(append(list, d), ss...)
	}
	es := &Elements{list: list, byCode: map[string]int{}, byName: map[string]int{},
		byPart: map[string][]int{}, byBag: map[string][]int{}, byPartBag: map[string][]int{}, dims: dims}
	bag := func(l string, i int) {
		k := Bag(l)
		if k != "" && !slices.Contains(es.byBag[k], i) {
			es.byBag[k] = append(es.byBag[k], i)
		}
	}
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
			k := Canon(l)
			if j, dup := es.byName[k]; dup && j != i {
				errs = append(errs, fmt.Errorf("%s: label %q names both %s and %s", name, l, list[j].Code, d.Code))
			}
			es.byName[k] = i
			bag(l, i)
		}
	}
	// A series is also known by the code it had as an element of its own
	// before breakdowns: jobs_created_female.
	for i, d := range list {
		if d.Element == "" {
			continue
		}
		_, opt, _ := strings.Cut(d.Breakdown, "=")
		legacy := d.Element + "_" + opt
		if j, dup := es.byCode[legacy]; dup && j != i {
			errs = append(errs, fmt.Errorf("%s: %s is both an element and the series %s", name, legacy, d.Code))
			continue
		}
		es.byCode[legacy] = i
	}
	for i, d := range list {
		if len(d.PartLabels) > 0 && len(d.anchors()) == 0 {
			errs = append(errs, fmt.Errorf("%s: %s: part_labels need part_of or under: the row they sit beneath", name, d.Code))
		}
		for _, u := range d.Under {
			if a := anchorKey(u); !strings.HasPrefix(a, "#") {
				if _, ok := es.byCode[a]; !ok {
					errs = append(errs, fmt.Errorf("%s: %s: under: %w %q", name, d.Code, ErrUnknownElement, u))
				}
			}
		}
		for _, l := range d.PartLabels {
			k := Canon(l)
			for _, j := range es.byPart[k] {
				if j != i && sharesAnchor(list[j], d) {
					errs = append(errs, fmt.Errorf("%s: part label %q names both %s and %s beneath the same row", name, l, list[j].Code, d.Code))
				}
			}
			if !slices.Contains(es.byPart[k], i) {
				es.byPart[k] = append(es.byPart[k], i)
			}
			if b := Bag(l); b != "" && !slices.Contains(es.byPartBag[b], i) {
				es.byPartBag[b] = append(es.byPartBag[b], i)
			}
		}
	}
	for _, g := range es.Groups() {
		for _, code := range g[1:] {
			a, b := list[es.byCode[g[0]]], list[es.byCode[code]]
			if b.Kind != Rate || a.Kind != Rate || a.Denominator != b.Denominator {
				errs = append(errs, fmt.Errorf("%s: sums_to_100 %s: %s and %s must be rates of one denominator", name, a.Group, a.Code, b.Code))
			}
		}
		if len(g) < 2 {
			errs = append(errs, fmt.Errorf("%s: sums_to_100 %s: only %s; a group has two rates or more", name, list[es.byCode[g[0]]].Group, g[0]))
		}
	}
	if err := partCycles(list, es.byCode); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	for _, d := range list {
		switch d.Unit {
		case Persons, Households, Communes, Houses, Percent, Index:
		default:
			errs = append(errs, fmt.Errorf("%s: %s: unit %q, want persons, households, communes, houses, percent or index", name, d.Code, d.Unit))
		}
		if d.PartOf != "" {
			if j, ok := es.byCode[d.PartOf]; !ok {
				errs = append(errs, fmt.Errorf("%s: %s: part_of: %w %q", name, d.Code, ErrUnknownElement, d.PartOf))
			} else if w := list[j]; w.Unit != d.Unit || w.Kind != d.Kind || d.Kind == Rate && w.Denominator != d.Denominator {
				errs = append(errs, fmt.Errorf("%s: %s: part_of %s: a part is a count of the same unit and kind as its total, or a rate of the same denominator", name, d.Code, d.PartOf))
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

// Dimensions returns the breakdown dimensions.
func (es *Elements) Dimensions() []Dimension { return append([]Dimension(nil), es.dims...) }

// All returns the data elements in definition order, each followed by the
// series of its breakdowns.
func (es *Elements) All() []DataElement { return append([]DataElement(nil), es.list...) }

// Get returns the element with this code.
func (es *Elements) Get(code string) (DataElement, error) {
	i, ok := es.byCode[code]
	if !ok {
		return DataElement{}, fmt.Errorf("%w %q", ErrUnknownElement, code)
	}
	return es.list[i], nil
}

// Match finds the element a label names exactly ("Giải quyết việc làm",
// "GIAI QUYET VIEC LAM", "Tỷ lệ LĐ qua đào tạo"), or a code. Part labels
// and guesses are left to Resolve, which knows the row's place.
func (es *Elements) Match(label string) (DataElement, bool) {
	if i, ok := es.byCode[label]; ok {
		return es.list[i], true
	}
	i, ok := es.byName[Canon(label)]
	if !ok {
		return DataElement{}, false
	}
	return es.list[i], true
}

// Groups lists the sums_to_100 groups, each as its element codes in
// definition order, groups in the order of their first element.
func (es *Elements) Groups() [][]string {
	var gs [][]string
	at := map[string]int{}
	for _, d := range es.list {
		if d.Group == "" {
			continue
		}
		i, ok := at[d.Group]
		if !ok {
			i = len(gs)
			at[d.Group] = i
			gs = append(gs, nil)
		}
		gs[i] = append(gs[i], d.Code)
	}
	return gs
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
