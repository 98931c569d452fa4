package warehouse

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Token roles.
const (
	RoleProvince = "province" // uploads its own province's reports
	RoleAnalyst  = "analyst"  // reads, and runs read-only SQL
)

// A staff token (RoleStaff, users.go) uploads for any area, the nation's
// and regions' own plans and figures included.

// tokenPrefix lets a leaked token be recognised for what it is.
const tokenPrefix = "chitieu_"

// ErrUnknownToken is returned for a token that was never issued or was revoked.
var ErrUnknownToken = errors.New("unknown or revoked token")

// Token is an issued API token as stored: its secret is not kept.
type Token struct {
	ID        int64
	Role      string
	Area      string // for a province token: the province's GSO code
	Note      string
	CreatedAt time.Time
	RevokedAt *time.Time
}

// CreateToken issues a token for role (and area, for a province token) and
// returns its secret, which is stored only as a SHA-256 digest.
func (w *Warehouse) CreateToken(ctx context.Context, role, area, note string) (Token, string, error) {
	switch role {
	case RoleProvince:
		if area == "" {
			return Token{}, "", errors.New("a province token needs its province")
		}
	case RoleAnalyst, RoleStaff:
		if area != "" {
			return Token{}, "", fmt.Errorf("a %s token is not tied to a province", role)
		}
	default:
		return Token{}, "", fmt.Errorf("unknown role %q (want %s, %s or %s)", role, RoleProvince, RoleAnalyst, RoleStaff)
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return Token{}, "", err
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	t := Token{Role: role, Area: area, Note: note, CreatedAt: w.now()}
	err := w.db.QueryRowContext(ctx, `INSERT INTO api_tokens VALUES (nextval('token_ids'), ?, ?, ?, ?, ?, NULL) RETURNING id`,
		tokenDigest(secret), role, nullIfEmpty(area), nullIfEmpty(note), t.CreatedAt).Scan(&t.ID)
	if err != nil {
		return Token{}, "", fmt.Errorf("store token: %w", err)
	}
	return t, secret, nil
}

// Authenticate returns the live token whose secret this is.
func (w *Warehouse) Authenticate(ctx context.Context, secret string) (Token, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return Token{}, ErrUnknownToken
	}
	var t Token
	var area, note sql.NullString
	err := w.db.QueryRowContext(ctx, `SELECT id, role, area, note, created_at FROM api_tokens
		WHERE sha256 = ? AND revoked_at IS NULL`, tokenDigest(secret)).Scan(&t.ID, &t.Role, &area, &note, &t.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, ErrUnknownToken
	}
	if err != nil {
		return Token{}, err
	}
	t.Area, t.Note = area.String, note.String
	return t, nil
}

// Tokens lists every token issued, revoked ones included.
func (w *Warehouse) Tokens(ctx context.Context) ([]Token, error) {
	rows, err := w.db.QueryContext(ctx, `SELECT id, role, area, note, created_at, revoked_at FROM api_tokens ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ts []Token
	for rows.Next() {
		var t Token
		var area, note sql.NullString
		var revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.Role, &area, &note, &t.CreatedAt, &revoked); err != nil {
			return nil, err
		}
		t.Area, t.Note = area.String, note.String
		if revoked.Valid {
			t.RevokedAt = &revoked.Time
		}
		ts = append(ts, t)
	}
	return ts, rows.Err()
}

// RevokeToken revokes a token by its id.
func (w *Warehouse) RevokeToken(ctx context.Context, id int64) error {
	r, err := w.db.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, w.now(), id)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return fmt.Errorf("token %d: %w", id, ErrUnknownToken)
	}
	return nil
}

func tokenDigest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
