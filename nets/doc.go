// Package nets is the neural-network engine of itlab: fully connected
// feed-forward networks trained by mini-batch gradient descent, built to emit
// the per-layer activations that information-plane analysis reads.
//
// # Model
//
// A network with hidden widths Config.Layers maps an input row x (InDim
// values) through
//
//	a_0 = x,  a_l = f(a_{l−1}·W_l + b_l)  (hidden layers, l = 1…L−1)
//	output    = softmax(a_{L−1}·W_L + b_L)  or  a_{L−1}·W_L + b_L  (MSE)
//
// where W_l is fan_in×fan_out and rows are samples, so every activation
// matrix is batch×width, as the rest of itlab expects (rows are samples).
// The hidden activation f is one of tanh, relu, elu, softsign, softplus,
// sigmoid, leakyrelu and linear (Activation, with the CLI names).
//
// # Losses and training
//
// A Softmax output is trained on the mean cross-entropy of the labels in nats
// (the reference code's mean(−Σ y·log p)); an MSE output on the mean squared
// error over rows and outputs (Keras convention) against Data.Target or the
// one-hot labels. L2 weight decay adds (λ/2)·Σ W² over the weights (not the
// biases). Optimizers are Adam, in TensorFlow's form with the bias correction
// folded into the step size (the reference networks used
// tf.train.AdamOptimizer), and SGD with momentum. Each epoch reshuffles the
// train rows with a seeded generator and takes ⌈n/Batch⌉ steps, the last
// batch possibly smaller, as Keras and the IDNNs code do.
//
// Initialisation (Init): the truncated normal with σ = 1/√fan_in, redrawn
// beyond ±2σ, and zero biases of the 12-bit reference network of
// Shwartz-Ziv & Tishby (2017) (IDNNs), the default; Glorot–Bengio uniform
// (Xavier); and He normal. All randomness comes from Config.Seed.
//
// The 12-bit reference network is Reference(seed): 12-10-7-5-4-3-2, tanh,
// softmax, Adam lr 4e-4, batch 512, 8000 epochs (the IDNNs code of Shwartz-Ziv
// & Tishby 2017, ravidziv/IDNNs).
//
// # Snapshots
//
// Net.Train calls a SnapshotFunc at the epochs of a Schedule (Every,
// LogSchedule; epoch 0 is before training) with every layer's activations on
// a probe set (default: the train rows then the test rows) and the train and
// test loss and accuracy. The engine keeps nothing between epochs: the
// snapshot buffers are reused, so a 10,000-epoch run needs the memory of one
// epoch, and a consumer such as the ib tracker turns each snapshot into
// numbers at once.
//
// # Performance
//
// The hot loop does not allocate: activation and gradient buffers are made
// once per Train call for the batch size, and the parameters, gradients and
// optimizer moments are each one flat slice. Activations and gradients
// are stored feature-major: unit j of a layer is a row, with the batch's
// samples along it (the row stride is padded past a multiple of 512 bytes so
// that the rows do not share L1 sets). Vector lanes then run over samples,
// and a layer 2 units wide uses them as fully as a wide one; in the usual
// sample-major layout the reference network's products are 2–12 columns
// wide and most of each vector would be padding. Layers at most 16 units
// wide (all of the reference network) run their three products through two
// AVX2+FMA kernels on the calling goroutine: fmaRows (forward pass and input
// gradient: two output rows × 16 samples in registers over the whole inner
// dimension, bias added first) and dotRows (weight and bias gradients: 2×2
// dot products over the batch); no packing, no goroutines. Wider layers use
// internal/gemm.Dgemm (with transposes) and the Config.Workers budget. tanh
// (two independent four-lane chains), exp (softmax) and the tanh derivative
// have vector kernels accurate to a few ulp. With tanh, fmaRows applies the
// activation to each 2×16 block of the forward product just after it is
// stored (still in L1), and multiplies the input gradient by 1 − y² before
// storing it: one pass over each block instead of two, with the same bits
// as the separate passes. The softmax kernel writes the cross-entropy
// gradient in the same pass. The purego build tag and CPUs without AVX2/FMA
// use portable Go versions of every kernel, unfused. One epoch of the reference training (3277 rows,
// 7 Adam steps) is BenchmarkEpochReference.
//
// # Persistence
//
// Net.Save writes a JSON model (configuration, sizes, parameters, optimizer
// and shuffle state) and Load reads it back bit for bit.
package nets
