package analysis

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/engine"
)

// The direction tests of the mitigations: each runs the default scenario
// (seed 1, a small city) with and without one defence and checks that the
// attacks it targets move the way the defence is meant to move them. The
// populations are small, so the tests compare against margins the
// defences clear by far, not against exact values.

// mitigated simulates the default scenario with the overrides and returns
// its records and metrics, keyed "adversary/attack/metric/parameter".
func mitigated(t *testing.T, people, days int, sets ...string) (*Records, map[string]float64) {
	t.Helper()
	base := []string{fmt.Sprintf("population.people=%d", people), fmt.Sprintf("days=%d", days),
		"attacks.sample=300", "attacks.replicates=1"}
	s, err := scenarios.Parse("mitigation-test", "", nil, append(base, sets...))
	if err != nil {
		t.Fatal(err)
	}
	start, _ := s.StartDate()
	r := NewRecords(start.UnixMilli())
	r.Positions = NeedsPositions(s)
	if _, err := engine.Run(context.Background(), s, r, engine.Options{}); err != nil {
		t.Fatal(err)
	}
	ms, err := Evaluate(context.Background(), s, r, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, m := range ms {
		out[m.Adversary+"/"+m.Attack+"/"+m.Metric+"/"+m.Parameter] = m.Value
	}
	return r, out
}

func get(t *testing.T, ms map[string]float64, key string) float64 {
	t.Helper()
	v, ok := ms[key]
	if !ok {
		var keys []string
		for k := range ms {
			if strings.HasPrefix(k, strings.SplitN(key, "/", 2)[0]) {
				keys = append(keys, k)
			}
		}
		t.Fatalf("no metric %s (have %d, e.g. %v)", key, len(keys), keys[:min(5, len(keys))])
	}
	return v
}

// Everyone paying cash leaves the payment stream empty, and with it the
// payment provider's holdings and the linkage of scans to payments.
func TestCashEmptiesPayments(t *testing.T) {
	r, ms := mitigated(t, 400, 7, "mitigations.cash.share=1",
		"attacks.linkage.to=[payment_provider]")
	if n := r.Count(sim.StreamPayments); n != 0 {
		t.Errorf("payments with everyone paying cash: %d, want 0", n)
	}
	if v := get(t, ms, "payment_provider/holdings/records/"); v != 0 {
		t.Errorf("payment provider holds %v records, want 0", v)
	}
	_, base := mitigated(t, 400, 7, "attacks.linkage.to=[payment_provider]")
	before := get(t, base, "public_security/linkage/top1/days=7")
	after, ok := ms["public_security/linkage/top1/days=7"]
	if before < 0.2 || (ok && after > 0.01) {
		t.Errorf("linkage to payments: %.3f without cash, %.3f with everyone paying cash",
			before, after)
	}
}

// A seven-day retention limit, measured by an adversary querying on day
// 28, leaves only the last week: the linkage of scans to payments over 28
// days falls to about its 7-day value (0.95 and 0.72 top-1 at seed 1) and
// tracking answers about a quarter as many queries (0.30 and 0.07).
func TestRetentionLowersLinkageAndTracking(t *testing.T) {
	keep := []string{"attacks.unicity.enabled=false", "attacks.risk.enabled=false",
		"attacks.companions.enabled=false", "attacks.linkage.to=[payment_provider]"}
	_, all := mitigated(t, 1000, 28, keep...)
	var limited []string
	for i := 0; i < 4; i++ {
		limited = append(limited, fmt.Sprintf("holders.%d.retention_days=7", i))
	}
	_, week := mitigated(t, 1000, 28, append(keep, limited...)...)
	tests := []struct {
		key     string
		atLeast float64 // the fall, as a share of the value without a limit
	}{
		{"public_security/linkage/top1/days=28", 0.1},
		{"public_security/tracking/answered/", 0.5},
		{"public_security/holdings/records/", 0.5},
	}
	for _, tt := range tests {
		before, after := get(t, all, tt.key), get(t, week, tt.key)
		if !(after <= before*(1-tt.atLeast)) {
			t.Errorf("%s: %.3f kept forever, %.3f with 7-day retention; want a fall of "+
				"at least %.0f%%", tt.key, before, after, 100*tt.atLeast)
		}
	}
	if a, b := get(t, week, "public_security/linkage/top1/days=28"),
		get(t, week, "public_security/linkage/top1/days=7"); math.Abs(a-b) > 0.05 {
		t.Errorf("with 7-day retention, top-1 over 28 days %.3f, want about the 7-day %.3f", a, b)
	}
}

// Under decentralized presence tracing the health authority's server
// holds no visit records: an adversary reading only that server holds
// nothing to re-identify anyone with, and sees only published
// venue-hours.
func TestDecentralizedServerLearnsNothing(t *testing.T) {
	_, ms := mitigated(t, 400, 14,
		"holders.0.storage=phone", "holders.0.phone_days=14", "holders.0.diagnosis_rate=0.01",
		`adversaries=[{name: server, holders: [health_authority]}]`)
	for _, m := range []string{"records", "accounts", "identified_accounts"} {
		if v := get(t, ms, "server/holdings/"+m+"/"); v != 0 {
			t.Errorf("server holds %v %s, want 0", v, m)
		}
	}
	for k, v := range ms {
		if strings.Contains(k, "/unicity/") && !math.IsNaN(v) && v != 0 {
			t.Errorf("%s = %v, want nobody singled out", k, v)
		}
	}
	if v := get(t, ms, "server/holdings/published_venue_hours/holder=health_authority "+
		"stream=scans"); v <= 0 {
		t.Errorf("published venue-hours %v, want some after diagnoses", v)
	}
}

// Planar Laplace at ε = ln 4 / 200 m moves a position by 2/ε ≈ 288.5 m on
// average (Andrés et al., 2013). The radius is Gamma(2, 1/ε) with
// standard deviation √2/ε ≈ 204 m, so over 40,000 draws the mean lies
// within 4 standard errors (4·204/200 ≈ 4.1 m) of 288.5 m.
func TestPlanarLaplaceMeanShift(t *testing.T) {
	eps := math.Log(4) / 200
	rng := sim.NewSource(1, 2, 3)
	const n = 40000
	sum := 0.0
	for i := 0; i < n; i++ {
		dx, dy := PlanarLaplace(eps, rng)
		sum += math.Hypot(dx, dy)
	}
	want, se := 2/eps, math.Sqrt2/eps/math.Sqrt(n)
	if got := sum / n; math.Abs(got-want) > 4*se {
		t.Errorf("mean shift %.1f m, want %.1f ± %.1f m", got, want, 4*se)
	}
}

// Daily-rotated pseudonyms cut a week-long trace into seven unlinkable
// ones: the venue operators single out fewer people with 4 points than
// under a stable salted pseudonym.
func TestDailyPseudonymsCutUnicity(t *testing.T) {
	key := "venue_operators/unicity/epsilon/resolution=venue/hour p=4"
	_, stable := mitigated(t, 400, 7)
	_, daily := mitigated(t, 400, 7, "holders.3.identifier=daily")
	if before, after := get(t, stable, key), get(t, daily, key); !(after < before) {
		t.Errorf("ε_4: %.3f stable, %.3f rotated daily; want lower when rotated", before, after)
	}
}

// TestMitigationDirections runs each remaining defence against the same
// baseline (500 people, one week) and checks the direction of the metric
// it targets, read by "ha", an adversary reading only the health
// authority's real-name scans.
func TestMitigationDirections(t *testing.T) {
	adv := `adversaries=[{name: ha, holders: [health_authority]}, ` +
		`{name: public_security, holders: [health_authority, payment_provider, ` +
		`public_security, venue_operators]}]`
	base := []string{adv, "attacks.linkage.to=[payment_provider]", "attacks.sample=300"}
	gps := "holders.0.locate_by=gps"
	const (
		ha4    = "ha/unicity/epsilon/resolution=venue/hour p=4"
		haRec  = "ha/holdings/records/"
		haAcc  = "ha/holdings/accounts/"
		haIDs  = "ha/holdings/identified_accounts/"
		haHome = "ha/home_work/home_accuracy/"
		haVen  = "ha/tracking/venue_correct/"
		link   = "public_security/linkage/top1/days=7"
	)
	tests := []struct {
		name     string
		baseline []string // extra settings of the baseline, if not the plain one
		sets     []string
		key      string
		lower    bool // the defence should lower the metric (else raise it)
	}{
		{"skip scans", nil, []string{"mitigations.skip_scans.share=1"}, haRec, true},
		{"skip half the scans of seniors", nil,
			[]string{"mitigations.skip_scans.by_age.senior=1", "mitigations.skip_scans.rate=0.5"},
			haRec, true},
		{"manual entry under false names", nil,
			[]string{"mitigations.manual_entry.share=1", "mitigations.manual_entry.false_name=1"},
			haIDs, true},
		{"dummy check-ins", nil,
			[]string{"mitigations.dummy_scans.share=1", "mitigations.dummy_scans.per_day=3"},
			haVen, true},
		{"dummy check-ins add records", nil,
			[]string{"mitigations.dummy_scans.share=1", "mitigations.dummy_scans.per_day=3"},
			haRec, false},
		{"gps spoofing", []string{gps},
			[]string{gps, "mitigations.gps_spoofing.share=1", "mitigations.gps_spoofing.mode=random"},
			haVen, true},
		{"geo-indistinguishability", []string{gps},
			[]string{gps, "holders.0.geo_indistinguishability=0.00693"}, haVen, true},
		{"shared household account", nil, []string{"mitigations.shared_account.share=1"},
			haAcc, true},
		{"delayed scans", nil,
			[]string{"mitigations.delayed_scans.share=1", "mitigations.delayed_scans.delay_min=120"},
			link, true},
		{"district places", nil, []string{"holders.0.place=district"}, ha4, true},
		{"daily times", nil, []string{"holders.0.time=day"}, haVen, true},
		{"k-anonymous cloaking", nil, []string{"holders.0.cloaking_k=10"}, ha4, true},
		{"silos", nil, []string{"mitigations.silos=true"},
			"public_security/home_work/home_accuracy/", true},
		{"certificate check only", nil, []string{"holders.0.storage=none"}, haRec, true},
		{"retention on the health authority", nil, []string{"holders.0.retention_days=2"},
			haHome, true},
	}
	baselines := map[string]map[string]float64{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := strings.Join(tt.baseline, ",")
			if baselines[id] == nil {
				_, baselines[id] = mitigated(t, 500, 7, append(base, tt.baseline...)...)
			}
			_, with := mitigated(t, 500, 7, append(base, tt.sets...)...)
			before, after := get(t, baselines[id], tt.key), with[tt.key]
			if tt.lower && !(after < before || math.IsNaN(after)) ||
				!tt.lower && !(after > before) {
				t.Errorf("%s: %.3f without, %.3f with; want it %s", tt.key, before, after,
					map[bool]string{true: "lower", false: "higher"}[tt.lower])
			}
		})
	}
}

// A noisy aggregate release is harder to recover trajectories from at a
// small ε than at a large one, and the adversary holds no records. (The
// greedy nearest-venue transport does not beat random linking on check-in
// data, whose consecutive-hour moves are long ones between big venues;
// random_accuracy reports that baseline, and the test does not hide it.)
func TestAggregateReleaseRecovery(t *testing.T) {
	adv := `adversaries=[{name: analyst, holders: [health_authority]}]`
	key := "analyst/trajectory_recovery/link_accuracy/holder=health_authority stream=scans"
	rnd := "analyst/trajectory_recovery/random_accuracy/holder=health_authority stream=scans"
	_, loose := mitigated(t, 500, 3, adv, "holders.0.release=aggregate",
		"holders.0.release_epsilon=10")
	_, strict := mitigated(t, 500, 3, adv, "holders.0.release=aggregate",
		"holders.0.release_epsilon=0.1")
	hi, lo := get(t, loose, key), get(t, strict, key)
	if !(lo < hi) {
		t.Errorf("link accuracy %.3f at ε = 10, %.3f at ε = 0.1; want lower at 0.1", hi, lo)
	}
	if r := get(t, loose, rnd); !(r > 0 && r < 1) {
		t.Errorf("random-linking baseline %.3f, want a share strictly inside (0, 1)", r)
	}
	if v := get(t, loose, "analyst/holdings/records/"); v != 0 {
		t.Errorf("the analyst holds %v records of an aggregate-only holder, want 0", v)
	}
}
