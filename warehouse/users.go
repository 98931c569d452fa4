package warehouse

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
)

// Roles of people signing in to the web application. Province, analyst and
// staff are also token roles.
const (
	RoleAdmin = "admin" // manages users and tokens; everything staff may do
	RoleStaff = "staff" // the ministry's statistics staff: uploads for any province, national figures, reports
)

// UserRoles are the roles a user may have, in order of reach.
var UserRoles = []string{RoleAdmin, RoleStaff, RoleAnalyst, RoleProvince}

// Errors of accounts and sessions.
var (
	// ErrBadCredentials: no such user, a disabled one, or a wrong password;
	// which of them is not said.
	ErrBadCredentials = errors.New("wrong user name or password")
	// ErrUnknownUser: no user of that name.
	ErrUnknownUser = errors.New("no such user")
	// ErrNoSession: the session is unknown, expired or its user disabled.
	ErrNoSession = errors.New("not signed in")
)

// User is an account of the web application.
type User struct {
	ID         int64
	Name       string
	Role       string
	Area       string // a province user's province, GSO code
	CreatedAt  time.Time
	DisabledAt *time.Time
}

// argon2id parameters: RFC 9106's second recommended option (64 MiB, 3
// passes), two lanes for a small server.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024 // KiB
	argonThreads = 2
	argonKeyLen  = 32
	argonSaltLen = 16
)

// HashPassword returns the argon2id hash of password in the PHC string
// format, with a random salt.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches a hash made by
// HashPassword (with whatever parameters the hash states).
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// minPassword is the shortest password accepted, in characters.
const minPassword = 10

// checkUser validates a new user's role and area.
func checkUser(role, area string) error {
	switch role {
	case RoleProvince:
		if area == "" {
			return errors.New("a province user needs its province (--area)")
		}
	case RoleAdmin, RoleStaff, RoleAnalyst:
		if area != "" {
			return fmt.Errorf("a %s user is not tied to a province", role)
		}
	default:
		return fmt.Errorf("unknown role %q (want %s)", role, strings.Join(UserRoles, ", "))
	}
	return nil
}

func checkPassword(password string) error {
	if n := len([]rune(password)); n < minPassword {
		return fmt.Errorf("the password has %d characters; at least %d are needed", n, minPassword)
	}
	return nil
}

// CreateUser adds a user with role (and area, for a province user).
func (w *Warehouse) CreateUser(ctx context.Context, name, role, area, password string) (User, error) {
	name = strings.TrimSpace(name)
	if name == "" || strings.ContainsAny(name, " \t\r\n") {
		return User{}, fmt.Errorf("user name %q: want one word, like nguyen.van.a", name)
	}
	if err := checkUser(role, area); err != nil {
		return User{}, err
	}
	if err := checkPassword(password); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return User{}, err
	}
	u := User{Name: name, Role: role, Area: area, CreatedAt: w.now()}
	var exists bool
	if err := w.db.QueryRowContext(ctx, `SELECT count(*) > 0 FROM users WHERE name = ?`, name).Scan(&exists); err != nil {
		return User{}, err
	}
	if exists {
		return User{}, fmt.Errorf("a user named %q exists already", name)
	}
	err = w.db.QueryRowContext(ctx, `INSERT INTO users VALUES (nextval('user_ids'), ?, ?, ?, ?, ?, ?, NULL) RETURNING id`,
		name, role, nullIfEmpty(area), hash, u.CreatedAt, u.CreatedAt).Scan(&u.ID)
	if err != nil {
		return User{}, fmt.Errorf("store user: %w", err)
	}
	return u, nil
}

// Users lists every user, disabled ones included.
func (w *Warehouse) Users(ctx context.Context) ([]User, error) {
	rows, err := w.db.QueryContext(ctx, `SELECT id, name, role, area, created_at, disabled_at FROM users ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var us []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		us = append(us, u)
	}
	return us, rows.Err()
}

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var area sql.NullString
	var disabled sql.NullTime
	if err := row.Scan(&u.ID, &u.Name, &u.Role, &area, &u.CreatedAt, &disabled); err != nil {
		return User{}, err
	}
	u.Area = area.String
	if disabled.Valid {
		u.DisabledAt = &disabled.Time
	}
	return u, nil
}

// DisableUser disables a user and ends every session of theirs.
func (w *Warehouse) DisableUser(ctx context.Context, name string) error {
	r, err := w.db.ExecContext(ctx, `UPDATE users SET disabled_at = ? WHERE name = ? AND disabled_at IS NULL`, w.now(), name)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return fmt.Errorf("user %q: %w (or disabled already)", name, ErrUnknownUser)
	}
	_, err = w.db.ExecContext(ctx, `DELETE FROM web_sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)`, name)
	return err
}

// SetPassword changes a user's password and ends every session of theirs.
func (w *Warehouse) SetPassword(ctx context.Context, name, password string) error {
	if err := checkPassword(password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	r, err := w.db.ExecContext(ctx, `UPDATE users SET password_hash = ?, password_at = ? WHERE name = ?`, hash, w.now(), name)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return fmt.Errorf("user %q: %w", name, ErrUnknownUser)
	}
	_, err = w.db.ExecContext(ctx, `DELETE FROM web_sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)`, name)
	return err
}

// SignIn checks a user's password. A user who does not exist or is
// disabled costs the same hashing as a wrong password, so that timing does
// not tell which names exist.
func (w *Warehouse) SignIn(ctx context.Context, name, password string) (User, error) {
	var hash string
	var u User
	var area sql.NullString
	var disabled sql.NullTime
	err := w.db.QueryRowContext(ctx, `SELECT id, name, role, area, created_at, disabled_at, password_hash FROM users WHERE name = ?`,
		name).Scan(&u.ID, &u.Name, &u.Role, &area, &u.CreatedAt, &disabled, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		CheckPassword(dummyHash, password)
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, err
	}
	if !CheckPassword(hash, password) || disabled.Valid {
		return User{}, ErrBadCredentials
	}
	u.Area = area.String
	return u, nil
}

// dummyHash is checked against when the user does not exist.
var dummyHash = "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$" + base64.RawStdEncoding.EncodeToString(make([]byte, argonKeyLen))

// Session is a signed-in browser.
type Session struct {
	User      User
	CSRF      string // the token forms that change something must carry
	ExpiresAt time.Time
}

// CreateSession starts a session for u lasting ttl and returns its cookie
// secret, stored only as a SHA-256 digest.
func (w *Warehouse) CreateSession(ctx context.Context, u User, ttl time.Duration) (Session, string, error) {
	secret, err := randomToken()
	if err != nil {
		return Session{}, "", err
	}
	csrf, err := randomToken()
	if err != nil {
		return Session{}, "", err
	}
	now := w.now()
	s := Session{User: u, CSRF: csrf, ExpiresAt: now.Add(ttl)}
	// Sessions that ended are forgotten as new ones start.
	if _, err := w.db.ExecContext(ctx, `DELETE FROM web_sessions WHERE expires_at < ?`, now); err != nil {
		return Session{}, "", err
	}
	if _, err := w.db.ExecContext(ctx, `INSERT INTO web_sessions VALUES (?, ?, ?, ?, ?)`,
		tokenDigest(secret), u.ID, csrf, now, s.ExpiresAt); err != nil {
		return Session{}, "", fmt.Errorf("store session: %w", err)
	}
	return s, secret, nil
}

// SessionOf returns the live session whose cookie secret this is, with its
// user; ErrNoSession when it is unknown, expired, or its user is disabled.
func (w *Warehouse) SessionOf(ctx context.Context, secret string) (Session, error) {
	if secret == "" {
		return Session{}, ErrNoSession
	}
	var s Session
	var area sql.NullString
	err := w.db.QueryRowContext(ctx, `SELECT u.id, u.name, u.role, u.area, u.created_at, s.csrf, s.expires_at
		FROM web_sessions s JOIN users u ON u.id = s.user_id
		WHERE s.sha256 = ? AND s.expires_at > ? AND u.disabled_at IS NULL`, tokenDigest(secret), w.now()).
		Scan(&s.User.ID, &s.User.Name, &s.User.Role, &area, &s.User.CreatedAt, &s.CSRF, &s.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNoSession
	}
	if err != nil {
		return Session{}, err
	}
	s.User.Area = area.String
	return s, nil
}

// EndSession signs a browser out.
func (w *Warehouse) EndSession(ctx context.Context, secret string) error {
	_, err := w.db.ExecContext(ctx, `DELETE FROM web_sessions WHERE sha256 = ?`, tokenDigest(secret))
	return err
}

func randomToken() (string, error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(raw[:]), nil
}
