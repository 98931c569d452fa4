package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// report prints the results to stdout as sections of aligned tables.
type report struct {
	w io.Writer
}

func newReport(w io.Writer) *report { return &report{w: w} }

// header says what the figures were measured on.
func (r *report) header() {
	fmt.Fprintln(r.w, "chitieu benchmarks")
	fmt.Fprintf(r.w, "machine: %s, %d CPUs, %s/%s, %s\n", cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
}

func (r *report) section(title string) {
	fmt.Fprintf(r.w, "\n== %s\n\n", title)
}

func (r *report) printf(format string, args ...any) {
	fmt.Fprintf(r.w, format, args...)
}

// table prints rows with aligned columns; numbers are right-aligned.
func (r *report) table(rows [][]string) {
	tw := tabwriter.NewWriter(r.w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, row := range rows {
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
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

// progress writes a timestamped line to stderr-like w.
func progress(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "bench %s: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}
