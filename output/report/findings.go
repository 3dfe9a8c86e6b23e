package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/scantrail/scantrail/analysis"
)

// Findings turns a run's estimates into its headline: one line per
// adversary, in the order of est, naming what it holds and what each
// attack got from it, as means over the replicates:
//
//   - unicity: the share of sampled people singled out by 4 points (or the
//     most points measured, if fewer) at the first resolution;
//   - linkage: top-1 over the longest span of data, or for imported
//     records the share of later histories linked back to their owner;
//   - home found (or, for imported records, inferred);
//   - tracking: the share of where-was-this-person queries answered, and
//     answered with the right venue;
//   - companions, the background-knowledge risk at the largest k, and
//     trajectory recovery, where they were measured.
//
// A measure that did not apply (NaN) is left out; an adversary with
// nothing to say gets no line.
func Findings(est []analysis.Estimate) []Finding {
	var order []string
	byAdv := map[string]estimates{}
	for _, e := range est {
		if _, ok := byAdv[e.Adversary]; !ok {
			order = append(order, e.Adversary)
		}
		byAdv[e.Adversary] = append(byAdv[e.Adversary], e)
	}
	var out []Finding
	for _, adv := range order {
		es := byAdv[adv]
		var parts []string
		for _, clause := range []func() string{es.holdings, es.unicity, es.linkage, es.home,
			es.tracking, es.companions, es.risk, es.recovery} {
			if s := clause(); s != "" {
				parts = append(parts, s)
			}
		}
		if len(parts) > 0 {
			out = append(out, Finding{Subject: adv, Text: strings.Join(parts, "; ") + "."})
		}
	}
	return out
}

// estimates are one adversary's estimates.
type estimates []analysis.Estimate

// get returns the mean of the estimate of attack's metric at param, and
// whether it exists and applied.
func (es estimates) get(attack, metric, param string) (float64, bool) {
	for _, e := range es {
		if e.Attack == attack && e.Metric == metric && e.Parameter == param {
			return e.Mean, !math.IsNaN(e.Mean)
		}
	}
	return 0, false
}

// largest returns the estimate of attack's metric whose parameter's
// number after key (such as "days=") is largest and at most limit.
func (es estimates) largest(attack, metric, key string, limit int) (analysis.Estimate, int) {
	best, bestN := analysis.Estimate{Mean: math.NaN()}, -1
	for _, e := range es {
		if e.Attack != attack || e.Metric != metric || math.IsNaN(e.Mean) {
			continue
		}
		n, ok := numberAfter(e.Parameter, key)
		if ok && n <= limit && n > bestN {
			best, bestN = e, n
		}
	}
	return best, bestN
}

// numberAfter reads the whole number that follows key in a parameter
// such as "resolution=venue/hour p=4".
func numberAfter(param, key string) (int, bool) {
	for _, f := range strings.Fields(param) {
		if v, ok := strings.CutPrefix(f, key); ok {
			n, err := strconv.Atoi(v)
			return n, err == nil
		}
	}
	return 0, false
}

func (es estimates) holdings() string {
	records, ok := es.get(analysis.AttackHoldings, "records", "")
	if !ok {
		return ""
	}
	s := "holds " + count(records) + " records"
	if named, ok := es.get(analysis.AttackHoldings, "identified_accounts", ""); ok {
		s += " (" + count(named) + " accounts by real name)"
	}
	return s
}

// unicity reports ε at 4 points, or the most points below, at the first
// resolution measured.
func (es estimates) unicity() string {
	res := ""
	var filtered estimates
	for _, e := range es {
		if e.Attack != analysis.AttackUnicity || e.Metric != "epsilon" {
			continue
		}
		r, _, _ := strings.Cut(strings.TrimPrefix(e.Parameter, "resolution="), " ")
		if res == "" {
			res = r
		}
		if r == res {
			filtered = append(filtered, e)
		}
	}
	e, p := filtered.largest(analysis.AttackUnicity, "epsilon", "p=", 4)
	if p < 0 {
		return ""
	}
	return fmt.Sprintf("%s at %s single out %s of sampled people", plural(strconv.Itoa(p),
		"point"), res, Percent(e.Mean))
}

func (es estimates) linkage() string {
	for _, e := range es {
		if e.Attack == analysis.AttackLinkage && e.Metric == "top1" &&
			strings.Contains(e.Parameter, "method=profile") && !math.IsNaN(e.Mean) {
			return fmt.Sprintf("%s of later histories linked back to their owner (top-1)",
				Percent(e.Mean))
		}
	}
	e, days := es.largest(analysis.AttackLinkage, "top1", "days=", math.MaxInt)
	if days < 0 {
		return ""
	}
	return fmt.Sprintf("linkage matches %s of pseudonymous accounts to their owner "+
		"over %s", Percent(e.Mean), plural(strconv.Itoa(days), "day"))
}

func (es estimates) home() string {
	if v, ok := es.get(analysis.AttackHomeWork, "home_accuracy", ""); ok {
		return "home found for " + Percent(v) + " of people"
	}
	if v, ok := es.get(analysis.AttackHomeWork, "with_home", ""); ok {
		return "a home inferred for " + Percent(v) + " of people"
	}
	return ""
}

func (es estimates) tracking() string {
	answered, ok := es.get(analysis.AttackTracking, "answered", "")
	if !ok {
		return ""
	}
	s := Percent(answered) + " of where-was-this-person queries answered"
	if right, ok := es.get(analysis.AttackTracking, "venue_correct", ""); ok {
		s += " (" + Percent(right) + " with the right venue)"
	}
	return s
}

func (es estimates) companions() string {
	precision, ok1 := es.get(analysis.AttackCompanions, "precision", "")
	recall, ok2 := es.get(analysis.AttackCompanions, "recall", "")
	if !ok1 || !ok2 {
		return ""
	}
	return fmt.Sprintf("companions: %s of predicted pairs true, %s of true pairs found",
		Percent(precision), Percent(recall))
}

func (es estimates) risk() string {
	e, k := es.largest(analysis.AttackRisk, "unique_share", "k=", math.MaxInt)
	if k < 0 {
		return ""
	}
	return fmt.Sprintf("%s single out %s", plural(strconv.Itoa(k), "known place"),
		Percent(e.Mean))
}

func (es estimates) recovery() string {
	for _, e := range es {
		if e.Attack != analysis.AttackRecovery || e.Metric != "link_accuracy" ||
			math.IsNaN(e.Mean) {
			continue
		}
		s := "trajectory recovery: " + Percent(e.Mean) + " of links right"
		if r, ok := es.get(analysis.AttackRecovery, "random_accuracy", e.Parameter); ok {
			s += " (" + Percent(r) + " by chance)"
		}
		return s
	}
	return ""
}

// Percent writes a share as a percentage for a reader: whole percents,
// with a decimal below 10% and just under 100%, where rounding would hide
// the gap (99.8%, not 100%).
func Percent(x float64) string {
	v := 100 * x
	switch {
	case v == 100 || v == 0:
		return fmt.Sprintf("%.0f%%", v)
	case v < 10 || v >= 99.5:
		s := fmt.Sprintf("%.1f%%", v)
		if s == "100.0%" {
			return "over 99.9%"
		}
		return s
	}
	return fmt.Sprintf("%.0f%%", v)
}

// count writes a whole number with commas between groups of three digits.
func count(x float64) string {
	s := strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
