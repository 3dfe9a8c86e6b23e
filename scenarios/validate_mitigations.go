package scenarios

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/scantrail/scantrail/sim"
)

// Bounds of the mitigation settings.
const (
	maxDummyScans = 50    // dummy check-ins a day
	maxDelayMin   = 1440  // a scan delayed by more than a day is a new record
	maxCloakingK  = 10000 // people in a cloaked cell
	// An aggregate's ε lies where its noise is meaningful: below 0.001 a
	// count's noise has a scale over 1,000, above 100 it is nil.
	minReleaseEpsilon = 0.001
	maxReleaseEpsilon = 100
)

// The policy values, first the default.
var (
	placeValues    = "venue, district or gridN"
	timeValues     = []string{"minute", "hour", "day"}
	locateByValues = []string{"code", "gps"}
	storageValues  = []string{"server", "phone", "none"}
	releaseValues  = []string{"records", "aggregate"}
	spoofModes     = []string{"fixed", "random"}
	ageBandNames   = []string{"child", "student", "adult", "senior"}
)

// fillDefaults gives empty policy and mitigation settings their defaults,
// so that a holder listed without them keeps what it receives, as it
// always did, and the resolved scenario says so explicitly.
func (s *Scenario) fillDefaults() {
	for i := range s.Holders {
		p := &s.Holders[i].Policy
		p.Place = orDefault(p.Place, "venue")
		p.Time = orDefault(p.Time, timeValues[0])
		p.LocateBy = orDefault(p.LocateBy, locateByValues[0])
		p.Storage = orDefault(p.Storage, storageValues[0])
		p.Release = orDefault(p.Release, releaseValues[0])
	}
	m := &s.Mitigations.GPSSpoofing
	m.Mode = orDefault(m.Mode, spoofModes[0])
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// mitigations checks the behaviours people adopt.
func (c *checker) mitigations(m *Mitigations) {
	const p = "mitigations."
	c.adoption(p+"cash", m.Cash)
	c.adoption(p+"skip_scans", m.SkipScans.Adoption)
	c.probability(p+"skip_scans.rate", m.SkipScans.Rate)
	c.adoption(p+"manual_entry", m.ManualEntry.Adoption)
	c.probability(p+"manual_entry.false_name", m.ManualEntry.FalseName)
	c.adoption(p+"dummy_scans", m.DummyScans.Adoption)
	c.intRange(p+"dummy_scans.per_day", m.DummyScans.PerDay, 0, maxDummyScans)
	c.adoption(p+"gps_spoofing", m.GPSSpoofing.Adoption)
	c.oneOf(p+"gps_spoofing.mode", m.GPSSpoofing.Mode, spoofModes...)
	c.adoption(p+"shared_account", m.SharedAccount)
	c.adoption(p+"delayed_scans", m.DelayedScans.Adoption)
	c.intRange(p+"delayed_scans.delay_min", m.DelayedScans.DelayMin, 0, maxDelayMin)
	if m.DummyScans.Active() && m.DummyScans.PerDay == 0 {
		c.add(p+"dummy_scans.per_day", "got 0 while dummy_scans is adopted, want 1 to %d",
			maxDummyScans)
	}
}

// adoption checks a share and its per-age-band overrides.
func (c *checker) adoption(path string, a Adoption) {
	c.share(path+".share", a.Share)
	for _, band := range sortedKeys(a.ByAge) {
		if !slices.Contains(ageBandNames, band) {
			c.add(path+".by_age."+band, "unknown age band; allowed: %s",
				strings.Join(ageBandNames, ", "))
			continue
		}
		c.share(path+".by_age."+band, a.ByAge[band])
	}
}

// policy checks one holder's policy and the combinations that cannot go
// together.
func (c *checker) policy(path string, h Holder) {
	p := h.Policy
	c.intRange(path+".retention_days", p.RetentionDays, 0, maxDays)
	if _, err := ParsePlace(p.Place); err != nil {
		c.add(path+".place", "got %q, want %s", p.Place, placeValues)
	}
	c.oneOf(path+".time", p.Time, timeValues...)
	c.oneOf(path+".locate_by", p.LocateBy, locateByValues...)
	c.oneOf(path+".storage", p.Storage, storageValues...)
	c.oneOf(path+".release", p.Release, releaseValues...)
	if g := p.GeoIndistinguishability; g != 0 {
		c.positive(path+".geo_indistinguishability", g)
	}
	if k := p.CloakingK; k != 0 {
		c.intRange(path+".cloaking_k", k, 2, maxCloakingK)
	}
	c.storage(path, h)
	c.release(path, p)
	if p.CloakingK >= 2 && p.Place != "venue" {
		c.add(path+".cloaking_k", "set together with place %q; cloaking chooses the stored "+
			"cell itself, so keep place: venue or set cloaking_k: 0", p.Place)
	}
	if p.LocateBy == "gps" && !slices.Contains(h.Streams, string(sim.StreamScans)) {
		c.add(path+".locate_by", "gps needs the scans stream (only scans carry a "+
			"position); this holder receives %s", strings.Join(h.Streams, ", "))
	}
}

// storage checks phone storage and its settings.
func (c *checker) storage(path string, h Holder) {
	p := h.Policy
	if p.Storage != "phone" {
		if p.PhoneDays != 0 || p.DiagnosisRate != 0 {
			c.add(path+".phone_days", "phone_days and diagnosis_rate apply to storage: phone "+
				"only; this holder has storage %q", p.Storage)
		}
		return
	}
	c.intRange(path+".phone_days", p.PhoneDays, 1, maxDays)
	c.probability(path+".diagnosis_rate", p.DiagnosisRate)
	if len(h.Streams) != 1 || h.Streams[0] != string(sim.StreamScans) {
		c.add(path+".storage", "phone storage models venue check-ins; want streams: [scans], "+
			"got %v", h.Streams)
	}
}

// release checks the aggregate release.
func (c *checker) release(path string, p Policy) {
	if p.Release != "aggregate" {
		if p.ReleaseEpsilon != 0 {
			c.add(path+".release_epsilon", "applies to release: aggregate only")
		}
		return
	}
	if !(p.ReleaseEpsilon >= minReleaseEpsilon && p.ReleaseEpsilon <= maxReleaseEpsilon) {
		c.add(path+".release_epsilon", "got %s, want ε > 0 for release: aggregate, "+
			"in [%s, %s]", num(p.ReleaseEpsilon), num(minReleaseEpsilon), num(maxReleaseEpsilon))
	}
	if p.Storage != "server" {
		c.add(path+".release", "aggregate needs records on the server to count; this holder "+
			"has storage %q", p.Storage)
	}
}

// Warnings lists settings that are valid but probably not what was meant,
// each with its reason: a defence that cannot act on this scenario's
// records.
func (s *Scenario) Warnings() []string {
	var w []string
	gps := false
	for i, h := range s.Holders {
		path := "holders." + strconv.Itoa(i)
		p := h.Policy
		gps = gps || p.LocateBy == "gps"
		if p.GeoIndistinguishability > 0 && p.LocateBy != "gps" {
			w = append(w, path+".geo_indistinguishability: the stored place comes from the "+
				"venue code (locate_by: code), so noisy positions do not change it; "+
				"set locate_by: gps for the noise to reach the attacks")
		}
		if p.Release == "aggregate" && (p.Place != "venue" || p.Time != "minute") {
			w = append(w, path+": place and time coarsening are ignored under release: "+
				"aggregate, which always counts venue × hour")
		}
		if p.Storage != "server" && p.RetentionDays > 0 {
			w = append(w, fmt.Sprintf("%s.retention_days: the server keeps no records under "+
				"storage %q; retention has nothing to delete", path, p.Storage))
		}
	}
	if s.Mitigations.GPSSpoofing.Active() && !gps {
		w = append(w, "mitigations.gps_spoofing: no holder locates scans by GPS "+
			"(locate_by: gps), so spoofed positions change no stored place")
	}
	if s.Mitigations.Silos && !s.joins() {
		w = append(w, "mitigations.silos: no adversary reads more than one holder, "+
			"so silos change nothing")
	}
	return w
}

// joins reports whether any adversary reads several holders.
func (s *Scenario) joins() bool {
	for _, a := range s.Adversaries {
		if len(a.Holders) > 1 {
			return true
		}
	}
	return false
}
