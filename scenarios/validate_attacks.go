package scenarios

import (
	"fmt"
	"slices"
	"strings"
)

// Bounds of the attack settings.
const (
	maxReplicates = 100
	maxPoints     = 20    // largest p of the unicity attack
	maxKnown      = 5     // largest k of the background-knowledge attack
	maxQueries    = 10000 // tracking questions per person
)

func (c *checker) adversaries(advs []Adversary, holders []Holder, days int) {
	names := holderNames(holders)
	seen := map[string]bool{}
	for i, a := range advs {
		path := fmt.Sprintf("adversaries.%d", i)
		if a.Name == "" || !isIdent(a.Name) {
			c.add(path+".name", "got %q, want lower-case letters, digits and underscores", a.Name)
		} else if seen[a.Name] {
			c.add(path+".name", "%q named twice, want unique adversary names", a.Name)
		}
		seen[a.Name] = true
		if len(a.Holders) == 0 {
			c.add(path+".holders", "empty, want at least one of: %s", names)
		}
		c.holderRefs(path+".holders", a.Holders, holders)
		c.holderRefs(path+".knows.names_of", a.Knows.NamesOf, a.holderList())
		if days >= 1 { // otherwise days itself is reported, and the range is empty
			c.intRange(path+".query_day", a.QueryDay, 0, days)
		}
		c.intRange(path+".knows.points", a.Knows.Points, 0, maxKnown)
	}
}

// holderList turns the adversary's holder names into Holders for holderRefs.
func (a Adversary) holderList() []Holder {
	hs := make([]Holder, len(a.Holders))
	for i, h := range a.Holders {
		hs[i] = Holder{Name: h}
	}
	return hs
}

// holderRefs checks that every name in refs is one of holders.
func (c *checker) holderRefs(path string, refs []string, holders []Holder) {
	for i, h := range refs {
		if !slices.ContainsFunc(holders, func(x Holder) bool { return x.Name == h }) {
			c.add(fmt.Sprintf("%s.%d", path, i), "got %q, want one of: %s "+
				"(a scenario that replaces holders must also name the holders "+
				"its adversaries and linkage read)", h, holderNames(holders))
		}
	}
}

func holderNames(holders []Holder) string {
	names := ""
	for i, h := range holders {
		if i > 0 {
			names += ", "
		}
		names += h.Name
	}
	return names
}

func (c *checker) attacks(a *Attacks, holders []Holder, days int) {
	c.intRange("attacks.replicates", a.Replicates, 1, maxReplicates)
	c.atLeast("attacks.sample", a.Sample, 1)
	c.intRange("attacks.unicity.max_points", a.Unicity.MaxPoints, 1, maxPoints)
	for i, r := range a.Unicity.Resolutions {
		c.resolution(fmt.Sprintf("attacks.unicity.resolutions.%d", i), r)
	}
	if a.Unicity.Enabled && len(a.Unicity.Resolutions) == 0 {
		c.add("attacks.unicity.resolutions",
			"empty, want at least one PLACE/TIME such as venue/hour")
	}
	c.linkage(&a.Linkage, holders)
	c.intRange("attacks.tracking.queries", a.Tracking.Queries, 1, maxQueries)
	c.atLeast("attacks.companions.min_times", a.Companions.MinTimes, 1)
	c.atLeast("attacks.companions.window_min", a.Companions.WindowMin, 1)
	c.intRange("attacks.risk.max_k", a.Risk.MaxK, 1, maxKnown)
	if strings.Contains(a.Risk.Resolution, "/") {
		c.resolution("attacks.risk.resolution", a.Risk.Resolution)
	} else if _, err := ParsePlace(a.Risk.Resolution); err != nil {
		c.add("attacks.risk.resolution", "%v; want PLACE (places only, the location "+
			"attack) or PLACE/TIME", err)
	}
}

func (c *checker) linkage(l *LinkageAttack, holders []Holder) {
	c.holderRefs("attacks.linkage.from", l.From, holders)
	c.holderRefs("attacks.linkage.to", l.To, holders)
	if l.Enabled && (len(l.From) == 0 || len(l.To) == 0) {
		c.add("attacks.linkage", "from and to must each name a holder when linkage is enabled")
	}
	if _, err := ParsePlace(l.Place); err != nil {
		c.add("attacks.linkage.place", "%v", err)
	}
	c.atLeast("attacks.linkage.window_min", l.WindowMin, 1)
	c.nonNegative("attacks.linkage.min_score", l.MinScore)
	for i, d := range l.Days {
		c.atLeast(fmt.Sprintf("attacks.linkage.days.%d", i), d, 1)
	}
}

func (c *checker) resolution(path, spec string) {
	if _, err := ParseResolution(spec); err != nil {
		c.add(path, "%v", err)
	}
}
