package people

import (
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// adopt decides, for every person, which of the scenario's behaviours they
// adopt, and under whose account their scans are filed. Each decision is a
// hash of the seed, the behaviour and the person (or, for shared
// accounts, the household), so that adding a behaviour leaves the rest of
// the population and every other random stream as they were.
func (p *Population) adopt(s *scenarios.Scenario) {
	m := &s.Mitigations
	personal := []struct {
		b sim.Behaviour
		a scenarios.Adoption
	}{
		{sim.PaysCashOnly, m.Cash},
		{sim.SkipsScans, m.SkipScans.Adoption},
		{sim.EntersManually, m.ManualEntry.Adoption},
		{sim.ScansDummies, m.DummyScans.Adoption},
		{sim.SpoofsGPS, m.GPSSpoofing.Adoption},
		{sim.DelaysScans, m.DelayedScans.Adoption},
	}
	for i := range p.People {
		pp := &p.People[i]
		pp.Filer = pp.ID
		for _, x := range personal {
			if adopts(s.Seed, x.b, int64(pp.ID), x.a.For(pp.Age.String())) {
				pp.Adopts |= x.b
			}
		}
	}
	p.shareAccounts(s)
	for i := range p.People {
		p.People[i].Mitigations = p.People[i].Adopts.String()
	}
}

// shareAccounts files the scans of every member of an adopting household
// under the account of its first member with a smartphone. A household
// adopts with the share of its first member's age band.
func (p *Population) shareAccounts(s *scenarios.Scenario) {
	a := s.Mitigations.SharedAccount
	if !a.Active() {
		return
	}
	for h, members := range p.Members {
		head := &p.People[members[0]]
		if !adopts(s.Seed, sim.SharesAccount, int64(h), a.For(head.Age.String())) {
			continue
		}
		filer := int32(-1)
		for _, id := range members {
			if p.People[id].Smartphone {
				filer = id
				break
			}
		}
		if filer < 0 {
			continue
		}
		for _, id := range members {
			p.People[id].Adopts |= sim.SharesAccount
			p.People[id].Filer = filer
		}
	}
}

// adopts draws whether subject adopts behaviour b with probability share,
// from a hash of the seed, b and subject.
func adopts(seed uint64, b sim.Behaviour, subject int64, share float64) bool {
	if share <= 0 {
		return false
	}
	u := float64(sim.Mix(seed, sim.LabelMitigation, uint64(b), uint64(subject))>>11) / (1 << 53)
	return u < share
}
