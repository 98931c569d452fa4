// Package httpsource pulls a submission file from an HTTP(S) URL: a
// conditional GET (ETag, Last-Modified) so that an unchanged file is not
// downloaded again, a timeout per attempt, a size limit, and retries with
// exponential backoff when the server or the network fails.
package httpsource

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"time"
)

// State is what the server said of the file last time.
type State struct {
	ETag, LastModified string
}

// StateStore keeps the State of each URL between runs.
type StateStore interface {
	Get(ctx context.Context, url string) (State, error)
	Put(ctx context.Context, url string, s State) error
}

// ErrTooLarge is returned for a file larger than the source's limit.
var ErrTooLarge = errors.New("file larger than the limit")

// Source is one URL to pull.
type Source struct {
	URL string
	// FileName is the name the file is loaded under; default the last
	// element of the URL's path. Its extension picks the reader.
	FileName string
	Timeout  time.Duration // per attempt; 0 means 1 minute
	MaxBytes int64         // 0 means 50 MB
	Retries  int           // further attempts after a failure
	Backoff  time.Duration // wait before the first retry, doubled each time; 0 means 1 s
	Client   *http.Client  // nil: a default client
	State    StateStore
	TempDir  string
	// Load loads the downloaded file at path under name. An error means it
	// could not be dealt with; the state is then not updated, so the next
	// run downloads it again.
	Load func(ctx context.Context, path, name string) error
}

// Fetch downloads the file if it changed and loads it. It reports whether
// a new file was downloaded.
func (s *Source) Fetch(ctx context.Context) (bool, error) {
	st, err := s.State.Get(ctx, s.URL)
	if err != nil {
		return false, err
	}
	wait := s.Backoff
	if wait <= 0 {
		wait = time.Second
	}
	for attempt := 0; ; attempt++ {
		fetched, retry, err := s.attempt(ctx, st)
		if err == nil || !retry || attempt >= s.Retries {
			return fetched, err
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(wait):
		}
		wait *= 2
	}
}

func (s *Source) attempt(ctx context.Context, st State) (fetched, retry bool, err error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, s.URL, nil)
	if err != nil {
		return false, false, err
	}
	if st.ETag != "" {
		req.Header.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		req.Header.Set("If-Modified-Since", st.LastModified)
	}
	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return false, ctx.Err() == nil, fmt.Errorf("get %s: %w", s.URL, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return false, false, nil
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return false, true, fmt.Errorf("get %s: %s", s.URL, resp.Status)
	case resp.StatusCode != http.StatusOK:
		return false, false, fmt.Errorf("get %s: %s", s.URL, resp.Status)
	}
	limit := s.MaxBytes
	if limit <= 0 {
		limit = 50 << 20
	}
	if resp.ContentLength > limit {
		return false, false, fmt.Errorf("get %s: %w: %d bytes, at most %d", s.URL, ErrTooLarge, resp.ContentLength, limit)
	}
	name := s.FileName
	if name == "" {
		u, _ := url.Parse(s.URL)
		name = path.Base(u.Path)
	}
	tmp, err := os.CreateTemp(s.TempDir, "download-*"+filepath.Ext(name))
	if err != nil {
		return false, false, err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, io.LimitReader(resp.Body, limit+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		return false, ctx.Err() == nil, fmt.Errorf("get %s: %w", s.URL, err)
	case n > limit:
		return false, false, fmt.Errorf("get %s: %w: more than %d bytes", s.URL, ErrTooLarge, limit)
	}
	if err := s.Load(ctx, tmp.Name(), name); err != nil {
		return true, false, err
	}
	next := State{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	return true, false, s.State.Put(ctx, s.URL, next)
}
