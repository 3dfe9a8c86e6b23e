package chart_test

import (
	"fmt"
	"math"

	"github.com/scantrail/scantrail/output/chart"
)

// A policy chart from tidy rows: two replicates of linkage at three
// retention limits, summarised into means with 95% intervals. The limit
// 0 keeps records forever; the chart draws it at the right end.
func ExamplePolicy() {
	rows := []chart.Row{
		{Series: "linkage top-1", X: 0, Value: 0.62}, {Series: "linkage top-1", X: 0, Value: 0.58},
		{Series: "linkage top-1", X: 7, Value: 0.41}, {Series: "linkage top-1", X: 7, Value: 0.39},
		{Series: "linkage top-1", X: 14, Value: 0.50}, {Series: "linkage top-1", X: 14, Value: 0.52},
	}
	series := chart.Summarize(rows, 0, 1)
	for _, pt := range series[0].Points {
		fmt.Printf("%2.0f days: %.2f [%.2f, %.2f]\n", pt.X, pt.Y, pt.Low, math.Min(pt.High, 1))
	}
	p, err := chart.Policy("linkage top-1", series)
	if err != nil {
		fmt.Println(err)
		return
	}
	svg, err := chart.Render(p, "policy.svg")
	fmt.Println(len(svg) > 0, err)
	// Output:
	//  0 days: 0.60 [0.35, 0.85]
	//  7 days: 0.40 [0.27, 0.53]
	// 14 days: 0.51 [0.38, 0.64]
	// true <nil>
}
