package scenarios

// Adversary is someone who reads the records of one or more data holders
// and attacks them: a holder looking at its own tables, or an authority
// that joins several.
type Adversary struct {
	// Name identifies the adversary in metrics and summaries.
	Name string `yaml:"name"`
	// Holders lists the data holders whose tables it reads; more than one
	// means their records are joined.
	Holders []string `yaml:"holders"`
	// QueryDay is the day (1 to days) at the end of which it queries;
	// records made later do not exist yet. 0 means the end of the run.
	QueryDay int `yaml:"query_day"`
	// Knows says what it already knows about its targets.
	Knows Knowledge `yaml:"knows"`
}

// Knowledge is what an adversary knows before it attacks.
type Knowledge struct {
	// NamesOf lists holders whose account holders the adversary can name
	// (for example through a payment provider's know-your-customer
	// records): their accounts count as identified even when pseudonymous.
	NamesOf []string `yaml:"names_of"`
	// Points is the number of points of a target's life the adversary
	// knows; the background-knowledge attack runs for k = 1 to Points. 0
	// means attacks.risk.max_k.
	Points int `yaml:"points"`
}

// Attacks sets which attacks run after a simulation and how.
type Attacks struct {
	// Replicates is how many independent runs (seeds seed, seed+1, ...)
	// the metrics are averaged over; intervals need at least two.
	Replicates int `yaml:"replicates"`
	// Sample is how many accounts are sampled for unicity and the
	// background-knowledge risk.
	Sample     int              `yaml:"sample"`
	Unicity    UnicityAttack    `yaml:"unicity"`
	Linkage    LinkageAttack    `yaml:"linkage"`
	HomeWork   Toggle           `yaml:"home_work"`
	Tracking   TrackingAttack   `yaml:"tracking"`
	Companions CompanionsAttack `yaml:"companions"`
	Risk       RiskAttack       `yaml:"risk"`
}

// Toggle switches an attack without options on or off.
type Toggle struct {
	// Enabled runs the attack after every simulation and analyze.
	Enabled bool `yaml:"enabled"`
}

// UnicityAttack sets the unicity attack of de Montjoye et al. (2013).
type UnicityAttack struct {
	// Enabled runs the attack after every simulation and analyze.
	Enabled bool `yaml:"enabled"`
	// MaxPoints is the largest p; ε_p is reported for p = 1..MaxPoints.
	MaxPoints int `yaml:"max_points"`
	// Resolutions lists PLACE/TIME resolutions: PLACE is venue, district
	// or gridN (N metres), TIME is minute, hour or day.
	Resolutions []string `yaml:"resolutions"`
}

// LinkageAttack sets cross-stream linkage: pseudonymous accounts of the
// From holders are linked to identified accounts of the To holders, for
// each adversary that reads both.
type LinkageAttack struct {
	// Enabled runs the attack after every simulation and analyze.
	Enabled bool `yaml:"enabled"`
	// From lists the holders whose accounts are to be named: the
	// pseudonymous side.
	From []string `yaml:"from"`
	// To lists the holders whose identified accounts the From accounts are
	// matched to.
	To []string `yaml:"to"`
	// Place is the place unit of a co-occurrence: venue, district or gridN.
	Place string `yaml:"place"`
	// WindowMin is how many minutes apart two records may be and still
	// co-occur.
	WindowMin int `yaml:"window_min"`
	// MinScore is the confidence threshold for precision and recall.
	MinScore float64 `yaml:"min_score"`
	// Days lists the amounts of data (in days) to link over.
	Days []int `yaml:"days"`
}

// TrackingAttack sets the "where was X at time T" attack.
type TrackingAttack struct {
	// Enabled runs the attack after every simulation and analyze.
	Enabled bool `yaml:"enabled"`
	// Queries is the number of random times asked per tracked person.
	Queries int `yaml:"queries"`
}

// CompanionsAttack sets companion inference from repeated co-presence.
type CompanionsAttack struct {
	// Enabled runs the attack after every simulation and analyze.
	Enabled bool `yaml:"enabled"`
	// MinTimes is how many co-presences make a pair companions.
	MinTimes int `yaml:"min_times"`
	// WindowMin is how close in time two records must be to count.
	WindowMin int `yaml:"window_min"`
}

// RiskAttack sets the background-knowledge risk (the location attack of
// Pellungrini et al., 2018); k runs to each adversary's knows.points.
type RiskAttack struct {
	// Enabled runs the attack after every simulation and analyze.
	Enabled bool `yaml:"enabled"`
	// MaxK is the largest k for adversaries that do not set knows.points.
	MaxK int `yaml:"max_k"`
	// Resolution is the grain of a known point: PLACE alone (venue,
	// district or gridN) for the location attack, where times do not
	// count, or PLACE/TIME for its location-and-time variant.
	Resolution string `yaml:"resolution"`
}
