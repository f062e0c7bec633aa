// Package itlab is the root of the itlab toolkit, which measures information
// in data and inside neural networks. It holds only the sentinel errors that
// every estimator returns (wrapped with context, matched with errors.Is);
// the work is done in its sub-packages:
//
//   - entropy: differential entropy (Kozachenko–Leonenko k-NN, Gaussian,
//     m-spacing, KDE and the Kolchinsky–Tracey bounds) and discrete entropy
//     (plug-in, Miller–Madow, Grassberger, NSB);
//   - mi: mutual information (KSG 1 and 2, Ross, conditional MI, Gaussian,
//     discrete, fixed and adaptive binning, KDE, adaptive KDE, matrix-based
//     Rényi), permutation tests and bootstrap intervals;
//   - divergence: Kullback–Leibler, Wasserstein, Cauchy–Schwarz,
//     Jensen–Shannon and MMD between samples or closed forms;
//   - vendi: the Vendi diversity score of any order;
//   - ib: information-plane trajectories and the information bottleneck;
//   - inductivebias: inductive-bias estimates of model classes;
//   - nets: the small neural-network engine on a blocked GEMM;
//   - synth: distributions with exact entropy and mutual information, and
//     the built-in tasks;
//   - plots, dataio: figures, and .npy/.npz/.csv files.
//
// Values are in nats, rows are samples, and results are bit-identical for a
// given seed at any GOMAXPROCS. The command line is cmd/itlab.
//
// # A first program
//
// Data are gonum matrices with one row per sample (a column of a matrix is
// x.Slice(0, n, j, j+1) or x.ColView(j)); labels are []int of class ids
// 0…C−1 (dataio.ClassIDs maps other codes). Estimators are values whose zero
// value gives the published defaults, with one method each:
//
//	i, err := mi.KSG{}.MI(x, y)                    // I(X;Y), KSG with k = 3
//	i, err = mi.Ross{}.MILabels(x, labels)         // I(X;Y) for discrete Y
//	h, err := entropy.KL{}.Entropy(x)              // Kozachenko–Leonenko h(X)
//	d, err := divergence.KNN{}.KL(p, q)            // KL(P‖Q) from two samples
//	w, err := divergence.WExact(p, q, 1)           // W1 between two samples
//	v, err := vendi.ScoreFeatures(x, vendi.Cosine{}, 1)
//	l, err := mi.KDE{}.Layer(activations, labels)  // l.IXT, l.ITY of a layer
//
// Estimators of one kind share an interface (mi.Estimator,
// mi.LabelEstimator, mi.LayerEstimator, entropy.Estimator,
// divergence.KLEstimator, divergence.WassersteinEstimator), so they can be
// compared in a loop. Activations saved by another framework are read with
// dataio.ReadMatrix (.npy, .npz, .csv) and an epoch-by-epoch directory of
// them is replayed through an ib.Tracker; networks trained by package nets
// hand their snapshots to the same tracker (see the example of this
// package). Bad input is an error, never a panic: match it with errors.Is
// against the sentinels below. The estimators of entropy, mi, divergence and
// vendi are safe for concurrent use: one value (or several) may run in many
// goroutines at once on shared, unmodified inputs, and each call gives the
// bits it gives alone.
package itlab
