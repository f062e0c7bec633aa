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
package itlab
