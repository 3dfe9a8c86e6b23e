package analysis

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// Attack names, as they appear in the metrics tables.
const (
	AttackUnicity    = "unicity"
	AttackLinkage    = "linkage"
	AttackHomeWork   = "home_work"
	AttackTracking   = "tracking"
	AttackCompanions = "companions"
	AttackRisk       = "risk"
)

// Evaluate runs the scenario's enabled attacks for every adversary on the
// records of one replicate and returns their metrics in a fixed order.
// Random draws (samples, query times) come from streams named by the seed,
// the replicate, the adversary and the attack.
//
// Evaluate stops between attacks, with ctx's error, once ctx is done.
func Evaluate(ctx context.Context, s *scenarios.Scenario, r *Records, replicate int,
	log *slog.Logger) ([]Metric, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var out []Metric
	for i, a := range s.Adversaries {
		e := &evaluation{ctx: ctx, s: s, r: r, adv: a, rep: replicate, index: i, log: log,
			out: map[string][]Metric{}}
		ms, err := e.run()
		if err != nil {
			return nil, fmt.Errorf("adversary %s: %w", a.Name, err)
		}
		out = append(out, ms...)
	}
	return out, nil
}

// evaluation is one adversary's attacks on one replicate.
type evaluation struct {
	ctx   context.Context
	s     *scenarios.Scenario
	r     *Records
	v     *View
	adv   scenarios.Adversary
	rep   int
	index int
	out   map[string][]Metric // by attack
	log   *slog.Logger

	byPerson *View
}

func (e *evaluation) run() ([]Metric, error) {
	at := e.s.Attacks
	// Linkage builds views of its own, so it runs before the account view
	// is built; the attacks on the account view follow, and the view is
	// then merged by person in place for unicity and risk, so that at most
	// one large view is held at a time. Metrics are put back in the
	// canonical order at the end.
	steps := []struct {
		on  bool
		run func() error
	}{
		{at.Linkage.Enabled, e.linkage},
		{true, e.accountView},
		{true, e.holdings},
		{at.HomeWork.Enabled, e.homeWork},
		{at.Tracking.Enabled, e.tracking},
		{at.Companions.Enabled, e.companions},
		{true, e.dropAccountView},
		{at.Unicity.Enabled, e.unicity},
		{at.Risk.Enabled, e.risk},
	}
	for _, st := range steps {
		if err := e.ctx.Err(); err != nil {
			return nil, err
		}
		if !st.on {
			continue
		}
		if err := st.run(); err != nil {
			return nil, err
		}
	}
	var out []Metric
	for _, attack := range []string{AttackHoldings, AttackUnicity, AttackLinkage,
		AttackHomeWork, AttackTracking, AttackCompanions, AttackRisk, AttackRecovery} {
		out = append(out, e.out[attack]...)
	}
	return out, nil
}

// accountView builds the adversary's view.
func (e *evaluation) accountView() error {
	v, err := e.r.AdversaryView(e.adv)
	if err != nil {
		return err
	}
	e.log.Info("attacking", "replicate", e.rep, "adversary", e.adv.Name,
		"accounts", v.NumAccounts(), "records", v.NumObservations())
	e.v = v
	return nil
}

// dropAccountView turns the account view into the view merged by person,
// in place, so that the two are never held at once.
func (e *evaluation) dropAccountView() error {
	e.byPerson = e.v.MergeByPerson()
	e.v = nil
	return nil
}

// rng returns the random stream of one attack.
func (e *evaluation) rng(attack uint64) *sim.Source {
	return sim.NewSource(e.s.Seed, uint64(e.rep), uint64(e.index), attack)
}

func (e *evaluation) add(attack, metric, param string, value float64) {
	e.out[attack] = append(e.out[attack], Metric{
		Scenario: e.s.Name, Replicate: int32(e.rep), Adversary: e.adv.Name,
		Attack: attack, Metric: metric, Parameter: param, Value: value,
	})
}

func (e *evaluation) unicity() error {
	at := e.s.Attacks.Unicity
	points := make([]int, at.MaxPoints)
	for i := range points {
		points[i] = i + 1
	}
	people := e.people()
	sample := SampleAccounts(people, e.s.Attacks.Sample, e.rng(1))
	for _, spec := range at.Resolutions {
		res, err := ParseResolution(spec)
		if err != nil {
			return err
		}
		for _, u := range Unicity(people, res, points, sample, e.rng(2)) {
			e.add(AttackUnicity, "epsilon", fmt.Sprintf("resolution=%s p=%d", spec, u.P),
				orNaN(u.Epsilon, u.Eligible))
		}
	}
	return nil
}

// people returns the adversary's view merged by person.
func (e *evaluation) people() *View {
	return e.byPerson
}

func (e *evaluation) linkage() error {
	at := e.s.Attacks.Linkage
	from, to := readable(e.adv.Holders, at.From), readable(e.adv.Holders, at.To)
	if len(from) == 0 || len(to) == 0 {
		e.log.Info("linkage skipped: the adversary reads no holder on one side",
			"adversary", e.adv.Name, "from", at.From, "to", at.To)
		return nil
	}
	place, err := ParseResolution(at.Place + "/minute")
	if err != nil {
		return err
	}
	opts := LinkOptions{Place: place, WindowMin: int32(at.WindowMin), MinScore: at.MinScore}
	days := e.linkDays(at.Days)
	results, err := LinkOverDays(e.r, from, to, days, opts)
	if err != nil {
		return err
	}
	for i, lr := range results {
		param := "days=" + strconv.Itoa(days[i])
		e.add(AttackLinkage, "top1", param, lr.Top1)
		e.add(AttackLinkage, "top5", param, lr.Top5)
		e.add(AttackLinkage, "precision", param, lr.Precision)
		e.add(AttackLinkage, "recall", param, lr.Recall)
	}
	return nil
}

// linkDays keeps the amounts of data that the run and the adversary's
// query day allow.
func (e *evaluation) linkDays(days []int) []int {
	last := e.r.Days
	if e.adv.QueryDay > 0 {
		last = min(last, e.adv.QueryDay)
	}
	var out []int
	for _, d := range days {
		if d <= last {
			out = append(out, d)
		} else {
			e.log.Info("linkage over more days than the adversary holds skipped",
				"adversary", e.adv.Name, "days", d, "held", last)
		}
	}
	return out
}

// readable returns the holders of want that the adversary reads.
func readable(reads, want []string) []string {
	var out []string
	for _, h := range want {
		if slices.Contains(reads, h) {
			out = append(out, h)
		}
	}
	return out
}

// homeWork reports the home and work attack. An accuracy over no guesses
// is NaN, not 0: the attack did not apply (a payment provider sees no
// homes), which is not the same as guessing wrong.
func (e *evaluation) homeWork() error {
	hw := HomeWork(e.v, e.r)
	e.add(AttackHomeWork, "home_accuracy", "", orNaN(hw.HomeAccuracy, hw.WithHome))
	e.add(AttackHomeWork, "work_accuracy", "", orNaN(hw.WorkAccuracy, hw.WithWork))
	e.add(AttackHomeWork, "anonymity_median", "level=venue", orNaN(hw.Venue.Median, hw.WithWork))
	e.add(AttackHomeWork, "unique_share", "level=venue", orNaN(hw.Venue.Unique, hw.WithWork))
	e.add(AttackHomeWork, "anonymity_median", "level=district",
		orNaN(hw.District.Median, hw.WithWork))
	e.add(AttackHomeWork, "unique_share", "level=district",
		orNaN(hw.District.Unique, hw.WithWork))
	return nil
}

// tracking reports the tracking attack over the people the adversary can
// name; with nobody named the shares are NaN.
func (e *evaluation) tracking() error {
	tr := Track(e.v, e.r, e.s.Attacks.Tracking.Queries, e.rng(3))
	e.add(AttackTracking, "answered", "", orNaN(tr.Answered, tr.Queries))
	e.add(AttackTracking, "venue_correct", "", orNaN(tr.VenueCorrect, tr.Queries))
	e.add(AttackTracking, "district_correct", "", orNaN(tr.DistrictCorrect, tr.Queries))
	e.add(AttackTracking, "hours_placed", "", orNaN(tr.HoursPlaced, tr.People))
	return nil
}

// orNaN returns x, or NaN when it is a share of nothing (n = 0).
func orNaN(x float64, n int) float64 {
	if n == 0 {
		return math.NaN()
	}
	return x
}

func (e *evaluation) companions() error {
	at := e.s.Attacks.Companions
	opts := CompanionOptions{MinTimes: at.MinTimes, WindowMin: int32(at.WindowMin)}
	c := Companions(e.v, e.r, opts)
	e.add(AttackCompanions, "precision", "", orNaN(c.Precision, c.Predicted))
	e.add(AttackCompanions, "recall", "", orNaN(c.Recall, c.True))
	e.add(AttackCompanions, "predicted_pairs", "", float64(c.Predicted))
	return nil
}

// risk runs the background-knowledge attack: with a place-only resolution
// it is the location attack of Pellungrini et al. (2018) as
// scikit-mobility computes it (PlaceRisk), with PLACE/TIME its
// location-and-time variant (Risk).
func (e *evaluation) risk() error {
	spec := e.s.Attacks.Risk.Resolution
	risk := Risk
	if !strings.Contains(spec, "/") {
		risk, spec = PlaceRisk, spec+"/minute"
	}
	res, err := ParseResolution(spec)
	if err != nil {
		return err
	}
	people := e.people()
	targets := SampleAccounts(people, e.s.Attacks.Sample, e.rng(4))
	maxK := e.adv.Knows.Points
	if maxK == 0 {
		maxK = e.s.Attacks.Risk.MaxK
	}
	for k := 1; k <= maxK; k++ {
		sum := SummarizeRisk(k, risk(people, res, k, targets))
		param := "k=" + strconv.Itoa(k)
		e.add(AttackRisk, "mean", param, orNaN(sum.Mean, sum.Targets))
		e.add(AttackRisk, "median", param, orNaN(sum.Median, sum.Targets))
		e.add(AttackRisk, "unique_share", param, orNaN(sum.Unique, sum.Targets))
	}
	return nil
}
