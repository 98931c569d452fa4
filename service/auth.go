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

// MaxAuthFailures is how many times in a minute one client address may
// present one wrong token (told apart by its first characters) before that
// token is refused (429) without a look at the database for the rest of the
// minute; the address as a whole may fail addrFailureFactor times as often
// before every unknown token from it is answered 429. A live token is never
// refused so: clients behind one proxy share an address, and one client's
// wrong token must not lock the others out.
const MaxAuthFailures = 20

const (
	addrFailureFactor = 5
	// maxFailureKeys bounds what the counter remembers in a minute; keys
	// beyond it share one count.
	maxFailureKeys = 10_000
	// prefixLen characters of a token (after "chitieu_") tell wrong tokens
	// apart: too few to help a guesser.
	prefixLen = 6
)

// failures counts authentication failures per client address and per
// address and token prefix, over the current minute.
type failures struct {
	mu    sync.Mutex
	start time.Time      // of the current minute
	count map[string]int // failures in it
}

func (f *failures) get(key string, now time.Time) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if now.Sub(f.start) >= time.Minute {
		f.start, f.count = now, map[string]int{}
	}
	return f.count[key]
}

func (f *failures) add(now time.Time, keys ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.count == nil || now.Sub(f.start) >= time.Minute {
		f.start, f.count = now, map[string]int{}
	}
	for _, k := range keys {
		if _, ok := f.count[k]; !ok && len(f.count) >= maxFailureKeys {
			k = "(others)"
		}
		f.count[k]++
	}
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// bearer is the token of an Authorization header: the scheme's name in any
// case ("Bearer", "bearer"), then the token.
func bearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// failureKey is what failures of a token are counted under: the address and
// the token's first characters.
func failureKey(addr, secret string) string {
	p := strings.TrimPrefix(secret, "chitieu_")
	if len(p) > prefixLen {
		p = p[:prefixLen]
	}
	return addr + " " + p
}

// Auth admits requests bearing a live token of role ("" for any role, or
// roles separated by commas); TokenOf gives the handler the token.
func (s *Server) Auth(role string, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := clientAddr(r)
		secret, ok := bearer(r.Header.Get("Authorization"))
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="chitieu"`)
			fail(w, http.StatusUnauthorized, "missing token: send Authorization: Bearer TOKEN")
			return
		}
		key := failureKey(addr, secret)
		if s.fails.get(key, s.now()) >= MaxAuthFailures {
			w.Header().Set("Retry-After", "60")
			fail(w, http.StatusTooManyRequests, "this token failed too often from %s; try again in a minute", addr)
			return
		}
		t, err := s.w.Authenticate(r.Context(), secret)
		if errors.Is(err, warehouse.ErrUnknownToken) {
			s.fails.add(s.now(), key, addr)
			if s.fails.get(addr, s.now()) >= addrFailureFactor*MaxAuthFailures {
				w.Header().Set("Retry-After", "60")
				fail(w, http.StatusTooManyRequests, "too many failed attempts from %s; try again in a minute", addr)
				return
			}
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
