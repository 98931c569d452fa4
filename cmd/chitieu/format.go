package main

import (
	"strings"
)

// Output formats of query and indicators.
var formats = []string{"table", "csv", "json"}

func checkFormat(f string) error {
	for _, x := range formats {
		if f == x {
			return nil
		}
	}
	return usagef("--format %q, want one of %s", f, strings.Join(formats, ", "))
}
