package service

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"chitieu/warehouse"
)

type tokenKey struct{}

// TokenOf is the token a request was admitted with by Auth.
func TokenOf(r *http.Request) (warehouse.Token, bool) {
	t, ok := r.Context().Value(tokenKey{}).(warehouse.Token)
	return t, ok
}

// A client address that fails authentication this many times in a minute
// is refused (429) for the rest of the minute: guessing tokens, or a
// misconfigured client, costs the database nothing more.
const MaxAuthFailures = 20

// failures counts authentication failures per client address.
type failures struct {
	mu    sync.Mutex
	start time.Time      // of the current minute
	count map[string]int // failures in it
}

func (f *failures) blocked(addr string, now time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if now.Sub(f.start) >= time.Minute {
		f.start, f.count = now, map[string]int{}
	}
	return f.count[addr] >= MaxAuthFailures
}

func (f *failures) add(addr string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.count == nil {
		f.count = map[string]int{}
	}
	f.count[addr]++
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Auth admits requests bearing a live token of role ("" for any role, or
// roles separated by commas); TokenOf gives the handler the token.
func (s *Server) Auth(role string, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := clientAddr(r)
		if s.fails.blocked(addr, s.now()) {
			w.Header().Set("Retry-After", "60")
			fail(w, http.StatusTooManyRequests, "too many failed attempts from %s; try again in a minute", addr)
			return
		}
		secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || secret == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="chitieu"`)
			fail(w, http.StatusUnauthorized, "missing token: send Authorization: Bearer TOKEN")
			return
		}
		t, err := s.w.Authenticate(r.Context(), strings.TrimSpace(secret))
		if errors.Is(err, warehouse.ErrUnknownToken) {
			s.fails.add(addr)
			w.Header().Set("WWW-Authenticate", `Bearer realm="chitieu", error="invalid_token"`)
			fail(w, http.StatusUnauthorized, "unknown or revoked token")
			return
		}
		if err != nil {
			s.log.Error("authenticate", "err", err)
			fail(w, http.StatusInternalServerError, "cannot check the token")
			return
		}
		if rec, ok := r.Context().Value(recorderKey{}).(*recorder); ok {
			rec.token = &t
		}
		if role != "" && !slices.Contains(strings.Split(role, ","), t.Role) {
			fail(w, http.StatusForbidden, "this needs a %s token; yours is a %s token", role, t.Role)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), tokenKey{}, t)))
	})
}
