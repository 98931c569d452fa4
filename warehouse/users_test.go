package warehouse_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"chitieu/warehouse"
)

func TestPasswordHash(t *testing.T) {
	h, err := warehouse.HashPassword("mật khẩu đủ dài")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("HashPassword = %q, want an argon2id PHC string", h)
	}
	if !warehouse.CheckPassword(h, "mật khẩu đủ dài") {
		t.Error("CheckPassword(right password) = false")
	}
	for _, p := range []string{"mật khẩu đủ dài ", "mat khau du dai", ""} {
		if warehouse.CheckPassword(h, p) {
			t.Errorf("CheckPassword(%q) = true, want false", p)
		}
	}
	h2, _ := warehouse.HashPassword("mật khẩu đủ dài")
	if h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=65536,t=3,p=2$c2FsdA$a2V5", "$argon2id$v=19$m=0,t=3,p=2$c2FsdA$a2V5", "plain"} {
		if warehouse.CheckPassword(bad, "") {
			t.Errorf("CheckPassword(%q, \"\") = true", bad)
		}
	}
}

func TestUsersAndSessions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.w.CreateUser(ctx, "nghean", warehouse.RoleProvince, "", "0123456789"); err == nil {
		t.Error("a province user without a province was created")
	}
	if _, err := f.w.CreateUser(ctx, "nghean", warehouse.RoleProvince, "40", "short"); err == nil {
		t.Error("a 5-character password was accepted")
	}
	if _, err := f.w.CreateUser(ctx, "x", "boss", "", "0123456789"); err == nil {
		t.Error("an unknown role was accepted")
	}
	u, err := f.w.CreateUser(ctx, "nghean", warehouse.RoleProvince, "40", "Nghệ An 2024!")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.w.CreateUser(ctx, "nghean", warehouse.RoleStaff, "", "0123456789"); err == nil {
		t.Error("a second user of the same name was created")
	}
	if _, err := f.w.SignIn(ctx, "nghean", "nghệ an 2024!"); !errors.Is(err, warehouse.ErrBadCredentials) {
		t.Errorf("SignIn with a wrong password: %v, want ErrBadCredentials", err)
	}
	if _, err := f.w.SignIn(ctx, "nobody", "Nghệ An 2024!"); !errors.Is(err, warehouse.ErrBadCredentials) {
		t.Errorf("SignIn of an unknown user: %v, want ErrBadCredentials", err)
	}
	got, err := f.w.SignIn(ctx, "nghean", "Nghệ An 2024!")
	if err != nil || got.ID != u.ID || got.Area != "40" || got.Role != warehouse.RoleProvince {
		t.Fatalf("SignIn = %+v, %v", got, err)
	}

	s, secret, err := f.w.CreateSession(ctx, got, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	back, err := f.w.SessionOf(ctx, secret)
	if err != nil || back.User.Name != "nghean" || back.CSRF != s.CSRF || back.CSRF == "" {
		t.Fatalf("SessionOf = %+v, %v", back, err)
	}
	if _, err := f.w.SessionOf(ctx, secret+"x"); !errors.Is(err, warehouse.ErrNoSession) {
		t.Errorf("SessionOf(another secret): %v, want ErrNoSession", err)
	}
	f.now = f.now.Add(2 * time.Hour)
	if _, err := f.w.SessionOf(ctx, secret); !errors.Is(err, warehouse.ErrNoSession) {
		t.Errorf("SessionOf after expiry: %v, want ErrNoSession", err)
	}

	_, secret, _ = f.w.CreateSession(ctx, got, time.Hour)
	if err := f.w.SetPassword(ctx, "nghean", "a new password"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.w.SessionOf(ctx, secret); !errors.Is(err, warehouse.ErrNoSession) {
		t.Errorf("a session outlived a password change: %v", err)
	}
	if _, err := f.w.SignIn(ctx, "nghean", "a new password"); err != nil {
		t.Errorf("SignIn with the new password: %v", err)
	}
	_, secret, _ = f.w.CreateSession(ctx, got, time.Hour)
	if err := f.w.DisableUser(ctx, "nghean"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.w.SessionOf(ctx, secret); !errors.Is(err, warehouse.ErrNoSession) {
		t.Errorf("a session outlived disabling its user: %v", err)
	}
	if _, err := f.w.SignIn(ctx, "nghean", "a new password"); !errors.Is(err, warehouse.ErrBadCredentials) {
		t.Errorf("a disabled user signed in: %v", err)
	}
	us, err := f.w.Users(ctx)
	if err != nil || len(us) != 1 || us[0].DisabledAt == nil {
		t.Errorf("Users = %+v, %v", us, err)
	}
	if err := f.w.DisableUser(ctx, "nobody"); !errors.Is(err, warehouse.ErrUnknownUser) {
		t.Errorf("DisableUser(nobody): %v", err)
	}
}
