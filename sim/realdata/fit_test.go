package realdata

import (
	"math"
	"testing"

	"github.com/scantrail/scantrail/sim"
)

// Traces that explore exactly as S(n) = n^(1/(1+γ)) prescribes give back
// γ, and the ρ of that curve (ρ(1+γ) = 1). Rounding S(n) to whole venues
// bends the curve at small n, where log n is short, so the bounds allow
// 0.05 on γ and 0.25 on ρ(1+γ) (measured: γ 0.293, ρ(1+γ) 1.23).
func TestFitEPRRecoversExponent(t *testing.T) {
	const gamma = 0.25
	var traces [][]Obs
	for range 20 {
		var tr []Obs
		seen := 0
		for n := 1; n <= 500; n++ {
			target := int(math.Round(math.Pow(float64(n), 1/(1+gamma))))
			v := int32(0)
			if target > seen {
				seen = target
				v = int32(seen)
			}
			tr = append(tr, Obs{Venue: v, Minute: int32(n)})
		}
		traces = append(traces, tr)
	}
	rho, g := fitEPR(traces)
	if math.Abs(g-gamma) > 0.05 || math.Abs(rho*(1+g)-1) > 0.25 {
		t.Errorf("rho %.3f, gamma %.3f; want gamma %.2f ± 0.05 and rho(1+gamma) 1 ± 0.25",
			rho, g, gamma)
	}
}

// Explorations that always pick the nearest of venues on a line favour a
// steep decay; ones that pick uniformly a flat one.
func TestFitDecayDirection(t *testing.T) {
	venues := make([]sim.Venue, 50)
	for i := range venues {
		venues[i] = sim.Venue{ID: int32(i), X: float64(i) * 500}
	}
	var near, spread [][]Obs
	for start := range 40 {
		near = append(near, []Obs{{Venue: int32(start)}, {Venue: int32(start + 1)}})
		spread = append(spread, []Obs{{Venue: int32(start)}, {Venue: int32((start + 25) % 50)}})
	}
	steep, _ := fitDecay(venues, near)
	flat, _ := fitDecay(venues, spread)
	if !(steep > 2 && flat < 0.5) {
		t.Errorf("decay near %.2f, spread %.2f; want > 2 and < 0.5", steep, flat)
	}
}

func TestCentralHours(t *testing.T) {
	var shares [24]float64
	shares[22], shares[23], shares[0] = 0.3, 0.4, 0.3
	from, to := centralHours(shares, 0.9)
	if from != 22 || to != 1 {
		t.Errorf("central hours %d-%d, want 22-1", from, to)
	}
}

func TestScanRates(t *testing.T) {
	f := Fit{PerPersonDay: 1}
	f.KindShares[sim.Cafe], f.KindShares[sim.Bank], f.KindShares[sim.Gym] = 0.4, 0.4, 0.2
	var visits [sim.NumKinds]float64
	visits[sim.Cafe], visits[sim.Gym] = 2, 0.1
	scan, short := ScanRates(f, visits)
	got := [6]float64{scan[sim.Cafe], scan[sim.Bank], scan[sim.Gym],
		short[sim.Cafe], short[sim.Bank], short[sim.Gym]}
	want := [6]float64{0.2, 0, 1, 0, 0.4, 0.1}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("scan cafe, bank, gym and short cafe, bank, gym = %v, want %v", got, want)
			break
		}
	}
}

func TestCentroid(t *testing.T) {
	venues := []sim.Venue{{Lat: 40, Lon: -74}, {Lat: 41, Lon: -73}}
	if lat, lon := Centroid(venues); lat != 40.5 || lon != -73.5 {
		t.Errorf("centroid %v, %v; want 40.5, -73.5", lat, lon)
	}
	if lat, lon := Centroid(nil); lat != 0 || lon != 0 {
		t.Errorf("centroid of none %v, %v; want 0, 0", lat, lon)
	}
}
