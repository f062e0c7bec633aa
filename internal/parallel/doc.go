// Package parallel runs index ranges over a bounded pool of goroutines with a
// fixed split, so that results reduced in block order are bit-identical at any
// GOMAXPROCS.
package parallel
