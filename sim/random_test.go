package sim

import (
	"math"
	"testing"
)

func TestSourceIsAPureFunctionOfItsName(t *testing.T) {
	a, b := NewSource(1, 2, 3), NewSource(9)
	b.Reseed(1, 2, 3)
	for i := 0; i < 100; i++ {
		if got, want := b.Uint64(), a.Uint64(); got != want {
			t.Fatalf("draw %d: got %d, want %d", i, got, want)
		}
	}
	if NewSource(1, 2, 3).Uint64() == NewSource(1, 2, 4).Uint64() {
		t.Error("different stream names gave the same first draw")
	}
}

// The sample mean of n Poisson(λ) draws has standard error sqrt(λ/n); the
// bound is five of those, so a correct sampler fails about once in 3·10^6.
func TestPoissonMean(t *testing.T) {
	for _, mean := range []float64{0.3, 2, 6} {
		rng := NewSource(42, uint64(mean*10))
		const n = 20000
		sum := 0
		for i := 0; i < n; i++ {
			sum += rng.Poisson(mean)
		}
		got := float64(sum) / n
		if tol := 5 * math.Sqrt(mean/n); math.Abs(got-mean) > tol {
			t.Errorf("mean %g: got %g, want within %g", mean, got, tol)
		}
	}
	if got := NewSource(1).Poisson(0); got != 0 {
		t.Errorf("Poisson(0) = %d, want 0", got)
	}
}

func TestPick(t *testing.T) {
	rng := NewSource(7)
	cum := Cumulative([]float64{1, 0, 3})
	counts := make([]int, 3)
	const n = 40000
	for i := 0; i < n; i++ {
		counts[rng.Pick(cum)]++
	}
	if counts[1] != 0 {
		t.Errorf("zero-weight index drawn %d times", counts[1])
	}
	// Binomial(n, 1/4): standard deviation sqrt(n·3/16) ≈ 87; allow 5σ.
	if got, want := float64(counts[0]), n/4.0; math.Abs(got-want) > 5*math.Sqrt(n*3.0/16) {
		t.Errorf("index 0 drawn %v times, want about %v", got, want)
	}
	if got := rng.Pick(Cumulative([]float64{0, 0})); got != -1 {
		t.Errorf("all-zero weights: got %d, want -1", got)
	}
}

func TestKindNamesRoundTrip(t *testing.T) {
	for _, k := range Kinds() {
		got, ok := ParseKind(k.String())
		if !ok || got != k {
			t.Errorf("ParseKind(%q) = %v, %v; want %v", k, got, ok, k)
		}
	}
	for _, f := range Families() {
		got, ok := ParseFamily(f.String())
		if !ok || got != f {
			t.Errorf("ParseFamily(%q) = %v, %v; want %v", f, got, ok, f)
		}
	}
	if _, ok := ParseKind("spaceport"); ok {
		t.Error("ParseKind accepted an unknown kind")
	}
}
