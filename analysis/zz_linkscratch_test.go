package analysis

import (
	"testing"
	"time"
	"sort"
)

func TestZZLinkStats(t *testing.T) {
	t0 := time.Now()
	r := simulated(t, 100000, 28, "", nil)
	t.Logf("sim %v", time.Since(t0))
	for _, h := range [][]string{{"venue_operators"}, {"health_authority"}, {"payment_provider"}, {"public_security"}} {
		t0 = time.Now()
		v, err := r.View(h[0], h, Window{})
		if err != nil { t.Fatal(err) }
		t.Logf("%s: %d accounts %d obs in %v", h[0], v.NumAccounts(), v.NumObservations(), time.Since(t0))
		// occupancy per (venue, 30-min bin)
		type key struct{ v, b int32 }
		cnt := map[key]int32{}
		for a := int32(0); a < int32(v.NumAccounts()); a++ {
			for _, o := range v.Trace(a) { cnt[key{o.Venue, o.Minute / 30}]++ }
		}
		var xs []int
		var sq float64
		for _, c := range cnt { xs = append(xs, int(c)); sq += float64(c) * float64(c) }
		sort.Ints(xs)
		n := len(xs)
		t.Logf("  bins %d, median %d p90 %d p99 %d max %d, sum sq %.3g", n, xs[n/2], xs[n*9/10], xs[n*99/100], xs[n-1], sq)
	}
}
