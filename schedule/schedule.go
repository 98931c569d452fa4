// Package schedule runs named jobs on cron schedules in Vietnam's time zone:
// the scheduled sources of chitieu serve, and any other periodic work (a
// quarterly report) registered the same way. A job never overlaps itself;
// the last successful run of each job is kept in a Store, and runs missed
// while the service was down are caught up, once, when it starts.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh without the system's zoneinfo

	"github.com/robfig/cron/v3"
)

// Zone is the time zone of every schedule.
const Zone = "Asia/Ho_Chi_Minh"

// Job is one piece of periodic work.
type Job struct {
	Name string
	// Spec is a cron schedule in Vietnam time: five fields ("0 2 * * *",
	// 02:00 daily), six with seconds, or a descriptor ("@hourly",
	// "@every 10m"). A time zone prefix (TZ=, CRON_TZ=) is refused: every
	// schedule is in Zone.
	Spec string
	Run  func(ctx context.Context) error
}

// Store keeps the last run of each job.
type Store interface {
	LastSuccess(ctx context.Context, job string) (time.Time, bool, error)
	RecordRun(ctx context.Context, job string, at time.Time, runErr error) error
}

var parser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Parse checks a schedule.
func Parse(spec string) (cron.Schedule, error) {
	s := strings.TrimSpace(spec)
	if strings.HasPrefix(s, "TZ=") || strings.HasPrefix(s, "CRON_TZ=") {
		return nil, fmt.Errorf("schedule %q: no time zone in a schedule; every schedule is in %s", spec, Zone)
	}
	sch, err := parser.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("schedule %q: %w", spec, err)
	}
	return sch, nil
}

// Scheduler runs jobs. Its zero value is not usable; see New.
type Scheduler struct {
	cron  *cron.Cron
	loc   *time.Location
	store Store
	log   *slog.Logger
	now   func() time.Time
	jobs  []entry
	wg    sync.WaitGroup

	ctx    context.Context // given to jobs; cancelled when Stop's grace ends
	cancel context.CancelFunc
}

type entry struct {
	job      Job
	schedule cron.Schedule
	run      cron.Job // wrapped: skipped while the previous run is running
}

// New returns a scheduler; now is its clock (nil: time.Now).
func New(store Store, log *slog.Logger, now func() time.Time) (*Scheduler, error) {
	loc, err := time.LoadLocation(Zone)
	if err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Scheduler{loc: loc, store: store, log: log, now: now, ctx: ctx, cancel: cancel}
	s.cron = cron.New(cron.WithLocation(loc), cron.WithParser(parser), cron.WithLogger(cronLogger{log}))
	return s, nil
}

// Add registers a job.
func (s *Scheduler) Add(j Job) error {
	if j.Name == "" || j.Run == nil {
		return errors.New("a job needs a name and a function")
	}
	for _, e := range s.jobs {
		if e.job.Name == j.Name {
			return fmt.Errorf("job %q registered twice", j.Name)
		}
	}
	sch, err := Parse(j.Spec)
	if err != nil {
		return fmt.Errorf("job %s: %w", j.Name, err)
	}
	run := cron.NewChain(cron.SkipIfStillRunning(cronLogger{s.log})).Then(cron.FuncJob(func() { s.runOnce(j) }))
	s.jobs = append(s.jobs, entry{job: j, schedule: sch, run: run})
	s.cron.Schedule(sch, run)
	return nil
}

// Start catches up the jobs whose scheduled run passed while the service
// was down (or that never ran), then runs every job on its schedule.
func (s *Scheduler) Start(ctx context.Context) error {
	now := s.now().In(s.loc)
	for _, e := range s.jobs {
		last, ok, err := s.store.LastSuccess(ctx, e.job.Name)
		if err != nil {
			return fmt.Errorf("job %s: %w", e.job.Name, err)
		}
		if ok && e.schedule.Next(last.In(s.loc)).After(now) {
			continue
		}
		s.log.Info("catching up", "job", e.job.Name, "last_success", last)
		s.wg.Add(1)
		go func(run cron.Job) {
			defer s.wg.Done()
			run.Run()
		}(e.run)
	}
	s.cron.Start()
	return nil
}

// Stop stops scheduling and waits for running jobs. When ctx ends first,
// their context is cancelled (a load in progress rolls back) and Stop
// still waits for them to return.
func (s *Scheduler) Stop(ctx context.Context) {
	stopped := s.cron.Stop()
	done := make(chan struct{})
	go func() {
		<-stopped.Done()
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		s.cancel()
		<-done
	}
	s.cancel()
}

func (s *Scheduler) runOnce(j Job) {
	start := s.now()
	err := j.Run(s.ctx)
	if rerr := s.store.RecordRun(context.WithoutCancel(s.ctx), j.Name, start, err); rerr != nil {
		s.log.Error("record job run", "job", j.Name, "err", rerr)
	}
	if err != nil {
		s.log.Error("job failed", "job", j.Name, "err", err, "duration_ms", time.Since(start).Milliseconds())
		return
	}
	s.log.Debug("job done", "job", j.Name, "duration_ms", time.Since(start).Milliseconds())
}

// cronLogger adapts slog to cron's logger.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) {
	if msg == "skip" {
		l.log.Warn("job still running; this run skipped")
	}
}

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error(msg, append([]any{"err", err}, kv...)...)
}
