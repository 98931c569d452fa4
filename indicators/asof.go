package indicators

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Execer is what SetAsOf needs of a connection.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// SetAsOf makes a connection's views show what the warehouse held at time
// at (SET VARIABLE as_of), or the present when at is zero. As of a time,
// indicator_values is computed from the views (the store holds only the
// present); given years, only for those years (chitieu_scope_years: their
// observations and those of the year before each, for the previous-year
// comparisons), which costs what those years cost rather than the whole
// warehouse. Session variables outlive a query on a pooled connection, so
// both are always set or reset.
func SetAsOf(ctx context.Context, conn Execer, at time.Time, years []int) error {
	stmts := []string{`RESET VARIABLE as_of`, `RESET VARIABLE chitieu_scope_years`}
	var args []any
	if !at.IsZero() {
		stmts[0], args = `SET VARIABLE as_of = CAST(? AS TIMESTAMPTZ)`, []any{at.UTC().Format(time.RFC3339Nano)}
		if len(years) > 0 {
			ys := make([]string, len(years))
			for i, y := range years {
				ys[i] = strconv.Itoa(y)
			}
			stmts[1] = `SET VARIABLE chitieu_scope_years = [` + strings.Join(ys, ", ") + `]::INTEGER[]`
		}
	}
	if _, err := conn.ExecContext(ctx, stmts[0], args...); err != nil {
		return fmt.Errorf("as of %v: %w", at, err)
	}
	if _, err := conn.ExecContext(ctx, stmts[1]); err != nil {
		return fmt.Errorf("as of %v: %w", at, err)
	}
	return nil
}
