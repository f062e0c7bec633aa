// Package ib analyses neural networks and distributions with the information
// bottleneck: it tracks the information plane of a network as it trains,
// summarises compression, and solves the classical IB problem of a discrete
// joint distribution.
//
// # Information plane
//
// A Tracker consumes the engine's snapshots (nets.Snapshot: the activations of
// every layer on a probe set at scheduled epochs) and turns each at once into
// the coordinates of every analysed layer T in the information plane,
//
//	I(X;T)  (how much the layer keeps about the input)
//	I(T;Y)  (how much it keeps about the label)
//
// for one or several mi.LayerEstimators (binning, adaptive binning, KDE, ...)
// in parallel over layers × estimators, with a worker budget, and results in a
// fixed order. It keeps only these numbers (Row), never the activations, so a
// 10,000-epoch run costs no more memory than a 10-epoch one. With Config.Queue
// it analyses snapshot k while training computes snapshot k+1.
//
// As in Shwartz-Ziv & Tishby (2017), Saxe et al. (2018) and Chelombiev et al.
// (2019), X is the identity of the probe sample: the network is deterministic
// and every input is distinct, so I(X;T) = H(T) for a discretised T and is at
// most ln n nats for n probe samples (12 bits for the 4096 patterns of the
// 12-bit task).
//
// Fixed binning needs a range. The reference bins tanh layers on [-1, 1] and
// non-negative layers (ReLU, softplus, ...) on [0, M] with M the running
// maximum of the layer's activations over the epochs seen so far (Chelombiev
// et al.'s non-adaptive baseline; [-1, 1] would put every ReLU value ≥ 1 in one
// bin). The tracker keeps that running maximum per layer and re-ranges every
// estimator implementing RangeEstimator per snapshot (see RangeMode).
//
// # Saved activations
//
// The same tracker reads activations saved by any framework (Tracker.Replay)
// in the layout
//
//	DIR/epoch_000123/layer_1.npy    (epoch folder: epoch_<int>, any zero padding)
//	DIR/epoch_000123/layer_2.npy    (layer files: layer_<int>.npy or .csv, 1-based,
//	...                              first hidden layer first, no gaps)
//
// one matrix per file with one row per probe sample (the same samples in the
// same order in every file and in the labels file) and one column per unit.
//
// # Compression
//
// Compress summarises each layer's I(X;T) trajectory: the epoch of its maximum,
// the compression max − final (Chelombiev et al. 2019), and the late
// compression, the same with the maximum taken only from an epoch after the
// early fitting phase (default min(200, last epoch/10)). The late variant
// matters: in the first ~100 epochs I(X;T) of narrow layers dips and recovers,
// which makes adaptive binning and binned ReLU layers look like strong
// compressors if max − final is read alone. Layers that stay within a
// tolerance of ln n (saturated: they keep all of the input) and layers that
// were all zeros at initialisation (dead ReLU layers) are flagged.
//
// # The IB method
//
// Method solves the information-bottleneck problem of Tishby, Pereira & Bialek
// (1999) for a discrete joint p(x,y): minimise I(X;T) − β·I(T;Y) over encoders
// q(t|x) by the self-consistent (Blahut–Arimoto-like) iterations, in the
// generalised form of Strouse & Schwab (2017), where α = 1 is the IB and α = 0
// the deterministic IB. Method.Curve traces the optimal curve
// max{I(T;Y) : I(X;T) ≤ r} by annealing over β, up and back down, and
// refining where the frontier drawn through its points may miss the curve;
// the iterations are accelerated by SQUAREM (Varadhan & Roland 2008) and
// merge clusters that coincide. The curve's slope is 1/β, it starts at the
// origin and ends at (≤ H(X), I(X;Y)), and I(T;Y) ≤ min(I(X;T), I(X;Y))
// everywhere. Values of x with identical p(y|x)
// are merged first (Joint.Reduce): this leaves the curve unchanged and makes
// the 12-bit task, whose y is a function of x, a 2×2 problem whose curve is the
// diagonal I(T;Y) = I(X;T) up to H(Y), flat beyond. Drawn under the
// trajectories, it is the bound no layer can cross (up to estimator bias).
//
// # Units
//
// Everything in the package is in nats; Bits converts. Files and figures (the
// itlab command, package plots) use bits and say so.
package ib
