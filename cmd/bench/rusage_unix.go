//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// peakRSSKiB is the peak resident set size of an exited child in KiB, or 0
// when the system does not say.
func peakRSSKiB(ps *os.ProcessState) float64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return float64(ru.Maxrss) / 1024 // bytes there, KiB on Linux and the BSDs
	}
	return float64(ru.Maxrss)
}
