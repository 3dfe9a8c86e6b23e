package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"
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
// gridN (N metres) and TIME is minute, hour or day.
func ParseResolution(s string) (Resolution, error) {
	place, tm, ok := strings.Cut(s, "/")
	if !ok {
		return Resolution{}, fmt.Errorf("resolution %q: want PLACE/TIME, such as venue/hour", s)
	}
	var r Resolution
	switch {
	case place == "venue":
		r.Place = PlaceVenue
	case place == "district":
		r.Place = PlaceDistrict
	case strings.HasPrefix(place, "grid"):
		m, err := strconv.ParseFloat(strings.TrimPrefix(place, "grid"), 64)
		if err != nil || !(m >= 1) || math.IsInf(m, 0) {
			return r, fmt.Errorf("resolution %q: want gridN with N ≥ 1 metres, such as grid500", s)
		}
		r.Place, r.GridM = PlaceGrid, m
	default:
		return r, fmt.Errorf("resolution %q: place %q, want venue, district or gridN", s, place)
	}
	switch tm {
	case "minute":
		r.Time = TimeMinute
	case "hour":
		r.Time = TimeHour
	case "day":
		r.Time = TimeDay
	default:
		return r, fmt.Errorf("resolution %q: time %q, want minute, hour or day", s, tm)
	}
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
