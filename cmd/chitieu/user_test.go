package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// runWithStdin runs a command with stdin as its standard input.
func (c *cli) runWithStdin(stdin string, args ...string) (stdout, stderr string, code int) {
	c.t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(stdin),
		now:    func() time.Time { return time.Date(2025, 1, 20, 9, 0, 0, 0, time.UTC) },
		getenv: func(k string) string { return map[string]string{"CHITIEU_DB": c.db}[k] }}
	err := e.run(context.Background(), args)
	return out.String(), errb.String(), exitCode(err)
}

func TestUserCommand(t *testing.T) {
	c := newCLI(t)
	out, errs, code := c.runWithStdin("một mật khẩu dài\n", "user", "create", "--name", "admin", "--role", "admin", "--password-stdin")
	if code != 0 || out != "user admin (admin) created\n" {
		t.Fatalf("user create admin: exit %d\n%s%s", code, out, errs)
	}
	out, errs, code = c.runWithStdin("mật khẩu Nghệ An\n", "user", "create", "--name", "nghean", "--role", "province", "--area", "Nghệ An", "--password-stdin")
	if code != 0 || out != "user nghean (province, province 40) created\n" {
		t.Fatalf("user create nghean: exit %d\n%s%s", code, out, errs)
	}
	for _, tc := range []struct {
		stdin string
		args  []string
	}{
		{"một mật khẩu dài\n", []string{"user", "create", "--name", "x", "--role", "admin"}},                                     // no --password-stdin
		{"short\n", []string{"user", "create", "--name", "x", "--role", "staff", "--password-stdin"}},                            // too short
		{"một mật khẩu dài\n", []string{"user", "create", "--name", "x", "--role", "province", "--password-stdin"}},              // no area
		{"một mật khẩu dài\n", []string{"user", "create", "--name", "x", "--role", "staff", "--area", "40", "--password-stdin"}}, // area for staff
		{"một mật khẩu dài\n", []string{"user", "create", "--name", "x", "--role", "province", "--area", "R2", "--password-stdin"}},
		{"một mật khẩu dài\n", []string{"user", "create", "--name", "admin", "--role", "staff", "--password-stdin"}}, // exists
		{"", []string{"user", "frobnicate"}},
	} {
		if _, errs, code := c.runWithStdin(tc.stdin, tc.args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", tc.args, code, exitUsage, errs)
		}
	}
	out, _, code = c.run("user", "list")
	if code != 0 || !strings.Contains(out, "admin") || !strings.Contains(out, "nghean") || !strings.Contains(out, "40") {
		t.Errorf("user list: exit %d\n%s", code, out)
	}
	if out, errs, code = c.runWithStdin("mật khẩu mới của Nghệ An\n", "user", "passwd", "nghean", "--password-stdin"); code != 0 {
		t.Errorf("user passwd: exit %d\n%s%s", code, out, errs)
	}
	if out, errs, code = c.run("user", "disable", "nghean"); code != 0 || out != "user nghean disabled\n" {
		t.Errorf("user disable: exit %d\n%s%s", code, out, errs)
	}
	if _, _, code = c.run("user", "disable", "nobody"); code != exitFailure {
		t.Errorf("user disable nobody: exit %d, want %d", code, exitFailure)
	}
}
