//go:build race

package form_test

// raceEnabled: under the race detector sync.Pool drops values at random,
// so a Decoder may allocate the Key it would reuse; the allocation counts
// of the tests do not hold.
const raceEnabled = true
