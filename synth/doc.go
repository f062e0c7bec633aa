// Package synth provides data with a known truth: distributions whose
// entropy, mutual information or divergence is known in closed form, to test
// the estimators against, and the built-in classification tasks that the
// network engine trains on.
//
// # Known-truth distributions
//
// Distributions (Dist) and pairs (Pair) draw samples from an injected
// *rand.Rand (math/rand/v2) and report their exact information quantities in
// nats. Rows of every returned matrix are samples.
//
// # Built-in tasks
//
// A Task holds inputs X (rows are samples), labels Y and the number of
// classes. The tasks are:
//
//   - "szt": the 12-bit task of Shwartz-Ziv & Tishby (2017), "Opening the
//     black box of deep neural networks via information": all 4096 binary
//     patterns in counting order (row i is i in binary, most significant bit
//     first, as 0/1 floats) with the published labels of var_u.mat (2118
//     ones), embedded from data/szt12-labels.txt (MIT licence; provenance in
//     data/README.md). The labels are data, not a formula.
//   - "xor": four Gaussian clusters at (±1, ±1) labelled by the XOR of the
//     signs, with label noise.
//   - "gauss": a binary Gaussian mixture with unit covariance.
//   - "moons": scikit-learn's two interleaving half circles with noise.
//
// Generated tasks are seeded; TaskByName gives each with the package
// defaults. Task.Split makes a seeded train/test split, and Task.SplitOrdered
// the unshuffled split of the reference code (for the 12-bit task at 0.8:
// the first 3277 patterns train, the last 819 test).
//
// Constructors refuse bad parameters with errors that wrap the sentinels of
// package itlab: itlab.ErrParam (a correlation of 1, a negative rate, ...),
// itlab.ErrShape (lengths that disagree) and itlab.ErrNotPSD (a covariance
// that is not positive definite).
package synth
