// Package knn is the neighbour search shared by the k-nearest-neighbour
// estimators (KSG mutual information, Frenzel–Pompe conditional MI, Ross's
// continuous–discrete MI, Kozachenko–Leonenko entropy).
//
// # Data
//
// Points are n×d row-major in one contiguous []float64; there is no interface
// value per point. Point identities are row indices 0..n-1.
//
// # Structures
//
//   - Tree: a flat kd-tree in heap layout (node k has children 2k+1 and 2k+2).
//     Every node splits its index range at the middle along the widest side
//     of its cell (the root's bounding box cut by the splits above it), with
//     a quickselect that swaps whole rows of a working copy (fixed-size
//     arrays with the keys alongside for d ≤ 5), so the points end
//     in tree order with every leaf contiguous in memory and the shape of the
//     tree depends only on n and the leaf size. Subtrees are built in
//     parallel from the root within a worker budget. The cells serve as the
//     nodes' bounding boxes (O(d) per node instead of a scan per level).
//     Queries traverse iteratively with an explicit stack; the all-points
//     query (EachKNN) starts from the query's own leaf and walks up, searching
//     only the sibling subtrees within reach, nearest first. In 2 and 3
//     dimensions (amd64 with AVX2, not -tags purego; for the Euclidean norm
//     also not GOAMD64 ≥ v3, where the compiler fuses sqDist's
//     multiply-add) the leaves are also stored structure-of-arrays (per
//     leaf, each coordinate of its points contiguous, padded to a multiple
//     of 4), and a k-NN leaf scan is one AVX2 pass (leaf_amd64.s: 4 points
//     per instruction) that computes every point's distance (squared for
//     the Euclidean norm, rounded as sqDist) and marks those within the
//     k-th distance at entry; only the marked points go through the scalar
//     insertion test, in leaf order, so the list receives exactly the
//     insertions of the scalar scan (the fallback elsewhere). For the max norm the
//     lower bound of a subtree is updated in O(1) per node (the slab offset of
//     the split dimension, Arya & Mount); for the Euclidean norm the exact
//     distance to the node's bounding box is used. Radius counts accept whole
//     subtrees whose bounding box lies inside the ball.
//   - Sorted: the 1-D fast path, a copy of the values sorted in O(n) (see
//     Sorting), with bucket-guided galloping searches for radius counts
//     and a two-sided walk for k nearest neighbours.
//   - Strips: the 2-D max-norm all-points k-NN (KSG with two 1-D
//     marginals): the points cut by x rank into strips of about
//     0.75·sqrt(n·k) points, each kept sorted by y, built in O(n) from the
//     two sort orders (no selection, no tree). A query walks its own strip
//     up and down from its own position, then the strips to either side,
//     each from its y position (a forward cursor per strip) outward; walks
//     stop at a y gap, sides at an x gap, of the k-th distance so far. The
//     previous query's k-th distance plus its distance to this one, raised
//     by a few ulps, bounds the search from the start. For the default
//     k = 3 the list lives in registers and every point within the walk's
//     y gap is inserted without a branch (insert3: a min/max network on
//     the distances' bits). Without neighbour rows the lists of 16 queries
//     reach the callback together, so that its stores by row (scattered,
//     cache misses) overlap instead of holding up the searches' own
//     stores one query at a time. NewStripsInto builds into memory the
//     caller no longer needs (KSG: its jitter draws) and may take the y
//     values in y order. Strips.Suited probes
//     256 searches and refuses data on which a coordinate is nearly
//     constant within strips (few distinct values), where a Tree is faster.
//   - Columns: the 3-D form of Strips, for the max-norm entropy: slabs by
//     x rank, columns by y rank within a slab, z sorted within a column,
//     built in O(n): slabs from a histogram of x (only the buckets that
//     straddle a slab boundary are sorted), then each slab, on its own
//     goroutine and within the L2 cache, sorts its rows by y, cuts them
//     into columns and sorts every column by z. A query walks its own column in z,
//     then its slab's other columns outward in y, then the other slabs
//     outward in x; with AVX2 a walk tests chunks of 16 consecutive points
//     with the leaf filter (the three coordinates are stored apart with
//     one stride, as the filter's structure-of-arrays blocks are); the
//     filter's marked distances enter the list without a branch
//     (insertMarked), so a mark at or beyond the k-th distance leaves it
//     as it is.
//     Columns.Suited probes 256 searches likewise (and needs AVX2).
//   - Sorting: argsort is a bucket sort (n buckets of equal width, rows
//     scattered in order, stable insertion within a bucket) for smooth
//     data, and the LSD radix sort otherwise (a bucket over 48 values, a
//     range that is not finite); both give the same stable order. The
//     bucket starts are Sorted's lookup table; they double as the
//     scatter's cursors (bucket b counted at b+2), and a large sort
//     computes each value's bucket again rather than keeping an n-sized
//     array of them: fresh pages cost more than the multiply.
//   - AddLogs: a sum of logarithms in order, each with math.Log's bits;
//     with AVX2 four at a time by math.Log's own amd64 algorithm
//     (logs_amd64.s: the same operations and constants, no FMA), for the
//     Kozachenko–Leonenko sum of log k-th distances.
//   - Normals: the estimators' tie-breaking jitter, the variates of
//     math/rand/v2's NormFloat64 on a PCG stream bit for bit, drawn with the
//     generator step and the ziggurat's first test inlined (its tables read
//     off NormFloat64 once) and, for large counts, in two halves at once: the
//     second from a PCG jumped ahead in the stream, resynchronised where the
//     first half's generator stops.
//   - SelfCounter.CountSelf: the radius counts around every point of a set
//     at once, visited in the structure's own order (sorted or tree order),
//     so consecutive searches touch the same memory.
//   - Brute: an exhaustive scan, the test oracle.
//   - SplitScan: the exhaustive max-norm scan of a joint space made of two
//     coordinate groups, for KSG in 6 or more joint dimensions, where a
//     kd-tree visits most leaves. One pass per query gives the distances in
//     each group and jointly, hence the k nearest neighbours and both
//     marginal radius counts. Points are stored column-major; on amd64 the
//     pass is AVX2 assembly (scan_amd64.s, 4 points per instruction), with a
//     scalar Go fallback under -tags purego or without AVX2 (HaveFastScan).
//     PairScanner makes the pass for two (Scan) or four (Scan4) query
//     points at once, so every point vector loaded serves all of them
//     (two queries: about a third fewer instructions than single passes;
//     four: a further sixth fewer); both marginal counts then take one
//     pass. A symmetric scan (each pair computed once for both points)
//     would not save work here: the marginal counts need the radii, so it
//     takes a second half-pass, and two half-passes cost one full pass
//     plus the scattered updates of the column side (see
//     BenchmarkSplitScan/pair-scan-upper).
//   - SplitWindows: SplitScan restricted to windows, what KSG uses from 3
//     joint dimensions at moderate n: the joint points in slabs by one
//     lead-group coordinate, sorted within a slab by a second; four queries
//     walk outward within the largest k-th distance found so far, through
//     SplitScan's four-query pass; the other group is counted on a grid of
//     its own once the radii are known. Same counts and k-th distances as
//     SplitScan (on 5+5-D Gaussians at n = 10⁴ it evaluates about 30 % of
//     the distances).
//
// # Exactness
//
// Every structure computes the distance between a query q and a point p the
// same way: per coordinate |p_c − q_c| as a float64 subtraction (VSUBPD and
// a sign mask in the assembly), combined by max (Norm Max) or as the square root of the sum of squares in coordinate
// order (Norm Euclidean). (The AVX2 leaf filter subtracts the other way
// round, q_c − p_c, which has the same magnitude: rounded subtraction is
// antisymmetric.) Pruning bounds are built from the same subtractions,
// and floating-point subtraction is monotone, so the tree, the sorted arrays
// and the brute-force scan return bit-identical k-th neighbour distances and
// identical counts, ties included. Radius counts are strict (dist < r) unless
// inclusive (dist ≤ r) is asked for, the two forms KSG algorithms 1 and 2 need.
// When a k-NN query also returns the neighbours' rows, distance ties at the
// k-th place are broken by the lower row index in Tree, Brute and SplitScan
// alike, so the neighbour sets are identical too.
//
// # Parallelism
//
// Batch queries split the points into fixed blocks (internal/parallel) and
// write one result per point, so results do not depend on the worker count.
package knn
