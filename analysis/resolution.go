package analysis

import (
	"strconv"

	"github.com/scantrail/scantrail/scenarios"
)

// PlaceUnit is the spatial resolution at which an adversary reads places.
type PlaceUnit uint8

// The place units: the venue itself, its district, or a square grid cell.
const (
	PlaceVenue PlaceUnit = iota
	PlaceDistrict
	PlaceGrid
)

// TimeUnit is the temporal resolution at which an adversary reads times.
type TimeUnit uint8

// The time units.
const (
	TimeMinute TimeUnit = iota
	TimeHour
	TimeDay
)

// Resolution is a place unit and a time unit, the grain of a point in the
// sense of de Montjoye et al. (2013): an (antenna, hour) pair there, a
// (venue, hour) pair here by default.
type Resolution struct {
	Place PlaceUnit
	// GridM is the side of a grid cell in metres, for PlaceGrid.
	GridM float64
	Time  TimeUnit
}

// String returns the resolution in the form ParseResolution reads, for
// example "venue/hour" or "grid500/day".
func (r Resolution) String() string {
	place := [...]string{"venue", "district", "grid"}[r.Place]
	if r.Place == PlaceGrid {
		place += strconv.FormatFloat(r.GridM, 'f', -1, 64)
	}
	return place + "/" + [...]string{"minute", "hour", "day"}[r.Time]
}

// ParseResolution reads "PLACE/TIME" where PLACE is venue, district or
// gridN (N metres) and TIME is minute, hour or day; the grammar is the
// scenario file's (see scenarios.ParseResolution).
func ParseResolution(s string) (Resolution, error) {
	spec, err := scenarios.ParseResolution(s)
	if err != nil {
		return Resolution{}, err
	}
	r := Resolution{GridM: spec.GridM}
	r.Place = map[string]PlaceUnit{"venue": PlaceVenue, "district": PlaceDistrict,
		"grid": PlaceGrid}[spec.Place]
	r.Time = map[string]TimeUnit{"minute": TimeMinute, "hour": TimeHour, "day": TimeDay}[spec.Time]
	return r, nil
}

// Point is an observation reduced to a resolution: a place id in the high
// 32 bits and a time bin in the low 32.
type Point uint64

// Point reduces an observation of view v to the resolution.
func (r Resolution) Point(v *View, o Observation) Point {
	return Point(uint64(r.place(v, o.Venue))<<32 | uint64(uint32(r.bin(o.Minute))))
}

func (r Resolution) place(v *View, venue int32) uint32 {
	switch r.Place {
	case PlaceDistrict:
		return uint32(v.Venues[venue].District)
	case PlaceGrid:
		ve := &v.Venues[venue]
		col := uint32(ve.X / r.GridM)
		row := uint32(ve.Y / r.GridM)
		return row<<16 | col&0xffff
	}
	return uint32(venue)
}

func (r Resolution) bin(minute int32) int32 {
	switch r.Time {
	case TimeHour:
		return floorDiv(minute, 60)
	case TimeDay:
		return floorDiv(minute, 1440)
	}
	return minute
}

func floorDiv(a, b int32) int32 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}
