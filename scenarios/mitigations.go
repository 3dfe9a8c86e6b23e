package scenarios

// Mitigations holds the defences people adopt. Each behaviour is taken up
// by a share of people, optionally set per age band; a person who adopts it
// keeps to it for the whole run. All shares default to 0, which leaves the
// streams exactly as without the section.
type Mitigations struct {
	// Cash: adopters pay every purchase in cash, so no payment record is
	// made (the advice of privacy campaigners in China and Hong Kong,
	// 2020-2022).
	Cash Adoption `yaml:"cash"`
	// SkipScans: adopters skip a posted code with probability Rate (people
	// who walked past NHS and New Zealand posters without scanning).
	SkipScans SkipScans `yaml:"skip_scans"`
	// ManualEntry: adopters write their visit down instead of scanning, as
	// the paper registers beside QR posters allowed. The entry keeps the
	// hour, not the minute, and with probability FalseName is made under a
	// made-up name.
	ManualEntry ManualEntry `yaml:"manual_entry"`
	// DummyScans: adopters scan PerDay codes a day at venues they do not
	// visit, at random daytime minutes (dummy queries in the manner of
	// Kido et al., 2005).
	DummyScans DummyScans `yaml:"dummy_scans"`
	// GPSSpoofing: adopters' phones report a false position with each scan:
	// one fixed point per person, or a new random point in the city each
	// time. It matters only to holders that locate scans by GPS.
	GPSSpoofing GPSSpoofing `yaml:"gps_spoofing"`
	// SharedAccount: adopting households scan every member's visits under
	// one member's account, as families did with one phone for children
	// and elderly relatives.
	SharedAccount Adoption `yaml:"shared_account"`
	// DelayedScans: adopters' scans are stamped up to DelayMin minutes late
	// (scanning on leaving, or an app that batches uploads).
	DelayedScans DelayedScans `yaml:"delayed_scans"`
	// Silos forbids joining holders: an adversary reading several holders
	// keeps each holder's records under that holder's own accounts and
	// cannot merge them, the separation data-protection law asks for.
	Silos bool `yaml:"silos"`
}

// Adoption is the share of people (or, for shared accounts, households)
// who adopt a behaviour, with optional shares per age band that replace
// Share for that band.
type Adoption struct {
	// Share is the probability that a person adopts the behaviour.
	Share float64 `yaml:"share"`
	// ByAge overrides Share for the named age bands (child, student,
	// adult, senior).
	ByAge map[string]float64 `yaml:"by_age"`
}

// For returns the adoption share for an age band name.
func (a Adoption) For(band string) float64 {
	if x, ok := a.ByAge[band]; ok {
		return x
	}
	return a.Share
}

// Active reports whether anyone can adopt the behaviour.
func (a Adoption) Active() bool {
	if a.Share > 0 {
		return true
	}
	for _, x := range a.ByAge {
		if x > 0 {
			return true
		}
	}
	return false
}

// SkipScans is the skip-scans behaviour.
type SkipScans struct {
	Adoption `yaml:",inline"`
	// Rate is the probability that an adopter skips a given code.
	Rate float64 `yaml:"rate"`
}

// ManualEntry is the manual-entry behaviour.
type ManualEntry struct {
	Adoption `yaml:",inline"`
	// FalseName is the probability that a manual entry is made under a
	// made-up name, which no holder can tie to the person.
	FalseName float64 `yaml:"false_name"`
}

// DummyScans is the dummy check-in behaviour.
type DummyScans struct {
	Adoption `yaml:",inline"`
	// PerDay is how many dummy check-ins an adopter makes each day.
	PerDay int `yaml:"per_day"`
}

// GPSSpoofing is the GPS spoofing behaviour.
type GPSSpoofing struct {
	Adoption `yaml:",inline"`
	// Mode is "fixed" (one false point per person) or "random" (a new
	// point in the city with every scan).
	Mode string `yaml:"mode"`
}

// DelayedScans is the delayed-scan behaviour.
type DelayedScans struct {
	Adoption `yaml:",inline"`
	// DelayMin is the longest delay in minutes; delays are uniform up to it.
	DelayMin int `yaml:"delay_min"`
}

// Policy is what a data holder keeps of the records it receives. The zero
// Policy keeps every record as received, on the holder's server, forever.
type Policy struct {
	// RetentionDays deletes records older than this many days before the
	// adversary's query day; 0 keeps everything. The NHS COVID-19 app kept
	// check-ins for 21 days (REFERENCES.md).
	RetentionDays int `yaml:"retention_days"`
	// Place is the stored place: venue, district or gridN (N metres). A
	// coarse place keeps the venue's kind.
	Place string `yaml:"place"`
	// Time is the stored time: minute, hour or day.
	Time string `yaml:"time"`
	// LocateBy is where the stored place of a scan comes from: "code"
	// (the venue named by the scanned code) or "gps" (the venue nearest
	// the position the phone reported).
	LocateBy string `yaml:"locate_by"`
	// GeoIndistinguishability, when above 0, adds planar Laplace noise at
	// this ε per metre to reported positions before they are stored
	// (Andrés et al., 2013): the mean shift is 2/ε metres.
	GeoIndistinguishability float64 `yaml:"geo_indistinguishability"`
	// CloakingK, when 2 or more, stores each place as the smallest
	// quadtree cell around it that held at least K distinct people in the
	// same hour (Gruteser and Grunwald, 2003).
	CloakingK int `yaml:"cloaking_k"`
	// Storage is where visit records live: "server" (the holder keeps
	// them), "phone" (decentralized presence tracing in the style of
	// CrowdNotifier, Lueks et al. 2021: phones keep encrypted records for
	// PhoneDays and the server holds only the venue-hours published after
	// a diagnosis) or "none" (codes are checked at the door and not
	// logged, as with the EU Digital COVID Certificate).
	Storage string `yaml:"storage"`
	// PhoneDays is how long phones keep their records under phone storage.
	PhoneDays int `yaml:"phone_days"`
	// DiagnosisRate is the daily probability that a person is diagnosed
	// and their phone's venue-hours are published, under phone storage.
	DiagnosisRate float64 `yaml:"diagnosis_rate"`
	// Release is what the holder hands over: "records", or "aggregate"
	// (venue × hour counts with Laplace noise at ReleaseEpsilon, attacked
	// by trajectory recovery after Xu et al., 2017).
	Release string `yaml:"release"`
	// ReleaseEpsilon is the differential-privacy ε of each aggregate
	// count (sensitivity 1: a person adds at most one to a venue-hour).
	ReleaseEpsilon float64 `yaml:"release_epsilon"`
}
