// Package check holds the validation shared by every estimator: shapes,
// finiteness, sample counts and labels. Each failure is a sentinel error
// wrapped with context, so callers match it with errors.Is and users read
// what was wrong and where.
package check
