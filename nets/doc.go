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
// softmax, Adam lr 4e-4, batch 512, 8000 epochs (methods.md §2d).
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
// once per Train call for the batch size, the parameters, gradients and
// optimizer moments are each one flat slice, and the matrix products go
// through internal/gemm on the calling goroutine for small layers (no
// goroutine per small product). tanh, the activation of the reference
// network, has its own vector kernel accurate to a few ulp.
//
// # Persistence
//
// Net.Save writes a JSON model (configuration, sizes, parameters, optimizer
// and shuffle state) and Load reads it back bit for bit.
package nets
