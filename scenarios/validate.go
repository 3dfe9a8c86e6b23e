package scenarios

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/scantrail/scantrail/sim"
)

// Bounds that keep a scenario within what the engine is built for.
const (
	maxDays          = 3660 // ten years
	maxDistricts     = 1000 // districts per side of the synthetic city
	maxHouseholdSize = 12   // entries of population.household_size
	maxDayHours      = 16   // longest working or school day
	sumTolerance     = 1e-6 // allowed error of shares that sum to 1
	// maxLatitude keeps the synthetic city away from the poles, where its
	// flat projection onto the globe breaks down.
	maxLatitude = 85
	// A synthetic city is at most 1,000 km across, its stations at least
	// 10 m apart, and its counts of lines and venue densities bounded, so
	// that no setting can ask for more venues than memory can hold.
	minCityKM       = 0.1
	maxCityKM       = 1000
	minSpacingM     = 10
	maxLines        = 1000
	maxVenuesPer10k = 10000
	maxSigma        = 10
)

// Validate checks every field of the scenario and returns a
// *ValidationError listing all the problems found, or nil. Load calls it;
// call it again after changing a scenario in code. A relative
// city.venues_file is taken from the working directory here, while Load
// takes it from the scenario file's folder.
func (s *Scenario) Validate() error {
	return s.validate("")
}

func (s *Scenario) validate(baseDir string) error {
	c := &checker{baseDir: baseDir}
	c.top(s)
	c.city(&s.City)
	c.population(&s.Population)
	c.movement(&s.Movement)
	c.sensors(&s.Sensors)
	c.holders(s.Holders)
	c.adversaries(s.Adversaries, s.Holders, s.Days)
	c.attacks(&s.Attacks, s.Holders, s.Days)
	c.mitigations(&s.Mitigations)
	c.memory(s)
	if len(c.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: c.problems}
}

// checker collects the problems of one scenario.
type checker struct {
	baseDir  string
	problems []Problem
}

func (c *checker) add(path, format string, args ...any) {
	c.problems = append(c.problems,
		Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) top(s *Scenario) {
	switch {
	case strings.TrimSpace(s.Name) == "":
		c.add("name", "missing, want a name for summaries and manifests")
	case !safeName(s.Name):
		c.add("name", "got %q, want letters, digits, '-', '_' and '.' (not first), "+
			"at most 64: the name becomes part of a folder name", s.Name)
	}
	if _, err := time.Parse(time.DateOnly, s.Start); err != nil {
		c.add("start", "got %q, want a date YYYY-MM-DD", s.Start)
	}
	if s.Days < 1 || s.Days > maxDays {
		c.add("days", "got %d, want 1 to %d", s.Days, maxDays)
	}
	if _, err := s.Location(); err != nil {
		c.add("timezone", "%v", err)
	}
	c.atLeast("limits.memory_mb", s.Limits.MemoryMB, 1)
}

func (c *checker) city(city *City) {
	c.oneOf("city.layout", city.Layout, "synthetic", "file")
	c.venuesFile(city)
	for _, key := range sortedKeys(city.CategoryMap) {
		if _, ok := sim.ParseKind(city.CategoryMap[key]); !ok {
			c.add("city.category_map."+key, "got %q, want a venue kind: %s",
				city.CategoryMap[key], kindList())
		}
	}
	c.between("city.centre_lat", city.CentreLat, -maxLatitude, maxLatitude,
		"a latitude")
	c.between("city.centre_lon", city.CentreLon, -180, 180, "a longitude")
	c.between("city.width_km", city.WidthKM, minCityKM, maxCityKM, "a width in km")
	c.intRange("city.districts_per_side", city.DistrictsPerSide, 1, maxDistricts)
	c.share("city.centre_share", city.CentreShare)
	c.between("city.centre_radius_km", city.CentreRadiusKM, 0.01, maxCityKM, "a radius in km")
	c.kindKeys("city.venues_per_10k", sortedKeys(city.VenuesPer10k))
	for _, k := range sortedKeys(city.VenuesPer10k) {
		c.between("city.venues_per_10k."+k, city.VenuesPer10k[k], 0, maxVenuesPer10k,
			"venues per 10,000 residents")
	}
	c.atLeast("city.households_per_compound", city.HouseholdsPerCompound, 1)
	c.atLeast("city.employees_per_workplace", city.EmployeesPerWorkplace, 1)
	c.share("city.factory_share", city.FactoryShare)
	c.intRange("city.metro_lines", city.MetroLines, 0, maxLines)
	c.between("city.metro_spacing_m", city.MetroSpacingM, minSpacingM, maxCityKM*1000,
		"a spacing in metres")
	c.between("city.bus_stop_spacing_m", city.BusStopSpacingM, minSpacingM, maxCityKM*1000,
		"a spacing in metres")
	c.intRange("city.rail_stations", city.RailStations, 0, maxLines)
	c.between("city.attractiveness_sigma", city.AttractivenessSigma, 0, maxSigma,
		"a log-normal spread")
	c.openingHours(city.OpeningHours)
}

// venuesFile checks that a file layout names a venue list that exists.
func (c *checker) venuesFile(city *City) {
	const path = "city.venues_file"
	switch {
	case city.Layout == "file" && city.VenuesFile == "":
		c.add(path, "missing, want the venue CSV to read when city.layout is file")
	case city.Layout == "file":
		name := resolve(c.baseDir, city.VenuesFile)
		info, err := os.Stat(name)
		if err != nil {
			c.add(path, "cannot read %q: %v", name, unwrapPath(err))
		} else if info.IsDir() {
			c.add(path, "%q is a folder, want a venue CSV file", name)
		}
	case city.VenuesFile != "":
		c.add(path, "set, but city.layout is %q; set city.layout to file "+
			"to read it", city.Layout)
	}
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// openingHours checks that every kind has valid opening hours.
func (c *checker) openingHours(hours map[string]string) {
	const path = "city.opening_hours"
	c.kindKeys(path, sortedKeys(hours))
	for _, k := range sim.KindNames() {
		spec, ok := hours[k]
		if !ok {
			c.add(path+"."+k, "missing, want opening hours for every venue kind")
			continue
		}
		if _, _, err := ParseHours(spec); err != nil {
			c.add(path+"."+k, "%v", err)
		}
	}
}

func (c *checker) population(p *Population) {
	c.atLeast("population.people", p.People, 1)
	c.householdSize(p.HouseholdSize)
	c.distribution("population.age_bands", p.AgeBands.named())
	c.share("population.employment", p.Employment)
	c.share("population.senior_employment", p.SeniorEmployment)
	for _, f := range p.Smartphone.named() {
		c.probability("population.smartphone."+f.name, f.value)
	}
	c.distribution("population.payment_habits", p.PaymentHabits.named())
	for _, f := range p.PhoneShare.named() {
		c.probability("population.phone_share."+f.name, f.value)
	}
	c.nonNegative("population.friends.groups_per_person", p.Friends.GroupsPerPerson)
	c.atLeast("population.friends.min_size", p.Friends.MinSize, 2)
	if p.Friends.MaxSize < p.Friends.MinSize {
		c.add("population.friends.max_size", "got %d, want at least min_size %d",
			p.Friends.MaxSize, p.Friends.MinSize)
	}
}

// householdSize checks the distribution of household sizes.
func (c *checker) householdSize(shares []float64) {
	const path = "population.household_size"
	switch {
	case len(shares) == 0:
		c.add(path, "empty, want the shares of households of 1, 2, ... people")
		return
	case len(shares) > maxHouseholdSize:
		c.add(path, "got %d sizes, want at most %d", len(shares), maxHouseholdSize)
		return
	}
	named := make([]namedValue, len(shares))
	for i, x := range shares {
		named[i] = namedValue{strconv.Itoa(i), x}
	}
	c.distribution(path, named)
}

func (c *checker) movement(m *Movement) {
	c.clock("movement.work_start", m.WorkStart)
	c.dayHours("movement.work_hours", m.WorkHours)
	c.clock("movement.school_start", m.SchoolStart)
	c.dayHours("movement.school_hours", m.SchoolHours)
	c.nonNegative("movement.start_jitter_min", m.StartJitterMin)
	c.probability("movement.lunch_out", m.LunchOut)
	c.probability("movement.errand", m.Errand)
	c.mix("movement.errand_mix", m.ErrandMix)
	c.probability("movement.evening_out", m.EveningOut)
	c.nonNegative("movement.day_activities", m.DayActivities)
	c.probability("movement.stay_home", m.StayHome)
	c.mix("movement.activity_mix", m.ActivityMix)
	c.epr(m.EPR)
	c.nonNegative("movement.distance_decay", m.DistanceDecay)
	c.probability("movement.household_outing", m.HouseholdOuting)
	c.probability("movement.friend_meetup", m.FriendMeetup)
	c.positive("movement.walk_max_m", m.WalkMaxM)
	c.probability("movement.bus_share", m.BusShare)
	c.positive("movement.walk_kmh", m.WalkKMH)
	c.positive("movement.transit_kmh", m.TransitKMH)
}

// epr checks the exploration and preferential return parameters.
func (c *checker) epr(e EPR) {
	if !(e.Rho > 0 && e.Rho <= 1) {
		c.add("movement.epr.rho", "got %s, want a probability in (0, 1]", num(e.Rho))
	}
	c.nonNegative("movement.epr.gamma", e.Gamma)
	if !(e.Beta > 0 && e.Beta < 2) {
		c.add("movement.epr.beta", "got %s, want a number in (0, 2)", num(e.Beta))
	}
	c.positive("movement.epr.tau_hours", e.TauHours)
}

func (c *checker) sensors(s *Sensors) {
	c.nonNegative("sensors.qr.gps_error_m", s.QR.GPSErrorM)
	checkRates(c, "sensors.qr", s.QR.Families, s.QR.Kinds)
	checkRates(c, "sensors.payment", s.Payment.Families, s.Payment.Kinds)
	checkRates(c, "sensors.camera", s.Camera.Families, s.Camera.Kinds)
	c.cameraSums(s.Camera)
	c.probability("sensors.transit.card_owners", s.Transit.CardOwners)
	c.probability("sensors.transit.tap", s.Transit.Tap)
}

// checkRates checks the family settings of one sensor, which must all be
// complete, and its partial per-kind overrides.
func checkRates[R rate](c *checker, path string, families, kinds map[string]R) {
	c.familyKeys(path+".families", sortedKeys(families))
	for _, fam := range sim.FamilyNames() {
		p := path + ".families." + fam
		r, ok := families[fam]
		if !ok {
			c.add(p, "missing, want an entry with %s for every family (%s)",
				fieldNames(r.fields()), strings.Join(sim.FamilyNames(), ", "))
			continue
		}
		for _, f := range r.fields() {
			if f.value == nil {
				c.add(p+"."+f.name, "missing, want a value for every family")
				continue
			}
			f.check(c, p+"."+f.name, *f.value)
		}
	}
	c.kindKeys(path+".kinds", sortedKeys(kinds))
	for _, k := range sortedKeys(kinds) {
		for _, f := range kinds[k].fields() {
			if f.value != nil {
				f.check(c, path+".kinds."+k+"."+f.name, *f.value)
			}
		}
	}
}

// cameraSums checks that a captured face is not matched to the right and
// a wrong person with a total probability above 1.
func (c *checker) cameraSums(cam Camera) {
	const path = "sensors.camera"
	for _, fam := range sim.FamilyNames() {
		r := cam.Families[fam]
		if r.HitRate != nil && r.FalseMatch != nil {
			c.matchSum(path+".families."+fam, *r.HitRate, *r.FalseMatch)
		}
	}
	for _, k := range sortedKeys(cam.Kinds) {
		kind, ok := sim.ParseKind(k)
		if !ok {
			continue
		}
		r := cam.For(kind)
		c.matchSum(path+".kinds."+k, *r.HitRate, *r.FalseMatch)
	}
}

func (c *checker) matchSum(path string, hit, falseMatch float64) {
	if hit+falseMatch > 1 {
		c.add(path, "hit_rate %s + false_match %s is %s, want at most 1",
			num(hit), num(falseMatch), sum(hit+falseMatch))
	}
}

// holders checks the data holders' names, streams and identifiers.
func (c *checker) holders(holders []Holder) {
	first := map[string]int{}
	for i, h := range holders {
		p := "holders." + strconv.Itoa(i)
		switch j, dup := first[h.Name]; {
		case h.Name == "":
			c.add(p+".name", "missing, want a name such as health_authority")
		case !isIdent(h.Name):
			c.add(p+".name", "got %q, want lower-case letters, digits and "+
				"underscores", h.Name)
		case dup:
			c.add(p+".name", "got %q again, want a name used once "+
				"(first used by holders.%d)", h.Name, j)
		default:
			first[h.Name] = i
		}
		c.streams(p+".streams", h.Streams)
		c.oneOf(p+".identifier", h.Identifier, "real", "hash", "salted", "daily", "per_venue")
		c.policy(p, h)
	}
}

// streams checks one holder's list of streams.
func (c *checker) streams(path string, streams []string) {
	var names []string
	for _, s := range sim.Streams() {
		names = append(names, string(s))
	}
	if len(streams) == 0 {
		c.add(path, "empty, want one or more of: %s", strings.Join(names, ", "))
	}
	seen := map[string]bool{}
	for i, s := range streams {
		p := path + "." + strconv.Itoa(i)
		switch {
		case !slices.Contains(names, s):
			c.add(p, "got %q, want one of: %s", s, strings.Join(names, ", "))
		case seen[s]:
			c.add(p, "got %q twice, want each stream once", s)
		}
		seen[s] = true
	}
}

// memory checks the estimated peak memory against the budget. The
// estimate is made from the city and population, so it is skipped while
// those sections have problems of their own: an estimate from a rejected
// width would only blame the wrong field.
func (c *checker) memory(s *Scenario) {
	if s.Population.People < 1 || s.Limits.MemoryMB < 1 {
		return
	}
	for _, p := range c.problems {
		if strings.HasPrefix(p.Path, "city.") || strings.HasPrefix(p.Path, "population.") {
			return
		}
	}
	if need := s.EstimatedMemoryMB(); need > s.Limits.MemoryMB {
		attacks := ""
		if len(s.Adversaries) > 0 {
			attacks = fmt.Sprintf(" (%d days of records kept for the attacks; "+
				"adversaries: [] runs without them)", s.Days)
		}
		c.add("population.people", "%d people and about %.0f venues need an "+
			"estimated %d MiB, above limits.memory_mb %d; lower population.people, "+
			"or the venues of the city section, or raise limits.memory_mb%s",
			s.Population.People, s.estimatedVenues(), need, s.Limits.MemoryMB, attacks)
	}
}

// safeName reports whether a scenario name can stand in a folder name: no
// path separators, no leading dot, nothing but letters, digits, '-', '_'
// and '.'.
func safeName(name string) bool {
	if len(name) > 64 || name[0] == '.' {
		return false
	}
	for _, r := range name {
		ok := r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' ||
			r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !ok {
			return false
		}
	}
	return true
}
