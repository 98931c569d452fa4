package main

import (
	"context"
	"fmt"
	"strings"

	"chitieu/schemas"
)

// catalogCmd lists the data elements and indicators chitieu knows, with
// the labels report rows are matched by.
type catalogCmd struct{ *env }

func (c *catalogCmd) Run(ctx context.Context, args []string) error {
	var db string
	fs := c.flags("catalog", &db)
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "Usage: chitieu catalog\n\nLists the data elements (schemas/data_elements.yaml) with their unit, kind, parts, the series of\ntheir breakdowns and the labels report rows are matched by, then the breakdowns\n(schemas/breakdowns.yaml), then the indicators (indicators/definitions.yaml) and how each is computed.")
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("catalog takes no arguments")
	}
	out := c.stdout
	fmt.Fprintln(out, "Data elements")
	for _, d := range c.ref.Elements.All() {
		fmt.Fprintf(out, "\n%s (%s, %s)\n  %s\n  %s\n", d.Code, d.Kind, d.Unit, d.NameVI, d.NameEN)
		var rel []string
		switch {
		case d.Breakdown != "":
			rel = append(rel, fmt.Sprintf("stored as %s with breakdown %s", d.Element, d.Breakdown))
		case d.PartOf != "":
			rel = append(rel, "part of "+d.PartOf)
		}
		if len(d.Breakdowns) > 0 {
			rel = append(rel, "broken down by "+strings.Join(d.Breakdowns, ", "))
		}
		if d.Numerator != "" {
			rel = append(rel, "numerator "+d.Numerator)
		}
		if d.Denominator != "" {
			rel = append(rel, "denominator "+d.Denominator)
		}
		if d.Group != "" {
			rel = append(rel, "sums to 100 with its group "+d.Group)
		}
		if len(rel) > 0 {
			fmt.Fprintf(out, "  %s\n", strings.Join(rel, "; "))
		}
		if len(d.Labels) > 0 {
			fmt.Fprintf(out, "  labels: %s\n", quoteAll(d.Labels))
		}
		if len(d.PartLabels) > 0 {
			under := append([]string(nil), d.Under...)
			if d.PartOf != "" {
				under = append([]string{d.PartOf}, under...)
			}
			fmt.Fprintf(out, "  beneath %s: %s\n", strings.Join(under, ", "), quoteAll(d.PartLabels))
		}
	}
	fmt.Fprintln(out, "\nBreakdowns")
	for _, dim := range c.ref.Elements.Dimensions() {
		fmt.Fprintf(out, "\n%s (%s, %s)\n", dim.Code, dim.NameVI, dim.NameEN)
		for _, o := range dim.Options {
			fmt.Fprintf(out, "  %s: %s, %s; beneath a count: %s\n", schemas.Breakdown(dim.Code, o.Code), o.NameVI, o.NameEN, quoteAll(o.Labels))
		}
	}
	fmt.Fprintln(out, "\nIndicators")
	for _, d := range c.ref.Definitions {
		how := "sum of " + d.Element
		if d.Method == "ratio" {
			how = fmt.Sprintf("%s ÷ %s × %g", d.Numerator, d.Denominator, d.Factor)
			if d.Rate != "" {
				how += fmt.Sprintf(" (or the reported %s weighted by %s)", d.Rate, d.Denominator)
			}
		}
		fmt.Fprintf(out, "\n%s (%s, %s, better %s)\n  %s\n  %s\n  %s\n", d.Code, d.Kind, d.Unit, d.Direction, d.NameVI, d.NameEN, how)
	}
	return nil
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
