package scenarios

// Scenario is one complete, resolved description of a simulated city, its
// people, their movement, the sensors at its doors and the data holders that
// keep the records. Every field has a default (see Default); a scenario file
// only names what it changes (see Load). The yaml tags are the scenario
// file's keys.
type Scenario struct {
	// Name identifies the scenario in summaries and manifests.
	Name string `yaml:"name"`
	// Description says in a sentence or two what the scenario models.
	Description string `yaml:"description"`
	// Seed is the root of every random stream in a run. The same seed gives
	// byte-identical output whatever the core count.
	Seed uint64 `yaml:"seed"`
	// Start is the first simulated day, as YYYY-MM-DD in the scenario's
	// time zone.
	Start string `yaml:"start"`
	// Days is how many consecutive days are simulated (at least 1).
	Days int `yaml:"days"`
	// Timezone is the IANA name of the city's time zone, for example
	// Asia/Shanghai. Plans are made in local time and records are stamped
	// in UTC.
	Timezone string `yaml:"timezone"`

	// Limits bounds what a run may use.
	Limits Limits `yaml:"limits"`
	// City describes the venues and their layout.
	City City `yaml:"city"`
	// Population describes the people and their households.
	Population Population `yaml:"population"`
	// Movement describes how people spend their days.
	Movement Movement `yaml:"movement"`
	// Sensors describes what is recorded at each door.
	Sensors Sensors `yaml:"sensors"`
	// Holders lists the organisations that receive the sensor streams.
	Holders []Holder `yaml:"holders"`

	// Adversaries lists who attacks the records.
	Adversaries []Adversary `yaml:"adversaries"`
	// Attacks sets which attacks run and how.
	Attacks Attacks `yaml:"attacks"`
	// Mitigations sets the defences people adopt; the data holders'
	// policies are set on each holder (see Holder).
	Mitigations Mitigations `yaml:"mitigations"`
}

// Limits bounds the resources a run may use.
type Limits struct {
	// MemoryMB is the memory budget in MiB. A scenario whose estimated peak
	// memory exceeds it is refused before anything runs.
	MemoryMB int `yaml:"memory_mb"`
}

// City describes the venue layout: either a synthetic city generated from
// the fields below or a real venue list loaded from a CSV file.
type City struct {
	// Layout is "synthetic" or "file".
	Layout string `yaml:"layout"`
	// VenuesFile is the venue CSV read when Layout is "file". A relative
	// path is taken from the scenario file's folder.
	VenuesFile string `yaml:"venues_file"`
	// CategoryMap adds to or overrides the built-in mapping from a venue
	// list's category names to scantrail venue kinds.
	CategoryMap map[string]string `yaml:"category_map"`

	// CentreLat and CentreLon place the synthetic city's centre on the
	// globe, so that reported GPS positions are real coordinates.
	CentreLat float64 `yaml:"centre_lat"`
	CentreLon float64 `yaml:"centre_lon"`
	// WidthKM is the side of the square synthetic city in kilometres.
	WidthKM float64 `yaml:"width_km"`
	// DistrictsPerSide splits the city into a grid of districts.
	DistrictsPerSide int `yaml:"districts_per_side"`
	// CentreShare is the share of non-residential venues placed in the
	// dense centre; the rest spread over the whole city.
	CentreShare float64 `yaml:"centre_share"`
	// CentreRadiusKM is the radius (standard deviation) of the centre.
	CentreRadiusKM float64 `yaml:"centre_radius_km"`
	// VenuesPer10k gives, per venue kind, how many venues there are per
	// 10,000 residents (transit stations excepted, see Transit).
	VenuesPer10k map[string]float64 `yaml:"venues_per_10k"`
	// HouseholdsPerCompound is how many households share a housing
	// compound.
	HouseholdsPerCompound int `yaml:"households_per_compound"`
	// EmployeesPerWorkplace is the mean number of workers per office or
	// factory.
	EmployeesPerWorkplace int `yaml:"employees_per_workplace"`
	// FactoryShare is the share of workplaces that are factories.
	FactoryShare float64 `yaml:"factory_share"`
	// MetroLines is how many metro lines cross the city.
	MetroLines int `yaml:"metro_lines"`
	// MetroSpacingM is the distance between metro stations on a line.
	MetroSpacingM float64 `yaml:"metro_spacing_m"`
	// BusStopSpacingM is the spacing of the bus-stop grid.
	BusStopSpacingM float64 `yaml:"bus_stop_spacing_m"`
	// RailStations is how many rail stations the city has.
	RailStations int `yaml:"rail_stations"`
	// AttractivenessSigma is the log-normal spread of venue attractiveness.
	AttractivenessSigma float64 `yaml:"attractiveness_sigma"`
	// OpeningHours gives, per venue kind, "HH:MM-HH:MM" or "24h".
	OpeningHours map[string]string `yaml:"opening_hours"`
}

// Population describes the people and their households.
type Population struct {
	// People is the number of simulated residents.
	People int `yaml:"people"`
	// HouseholdSize gives the probability of a household of 1, 2, ...
	// people; it must sum to 1.
	HouseholdSize []float64 `yaml:"household_size"`
	// AgeBands gives the share of each age band; it must sum to 1.
	AgeBands AgeShares `yaml:"age_bands"`
	// Employment is the share of adults with a workplace; SeniorEmployment
	// the same for seniors.
	Employment       float64 `yaml:"employment"`
	SeniorEmployment float64 `yaml:"senior_employment"`
	// Smartphone is the probability of owning a smartphone per age band.
	Smartphone AgeShares `yaml:"smartphone"`
	// PaymentHabits gives the share of people with each payment habit; it
	// must sum to 1.
	PaymentHabits PaymentHabits `yaml:"payment_habits"`
	// PhoneShare is the probability that a person of each habit pays a
	// purchase by phone rather than in cash.
	PhoneShare PaymentHabits `yaml:"phone_share"`
	// Friends describes the friend groups that go out together.
	Friends Friends `yaml:"friends"`
}

// AgeShares holds one number per age band: child (0-5), student (6-22),
// adult (23-64) and senior (65 and over).
type AgeShares struct {
	// Child is the value for children aged 0 to 5.
	Child float64 `yaml:"child"`
	// Student is the value for pupils and students aged 6 to 22.
	Student float64 `yaml:"student"`
	// Adult is the value for adults aged 23 to 64.
	Adult float64 `yaml:"adult"`
	// Senior is the value for people aged 65 and over.
	Senior float64 `yaml:"senior"`
}

// PaymentHabits holds one number per payment habit.
type PaymentHabits struct {
	// Phone is the value for people who pay by phone wherever they can.
	Phone float64 `yaml:"phone"`
	// Mixed is the value for people who pay by phone or in cash.
	Mixed float64 `yaml:"mixed"`
	// Cash is the value for people who mostly pay in cash.
	Cash float64 `yaml:"cash"`
}

// Friends describes friend groups among students, adults and seniors.
type Friends struct {
	// GroupsPerPerson is the mean number of friend groups a person is in.
	GroupsPerPerson float64 `yaml:"groups_per_person"`
	// MinSize and MaxSize bound a group's size.
	MinSize int `yaml:"min_size"`
	MaxSize int `yaml:"max_size"`
}

// Movement describes how people spend their days.
type Movement struct {
	// WorkStart is the mean time of arrival at work, "HH:MM".
	WorkStart string `yaml:"work_start"`
	// WorkHours is the mean length of a working day in hours.
	WorkHours float64 `yaml:"work_hours"`
	// SchoolStart and SchoolHours are the same for students.
	SchoolStart string  `yaml:"school_start"`
	SchoolHours float64 `yaml:"school_hours"`
	// StartJitterMin is the standard deviation of start times in minutes.
	StartJitterMin float64 `yaml:"start_jitter_min"`
	// LunchOut is the probability that a worker eats lunch out.
	LunchOut float64 `yaml:"lunch_out"`
	// Errand is the probability of an errand after work or school.
	Errand float64 `yaml:"errand"`
	// ErrandMix weighs the venue kinds chosen for errands.
	ErrandMix map[string]float64 `yaml:"errand_mix"`
	// EveningOut is the probability of an evening activity on a weekday.
	EveningOut float64 `yaml:"evening_out"`
	// DayActivities is the mean number of daytime activities on a weekend
	// day, or on any day for people without work or school.
	DayActivities float64 `yaml:"day_activities"`
	// StayHome is the probability that a person without work or school
	// stays at home all day.
	StayHome float64 `yaml:"stay_home"`
	// ActivityMix weighs the venue kinds chosen for leisure activities.
	ActivityMix map[string]float64 `yaml:"activity_mix"`
	// EPR holds the exploration and preferential return parameters.
	EPR EPR `yaml:"epr"`
	// DistanceDecay is the exponent of the distance decay applied when a
	// new place is explored: weight ∝ attractiveness · (d + 250 m)^-decay.
	DistanceDecay float64 `yaml:"distance_decay"`
	// HouseholdOuting is the probability that a household goes out
	// together on a weekend day.
	HouseholdOuting float64 `yaml:"household_outing"`
	// FriendMeetup is the probability that a friend group meets on a given
	// evening or weekend day.
	FriendMeetup float64 `yaml:"friend_meetup"`
	// WalkMaxM is the longest trip made on foot; longer trips use transit.
	WalkMaxM float64 `yaml:"walk_max_m"`
	// BusShare is the probability that a transit trip goes by bus when
	// both bus and metro are available.
	BusShare float64 `yaml:"bus_share"`
	// WalkKMH and TransitKMH are travel speeds.
	WalkKMH    float64 `yaml:"walk_kmh"`
	TransitKMH float64 `yaml:"transit_kmh"`
}

// EPR holds the exploration and preferential return parameters of Song,
// Koren, Wang and Barabási (2010): a new place is explored with probability
// Rho·S^-Gamma, where S is the number of places seen so far; activity
// durations follow Δt^(-1-Beta)·exp(-Δt/Tau).
type EPR struct {
	// Rho scales the probability of exploring, in (0, 1].
	Rho float64 `yaml:"rho"`
	// Gamma is how fast exploring fades as places are seen, at least 0.
	Gamma float64 `yaml:"gamma"`
	// Beta is the exponent of the activity duration's power law, in
	// (0, 2).
	Beta float64 `yaml:"beta"`
	// TauHours is the cut-off of activity durations in hours.
	TauHours float64 `yaml:"tau_hours"`
}

// Sensors describes what is recorded at each door.
type Sensors struct {
	// QR describes venue QR check-ins.
	QR QR `yaml:"qr"`
	// Payment describes mobile payments.
	Payment Payment `yaml:"payment"`
	// Camera describes face-matching cameras.
	Camera Camera `yaml:"camera"`
	// Transit describes transit card taps.
	Transit Transit `yaml:"transit"`
}

// QR describes venue QR check-ins.
type QR struct {
	// GPSErrorM is the standard deviation, in metres, of the phone's
	// reported position along each axis.
	GPSErrorM float64 `yaml:"gps_error_m"`
	// Families and Kinds give the rates per venue family, and overrides
	// per venue kind.
	Families map[string]QRRate `yaml:"families"`
	Kinds    map[string]QRRate `yaml:"kinds"`
}

// QRRate is the QR check-in setting of one venue family or kind.
type QRRate struct {
	// Posted is the share of venues that post a QR code.
	Posted *float64 `yaml:"posted,omitempty"`
	// Scan is the probability that a visitor with a smartphone scans a
	// posted code: near 1 where scanning is mandatory, lower where it is
	// voluntary.
	Scan *float64 `yaml:"scan,omitempty"`
}

// Payment describes mobile payments.
type Payment struct {
	// Families gives the full setting of every venue family.
	Families map[string]PaymentRate `yaml:"families"`
	// Kinds overrides single fields for a venue kind; see For.
	Kinds map[string]PaymentRate `yaml:"kinds"`
}

// PaymentRate is the payment setting of one venue family or kind.
type PaymentRate struct {
	// Accepts is the share of venues that accept mobile payment.
	Accepts *float64 `yaml:"accepts,omitempty"`
	// Purchase is the probability that a visit includes a purchase.
	Purchase *float64 `yaml:"purchase,omitempty"`
	// AmountMedian and AmountSigma set the log-normal purchase amount.
	AmountMedian *float64 `yaml:"amount_median,omitempty"`
	AmountSigma  *float64 `yaml:"amount_sigma,omitempty"`
}

// Camera describes face-matching cameras at venue doors.
type Camera struct {
	// Families gives the full setting of every venue family.
	Families map[string]CameraRate `yaml:"families"`
	// Kinds overrides single fields for a venue kind; see For.
	Kinds map[string]CameraRate `yaml:"kinds"`
}

// CameraRate is the camera setting of one venue family or kind.
type CameraRate struct {
	// Coverage is the share of venues with a camera at the door.
	Coverage *float64 `yaml:"coverage,omitempty"`
	// Detection is the probability that a passing person's face is
	// captured.
	Detection *float64 `yaml:"detection,omitempty"`
	// HitRate is the probability that a captured face is matched to the
	// right person.
	HitRate *float64 `yaml:"hit_rate,omitempty"`
	// FalseMatch is the probability that a captured face is matched to a
	// wrong person.
	FalseMatch *float64 `yaml:"false_match,omitempty"`
}

// Transit describes transit card taps.
type Transit struct {
	// CardOwners is the share of people who own a stored-value card; the
	// others buy single tickets, each with its own id.
	CardOwners float64 `yaml:"card_owners"`
	// Tap is the probability that a station entry or exit is recorded.
	Tap float64 `yaml:"tap"`
}

// Holder is an organisation that receives sensor streams.
type Holder struct {
	// Name identifies the holder, for example health_authority.
	Name string `yaml:"name"`
	// Streams lists the streams it receives: scans, payments, sightings,
	// taps.
	Streams []string `yaml:"streams"`
	// Identifier is how the holder knows a person: "real" (the real
	// identity), "hash" (a stable hash shared by all holders), "salted"
	// (a pseudonym salted per holder), "daily" (a salted pseudonym rotated
	// every day) or "per_venue" (a salted pseudonym that differs from venue
	// to venue).
	Identifier string `yaml:"identifier"`

	// Policy says what the holder keeps of what it receives and for how
	// long.
	Policy `yaml:",inline"`
}
