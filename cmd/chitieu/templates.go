package main

import (
	"context"
	"fmt"

	"chitieu/ingest/csvfile"
)

// templatesCmd lists the report forms chitieu reads.
type templatesCmd struct{ *env }

func (c *templatesCmd) Run(ctx context.Context, args []string) error {
	var db string
	fs := c.flags("templates", &db)
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "Usage: chitieu templates\n\nLists the report forms (schemas/templates/*.yaml) files are read with; ingest and validate choose one by a file's content, --template NAME forces one.")
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("templates takes no arguments")
	}
	show := func(name, layout, by, desc string) {
		fmt.Fprintf(c.stdout, "%s (%s)\n  recognised by: %s\n  %s\n", name, layout, by, desc)
	}
	show(csvfile.TemplateName, "long_csv", "a text header data_element,area,period,value",
		"One value per row, with kind, status and comment optional.")
	for _, t := range c.ref.Templates {
		show(t.Name, t.Layout, t.Describe(), t.Description)
	}
	return nil
}
