package sim

// Static holds what a run produces once, before the first day: the city,
// its people and the data holders' identifiers.
type Static struct {
	Venues      []Venue
	People      []Person
	Households  []Household
	Friendships []Friendship
	Accounts    []Account
	Routes      []Route
}

// Sink receives a run's output as it is made: the static tables once, then
// each day in order. A sink must not keep a Day after Day returns; its
// slices are reused for the next day.
type Sink interface {
	Static(s *Static) error
	Day(d *Day) error
}

// Sinks fans a run's output out to several sinks in order, stopping at the
// first error.
type Sinks []Sink

// Static passes s to every sink.
func (ss Sinks) Static(s *Static) error {
	for _, sk := range ss {
		if err := sk.Static(s); err != nil {
			return err
		}
	}
	return nil
}

// Day passes d to every sink.
func (ss Sinks) Day(d *Day) error {
	for _, sk := range ss {
		if err := sk.Day(d); err != nil {
			return err
		}
	}
	return nil
}
