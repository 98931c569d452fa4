package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"chitieu/indicators"
	"chitieu/schemas"
	"chitieu/warehouse"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitRejected = 3
)

// errUsage marks a usage error (exit 2); errRejected an input rejected (exit 3).
var (
	errUsage    = errors.New("usage")
	errRejected = errors.New("input rejected")
	// errReported wraps errors whose details were already printed.
	errReported = errors.New("reported")
)

func usagef(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp):
		return exitUsage
	case errors.Is(err, errRejected) || errors.Is(err, schemas.ErrRejected):
		return exitRejected
	}
	return exitFailure
}

// env is what every subcommand gets: its output streams, the environment and
// the clock.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader // passwords (user create --password-stdin); os.Stdin when nil
	getenv         func(string) string
	now            func() time.Time
	ref            *indicators.Catalog // the embedded codelists and definitions, and --catalog's
	catalog        string              // the --catalog directory ($CHITIEU_CATALOG), if any
}

// command is one subcommand.
type command interface {
	Run(ctx context.Context, args []string) error
}

const usage = `chitieu: labour and social-affairs indicator warehouse

Usage:
  chitieu ingest [--db FILE] [--template NAME] FILE|DIR...   load provincial submissions (.csv, .xlsx)
  chitieu validate [--db FILE] [--template NAME] [--format text|json] FILE|DIR...
                                               check files as ingest would, store nothing
  chitieu templates                            list the report forms chitieu reads
  chitieu catalog                              list the data elements and indicators, with their labels
  chitieu query [--db FILE] [--format table|csv|json] "SQL"
  chitieu indicators [--db FILE] [--indicator X] [--area A] [--period P] [--format table|csv|json]
  chitieu report [--db FILE] --period 2024-Q3 [--lang vi|en] [--as-of TIME] --out DIR
  chitieu export [--db FILE] [--format parquet|csv|sdmx] --out DIR
  chitieu status [--db FILE] [--period 2024-03] [--format table|csv|json]   who has reported
  chitieu token create --area CODE | --role analyst; token list; token revoke ID
  chitieu user create --name NAME --role admin|staff|analyst|province [--area CODE] --password-stdin;
               user list; user disable NAME; user passwd NAME --password-stdin   web accounts
  chitieu snapshot [--db FILE] [--out FILE]    publish the analysts' read-only snapshot
  chitieu refresh [--db FILE] [--check]        rebuild the indicator store (or check it against the views)
  chitieu serve [--db FILE] [--addr 127.0.0.1:8080] [--config chitieu.yaml]   the HTTP API

The database is --db, else $CHITIEU_DB, else ./chitieu.duckdb. --catalog DIR (or
$CHITIEU_CATALOG; catalog: in serve's config) adds the data elements, indicators and
templates of DIR/data_elements.yaml, DIR/definitions.yaml and DIR/templates/*.yaml.
Exit codes: 0 ok, 1 failure, 2 usage error, 3 input rejected.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	e := &env{stdout: stdout, stderr: stderr, getenv: os.Getenv, now: time.Now}
	return e.run(ctx, args)
}

func (e *env) run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return usagef("no command given")
	}
	commands := map[string]func() command{
		"ingest":     func() command { return &ingestCmd{env: e} },
		"query":      func() command { return &queryCmd{env: e} },
		"indicators": func() command { return &indicatorsCmd{env: e} },
		"validate":   func() command { return &validateCmd{env: e} },
		"templates":  func() command { return &templatesCmd{env: e} },
		"catalog":    func() command { return &catalogCmd{env: e} },
		"report":     func() command { return &reportCmd{env: e} },
		"export":     func() command { return &exportCmd{env: e} },
		"token":      func() command { return &tokenCmd{env: e} },
		"user":       func() command { return &userCmd{env: e} },
		"serve":      func() command { return &serveCmd{env: e} },
		"snapshot":   func() command { return &snapshotCmd{env: e} },
		"status":     func() command { return &statusCmd{env: e} },
		"refresh":    func() command { return &refreshCmd{env: e} },
	}
	switch args[0] {
	case "help", "-h", "--help":
		fmt.Fprint(e.stdout, usage)
		return nil
	}
	args, catalog, err := cutCatalog(args)
	if err != nil {
		return err
	}
	if catalog == "" {
		catalog = e.getenv("CHITIEU_CATALOG")
	}
	if e.ref == nil || catalog != "" {
		ref, err := indicators.LoadCatalogDir(catalog)
		if err != nil {
			return err
		}
		e.ref, e.catalog = ref, catalog
	}
	mk, ok := commands[args[0]]
	if !ok {
		names := make([]string, 0, len(commands))
		for n := range commands {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprint(e.stderr, usage)
		return usagef("unknown command %q (commands: %s)", args[0], strings.Join(names, ", "))
	}
	return mk().Run(ctx, args[1:])
}

// vietnam is the time of Vietnam (UTC+7 all year, no daylight saving).
var vietnam = time.FixedZone("ICT", 7*3600)

// parseAsOf reads an --as-of time (warehouse.ParseAsOf); a bad one is a
// usage error.
func parseAsOf(s string) (time.Time, error) {
	t, err := warehouse.ParseAsOf(s)
	if err != nil {
		return t, fmt.Errorf("%w: %v", errUsage, err)
	}
	return t, nil
}

// flags returns a flag set for a subcommand with the common --db flag.
func (e *env) flags(name string, db *string) *flag.FlagSet {
	fs := flag.NewFlagSet("chitieu "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(db, "db", "", "database file (default $CHITIEU_DB, else ./chitieu.duckdb)")
	return fs
}

// parse parses flags, turning errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

// dbPath resolves the database path: the flag, else $CHITIEU_DB, else the default.
func (e *env) dbPath(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if p := e.getenv("CHITIEU_DB"); p != "" {
		return p
	}
	return "chitieu.duckdb"
}

// openAsOf opens the warehouse and a connection of its own that shows it
// as it was at asOf (zero: now). close releases both.
func (e *env) openAsOf(ctx context.Context, dbFlag string, asOf time.Time, years ...int) (conn *sql.Conn, close func(), err error) {
	w, err := e.openWarehouse(ctx, dbFlag)
	if err != nil {
		return nil, nil, err
	}
	if conn, err = w.ConnAsOf(ctx, asOf, years...); err != nil {
		w.Close()
		return nil, nil, err
	}
	return conn, func() { conn.Close(); w.Close() }, nil
}

// openWarehouse opens the database named by the --db flag value (see dbPath).
func (e *env) openWarehouse(ctx context.Context, dbFlag string) (*warehouse.Warehouse, error) {
	w, err := warehouse.Open(ctx, e.dbPath(dbFlag), e.reference(), e.now)
	if err != nil && strings.Contains(err.Error(), "Conflicting lock") {
		// One process at a time may hold a DuckDB file for writing.
		return nil, fmt.Errorf("%w\nanother process (chitieu serve?) holds the database; stop it first, or query its snapshot with chitieu query --snapshot", err)
	}
	return w, err
}

// reference is what the warehouse's reference tables and views are built from.
func (e *env) reference() warehouse.Reference {
	return warehouse.Reference{
		Areas: e.ref.Areas, Elements: e.ref.Elements, Views: indicators.InstallSQL(e.ref.Definitions),
		Forms: e.ref.Forms,
	}
}

// cutCatalog takes --catalog DIR (or --catalog=DIR) out of a command line,
// wherever it stands: the catalogue is loaded before the command's own
// flags are parsed.
func cutCatalog(args []string) ([]string, string, error) {
	var rest []string
	dir := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--catalog" || a == "-catalog":
			if i+1 >= len(args) {
				return nil, "", usagef("--catalog needs a directory")
			}
			dir = args[i+1]
			i++
		case strings.HasPrefix(a, "--catalog="), strings.HasPrefix(a, "-catalog="):
			_, dir, _ = strings.Cut(a, "=")
		default:
			rest = append(rest, a)
		}
	}
	return rest, dir, nil
}
