package nets

import "gonum.org/v1/gonum/mat"

// Snapshot is what training emits at each scheduled epoch. Layers and the
// matrices in it are owned by the engine and valid only during the callback:
// a consumer that wants to keep anything copies it.
type Snapshot struct {
	Epoch  int          // 1-based epoch just completed (0 = before training)
	Layers []*mat.Dense // activations on the probe set, one per layer (hidden layers, then the output), rows are probe samples
	// Loss and accuracy on the training and test sets at this epoch.
	TrainLoss, TestLoss float64 // mean loss (nats for softmax; NaN without a test set)
	TrainAcc, TestAcc   float64 // fraction classified right (NaN without labels or test set)
}

// SnapshotFunc receives snapshots. Returning an error stops training with it.
type SnapshotFunc func(s *Snapshot) error
