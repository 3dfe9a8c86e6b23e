package sim

import "math"

func expNeg(x float64) float64 { return math.Exp(-x) }

// Cumulative returns the running sums of w, for use with Source.Pick.
func Cumulative(w []float64) []float64 {
	cum := make([]float64, len(w))
	total := 0.0
	for i, x := range w {
		total += x
		cum[i] = total
	}
	return cum
}
