package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ResolutionSpec is a parsed PLACE/TIME resolution, the grain at which an
// attack reads places and times.
type ResolutionSpec struct {
	// Place is "venue", "district" or "grid".
	Place string
	// GridM is the side of a grid cell in metres when Place is "grid".
	GridM float64
	// Time is "minute", "hour" or "day"; empty for a place-only spec.
	Time string
}

// ParseResolution reads "PLACE/TIME": PLACE is venue, district or gridN (a
// grid of N-metre cells) and TIME is minute, hour or day.
func ParseResolution(s string) (ResolutionSpec, error) {
	place, tm, ok := strings.Cut(s, "/")
	if !ok {
		return ResolutionSpec{}, fmt.Errorf("resolution %q: want PLACE/TIME, such as venue/hour", s)
	}
	r, err := ParsePlace(place)
	if err != nil {
		return r, fmt.Errorf("resolution %q: %w", s, err)
	}
	switch tm {
	case "minute", "hour", "day":
		r.Time = tm
	default:
		return r, fmt.Errorf("resolution %q: time %q, want minute, hour or day", s, tm)
	}
	return r, nil
}

// ParsePlace reads a place unit: venue, district or gridN.
func ParsePlace(place string) (ResolutionSpec, error) {
	switch {
	case place == "venue", place == "district":
		return ResolutionSpec{Place: place}, nil
	case strings.HasPrefix(place, "grid"):
		m, err := strconv.ParseFloat(strings.TrimPrefix(place, "grid"), 64)
		if err != nil || !(m >= 1) || math.IsInf(m, 0) {
			return ResolutionSpec{}, fmt.Errorf(
				"place %q: want gridN with N ≥ 1 metres, such as grid500", place)
		}
		return ResolutionSpec{Place: "grid", GridM: m}, nil
	}
	return ResolutionSpec{}, fmt.Errorf("place %q: want venue, district or gridN", place)
}
