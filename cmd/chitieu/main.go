// Command chitieu loads provincial labour and social-affairs reports into an
// indicator warehouse (a DuckDB file) and computes national, regional and
// provincial indicators from them.
//
//	chitieu ingest FILE|DIR...       load submissions (CSV, .xlsx)
//	chitieu query [--format F] SQL   run SQL against the warehouse
//	chitieu indicators [filters]     print computed indicators
//	chitieu report --period Q --out DIR   write the quarterly report (Excel, HTML, JSON)
//	chitieu export --format F --out DIR   write Parquet, CSV or SDMX-CSV for other tools
//
// Every subcommand reads the database path from --db, else $CHITIEU_DB, else
// ./chitieu.duckdb. Exit codes: 0 ok, 1 failure, 2 usage error, 3 input rejected.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	code := exitCode(err)
	if err != nil && !errors.Is(err, errReported) {
		fmt.Fprintln(os.Stderr, "chitieu:", err)
	}
	os.Exit(code)
}
