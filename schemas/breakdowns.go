package schemas

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
)

// Total is the breakdown of a count's own figure: no breakdown.
const Total = "total"

//go:embed breakdowns.yaml
var breakdownsYAML []byte

// Dimension is what counts may be broken down by (schemas/breakdowns.yaml):
// sex, and after it urban/rural or age groups.
type Dimension struct {
	Code    string   `yaml:"code"`
	NameVI  string   `yaml:"name_vi"`
	NameEN  string   `yaml:"name_en"`
	Options []Option `yaml:"options"`
}

// Option is one value of a dimension: female, male.
type Option struct {
	Code   string   `yaml:"code"`
	NameVI string   `yaml:"name_vi"`
	NameEN string   `yaml:"name_en"`
	Labels []string `yaml:"labels"` // how a row beneath the count names it ("Trong đó: Nữ")
}

// Breakdown is how an observation names an option: "sex=female".
func Breakdown(dimension, option string) string { return dimension + "=" + option }

// SeriesCode is the code of an element's series for a breakdown:
// jobs_created[sex=female]; the element's own code for the total.
func SeriesCode(element, breakdown string) string {
	if breakdown == "" || breakdown == Total {
		return element
	}
	return element + "[" + breakdown + "]"
}

// parseDimensions reads and validates dimensions.
func parseDimensions(name string, data []byte) ([]Dimension, error) {
	var ds []Dimension
	if err := DecodeYAML(name, data, &ds); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, d := range ds {
		if !reCode.MatchString(d.Code) || d.NameVI == "" || d.NameEN == "" {
			return nil, fmt.Errorf("%s: dimension %q needs a code of lower-case words and both names", name, d.Code)
		}
		if seen[d.Code] {
			return nil, fmt.Errorf("%s: dimension %s defined twice", name, d.Code)
		}
		seen[d.Code] = true
		if len(d.Options) < 2 {
			return nil, fmt.Errorf("%s: dimension %s: a breakdown has two options or more", name, d.Code)
		}
		var opts []string
		for _, o := range d.Options {
			if !reCode.MatchString(o.Code) || o.Code == Total || o.NameVI == "" || o.NameEN == "" {
				return nil, fmt.Errorf("%s: dimension %s: option %q needs a code of lower-case words other than %q, and both names", name, d.Code, o.Code, Total)
			}
			if slices.Contains(opts, o.Code) {
				return nil, fmt.Errorf("%s: dimension %s: option %s defined twice", name, d.Code, o.Code)
			}
			opts = append(opts, o.Code)
		}
	}
	return ds, nil
}

// series makes the series of d's breakdowns: for each option of each of its
// dimensions, a part of d (of the same unit and kind) whose code is the
// series code, named by the option's labels beneath d and by d's
// breakdown_labels on a row of its own.
func series(name string, d DataElement, dims []Dimension) ([]DataElement, error) {
	var out []DataElement
	known := map[string]bool{}
	for _, dc := range d.Breakdowns {
		i := slices.IndexFunc(dims, func(x Dimension) bool { return x.Code == dc })
		if i < 0 {
			return nil, fmt.Errorf("%s: %s: breakdowns: unknown dimension %q", name, d.Code, dc)
		}
		if d.Kind == Rate || !d.Counted() {
			return nil, fmt.Errorf("%s: %s: breakdowns: only counts are broken down (a rate's breakdown is a rate of broken-down counts)", name, d.Code)
		}
		for _, o := range dims[i].Options {
			known[o.Code] = true
			b := Breakdown(dc, o.Code)
			out = append(out, DataElement{
				Code:       SeriesCode(d.Code, b),
				NameVI:     d.NameVI + ", " + strings.ToLower(o.NameVI),
				NameEN:     d.NameEN + ", " + strings.ToLower(o.NameEN),
				Unit:       d.Unit,
				Kind:       d.Kind,
				PartOf:     d.Code,
				Labels:     d.BreakdownLabels[o.Code],
				PartLabels: o.Labels,
				Element:    d.Code,
				Breakdown:  b,
			})
		}
	}
	for o := range d.BreakdownLabels {
		if !known[o] {
			return nil, fmt.Errorf("%s: %s: breakdown_labels: %q is no option of its breakdowns", name, d.Code, o)
		}
	}
	return out, nil
}
