package analysis

import (
	"math"
	"testing"
)

// The 95% t interval of {1, 2, 3}: mean 2, s = 1, t(0.975, 2) = 4.302653,
// half-width 4.302653/√3 = 2.484138 (quantile from standard tables).
func TestTInterval(t *testing.T) {
	mean, low, high := TInterval([]float64{1, 2, 3}, 0.95)
	if mean != 2 || math.Abs(low-(2-2.484138)) > 1e-5 || math.Abs(high-(2+2.484138)) > 1e-5 {
		t.Errorf("got %g [%g, %g], want 2 [%.6f, %.6f]", mean, low, high, 2-2.484138, 2+2.484138)
	}
	if _, low, _ := TInterval([]float64{5}, 0.95); !math.IsNaN(low) {
		t.Errorf("one replicate: got bound %g, want NaN", low)
	}
	if mean, low, high := TInterval([]float64{0.5, 0.5}, 0.95); mean != 0.5 || low != 0.5 || high != 0.5 {
		t.Errorf("equal values: got %g [%g, %g], want a zero-width interval at 0.5", mean, low, high)
	}
}

func TestSummarizeGroups(t *testing.T) {
	ms := []Metric{
		{Replicate: 0, Adversary: "a", Attack: "unicity", Metric: "epsilon", Parameter: "p=1", Value: 0.2},
		{Replicate: 0, Adversary: "a", Attack: "unicity", Metric: "epsilon", Parameter: "p=2", Value: 0.5},
		{Replicate: 1, Adversary: "a", Attack: "unicity", Metric: "epsilon", Parameter: "p=1", Value: 0.4},
	}
	got := Summarize(ms)
	if len(got) != 2 {
		t.Fatalf("got %d estimates, want 2", len(got))
	}
	if got[0].Parameter != "p=1" || got[0].N != 2 || math.Abs(got[0].Mean-0.3) > 1e-12 {
		t.Errorf("first estimate %+v, want p=1 over 2 replicates with mean 0.3", got[0])
	}
	if got[1].N != 1 || !math.IsNaN(got[1].Low) {
		t.Errorf("second estimate %+v, want 1 replicate and no interval", got[1])
	}
}

// Shares near 0 get intervals truncated at 0, not negative bounds.
func TestSummarizeTruncatesToTheMetricsRange(t *testing.T) {
	ms := []Metric{
		{Attack: "unicity", Metric: "epsilon", Value: 0},
		{Replicate: 1, Attack: "unicity", Metric: "epsilon", Value: 0.01},
		{Attack: "companions", Metric: "predicted_pairs", Value: 1},
		{Replicate: 1, Attack: "companions", Metric: "predicted_pairs", Value: 9},
	}
	got := Summarize(ms)
	if got[0].Low != 0 || got[0].High <= 0.01 {
		t.Errorf("share interval [%g, %g], want it to start at 0", got[0].Low, got[0].High)
	}
	if got[1].Low != 0 || got[1].High <= 9 {
		t.Errorf("count interval [%g, %g], want it to start at 0 and pass 9", got[1].Low, got[1].High)
	}
}
