package httpsource

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

type memState struct {
	mu sync.Mutex
	m  map[string]State
}

func (m *memState) Get(_ context.Context, u string) (State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.m[u], nil
}

func (m *memState) Put(_ context.Context, u string, s State) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[u] = s
	return nil
}

func TestFetch(t *testing.T) {
	body := "data_element,area,period,value\njobs_created,40,2024-03,4000\n"
	var failures int // the next requests that fail with 503
	var requests int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		if failures > 0 {
			failures--
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Write([]byte(body))
	}))
	defer srv.Close()
	var loads []string
	s := &Source{URL: srv.URL + "/bao-cao/nghe_an.csv", Retries: 2, Backoff: time.Millisecond,
		State: &memState{m: map[string]State{}}, TempDir: t.TempDir(),
		Load: func(_ context.Context, path, name string) error {
			b, _ := os.ReadFile(path)
			loads = append(loads, name+":"+string(b))
			return nil
		}}

	failures = 2 // two 503s, then the file: retried
	fetched, err := s.Fetch(context.Background())
	if err != nil || !fetched || len(loads) != 1 || loads[0] != "nghe_an.csv:"+body || requests != 3 {
		t.Fatalf("first fetch = %v, %v; loads %q, %d requests", fetched, err, loads, requests)
	}
	// Unchanged: 304, nothing loaded.
	if fetched, err := s.Fetch(context.Background()); err != nil || fetched || len(loads) != 1 {
		t.Errorf("second fetch = %v, %v; %d loads", fetched, err, len(loads))
	}
	// Failing longer than the retries allow.
	failures, requests = 5, 0
	if _, err := s.Fetch(context.Background()); err == nil || !strings.Contains(err.Error(), "503") || requests != 3 {
		t.Errorf("fetch from a failing server = %v after %d requests, want a 503 error after 3", err, requests)
	}
	failures = 0

	// Too large.
	big := &Source{URL: srv.URL + "/x.csv", MaxBytes: 10, State: &memState{m: map[string]State{}}, TempDir: t.TempDir(),
		Load: func(context.Context, string, string) error { t.Error("a file over the limit was loaded"); return nil }}
	if _, err := big.Fetch(context.Background()); !errors.Is(err, ErrTooLarge) {
		t.Errorf("fetch over the limit = %v, want ErrTooLarge", err)
	}
}

func TestFetchTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	s := &Source{URL: srv.URL + "/x.csv", Timeout: 20 * time.Millisecond, State: &memState{m: map[string]State{}},
		TempDir: t.TempDir(), Load: func(context.Context, string, string) error { return nil }}
	if _, err := s.Fetch(context.Background()); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("fetch from a server that never answers = %v, want a deadline error", err)
	}
}
