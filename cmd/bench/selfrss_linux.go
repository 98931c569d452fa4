package main

import (
	"bytes"
	"os"
	"strconv"
)

// resetPeakRSS starts a new measurement of this process's peak resident set
// size (Linux: writing 5 to /proc/self/clear_refs).
func resetPeakRSS() {
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSSSelfKiB is this process's peak resident set size in KiB since the
// last resetPeakRSS (VmHWM), or 0 when unknown.
func peakRSSSelfKiB() float64 { return peakRSSOf("self") }

// peakRSSRunningKiB is the peak resident set size in KiB of the running
// process pid (VmHWM), or 0 when unknown.
func peakRSSRunningKiB(pid int) float64 { return peakRSSOf(strconv.Itoa(pid)) }

func peakRSSOf(proc string) float64 {
	b, err := os.ReadFile("/proc/" + proc + "/status")
	if err != nil {
		return 0
	}
	for line := range bytes.Lines(b) {
		if v, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			n, _ := strconv.ParseFloat(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))), 64)
			return n
		}
	}
	return 0
}
