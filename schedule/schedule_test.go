package schedule

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type memStore struct {
	mu   sync.Mutex
	last map[string]time.Time
	runs []string
}

func (m *memStore) LastSuccess(_ context.Context, job string) (time.Time, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.last[job]
	return t, ok, nil
}

func (m *memStore) RecordRun(_ context.Context, job string, at time.Time, err error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.runs = append(m.runs, job)
	if err == nil {
		m.last[job] = at
	}
	return nil
}

func TestParseRefusesTimeZones(t *testing.T) {
	for _, spec := range []string{"TZ=UTC 0 2 * * *", "CRON_TZ=Asia/Tokyo 0 2 * * *", "0 2 * *", "every day"} {
		if _, err := Parse(spec); err == nil {
			t.Errorf("Parse(%q) accepted", spec)
		}
	}
	sch, err := Parse("0 2 20 * *") // 02:00 on the 20th, Vietnam time
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation(Zone)
	got := sch.Next(time.Date(2024, 4, 19, 12, 0, 0, 0, loc))
	if want := time.Date(2024, 4, 19, 19, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("next run = %s, want %s (02:00 +07)", got.UTC(), want)
	}
}

// A job whose scheduled run passed while the service was down runs once
// at start; one that ran since its last scheduled time does not.
func TestCatchUp(t *testing.T) {
	loc, _ := time.LoadLocation(Zone)
	now := time.Date(2024, 4, 21, 9, 0, 0, 0, loc)
	store := &memStore{last: map[string]time.Time{
		"missed":  time.Date(2024, 4, 19, 2, 0, 0, 0, loc), // the 02:00 runs of the 20th and 21st were missed
		"current": time.Date(2024, 4, 21, 2, 0, 0, 0, loc), // ran at 02:00 today
	}}
	s, err := New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	var missed, current, never atomic.Int32
	for name, n := range map[string]*atomic.Int32{"missed": &missed, "current": &current, "never": &never} {
		if err := s.Add(Job{Name: name, Spec: "0 2 * * *", Run: func(context.Context) error { n.Add(1); return nil }}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Add(Job{Name: "missed", Spec: "@hourly", Run: func(context.Context) error { return nil }}); err == nil {
		t.Error("a job name registered twice was accepted")
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Stop(context.Background())
	if missed.Load() != 1 || never.Load() != 1 || current.Load() != 0 {
		t.Errorf("runs at start: missed %d, never run %d, current %d; want 1, 1, 0", missed.Load(), never.Load(), current.Load())
	}
	if got := store.last["missed"]; !got.Equal(now) {
		t.Errorf("last success of the caught-up job = %s, want %s", got, now)
	}
}

// A job never overlaps itself, and Stop cancels a job that outlives its grace.
func TestNoOverlapAndStop(t *testing.T) {
	store := &memStore{last: map[string]time.Time{}}
	s, _ := New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	var running, maxRunning, runs atomic.Int32
	s.Add(Job{Name: "slow", Spec: "@every 1s", Run: func(ctx context.Context) error {
		runs.Add(1)
		if n := running.Add(1); n > maxRunning.Load() {
			maxRunning.Store(n)
		}
		defer running.Add(-1)
		<-ctx.Done() // runs until stopped
		return ctx.Err()
	}})
	s.Start(context.Background())
	time.Sleep(2500 * time.Millisecond) // the catch-up run, then two ticks that find it running
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	s.Stop(ctx)
	if maxRunning.Load() != 1 || runs.Load() != 1 {
		t.Errorf("%d runs, at most %d at once; want 1 and 1", runs.Load(), maxRunning.Load())
	}
	if _, ok := store.last["slow"]; ok || len(store.runs) != 1 {
		t.Errorf("a cancelled run was recorded as a success: %v", store.runs)
	}
}
