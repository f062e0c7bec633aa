// Package inductivebias estimates how much information a learning task needs
// beyond its training data, following Boopathy et al.
//
// # Inductive bias of a hypothesis space (Boopathy, Yue, Hwang, Iyer, Fiete, IJCAI 2024)
//
// "Towards Exact Computation of Inductive Bias" defines the inductive bias
// required to reach a test error ε as
//
//	I(ε) = −log₂ P_{h∼q}( e(h) ≤ ε ),
//
// q a distribution over hypotheses that fit the training set. The estimator
// samples hypotheses from a Space (GP draws from the noiseless posterior of
// an RBF or NNGP kernel, or networks trained from random initialisations),
// records each one's test MSE against one-hot targets, fits a scaled
// non-central χ² to these losses by maximum likelihood (FitNCX2, the law of a
// quadratic form in Gaussians, exact for GP hypotheses) and evaluates the
// fitted log-CDF at ε (FromLosses). The log-CDF is summed in log space, so
// it stays finite far below the smallest sampled loss; the Sankaran normal
// approximation of the reference code is kept for parity (SankaranLogCDF).
//
// Units: the paper reports bits and so does Result.Bits; the reference code
// returns nats (Result.Nats). The interval comes from refitting the law on
// bootstrap resamples of the losses.
//
// # Task difficulty (Boopathy, Liu, Hwang, Ge, Mohammedsaleh, Fiete, ICML 2023)
//
// "Model-agnostic Measure of Generalization Difficulty" bounds the
// inductive-bias complexity of a task from its intrinsic dimension m, its
// spatial resolution δ, its radius R, its classes and the target error.
// TaskDifficulty evaluates the reference formula (task_difficulty.py) in log
// space with log-gamma binomials, so it never overflows; IntrinsicDim (the
// Levina–Bickel MLE, k = 5) and Resolution (minimum distance between
// differently labelled points on a random subset) estimate its inputs from
// data. The heavy-tailed extreme-value estimate of δ of the reference
// (evt_delta) is not implemented.
//
// The hypothesis spaces that train networks live beside the package's
// kernel spaces; inductivebias may import nets, never the other way round.
package inductivebias
