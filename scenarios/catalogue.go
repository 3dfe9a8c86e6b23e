package scenarios

import (
	"fmt"
	"strconv"
)

// MitigationInfo describes one defence scantrail models.
type MitigationInfo struct {
	// Name is the defence's short name.
	Name string
	// Kind is "behaviour" (adopted by people) or "policy" (set per data
	// holder, or for the whole scenario).
	Kind string
	// Summary says in a line what it models.
	Summary string
	// Keys are the scenario keys that set it; holders.N stands for any
	// holder.
	Keys string
	// Source names the practice or paper it is modelled on.
	Source string
}

// Catalogue lists every mitigation, behaviours first.
func Catalogue() []MitigationInfo {
	return []MitigationInfo{
		{"cash", "behaviour", "pay every purchase in cash: no payment record",
			"mitigations.cash.{share,by_age}", "cash advice of privacy campaigners, 2020-2022"},
		{"skip_scans", "behaviour", "walk past posted codes without scanning",
			"mitigations.skip_scans.{share,by_age,rate}", "NHS and NZ COVID Tracer non-use"},
		{"manual_entry", "behaviour", "write the visit down: hour only, maybe a false name",
			"mitigations.manual_entry.{share,by_age,false_name}", "paper registers by QR posters"},
		{"dummy_scans", "behaviour", "scan codes of venues not visited",
			"mitigations.dummy_scans.{share,by_age,per_day}", "dummy queries, Kido et al. 2005"},
		{"gps_spoofing", "behaviour", "report a fixed or random false position",
			"mitigations.gps_spoofing.{share,by_age,mode}", "mock-location apps"},
		{"shared_account", "behaviour", "a household scans under one member's account",
			"mitigations.shared_account.{share,by_age}", "one family phone for children, elders"},
		{"delayed_scans", "behaviour", "scans stamped up to N minutes late",
			"mitigations.delayed_scans.{share,by_age,delay_min}", "scanning on leaving"},
		{"retention", "policy", "records older than R days are deleted before the query",
			"holders.N.retention_days", "NHS Test and Trace: 21 days"},
		{"pseudonyms", "policy", "stable hash, salted per holder, rotated daily, per venue",
			"holders.N.identifier", "rotating identifiers of exposure notification"},
		{"coarsening", "policy", "store district or grid cell, and hour or day",
			"holders.N.{place,time}", "data minimisation, GDPR Art. 5(1)(c)"},
		{"silos", "policy", "holders may not be joined",
			"mitigations.silos", "purpose limitation"},
		{"decentralized", "policy", "phones keep visits; only notified venue-hours published",
			"holders.N.{storage: phone,phone_days,diagnosis_rate}",
			"CrowdNotifier, Lueks et al. 2021"},
		{"certificate_only", "policy", "codes checked at the door, never logged",
			"holders.N.storage: none", "EU Digital COVID Certificate"},
		{"noisy_release", "policy", "venue × hour counts with Laplace noise instead of records",
			"holders.N.{release: aggregate,release_epsilon}", "Dwork et al. 2006; Xu et al. 2017"},
		{"geo_indistinguishability", "policy", "planar Laplace noise on reported positions",
			"holders.N.{locate_by: gps,geo_indistinguishability}", "Andrés et al. 2013"},
		{"cloaking", "policy", "store the smallest cell holding k people that hour",
			"holders.N.cloaking_k", "Gruteser and Grunwald 2003"},
	}
}

// ActiveMitigations lists the defences the scenario turns on, each as
// "name (setting)", in catalogue order.
func (s *Scenario) ActiveMitigations() []string {
	var out []string
	m := &s.Mitigations
	add := func(name string, a Adoption, detail string) {
		if a.Active() {
			out = append(out, fmt.Sprintf("%s (share %s%s)", name, num(a.Share), detail))
		}
	}
	add("cash", m.Cash, "")
	add("skip_scans", m.SkipScans.Adoption, ", rate "+num(m.SkipScans.Rate))
	add("manual_entry", m.ManualEntry.Adoption, ", false names "+num(m.ManualEntry.FalseName))
	add("dummy_scans", m.DummyScans.Adoption, ", "+strconv.Itoa(m.DummyScans.PerDay)+" a day")
	add("gps_spoofing", m.GPSSpoofing.Adoption, ", "+m.GPSSpoofing.Mode)
	add("shared_account", m.SharedAccount, "")
	add("delayed_scans", m.DelayedScans.Adoption,
		", up to "+strconv.Itoa(m.DelayedScans.DelayMin)+" min")
	if m.Silos {
		out = append(out, "silos")
	}
	for _, h := range s.Holders {
		out = append(out, h.Policy.active(h.Name, h.Identifier)...)
	}
	return out
}

// active lists the policy settings of one holder that differ from keeping
// every record as received.
func (p Policy) active(holder, identifier string) []string {
	var out []string
	add := func(format string, args ...any) {
		out = append(out, holder+": "+fmt.Sprintf(format, args...))
	}
	if identifier == "daily" || identifier == "per_venue" {
		add("pseudonyms rotated %s", map[string]string{"daily": "daily",
			"per_venue": "per venue"}[identifier])
	}
	if p.RetentionDays > 0 {
		add("retention %d days", p.RetentionDays)
	}
	if p.Place != "venue" || p.Time != "minute" {
		add("stores %s/%s", p.Place, p.Time)
	}
	if p.LocateBy == "gps" {
		add("locates scans by GPS")
	}
	if p.GeoIndistinguishability > 0 {
		add("geo-indistinguishability ε = %s per metre", num(p.GeoIndistinguishability))
	}
	if p.CloakingK >= 2 {
		add("%d-anonymous cloaking", p.CloakingK)
	}
	switch p.Storage {
	case "phone":
		add("decentralized, phones keep %d days", p.PhoneDays)
	case "none":
		add("checks codes without logging")
	}
	if p.Release == "aggregate" {
		add("releases noisy aggregates, ε = %s", num(p.ReleaseEpsilon))
	}
	return out
}
