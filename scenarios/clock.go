package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"time"

	_ "time/tzdata" // time zones load on machines without a zoneinfo database
)

// minutesPerDay is the length of a day in minutes; 24:00 closes a venue at
// midnight.
const minutesPerDay = 24 * 60

// ParseClock returns the minutes since midnight of a time of day written
// "HH:MM", from 00:00 to 23:59. Both fields take two digits.
func ParseClock(s string) (int, error) {
	m, ok := clock(s)
	if !ok || m >= minutesPerDay {
		return 0, fmt.Errorf("got %q, want a time HH:MM from 00:00 to 23:59", s)
	}
	return m, nil
}

// ParseHours returns the opening and closing minute of a day's opening
// hours written "HH:MM-HH:MM", where close is after open and may be 24:00,
// or "24h" for a venue open round the clock (0 and 1440). Hours that run
// past midnight are not supported.
func ParseHours(s string) (open, close int, err error) {
	if s == "24h" {
		return 0, minutesPerDay, nil
	}
	from, to, found := strings.Cut(s, "-")
	open, ok1 := clock(from)
	close, ok2 := clock(to)
	if !found || !ok1 || !ok2 || open >= minutesPerDay || close <= open {
		return 0, 0, fmt.Errorf("got %q, want HH:MM-HH:MM with close after "+
			"open (close may be 24:00), or 24h", s)
	}
	return open, close, nil
}

// clock parses "HH:MM" from 00:00 to 24:00.
func clock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, ok1 := digits(s[0:2])
	m, ok2 := digits(s[3:5])
	if !ok1 || !ok2 || m > 59 || h*60+m > minutesPerDay {
		return 0, false
	}
	return h*60 + m, true
}

// digits parses two decimal digits.
func digits(s string) (int, bool) {
	if s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// Location returns the scenario's time zone. "Local" and the empty name
// are refused, because they would make a run depend on the machine.
func (s *Scenario) Location() (*time.Location, error) {
	if s.Timezone == "" || s.Timezone == "Local" {
		return nil, errors.New("want an IANA time zone such as Asia/Shanghai")
	}
	loc, err := time.LoadLocation(s.Timezone)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q, want an IANA name "+
			"such as Asia/Shanghai", s.Timezone)
	}
	return loc, nil
}

// StartDate returns local midnight of the first simulated day.
func (s *Scenario) StartDate() (time.Time, error) {
	loc, err := s.Location()
	if err != nil {
		return time.Time{}, err
	}
	t, err := time.ParseInLocation(time.DateOnly, s.Start, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("got %q, want a date YYYY-MM-DD", s.Start)
	}
	return t, nil
}
