package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"chitieu/table"
	"chitieu/warehouse"
)

// userCmd manages the accounts of the web application.
type userCmd struct {
	*env
	db, name, role, area string
	passwordStdin        bool
}

const userUsage = `Usage:
  chitieu user create [--db FILE] --name NAME --role admin|staff|analyst|province [--area CODE] --password-stdin
  chitieu user list [--db FILE]
  chitieu user disable [--db FILE] NAME
  chitieu user passwd [--db FILE] NAME --password-stdin

The password is read from the first line of standard input (at least 10
characters) and stored as an argon2id hash. Disabling a user or changing a
password signs out every browser of that user. Run while the service is
stopped: DuckDB lets one process hold the database.`

func (c *userCmd) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(c.stderr, userUsage)
		return usagef("user needs create, list, disable or passwd")
	}
	verb := args[0]
	fs := c.flags("user "+verb, &c.db)
	fs.Usage = func() { fmt.Fprintln(c.stderr, userUsage); fs.PrintDefaults() }
	switch verb {
	case "create":
		fs.StringVar(&c.name, "name", "", "the user name people sign in with")
		fs.StringVar(&c.role, "role", "", "admin, staff, analyst or province")
		fs.StringVar(&c.area, "area", "", "a province user's province: GSO code or name")
		fs.BoolVar(&c.passwordStdin, "password-stdin", false, "read the password from standard input")
	case "passwd":
		fs.BoolVar(&c.passwordStdin, "password-stdin", false, "read the password from standard input")
	case "list", "disable":
	default:
		fmt.Fprintln(c.stderr, userUsage)
		return usagef("unknown user command %q (want create, list, disable or passwd)", verb)
	}
	// The user name of disable and passwd may come before the flags.
	rest := args[1:]
	var positional []string
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		positional, rest = rest[:1], rest[1:]
	}
	if err := parse(fs, rest); err != nil {
		return err
	}
	positional = append(positional, fs.Args()...)
	switch verb {
	case "create", "list":
		if len(positional) > 0 {
			return usagef("user %s takes no arguments, got %q", verb, positional)
		}
	default:
		if len(positional) != 1 {
			return usagef("user %s takes one user name", verb)
		}
		c.name = positional[0]
	}
	var password, area string
	if verb == "create" || verb == "passwd" {
		if !c.passwordStdin {
			return usagef("give the password on standard input with --password-stdin (never on the command line, where others can read it)")
		}
		var err error
		if password, err = c.readPassword(); err != nil {
			return err
		}
	}
	if verb == "create" {
		if c.name == "" || c.role == "" {
			return usagef("user create needs --name and --role")
		}
		if c.area != "" {
			var err error
			if area, err = c.ref.Areas.ProvinceCode(c.area); err != nil {
				return usagef("--area: %v", err)
			}
		}
	}

	w, err := c.openWarehouse(ctx, c.db)
	if err != nil {
		return err
	}
	defer w.Close()
	switch verb {
	case "create":
		u, err := w.CreateUser(ctx, c.name, c.role, area, password)
		if err != nil {
			return usagef("%v", err)
		}
		fmt.Fprintf(c.stdout, "user %s (%s%s) created\n", u.Name, u.Role, areaSuffix(u.Area))
	case "list":
		us, err := w.Users(ctx)
		if err != nil {
			return err
		}
		res := &table.Result{Columns: []string{"id", "name", "role", "area", "created", "disabled"}}
		for _, u := range us {
			res.Rows = append(res.Rows, []any{u.ID, u.Name, u.Role, u.Area, u.CreatedAt.Local().Format(listTimeLayout), listTime(u.DisabledAt)})
		}
		return res.Write(c.stdout, "table", func(_ int, v any) string { return table.Plain(v) })
	case "disable":
		if err := w.DisableUser(ctx, c.name); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "user %s disabled\n", c.name)
	case "passwd":
		if err := w.SetPassword(ctx, c.name, password); err != nil {
			if errors.Is(err, warehouse.ErrUnknownUser) {
				return err
			}
			return usagef("%v", err)
		}
		fmt.Fprintf(c.stdout, "password of %s changed\n", c.name)
	}
	return nil
}

// readPassword reads the first line of standard input.
func (c *userCmd) readPassword() (string, error) {
	in := c.env.stdin
	if in == nil {
		in = os.Stdin
	}
	line, err := bufio.NewReader(io.LimitReader(in, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
