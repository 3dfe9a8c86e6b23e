package city

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// ErrVenueFile is wrapped by every error about the content of a venue list.
var ErrVenueFile = errors.New("bad venue file")

// Column names accepted for each field of a venue list, in the order tried.
var (
	idColumns       = []string{"poi_id", "venue_id", "venueid", "id"}
	categoryColumns = []string{"poi_catname", "category", "venuecategory", "kind"}
	latColumns      = []string{"latitude", "lat"}
	lonColumns      = []string{"longitude", "lon", "lng"}
)

// FromCSV builds a city from a venue list with a header row naming an id,
// a category, a latitude and a longitude column (the Foursquare venue
// layout: poi_id, poi_catid, poi_catname, latitude, longitude), or from an
// OpenStreetMap POI CSV or GeoJSON file (see ReadOSMCSV, ReadGeoJSON),
// told apart by their content. Categories
// map to kinds through the built-in table, extended by the scenario's
// city.category_map; venues whose category maps to no kind are left out
// and counted in the returned Skipped. name labels errors, which carry the
// line number.
func FromCSV(r io.Reader, name string, s *scenarios.Scenario) (*City, Skipped, error) {
	rows, err := readAnyVenueRows(r, name, s.City.CategoryMap)
	if err != nil {
		return nil, nil, err
	}
	if len(rows.venues) == 0 && len(rows.skipped) == 0 {
		return nil, nil, fmt.Errorf("%s: %w: no venue rows after the header", name, ErrVenueFile)
	}
	if len(rows.venues) == 0 {
		return nil, nil, fmt.Errorf("%s: %w: no venue maps to a scantrail kind", name, ErrVenueFile)
	}
	c := rows.layout(s.City.DistrictsPerSide)
	if len(c.ByKind[sim.HousingCompound]) == 0 {
		return nil, nil, fmt.Errorf("%s: %w: no housing (no category maps to housing_compound)",
			name, ErrVenueFile)
	}
	if err := c.finish(s, sim.NewSource(s.Seed, sim.LabelCity)); err != nil {
		return nil, nil, err
	}
	return c, rows.skipped, nil
}

// Skipped counts, per category, the venues a venue list held that map to
// no kind.
type Skipped map[string]int

// venueRow is one accepted row of a venue list.
type venueRow struct {
	name     string
	kind     sim.Kind
	lat, lon float64
}

type venueRows struct {
	venues  []venueRow
	skipped Skipped
}

func readVenueRows(r io.Reader, name string, extra map[string]string) (*venueRows, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: %w: the file is empty, want a header row naming "+
			"id, category, latitude and longitude columns", name, ErrVenueFile)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: reading header: %v", name, ErrVenueFile, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // a UTF-8 byte-order mark
	}
	cols, err := findColumns(header)
	if err != nil {
		return nil, fmt.Errorf("%s:1: %w: %v", name, ErrVenueFile, err)
	}
	mapping := CategoryMapping(extra)
	out := &venueRows{skipped: Skipped{}}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			// A csv.ParseError names its own line and column.
			return nil, fmt.Errorf("%s: %w: %v", name, ErrVenueFile, err)
		}
		line, _ := cr.FieldPos(0)
		if err := out.add(rec, cols, mapping); err != nil {
			return nil, fmt.Errorf("%s:%d: %w: %v", name, line, ErrVenueFile, err)
		}
	}
}

func (vr *venueRows) add(rec []string, cols [4]int, mapping map[string]string) error {
	cat := rec[cols[1]]
	kindName := mapping[cat]
	if kindName == "" {
		kindName = guessKind(cat)
	}
	k, ok := sim.ParseKind(kindName)
	if !ok {
		vr.skipped[cat]++
		return nil
	}
	lat, err := parseCoord(rec[cols[2]], "latitude", 90)
	if err != nil {
		return err
	}
	lon, err := parseCoord(rec[cols[3]], "longitude", 180)
	if err != nil {
		return err
	}
	vr.venues = append(vr.venues, venueRow{name: rec[cols[0]], kind: k, lat: lat, lon: lon})
	return nil
}

func parseCoord(s, what string, limit float64) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || v < -limit || v > limit {
		return 0, fmt.Errorf("%s %q: want a number in [-%g, %g]", what, s, limit, limit)
	}
	return v, nil
}

// findColumns locates the id, category, latitude and longitude columns.
func findColumns(header []string) ([4]int, error) {
	var cols [4]int
	for i, names := range [][]string{idColumns, categoryColumns, latColumns, lonColumns} {
		cols[i] = indexOf(header, names)
		if cols[i] < 0 {
			// The header is described, not shown: a file that is not a venue
			// list may have a row of data, user ids and all, for a header.
			return cols, fmt.Errorf("no column named %s (the first line has %d "+
				"comma-separated fields)", strings.Join(names, " or "), len(header))
		}
	}
	return cols, nil
}

func indexOf(header []string, names []string) int {
	for _, n := range names {
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), n) {
				return i
			}
		}
	}
	return -1
}

// layout projects the rows onto a plane whose origin is the south-west
// corner of their bounding box.
func (vr *venueRows) layout(districts int) *City {
	minLat, minLon := math.Inf(1), math.Inf(1)
	maxLat, maxLon := math.Inf(-1), math.Inf(-1)
	for _, v := range vr.venues {
		minLat, maxLat = math.Min(minLat, v.lat), math.Max(maxLat, v.lat)
		minLon, maxLon = math.Min(minLon, v.lon), math.Max(maxLon, v.lon)
	}
	cos := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	c := &City{DistrictsPerSide: districts, originLat: minLat, originLon: minLon, cosRef: cos}
	c.Width = math.Max((maxLon-minLon)*metresPerDegree*cos, 1)
	c.Height = math.Max((maxLat-minLat)*metresPerDegree, 1)
	for _, v := range vr.venues {
		x := (v.lon - minLon) * metresPerDegree * cos
		y := (v.lat - minLat) * metresPerDegree
		c.add(v.kind, v.name, x, y)
	}
	return c
}
