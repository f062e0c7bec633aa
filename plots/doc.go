// Package plots draws the figures of information-plane analysis with
// gonum/plot: the information plane (InfoPlane), I(X;T) and I(T;Y) against the
// epoch (InfoEpochs), training loss and accuracy (Training), and the optimal
// IB curve of a discrete joint distribution (IBCurve).
//
// Figures take the result types of package ib (ib.Row in nats, ib.Curve) and
// draw in bits. They are sized for a 6.5 in text width with text of at least
// 8 pt, written as PNG (200 dpi) or SVG by Figure.WriteTo, and deterministic:
// the same rows give the same bytes.
//
// In the information plane each layer is a grey line through its snapshots,
// whose points are coloured by epoch on a log scale (viridis, colour bar on
// the right); the layer number sits below the last point, and layers that end
// at the same place share one label ("L1–3"). With several estimators the
// panels sit side by side on shared axes, so the estimators can be compared
// point for point. The optional IB bound is the dashed optimal curve.
//
// Errors wrap the sentinels of package itlab: no rows to draw is
// itlab.ErrTooFewSamples, rows whose informations are all NaN or infinite
// itlab.ErrNonFinite, and an unknown format itlab.ErrParam.
package plots
