//go:build !race

package cmd

// raceEnabled reports whether the tests were built with the race detector.
const raceEnabled = false
