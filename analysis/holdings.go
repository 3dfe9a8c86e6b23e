package analysis

import (
	"slices"

	"github.com/scantrail/scantrail/sim"
)

// Attack names of the holder-side measurements.
const (
	// AttackHoldings counts what the adversary holds: records, accounts,
	// identified accounts, and the venue-hours published under
	// decentralized presence tracing.
	AttackHoldings = "holdings"
	// AttackRecovery is trajectory recovery from a noisy aggregate release
	// (after Xu et al., 2017).
	AttackRecovery = "trajectory_recovery"
)

// holdings reports the size of the adversary's view, and for every holder
// it reads that keeps no records on its server, what reaches the adversary
// instead: published venue-hours under phone storage, a noisy aggregate
// under aggregate release.
func (e *evaluation) holdings() error {
	identified := 0
	for _, a := range e.v.Accounts {
		identified += count(a.Identified)
	}
	e.add(AttackHoldings, "records", "", float64(e.v.NumObservations()))
	e.add(AttackHoldings, "accounts", "", float64(e.v.NumAccounts()))
	e.add(AttackHoldings, "identified_accounts", "", float64(identified))
	for _, rt := range e.r.Routes {
		if !slices.Contains(e.adv.Holders, rt.Holder) {
			continue
		}
		param := "holder=" + rt.Holder + " stream=" + rt.Stream
		switch {
		case rt.Storage == "phone":
			n := PublishedVenueHours(e.r, rt, e.queryEnd(), e.s.Seed)
			e.add(AttackHoldings, "published_venue_hours", param, float64(n))
		case rt.Release == "aggregate":
			rec := RecoverTrajectories(e.r, rt, e.queryEnd(), e.rng(7))
			e.add(AttackRecovery, "link_accuracy", param, orNaN(rec.Accuracy, rec.Links))
			e.add(AttackRecovery, "random_accuracy", param, orNaN(rec.Random, rec.Links))
			e.add(AttackRecovery, "count_error", param, rec.CountError)
		}
	}
	return nil
}

// queryEnd returns the minute at which the adversary queries.
func (e *evaluation) queryEnd() int32 {
	if e.adv.QueryDay > 0 {
		return int32(e.adv.QueryDay) * 1440
	}
	return int32(max(e.r.Days, 1)) * 1440
}

// PublishedVenueHours counts the distinct venue-hours that decentralized
// presence tracing in the style of CrowdNotifier (Lueks et al., 2021)
// publishes by minute end under route rt's phone storage. Each person is
// diagnosed on a day with probability rt.DiagnosisRate (a hash of the
// seed, the holder, the person and the day); a diagnosed phone uploads
// the venue-hours of its check-ins of the last rt.PhoneDays days, and the
// server publishes them without any identifier. Nothing else reaches the
// server.
func PublishedVenueHours(r *Records, rt sim.Route, end int32, seed uint64) int {
	if rt.DiagnosisRate <= 0 {
		return 0
	}
	days := int(end / 1440)
	diagnosed := make(map[int32][]int32)
	salt := nameHash(rt.Holder)
	for p := range r.People {
		for d := 0; d < days; d++ {
			h := sim.Mix(seed, sim.LabelMitigation, salt, uint64(p), uint64(d))
			if float64(h>>11)/(1<<53) < rt.DiagnosisRate {
				diagnosed[int32(p)] = append(diagnosed[int32(p)], int32(d))
			}
		}
	}
	published := map[uint64]bool{}
	for _, rec := range r.stream(sim.Stream(rt.Stream)).all() {
		if rec.Minute >= end {
			continue
		}
		day := floorDiv(rec.Minute, 1440)
		for _, d := range diagnosed[rec.Person] {
			if d >= day && d < day+rt.PhoneDays {
				published[uint64(rec.Venue)<<32|uint64(uint32(floorDiv(rec.Minute, 60)))] = true
				break
			}
		}
	}
	return len(published)
}
