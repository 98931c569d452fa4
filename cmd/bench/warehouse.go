package main

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"

	"github.com/duckdb/duckdb-go/v2"

	"chitieu/indicators"
	"chitieu/warehouse"
)

// openWarehouse opens the warehouse at path the way chitieu does: tables,
// reference tables and indicator views installed, from the same reference
// (with the forms), so that chitieu finds the fingerprint it computes and
// neither rebuilds the reference tables (the synthetic provinces would go)
// nor the indicator store when it opens the warehouse.
func openWarehouse(ctx context.Context, path string, ref *indicators.Catalog) (*warehouse.Warehouse, error) {
	return warehouse.Open(ctx, path, warehouse.Reference{
		Areas: ref.Areas, Elements: ref.Elements, Views: indicators.InstallSQL(ref.Definitions), Forms: ref.Forms,
	}, nil)
}

// removeDB deletes a database file and its write-ahead log, if present.
func removeDB(path string) error {
	for _, p := range []string{path, path + ".wal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// duckdbVersion is the version of the linked DuckDB library.
func duckdbVersion(ctx context.Context) (string, error) {
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return "", err
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	var v string
	err = db.QueryRowContext(ctx, "SELECT version()").Scan(&v)
	return v, err
}
