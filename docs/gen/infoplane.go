//go:build ignore

// Command infoplane regenerates the README's information-plane figures and
// the reproduction table (compression and late compression of each hidden
// layer of the 12-10-7-5-4-3-2 network, five seeds, per estimator) for tanh,
// ReLU, and tanh with L2 weight decay 0.015 (the penalty of Chelombiev et
// al.'s code). Run from the repository root:
//
//	go run docs/gen/infoplane.go              # runs everything (≈ 15 min of CPU on 2 cores), prints the table
//	go run docs/gen/infoplane.go -table DIR   # only prints the table of earlier runs in DIR
//
// The figures are the outputs of (infoplane.png renamed; SVG and CSV not committed)
//
//	go run ./cmd/itlab infoplane --out docs/tanh                             → docs/infoplane-tanh.png
//	go run ./cmd/itlab infoplane --activation relu --seed 1 --out docs/relu  → docs/infoplane-relu.png
//
// and, from the seed runs, docs/compression-tanh.png and docs/compression-relu.png
// (the compression.png that itlab infoplane --seeds writes).
//
// Each cell of the table is "compression / **late compression**" in bits,
// mean ± sd over seeds 0–4: max − final I(X;T), and the same with the
// maximum taken from epoch 200 on.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
)

type spread struct{ Mean, SD, Min, Max float64 }

type runJSON struct {
	Seeds    []uint64 `json:"seeds"`
	TrainAcc spread   `json:"final_train_acc"`
	TestAcc  spread   `json:"final_test_acc"`
	Spread   []struct {
		Estimator   string `json:"estimator"`
		Layer       int    `json:"layer"`
		Compression spread `json:"compression_bits"`
		Late        spread `json:"late_compression_bits"`
	} `json:"compression_spread"`
}

var configs = []struct {
	name, dir string
	args      []string
}{
	{"tanh", "tanh", nil},
	{"ReLU", "relu", []string{"--activation", "relu"}},
	{"tanh, L2 0.015", "tanh-l2", []string{"--l2", "0.015"}},
}

func main() {
	table := flag.String("table", "", "print the table of the runs already in this folder")
	flag.Parse()
	root := *table
	if root == "" {
		root = filepath.Join(os.TempDir(), "itlab-infoplane-table")
		for _, c := range configs {
			args := append([]string{"run", "./cmd/itlab", "infoplane", "--seeds", "0,1,2,3,4", "--quiet", "--out", filepath.Join(root, c.dir)}, c.args...)
			cmd := exec.Command("go", args...)
			cmd.Stderr = os.Stderr
			if err := cmd.Run(); err != nil {
				log.Fatalf("%s: %v", c.name, err)
			}
			if c.dir != "tanh-l2" { // the spread figures of the README
				b, err := os.ReadFile(filepath.Join(root, c.dir, "compression.png"))
				if err != nil {
					log.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join("docs", "compression-"+c.dir+".png"), b, 0o644); err != nil {
					log.Fatal(err)
				}
			}
		}
	}
	fmt.Println("| network | estimator | L1 | L2 | L3 | L4 | L5 |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, c := range configs {
		b, err := os.ReadFile(filepath.Join(root, c.dir, "run.json"))
		if err != nil {
			log.Fatal(err)
		}
		var r runJSON
		if err := json.Unmarshal(b, &r); err != nil {
			log.Fatal(err)
		}
		cells := map[string][]string{}
		var order []string
		for _, s := range r.Spread {
			if _, ok := cells[s.Estimator]; !ok {
				order = append(order, s.Estimator)
			}
			cells[s.Estimator] = append(cells[s.Estimator], fmt.Sprintf("%.2f ± %.2f / **%.2f ± %.2f**", s.Compression.Mean, s.Compression.SD, s.Late.Mean, s.Late.SD))
		}
		for i, e := range order {
			name := ""
			if i == 0 {
				name = fmt.Sprintf("%s (accuracy: train %.3f ± %.3f, test %.3f ± %.3f)", c.name, r.TrainAcc.Mean, r.TrainAcc.SD, r.TestAcc.Mean, r.TestAcc.SD)
			}
			fmt.Printf("| %s | %s |", name, e)
			for _, v := range cells[e] {
				fmt.Printf(" %s |", v)
			}
			fmt.Println()
		}
	}
}
