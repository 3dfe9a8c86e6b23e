package analysis_test

import (
	"fmt"
	"math"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/sim"
)

// Geo-indistinguishability at ε = ln 4 / 200 m moves a reported position
// by 2/ε ≈ 289 m on average (Andrés et al., 2013).
func ExamplePlanarLaplace() {
	eps := math.Log(4) / 200
	rng := sim.NewSource(7)
	sum := 0.0
	const n = 100000
	for i := 0; i < n; i++ {
		dx, dy := analysis.PlanarLaplace(eps, rng)
		sum += math.Hypot(dx, dy)
	}
	fmt.Printf("mean shift about %.0f m (2/ε = %.0f m)\n", math.Round(sum/n/10)*10, 2/eps)
	// Output:
	// mean shift about 290 m (2/ε = 289 m)
}
