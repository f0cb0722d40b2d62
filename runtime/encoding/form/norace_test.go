//go:build !race

package form_test

// raceEnabled: see race_test.go.
const raceEnabled = false
