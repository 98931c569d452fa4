//go:build !linux

package main

// resetPeakRSS does nothing: only Linux lets a process reset its peak.
func resetPeakRSS() {}

// peakRSSSelfKiB is 0: unknown outside Linux.
func peakRSSSelfKiB() float64 { return 0 }

// peakRSSRunningKiB is 0: unknown outside Linux.
func peakRSSRunningKiB(pid int) float64 { return 0 }
