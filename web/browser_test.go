package web

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

var screenshots = flag.String("screenshots", "", "write the browser test's screenshots (PNG) into this directory; docs/screenshots refreshes the README's")

// chromium finds a Chromium or Chrome to drive: $CHROME, else the usual
// names on the PATH.
func chromium() string {
	if p := os.Getenv("CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless Chromium with an empty profile.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromium()
	if path == "" {
		t.Skip("no chromium or chrome on this machine: the browser tests are skipped (apt-get install chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1200, 850),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// shot saves the browser's window as name.png in dir.
func shot(dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		b, err := chromedp.CaptureScreenshot()(ctx, t)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), b, 0o644)
	})
}

// signInBy signs in through the form, by keyboard: the user name, Tab, the
// password, Enter.
func signInBy(base, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), name),
		chromedp.KeyEvent(kb.Tab),
		chromedp.KeyEvent(passwords[name]),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)),
	)
}

func signOut() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.ID("username")),
	)
}

// textOf reads the text of the element sel selects.
func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// TestBrowser drives the application as its users do, in a real browser:
// a provincial clerk sends a workbook with an error, sees the problem at
// its cell, sends the corrected file and sees the board turn "on time";
// another province's clerk cannot open that submission, nor send a form
// without its CSRF token; staff find Nghệ An's jobs at 103,19% of plan.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t)
	dir := *screenshots
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	base := f.srv.URL
	broken := filepath.Join(t.TempDir(), "nghe_an_2024_thang_12.xlsx")
	if err := os.WriteFile(broken, brokenDecember(t), 0o644); err != nil {
		t.Fatal(err)
	}
	good, _ := filepath.Abs("testdata/nghe_an_2024_thang_12.xlsx")

	// The clerk of Nghệ An signs in and lands on the upload desk.
	do(t, ctx, signInBy(base, "nghean"), shot(dir, "upload"))
	if h := textOf(t, ctx, "h1"); h != "Gửi báo cáo" {
		t.Errorf("the clerk landed on %q, want the upload desk", h)
	}
	// The file with an error: the dry run shows the problem at E9.
	do(t, ctx,
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{broken}),
		chromedp.Click(chromedp.ID("check")),
		chromedp.WaitVisible(chromedp.ID("results")),
		chromedp.ScrollIntoView(chromedp.ID("results")),
		shot(dir, "upload-problem"))
	problem := textOf(t, ctx, "tr.sev-error")
	if !strings.Contains(problem, "BC thang") || !strings.Contains(problem, "E9") || !strings.Contains(problem, "khoảng 4 nghìn") {
		t.Errorf("the problem row reads %q, want sheet BC thang, cell E9 and the value seen", problem)
	}
	// The corrected file: checked valid, then sent.
	do(t, ctx,
		chromedp.Navigate(base+"/upload"),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{good}),
		chromedp.Click(chromedp.ID("check")),
		chromedp.WaitVisible(chromedp.ID("send-checked")),
		chromedp.Click(chromedp.ID("send-checked")),
		chromedp.WaitVisible(chromedp.CSS(`section[data-outcome="loaded"]`)))
	if out := textOf(t, ctx, `section[data-outcome="loaded"] h3`); !strings.Contains(out, "Đã lưu") {
		t.Errorf("after sending: %q", out)
	}
	link, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`section[data-outcome="loaded"] a[href^="/submissions/"]`), "href"))
	if err != nil || !regexp.MustCompile(`^/submissions/\d+$`).MatchString(link.Value) {
		t.Fatalf("no link to the submission: %q, %v", link.Value, err)
	}
	// The board for December: Nghệ An on time, in words.
	do(t, ctx, chromedp.Navigate(base+"/reports?period=2024-12"))
	if st := textOf(t, ctx, `tr[data-province="40"] td.st`); !strings.Contains(st, "Đúng hạn") {
		t.Errorf("Nghệ An's December on the board: %q, want Đúng hạn (on time)", st)
	}
	do(t, ctx, chromedp.Navigate(base+link.Value), shot(dir, "submission"))

	// Hà Tĩnh's clerk cannot open Nghệ An's submission.
	do(t, ctx, signOut(), signInBy(base, "hatinh"), chromedp.Navigate(base+link.Value))
	if msg := textOf(t, ctx, "#error-message"); !strings.Contains(msg, "thuộc tỉnh 40") {
		t.Errorf("Hà Tĩnh opening %s: %q", link.Value, msg)
	}
	// A form sent without its CSRF token is refused.
	do(t, ctx,
		chromedp.Navigate(base+"/upload"),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{good}),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('form.upload input[name="csrf"]').remove()`),
		chromedp.Click(chromedp.ID("check")),
		chromedp.WaitVisible(chromedp.ID("error-message")))
	if msg := textOf(t, ctx, "#error-message"); !strings.Contains(msg, "CSRF") {
		t.Errorf("a form without its token: %q", msg)
	}

	// Staff open the explorer from the menu and choose the provinces of 2024.
	do(t, ctx,
		signOut(),
		signInBy(base, "staff"),
		shot(dir, "board"),
		chromedp.Click(chromedp.CSS(`nav a[href="/indicators"]`)),
		chromedp.WaitVisible(chromedp.CSS(`select[name="level"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="period"]`), "2024"),
		chromedp.SetValue(chromedp.CSS(`select[name="level"]`), "province"),
		chromedp.Submit(chromedp.CSS(`input[name="period"]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-area="40"]`)),
		shot(dir, "explorer"),
		chromedp.ScrollIntoView(chromedp.CSS(`svg.bars`)),
		shot(dir, "explorer-bars"),
		chromedp.ScrollIntoView(chromedp.CSS(`.tiles`)),
		shot(dir, "explorer-tiles"))
	if pct := textOf(t, ctx, `tr[data-area="40"] td.pct`); !strings.Contains(pct, "103,19%") {
		t.Errorf("Nghệ An's jobs: %q of plan, want 103,19%%", pct)
	}

	// Staff draw the fourth quarter's report: the page follows the drawing,
	// reloading itself, until its files are listed.
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/quarterly"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="period"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="period"]`), "2024-Q4"),
		chromedp.Submit(chromedp.CSS(`input[name="period"]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr.drawing-done`)),
		shot(dir, "quarterly"))
	if links := textOf(t, ctx, `tr.drawing-done td:last-child`); !strings.Contains(links, "chitieu-2024-Q4-vi.xlsx") {
		t.Errorf("the drawn report's files: %q", links)
	}
	t.Logf("screenshots in %s", dir)
}
