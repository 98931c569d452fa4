package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// report prints the results as sections of aligned tables. It holds a
// part's section until flush, so that progress lines on stderr do not cut
// through it on a terminal.
type report struct {
	out     io.Writer
	w       *bytes.Buffer
	summary []string // one line per figure with a target
}

// target records a figure against its target for the summary.
func (r *report) target(line string) { r.summary = append(r.summary, line) }

// printSummary prints the figures with targets, once all parts have run.
func (r *report) printSummary() {
	if len(r.summary) == 0 {
		return
	}
	r.section("Summary")
	for _, l := range r.summary {
		fmt.Fprintln(r.w, l)
	}
}

func newReport(out io.Writer) *report { return &report{out: out, w: new(bytes.Buffer)} }

// flush writes what has been reported since the last flush.
func (r *report) flush() error {
	_, err := r.w.WriteTo(r.out)
	return err
}

// header says what the figures were measured on.
func (r *report) header(duckdbVersion string) {
	fmt.Fprintln(r.w, "chitieu benchmarks")
	fmt.Fprintf(r.w, "machine: %s, %d CPUs, %s/%s, %s, DuckDB %s\n", cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), duckdbVersion)
}

func (r *report) section(title string) {
	fmt.Fprintf(r.w, "\n== %s\n\n", title)
}

func (r *report) printf(format string, args ...any) {
	fmt.Fprintf(r.w, format, args...)
}

// table prints rows with aligned columns: the first left-aligned, the
// others (figures) right-aligned.
func (r *report) table(rows [][]string) {
	var width []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, cell := range row {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell))
			if i == 0 {
				b.WriteString("  " + cell + pad)
			} else {
				b.WriteString("  " + pad + cell)
			}
		}
		fmt.Fprintln(r.w, strings.TrimRight(b.String(), " "))
	}
}

// cpuModel is the CPU's name from /proc/cpuinfo, or "unknown CPU".
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// median is the middle value (the mean of the two middle ones for an even
// count).
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// seconds formats a duration in seconds with millisecond precision.
func seconds(d float64) string { return strconv.FormatFloat(d, 'f', 3, 64) }

// count formats n with thousands grouped: 2000000 → "2,000,000".
func count[T ~int | ~int64 | ~float64](n T) string {
	s := strconv.FormatInt(int64(n), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mib formats KiB as MB (MiB) with one decimal.
func mib(kib float64) string { return strconv.FormatFloat(kib/1024, 'f', 1, 64) }

// ratio formats x with two decimals and a "×".
func ratio(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) + "×" }

// progress writes a timestamped progress line to w (stderr).
func progress(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "bench %s: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}
