// Command itlab measures information in data and inside neural networks.
//
// Its main job, `itlab infoplane`, trains a network and draws the information
// plane of every layer in one command. The other commands estimate from
// files (.npy, .npz:name, .csv) that users export from PyTorch, JAX or
// anything else: `mi`, `entropy`, `divergence`, `vendi`, `ib-curve`,
// `inductive-bias`, `task-difficulty`; `sample` writes data with a known
// answer and `bench` measures accuracy and speed.
//
// # Contract
//
// The commands, flags and JSON fields are a contract that scripts depend on
// (DESIGN.md): the first value listed for a flag is its default; with --json
// an estimating command prints one JSON object with at least "value",
// "unit", "estimator" and "n"; errors are one line on stderr starting with
// "itlab: ", with exit status 1 for bad data or a failed run and 2 for bad
// usage. No input makes it print a Go panic trace: run recovers at the top.
// Output files are written atomically (temporary file, fsync, rename).
//
// Run `itlab --help` for the commands and `itlab COMMAND --help` for each
// command's flags and an example.
package main
