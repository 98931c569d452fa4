package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestPercentDecimals(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		{103.19, "103.19%"}, {103.1, "103.10%"}, {100.0, "100.00%"}, {1604.5, "1,604.50%"}, {nil, ""},
	} {
		if got := percent(tc.v); got != tc.want {
			t.Errorf("percent(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
	if got := rate(0.0); got != "0.0%" {
		t.Errorf("rate(0) = %q, want 0.0%%", got)
	}
}

func TestUnknownIndicatorListsValid(t *testing.T) {
	c := newCLI(t)
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, now: time.Now, getenv: func(k string) string {
		if k == "CHITIEU_DB" {
			return c.db
		}
		return ""
	}}
	err := e.run(context.Background(), []string{"indicators", "--indicator", "jobs"})
	if exitCode(err) != exitUsage || err == nil || !strings.Contains(err.Error(), `unknown indicator "jobs": want one of jobs_created, jobs_abroad`) {
		t.Errorf("exit %d, error %v; want a usage error listing the indicators", exitCode(err), err)
	}
}
