package analysis

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Metric is one measured number in tidy form: one row per scenario,
// replicate, adversary, attack, metric and parameter setting.
type Metric struct {
	Scenario  string  `parquet:"scenario,dict"`
	Replicate int32   `parquet:"replicate"`
	Adversary string  `parquet:"adversary,dict"`
	Attack    string  `parquet:"attack,dict"`
	Metric    string  `parquet:"metric,dict"`
	Parameter string  `parquet:"parameter,dict"`
	Value     float64 `parquet:"value"`
}

// Estimate is a metric summarised over replicates: the mean and a 95%
// confidence interval for it.
type Estimate struct {
	Adversary string  `parquet:"adversary,dict"`
	Attack    string  `parquet:"attack,dict"`
	Metric    string  `parquet:"metric,dict"`
	Parameter string  `parquet:"parameter,dict"`
	N         int32   `parquet:"replicates"`
	Mean      float64 `parquet:"mean"`
	Low       float64 `parquet:"ci_low"`
	High      float64 `parquet:"ci_high"`
}

// Summarize groups metrics by adversary, attack, metric and parameter and
// estimates each group's mean with a Student t interval:
//
//	mean ± t(0.975, n−1) · s / √n
//
// where s is the sample standard deviation over the n replicates, then
// truncated to the values the metric can take (shares lie in [0, 1],
// counts and set sizes are not negative), so that a share near 0 or 1 is
// not given an impossible bound. With a single replicate, or a non-finite
// value, the interval is NaN. Groups come out in the order of their first
// metric.
func Summarize(metrics []Metric) []Estimate {
	type key struct{ adv, attack, metric, param string }
	groups := map[key][]float64{}
	var order []key
	for _, m := range metrics {
		k := key{m.Adversary, m.Attack, m.Metric, m.Parameter}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], m.Value)
	}
	out := make([]Estimate, 0, len(order))
	for _, k := range order {
		mean, low, high := TInterval(groups[k], 0.95)
		lo, hi := metricRange(k.metric)
		low, high = math.Max(low, lo), math.Min(high, hi)
		out = append(out, Estimate{Adversary: k.adv, Attack: k.attack, Metric: k.metric,
			Parameter: k.param, N: int32(len(groups[k])), Mean: mean, Low: low, High: high})
	}
	return out
}

// metricRange returns the values a metric can take: counts and set sizes
// are at least 0, every other metric is a share or a probability in [0, 1].
func metricRange(metric string) (lo, hi float64) {
	switch metric {
	case "predicted_pairs", "anonymity_median", "records", "accounts", "identified_accounts",
		"published_venue_hours", "count_error":
		return 0, math.Inf(1)
	}
	return 0, 1
}

// TInterval returns the mean of xs and the two-sided Student t confidence
// interval at the given level. It returns NaN bounds for fewer than two
// values, and a zero-width interval when all values are equal.
func TInterval(xs []float64, level float64) (mean, low, high float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	mean, sd := stat.MeanStdDev(xs, nil)
	if len(xs) < 2 {
		return mean, math.NaN(), math.NaN()
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(xs) - 1)}.Quantile(0.5 + level/2)
	half := t * sd / math.Sqrt(float64(len(xs)))
	return mean, mean - half, mean + half
}

// fraction returns n/of, or 0 when of is 0: the share the attacks report
// when they have nothing to count over (Evaluate turns such shares into
// NaN where that matters).
func fraction(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// count returns 1 for true and 0 for false, for tallying outcomes.
func count(b bool) int {
	if b {
		return 1
	}
	return 0
}
