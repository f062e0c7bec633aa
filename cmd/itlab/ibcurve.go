package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/itlab/itlab/ib"
	"github.com/itlab/itlab/plots"
)

// IBCurveCmd traces the optimal information-bottleneck curve of a discrete
// joint distribution.
type IBCurveCmd struct {
	Joint    string    `type:"path" help:"Joint distribution p(x,y) as a matrix file (.npy or .csv): rows are values of x, columns values of y, non-negative; normalised to sum 1."`
	Betas    []float64 `help:"Values of β (the trade-off; slope of the curve = 1/β). Default: 24 log-spaced values in [0.5, 200], refined where the curve jumps."`
	NoRefine bool      `name:"no-refine" help:"Use exactly --betas, without inserting points where the curve jumps."`
	DIB      bool      `name:"dib" help:"Deterministic IB (Strouse & Schwab 2017, α = 0) instead of the classical IB."`
	Tmax     int       `name:"tmax" help:"Number of clusters of T (default |X| after merging x values with equal p(y|x))."`
	Restarts int       `help:"Random restarts per β besides the annealed start (default 2)."`
	Seed     uint64    `help:"Seed of the random initialisations."`
	Out      string    `type:"path" help:"Write ib-curve.png, ib-curve.svg and ib-curve.csv to this folder."`
	JSON     bool      `name:"json" help:"Print one JSON object with the curve."`
	Quiet    bool      `help:"No progress bar (shown on a terminal)."`
}

// Help gives the command's example.
func (IBCurveCmd) Help() string {
	return `Solves the information-bottleneck problem of Tishby, Pereira & Bialek (1999) for
a discrete joint p(x,y): for each β it finds the encoder q(t|x) minimising
I(X;T) − β·I(T;Y) by the self-consistent iterations, annealing over β, and prints
the optimal curve I(T;Y) against I(X;T) in bits. Values of x with the same
p(y|x) are merged first (the curve is unchanged). The fits are accelerated
(SQUAREM) and merge clusters that coincide: well under a second for tens of
distinct p(y|x) rows and a few seconds for a few hundred with two values of y
(a progress bar shows on a terminal); --tmax bounds the clusters and
--no-refine the number of β.

Examples:
  itlab ib-curve --joint pxy.csv
  itlab ib-curve --joint pxy.npy --out curve/ --json
  itlab ib-curve --joint pxy.csv --betas 1,2,5,10,50 --no-refine --dib`
}

type ibPointJSON struct {
	Beta       jsonFloat `json:"beta"`
	IXTBits    jsonFloat `json:"ixt_bits"`
	ITYBits    jsonFloat `json:"ity_bits"`
	HTBits     jsonFloat `json:"ht_bits"`
	Clusters   int       `json:"clusters"`
	Iterations int       `json:"iterations"`
	Converged  bool      `json:"converged"`
}

type ibCurveJSON struct {
	Method    string        `json:"method"`
	Unit      string        `json:"unit"`
	NX        int           `json:"nx"`
	NY        int           `json:"ny"`
	Reduced   int           `json:"nx_reduced"`
	HXBits    jsonFloat     `json:"hx_bits"`
	HYBits    jsonFloat     `json:"hy_bits"`
	IXYBits   jsonFloat     `json:"ixy_bits"`
	Points    []ibPointJSON `json:"points"`
	Frontier  [][2]float64  `json:"frontier_bits"`
	Files     []string      `json:"files,omitempty"`
	ElapsedMS float64       `json:"elapsed_ms,omitempty"`
}

// Run traces the curve.
func (c IBCurveCmd) Run(env *Env) error {
	if c.Joint == "" {
		return usageErrorf("--joint is required")
	}
	if err := checkCount("tmax", c.Tmax); err != nil {
		return err
	}
	if err := checkCount("restarts", c.Restarts); err != nil {
		return err
	}
	if c.Tmax < 0 || c.Restarts < 0 {
		return usageErrorf("--tmax and --restarts must be ≥ 0")
	}
	for _, b := range c.Betas {
		if !(b >= 0) {
			return usageErrorf("--betas: %v, need values ≥ 0", b)
		}
	}
	if c.Out != "" {
		if err := checkOutputs(c.Out, "ib-curve.png", "ib-curve.svg", "ib-curve.csv"); err != nil {
			return fmt.Errorf("--out %s: %w", c.Out, err)
		}
	}
	p, err := loadMatrix("joint", c.Joint)
	if err != nil {
		return err
	}
	m := ib.Method{DIB: c.DIB, Tmax: c.Tmax, Restarts: c.Restarts, Seed: c.Seed}
	opt := ib.CurveOptions{Betas: c.Betas, NoRefine: c.NoRefine}
	// the number of fits is known only up to the refinement's cap
	total := max(120, len(c.Betas))
	if c.NoRefine {
		total = len(c.Betas)
		if total == 0 {
			total = 24
		}
	}
	bar := newProgress(env, c.Quiet, total, "β fits")
	opt.Progress = func(fits int) { bar.Set(fits, "") }
	curve, err := m.Curve(p, opt)
	bar.Finish()
	if err != nil {
		return fmt.Errorf("--joint: %w", err)
	}
	_, ny := p.Dims()
	method := "ib"
	if c.DIB {
		method = "dib"
	}
	res := ibCurveJSON{Method: method, Unit: "bits", NX: curve.NX, NY: ny, Reduced: curve.Reduced,
		HXBits: jsonFloat(ib.Bits(curve.HX)), HYBits: jsonFloat(ib.Bits(curve.HY)), IXYBits: jsonFloat(ib.Bits(curve.IXY))}
	for _, pt := range curve.Points {
		res.Points = append(res.Points, ibPointJSON{Beta: jsonFloat(pt.Beta), IXTBits: jsonFloat(ib.Bits(pt.IXT)), ITYBits: jsonFloat(ib.Bits(pt.ITY)),
			HTBits: jsonFloat(ib.Bits(pt.HT)), Clusters: pt.Clusters, Iterations: pt.Iterations, Converged: pt.Converged})
	}
	fx, fy := curve.Frontier()
	for i := range fx {
		res.Frontier = append(res.Frontier, [2]float64{ib.Bits(fx[i]), ib.Bits(fy[i])})
	}
	if c.Out != "" {
		if err := os.MkdirAll(c.Out, 0o755); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
		fig, err := plots.IBCurve(curve, fmt.Sprintf("%s curve of %s", map[bool]string{false: "IB", true: "DIB"}[c.DIB], filepath.Base(c.Joint)))
		if err != nil {
			return err
		}
		// the three files are put in place together, or none of them
		var set outputSet
		defer set.Abort()
		if err := writeFigure(set.Write, c.Out, "ib-curve", fig); err != nil {
			return err
		}
		if err := set.Write(filepath.Join(c.Out, "ib-curve.csv"), func(w io.Writer) error {
			fmt.Fprintln(w, "beta,ixt_bits,ity_bits,ht_bits,clusters,converged")
			for _, pt := range res.Points {
				fmt.Fprintf(w, "%s,%s,%s,%s,%d,%t\n", csvFloat(float64(pt.Beta)), csvFloat(float64(pt.IXTBits)), csvFloat(float64(pt.ITYBits)),
					csvFloat(float64(pt.HTBits)), pt.Clusters, pt.Converged)
			}
			return nil
		}); err != nil {
			return err
		}
		if err := set.Commit(); err != nil {
			return err
		}
		res.Files = []string{"ib-curve.png", "ib-curve.svg", "ib-curve.csv"}
	}
	if c.JSON {
		return writeJSON(env, res)
	}
	w := env.Stdout
	rows, _ := p.Dims()
	zero := ""
	if rows > curve.NX {
		zero = fmt.Sprintf("%d rows without mass left out, ", rows-curve.NX)
		if rows-curve.NX == 1 {
			zero = "1 row without mass left out, "
		}
	}
	fmt.Fprintf(w, "%s curve of a %d×%d joint (%s%d x values after merging equal p(y|x)): H(X) = %.4f bits, I(X;Y) = %.4f bits\n",
		map[bool]string{false: "IB", true: "DIB"}[c.DIB], rows, ny, zero, curve.Reduced, float64(res.HXBits), float64(res.IXYBits))
	fmt.Fprintf(w, "%10s %10s %10s %9s\n", "beta", "I(X;T)", "I(T;Y)", "clusters")
	for _, pt := range res.Points {
		fmt.Fprintf(w, "%10.4g %10.4f %10.4f %9d\n", float64(pt.Beta), float64(pt.IXTBits), float64(pt.ITYBits), pt.Clusters)
	}
	if c.Out != "" {
		fmt.Fprintf(w, "wrote %s: ib-curve.png, ib-curve.svg, ib-curve.csv\n", c.Out)
	}
	return nil
}
