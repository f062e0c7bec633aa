// Package fsutil writes output files atomically: the content goes to a
// temporary file in the destination's folder, is synced, and is renamed over
// the destination, so a crash leaves either the old file or the new one,
// never half of one.
package fsutil
