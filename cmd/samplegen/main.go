// Command samplegen writes chitieu's sample submissions: what the 63
// provincial labour departments (Sở LĐTBXH) would send the ministry for 2023
// and 2024, in the formats chitieu ingests. Run it from the repository root:
//
//	go run ./cmd/samplegen -out samples [-v]
//
// The figures are generated, scaled by real GSO figures per province that are
// embedded from cmd/samplegen/gso (labour force 2021, trained-worker share
// 2016, multidimensional poor-household rate 2023; see gso/SOURCE.md). Nghệ
// An's figures reproduce the worked example of the province's 2024 results.
// A fixed-seed PRNG makes every run write byte-identical files, so the
// committed samples can be regenerated and reviewed as a diff.
//
// With -v it prints national totals per data element and year to stderr.
//
// Exit codes: 0 ok, 1 failure, 2 usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

// run parses the flags and generates; it returns the exit code.
func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("samplegen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "samples", "directory to write the samples into")
	verbose := fs.Bool("v", false, "print national totals to stderr")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: samplegen [-out dir] [-v]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	var log io.Writer
	if *verbose {
		log = stderr
	}
	if err := generate(*out, log); err != nil {
		fmt.Fprintln(stderr, "samplegen:", err)
		return 1
	}
	return 0
}
