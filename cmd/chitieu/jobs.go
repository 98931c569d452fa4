package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"chitieu/ingest/httpsource"
	"chitieu/ingest/inbox"
	"chitieu/report"
	"chitieu/schedule"
	"chitieu/schemas"
	"chitieu/service"
	"chitieu/warehouse"
)

// serviceJobs are the scheduled jobs of chitieu serve: one per configured
// source and one per configured report.
func serviceJobs(cfg *config, s *service.Server) ([]schedule.Job, error) {
	var jobs []schedule.Job
	for _, src := range cfg.Sources {
		switch {
		case src.Inbox != nil:
			jobs = append(jobs, inboxJob(src, s))
		case src.HTTP != nil:
			jobs = append(jobs, httpJob(src, s))
		default:
			return nil, fmt.Errorf("source %s: neither inbox nor http", src.Name)
		}
	}
	for _, r := range cfg.Reports {
		jobs = append(jobs, reportJob(r, s))
	}
	return jobs, nil
}

// reportJob writes the quarterly report of the latest quarter due, as the
// warehouse holds it at the run's time (so the run can be reproduced with
// chitieu report --as-of), into a directory of its own.
func reportJob(r reportConfig, s *service.Server) schedule.Job {
	return schedule.Job{Name: "report:" + r.Name, Spec: r.Schedule, Run: func(ctx context.Context) error {
		now := s.Now()
		p := report.DueQuarter(now)
		dir := filepath.Join(r.Out, p.Code(), now.In(vietnam).Format("20060102T150405"))
		for _, lang := range r.Langs {
			paths, err := report.Write(ctx, s.Warehouse().DB(), dir, report.Options{Period: p, Lang: lang, AsOf: now, Now: s.Now})
			if errors.Is(err, report.ErrNoData) {
				s.Log().Warn("quarterly report: no figures yet", "report", r.Name, "period", p.Code())
				return nil
			}
			if err != nil {
				return fmt.Errorf("report %s %s: %w", r.Name, p.Code(), err)
			}
			s.Log().Info("quarterly report written", "report", r.Name, "period", p.Code(), "lang", lang, "files", len(paths), "dir", dir)
		}
		return nil
	}}
}

// outcome turns a load's result into what the inbox does with the file.
func outcome(res warehouse.Result, err error) (inbox.Outcome, schemas.Problems, error) {
	switch {
	case errors.Is(err, warehouse.ErrDuplicateSubmission):
		return inbox.Unchanged, nil, nil
	case errors.Is(err, schemas.ErrRejected):
		return inbox.Rejected, res.Problems, nil
	case errors.Is(err, service.ErrReadTimeout):
		return inbox.Rejected, schemas.Problems{schemas.Problem{Severity: schemas.SeverityError}.Says(schemas.Say("file.read_timeout", err))}, nil
	case err != nil:
		return 0, nil, err
	}
	return inbox.Loaded, res.Problems, nil
}

func inboxJob(src sourceConfig, s *service.Server) schedule.Job {
	settle := time.Duration(src.Inbox.Settle)
	if settle <= 0 {
		settle = time.Minute
	}
	in := &inbox.Inbox{Dir: src.Inbox.Dir, Settle: settle, Now: s.Now,
		Load: func(ctx context.Context, path string) (inbox.Outcome, schemas.Problems, error) {
			s.Log().Info("loading", "source", src.Name, "file", filepath.Base(path))
			res, err := s.Load(ctx, path, warehouse.Submission{FileName: filepath.Base(path),
				DeliveredBy: "inbox " + src.Name, ReceivedAt: s.Now()})
			o, ps, err := outcome(res, err)
			switch {
			case err != nil:
			case o == inbox.Rejected:
				// Said as the command's directory walk says it: the first
				// reason ("unsupported file type .pdf: …"), all of them in
				// the ledger and beside the quarantined file.
				reason := ""
				if i := slices.IndexFunc(ps, func(p schemas.Problem) bool { return p.Severity == schemas.SeverityError }); i >= 0 {
					reason = ps[i].Message
				}
				s.Log().Warn("inbox file rejected", "source", src.Name, "file", filepath.Base(path),
					"submission", res.ID, "problems", len(ps), "reason", reason)
			default:
				s.Log().Info("inbox file", "source", src.Name, "file", filepath.Base(path), "outcome", res.Outcome,
					"submission", res.ID, "values", res.Rows, "problems", len(ps))
			}
			return o, ps, err
		}}
	return schedule.Job{Name: "source:" + src.Name, Spec: src.Schedule, Run: func(ctx context.Context) error {
		n, err := in.Scan(ctx)
		for _, name := range n.Passed {
			s.Log().Info("inbox file skipped: documentation, not a submission", "source", src.Name, "file", name)
		}
		if n.Loaded+n.Unchanged+n.Rejected+n.Waiting > 0 {
			s.Log().Info("inbox scanned", "source", src.Name, "loaded", n.Loaded, "unchanged", n.Unchanged,
				"rejected", n.Rejected, "waiting", n.Waiting)
		}
		return err
	}}
}

// sourceStates adapts the warehouse to httpsource.StateStore.
type sourceStates struct{ w *warehouse.Warehouse }

func (st sourceStates) Get(ctx context.Context, url string) (httpsource.State, error) {
	s, err := st.w.SourceState(ctx, url)
	return httpsource.State{ETag: s.ETag, LastModified: s.LastModified}, err
}

func (st sourceStates) Put(ctx context.Context, url string, s httpsource.State) error {
	return st.w.SetSourceState(ctx, url, warehouse.SourceState{ETag: s.ETag, LastModified: s.LastModified})
}

func httpJob(src sourceConfig, s *service.Server) schedule.Job {
	h := src.HTTP
	hs := &httpsource.Source{URL: h.URL, FileName: h.FileName, Timeout: time.Duration(h.Timeout), MaxBytes: h.MaxBytes,
		Retries: h.Retries, Backoff: time.Duration(h.Backoff), State: sourceStates{s.Warehouse()}, TempDir: s.Spool(),
		Load: func(ctx context.Context, path, name string) error {
			res, err := s.Load(ctx, path, warehouse.Submission{FileName: name,
				DeliveredBy: "http " + src.Name + " " + h.URL, ReceivedAt: s.Now()})
			o, ps, err := outcome(res, err)
			if err != nil {
				return err
			}
			s.Log().Info("downloaded file", "source", src.Name, "file", name, "outcome", res.Outcome, "submission", res.ID)
			if o == inbox.Rejected && h.Quarantine != "" {
				dest, err := inbox.Quarantine(path, name, h.Quarantine, ps, s.Now(), false)
				if err != nil {
					return err
				}
				s.Log().Warn("downloaded file rejected", "source", src.Name, "quarantined", dest)
			}
			return nil
		}}
	return schedule.Job{Name: "source:" + src.Name, Spec: src.Schedule, Run: func(ctx context.Context) error {
		_, err := hs.Fetch(ctx)
		return err
	}}
}
