package dataio

import "slices"

// ClassIDs maps integer class labels of any value (−1/+1, sparse codes such
// as 100 and 200) to the dense class ids 0…C−1 that the estimators, nets and
// ib take, in increasing order of label value: ids[i] is the id of
// labels[i], and classes[id] is the label value that id stands for, so
// len(classes) is the number of distinct labels C. Labels that are already
// 0…C−1 map to themselves. No estimate depends on the values of the class
// names, only on which samples share one. O(n log C) time, O(n + C) memory;
// labels is not modified.
func ClassIDs(labels []int) (ids, classes []int) {
	classes = slices.Clone(labels)
	slices.Sort(classes)
	classes = slices.Clip(slices.Compact(classes))
	ids = make([]int, len(labels))
	for i, l := range labels {
		ids[i], _ = slices.BinarySearch(classes, l)
	}
	return ids, classes
}
