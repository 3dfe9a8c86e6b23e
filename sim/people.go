package sim

// AgeBand is a coarse age group; it sets occupation, smartphone ownership
// and daily rhythm.
type AgeBand uint8

// The age bands: child (0-5), student (6-22), adult (23-64), senior (65+).
const (
	Child AgeBand = iota
	Student
	Adult
	Senior
)

var ageNames = [...]string{"child", "student", "adult", "senior"}

// String returns the band's scenario name.
func (a AgeBand) String() string { return ageNames[a] }

// Occupation says where a person spends weekdays.
type Occupation uint8

// The occupations.
const (
	NoOccupation Occupation = iota
	Working
	Schooling
)

var occupationNames = [...]string{"none", "work", "school"}

// String returns the occupation's name as written in the people table.
func (o Occupation) String() string { return occupationNames[o] }

// PaymentHabit says how a person prefers to pay.
type PaymentHabit uint8

// The payment habits.
const (
	PaysPhone PaymentHabit = iota
	PaysMixed
	PaysCash
)

var habitNames = [...]string{"phone", "mixed", "cash"}

// String returns the habit's scenario name.
func (h PaymentHabit) String() string { return habitNames[h] }

// Household is a group of people sharing a home in a housing compound.
type Household struct {
	ID   int32 `parquet:"household_id"`
	Home int32 `parquet:"home_venue_id"`
	Size int32 `parquet:"size"`
}

// Person is one simulated resident. Workplace is the venue of work or
// school, or -1. Card is the transit card id, or 0 for people who buy
// single tickets.
type Person struct {
	ID         int32  `parquet:"person_id"`
	Household  int32  `parquet:"household_id"`
	Home       int32  `parquet:"home_venue_id"`
	AgeBand    string `parquet:"age_band,dict"`
	Occupation string `parquet:"occupation,dict"`
	Workplace  int32  `parquet:"workplace_venue_id"`
	Smartphone bool   `parquet:"smartphone"`
	Habit      string `parquet:"payment_habit,dict"`
	Card       int64  `parquet:"card_id"`
	// Mitigations lists the defences the person adopted (see Behaviour),
	// comma-separated; Filer is the person whose account the person's
	// scans are filed under: the person, or under a shared household
	// account the member whose phone is used.
	Mitigations string `parquet:"mitigations,dict"`
	Filer       int32  `parquet:"account_person_id"`

	// Age, Occ and Pay are the enumerations behind the strings above.
	Age AgeBand      `parquet:"-"`
	Occ Occupation   `parquet:"-"`
	Pay PaymentHabit `parquet:"-"`
	// Adopts is the set of behaviours behind Mitigations.
	Adopts Behaviour `parquet:"-"`
	// Groups lists the friend groups the person belongs to.
	Groups []int32 `parquet:"-"`
}

// Friendship ties a person to a friend group; the table of these is the
// ground truth for companion inference.
type Friendship struct {
	Group  int32 `parquet:"group_id"`
	Person int32 `parquet:"person_id"`
}
