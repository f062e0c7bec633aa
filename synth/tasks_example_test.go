package synth_test

import (
	"fmt"

	"github.com/itlab/itlab/synth"
)

func ExampleSZT12() {
	task := synth.SZT12()
	train, test, err := task.SplitOrdered(0.8) // the reference split
	if err != nil {
		panic(err)
	}
	ones := 0
	for _, y := range task.Y {
		ones += y
	}
	fmt.Println(task.Len(), ones, train.Len(), test.Len())
	fmt.Println(task.X.RawRowView(62), task.Y[62])
	// Output:
	// 4096 2118 3277 819
	// [0 0 0 0 0 0 1 1 1 1 1 0] 1
}

func ExampleTaskByName() {
	task, err := synth.TaskByName("moons", 200, 1)
	if err != nil {
		panic(err)
	}
	train, test, err := task.Split(0.75, 1)
	if err != nil {
		panic(err)
	}
	fmt.Println(task.Name, task.Classes, train.Len(), test.Len())
	// Output: moons 2 150 50
}
