package main

import (
	"fmt"

	"chitieu/ingest"
	"chitieu/ingest/csvfile"
)

func openCSV(path string) (ingest.Reader, error) { return csvfile.Open(path, path) }

func openWorkbook(path string, ref *reference) (ingest.Reader, error) {
	return nil, fmt.Errorf("%w: workbooks not wired yet", ingest.ErrUnsupported)
}
