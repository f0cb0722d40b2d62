package ratelimit

import (
	"runtime"
	"sync"
	"syscall"
	"time"
)

// ProcessCPU returns a CPU signal for WithCPU: the CPU time this process
// used since the previous call over the wall time of GOMAXPROCS CPUs,
// in [0, 1] (getrusage).
func ProcessCPU() func() float64 {
	var mu sync.Mutex
	lastCPU, lastWall := cpuTime(), time.Now()
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		cpu, wall := cpuTime(), time.Now()
		used := float64(cpu-lastCPU) / (float64(wall.Sub(lastWall)) * float64(runtime.GOMAXPROCS(0)))
		lastCPU, lastWall = cpu, wall
		return min(max(used, 0), 1)
	}
}

// cpuTime is the user and system CPU time of the process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
