package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"chitieu/report"
	"chitieu/schemas"
	"chitieu/warehouse"
)

// A drawing is one quarterly report being drawn in the background: staff
// ask for it, the page shows how it goes, and its files appear among the
// reports when it is done. Drawing reads the whole quarter through the
// report's model and renders it (report.Write), which takes longer than a
// request should wait.
type drawing struct {
	ID       int
	Period   string
	Lang     string
	AsOf     time.Time // zero: the present
	By       string
	Started  time.Time
	Finished time.Time
	State    string   // drawing, done, no_data, failed
	Files    []string // the report's files, when done
	Err      string   // why it failed, for the page (the log has the rest)
}

// drawings are the report drawings of this process: the running ones and
// the last few finished, newest first.
type drawings struct {
	mu     sync.Mutex
	next   int
	list   []*drawing
	ctx    context.Context // the drawings' own: cancelled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// keptDrawings is how many drawings the page lists.
const keptDrawings = 20

// maxDrawing is how many reports may be drawn at once: each reads the
// warehouse for its quarter, beside the loads and the pages.
const maxDrawing = 2

var errDrawingBusy = errors.New("too many reports being drawn")

func (d *drawings) init() {
	if d.ctx == nil {
		d.ctx, d.cancel = context.WithCancel(context.Background())
	}
}

// start draws a report in the background with draw, unless the same one
// (quarter, language, as-of time) is being drawn already: then it is that
// one's drawing that is returned.
func (d *drawings) start(job drawing, now func() time.Time, draw func(ctx context.Context, dir string) ([]string, error), dir string, log func(error)) (*drawing, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.init()
	running := 0
	for _, g := range d.list {
		if g.State != "drawing" {
			continue
		}
		if g.Period == job.Period && g.Lang == job.Lang && g.AsOf.Equal(job.AsOf) {
			return g, nil
		}
		running++
	}
	if running >= maxDrawing {
		return nil, errDrawingBusy
	}
	if err := d.ctx.Err(); err != nil {
		return nil, err
	}
	d.next++
	g := &job
	g.ID, g.Started, g.State = d.next, now(), "drawing"
	d.list = slices.Insert(d.list, 0, g)
	if len(d.list) > keptDrawings {
		// forget the oldest finished ones; a running one stays listed
		kept := d.list[:0]
		for i, x := range d.list {
			if i < keptDrawings || x.State == "drawing" {
				kept = append(kept, x)
			}
		}
		d.list = kept
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		files, err := d.drawInto(d.ctx, dir, g.ID, draw)
		d.mu.Lock()
		defer d.mu.Unlock()
		g.Finished = now()
		switch {
		case err == nil:
			g.State, g.Files = "done", files
		case errors.Is(err, report.ErrNoData):
			g.State = "no_data"
		default:
			g.State, g.Err = "failed", err.Error()
			log(err)
		}
	}()
	return g, nil
}

// drawInto draws into a directory of its own beside the reports, then
// moves the files in: the list never shows a half-written report.
func (d *drawings) drawInto(ctx context.Context, dir string, id int, draw func(ctx context.Context, dir string) ([]string, error)) ([]string, error) {
	work := filepath.Join(dir, ".drawing-"+strconv.Itoa(id))
	if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	paths, err := draw(ctx, work)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, p := range paths {
		name := filepath.Base(p)
		if err := os.Rename(p, filepath.Join(dir, name)); err != nil {
			return nil, fmt.Errorf("move the report into place: %w", err)
		}
		names = append(names, name)
	}
	return names, nil
}

// get returns a copy of drawing id, if it is still listed.
func (d *drawings) get(id int) (drawing, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, g := range d.list {
		if g.ID == id {
			return *g, true
		}
	}
	return drawing{}, false
}

// all returns copies of the listed drawings, newest first, and whether one
// is still drawing.
func (d *drawings) all() ([]drawing, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []drawing
	running := false
	for _, g := range d.list {
		out = append(out, *g)
		running = running || g.State == "drawing"
	}
	return out, running
}

// close cancels the drawings and waits for them to stop.
func (d *drawings) close(ctx context.Context) error {
	d.mu.Lock()
	d.init()
	d.cancel()
	d.mu.Unlock()
	done := make(chan struct{})
	go func() { d.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops the reports being drawn in the background and waits for
// them (their working files are removed; nothing half-drawn is listed).
func (a *App) Close(ctx context.Context) error { return a.drawings.close(ctx) }

// drawQuarterly starts drawing the report of a quarter as of a time
// (staff), and sends the browser to the page that follows it.
func (a *App) drawQuarterly(w http.ResponseWriter, r *request) {
	p, err := schemas.ParsePeriod(r.PostFormValue("period"))
	if err != nil || p.Type != schemas.Quarter {
		a.renderQuarterly(w, r, http.StatusBadRequest, text(r.lang, "err_quarter", r.PostFormValue("period")))
		return
	}
	asOf, err := warehouse.ParseAsOf(r.PostFormValue("as_of"))
	if err != nil {
		a.renderQuarterly(w, r, http.StatusBadRequest, text(r.lang, "err_as_of", r.PostFormValue("as_of")))
		return
	}
	lang := r.PostFormValue("lang")
	if lang != "en" {
		lang = "vi"
	}
	dir := a.reportsDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		a.fail(w, r, "draw report", err)
		return
	}
	db, now := a.W.DB(), a.Now
	draw := func(ctx context.Context, work string) ([]string, error) {
		return report.Write(ctx, db, work, report.Options{Period: p, Lang: lang, Now: now, AsOf: asOf})
	}
	logErr := func(err error) { a.Log.Error("draw report", "period", p.Code(), "lang", lang, "err", err) }
	g, err := a.drawings.start(drawing{Period: p.Code(), Lang: lang, AsOf: asOf, By: r.s.User.Name}, a.Now, draw, dir, logErr)
	if errors.Is(err, errDrawingBusy) {
		a.renderQuarterly(w, r, http.StatusServiceUnavailable, text(r.lang, "err_drawing_busy", maxDrawing))
		return
	}
	if err != nil {
		a.fail(w, r, "draw report", err)
		return
	}
	http.Redirect(w, r.Request, "/quarterly?drawing="+strconv.Itoa(g.ID), http.StatusSeeOther)
}
