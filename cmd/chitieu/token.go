package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"chitieu/table"
	"chitieu/warehouse"
)

// tokenCmd issues, lists and revokes API tokens.
type tokenCmd struct {
	*env
	db, area, role, note string
}

const tokenUsage = `Usage:
  chitieu token create [--db FILE] --area CODE|NAME [--note TEXT]   a province's upload token
  chitieu token create [--db FILE] --role analyst [--note TEXT]     an analyst's token
  chitieu token list [--db FILE]
  chitieu token revoke [--db FILE] ID

A token is printed once, when created; the warehouse keeps only its SHA-256.`

func (c *tokenCmd) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(c.stderr, tokenUsage)
		return usagef("token needs create, list or revoke")
	}
	verb := args[0]
	fs := c.flags("token "+verb, &c.db)
	fs.Usage = func() { fmt.Fprintln(c.stderr, tokenUsage); fs.PrintDefaults() }
	switch verb {
	case "create":
		fs.StringVar(&c.area, "area", "", "the province the token may deliver reports for: GSO code or name")
		fs.StringVar(&c.role, "role", warehouse.RoleProvince, "province, analyst or staff (the ministry's statistics staff: uploads for any area, the nation included)")
		fs.StringVar(&c.note, "note", "", "a note kept with the token (who holds it)")
	case "list", "revoke":
	default:
		fmt.Fprintln(c.stderr, tokenUsage)
		return usagef("unknown token command %q (want create, list or revoke)", verb)
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	switch {
	case verb == "revoke" && fs.NArg() != 1:
		return usagef("token revoke takes one token id")
	case verb != "revoke" && fs.NArg() != 0:
		return usagef("token %s takes no arguments, got %q", verb, fs.Args())
	}
	var area string
	if verb == "create" {
		switch c.role {
		case warehouse.RoleProvince:
			if c.area == "" {
				return usagef("a province token needs --area (GSO code or name), or use --role analyst")
			}
			// Any period: a token for a province that merged in 2025 still
			// delivers that province's earlier reports.
			var err error
			if area, err = c.ref.Areas.ProvinceCode(c.area); err != nil {
				return usagef("--area: %v", err)
			}
		case warehouse.RoleAnalyst, warehouse.RoleStaff:
			if c.area != "" {
				return usagef("a%s %s token takes no --area", map[bool]string{true: "n"}[c.role == warehouse.RoleAnalyst], c.role)
			}
		default:
			return usagef("--role %q, want province, analyst or staff", c.role)
		}
	}
	var id int64
	if verb == "revoke" {
		var err error
		if id, err = strconv.ParseInt(fs.Arg(0), 10, 64); err != nil {
			return usagef("token id %q is not a number (see chitieu token list)", fs.Arg(0))
		}
	}

	w, err := c.openWarehouse(ctx, c.db)
	if err != nil {
		return err
	}
	defer w.Close()
	switch verb {
	case "create":
		t, secret, err := w.CreateToken(ctx, c.role, area, c.note)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, secret)
		fmt.Fprintf(c.stderr, "token %d (%s%s) created; it is shown only this once\n", t.ID, t.Role, areaSuffix(t.Area))
	case "list":
		ts, err := w.Tokens(ctx)
		if err != nil {
			return err
		}
		res := &table.Result{Columns: []string{"id", "role", "area", "note", "created", "revoked"}}
		for _, t := range ts {
			res.Rows = append(res.Rows, []any{t.ID, t.Role, t.Area, t.Note, t.CreatedAt.Local().Format(listTimeLayout), listTime(t.RevokedAt)})
		}
		return res.Write(c.stdout, "table", func(_ int, v any) string { return table.Plain(v) })
	case "revoke":
		if err := w.RevokeToken(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "token %d revoked\n", id)
	}
	return nil
}

func areaSuffix(area string) string {
	if area == "" {
		return ""
	}
	return ", province " + area
}

// listTimeLayout is how token and user listings show a moment, in local time.
const listTimeLayout = "2006-01-02 15:04"

// listTime shows a moment that may not have come (revoked, disabled): blank
// when it has not.
func listTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Local().Format(listTimeLayout)
}
