package city

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/scantrail/scantrail/sim"
)

// VenueRecord is one venue of a real venue list, as read and mapped.
type VenueRecord struct {
	// ID is the list's own id, Name the venue's name (the id when the
	// list has none) and Category what the kind was read from.
	ID, Name, Category string
	// Kind is the mapped kind; Mapped is false when the category maps to
	// none.
	Kind     sim.Kind
	Mapped   bool
	Lat, Lon float64
}

// osmCSVColumns are the columns of an OpenStreetMap POI extract in CSV
// (as the Taipei extract in the shared data folder has them); tag columns
// other than these may be present and are read as tags too.
var osmCSVColumns = []string{"id", "lat", "lon"}

// readAnyVenueRows reads a Foursquare-style venue CSV, an OpenStreetMap
// POI CSV (a header with lat, lon and tag columns such as amenity or
// shop) or GeoJSON (the file starts with '{'), choosing by content.
func readAnyVenueRows(r io.Reader, name string, extra map[string]string) (*venueRows, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(4096)
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	switch {
	case len(head) > 0 && head[0] == '{':
		return collect(ReadGeoJSON(br, name, NewMapper(extra)))
	case isOSMHeader(head):
		return collect(ReadOSMCSV(br, name, NewMapper(extra)))
	}
	return readVenueRows(br, name, extra)
}

// isOSMHeader reports whether a CSV header names OpenStreetMap tag
// columns and no category column.
func isOSMHeader(head []byte) bool {
	line, _, _ := bytes.Cut(head, []byte{'\n'})
	cols := strings.Split(strings.ToLower(strings.TrimSpace(string(line))), ",")
	return indexOf(cols, categoryColumns) < 0 &&
		(indexOf(cols, []string{"amenity"}) >= 0 || indexOf(cols, []string{"shop"}) >= 0)
}

// collect turns mapped records into the rows a city is laid out from.
func collect(recs []VenueRecord, err error) (*venueRows, error) {
	if err != nil {
		return nil, err
	}
	out := &venueRows{skipped: Skipped{}}
	for _, v := range recs {
		if !v.Mapped {
			out.skipped[v.Category]++
			continue
		}
		out.venues = append(out.venues,
			venueRow{name: v.Name, kind: v.Kind, lat: v.Lat, lon: v.Lon})
	}
	return out, nil
}

// ReadOSMCSV reads an OpenStreetMap POI extract in CSV: a header naming
// id, lat and lon, tag columns (amenity, shop, tourism, ...) and
// optionally other_tags, a JSON object of the remaining tags. Each row's
// kind comes from its tags through m (see Mapper.OSMKind). Errors name
// the file and line and wrap ErrVenueFile.
func ReadOSMCSV(r io.Reader, name string, m *Mapper) ([]VenueRecord, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: %w: the file is empty, want a header naming %s and tag "+
			"columns", name, ErrVenueFile, strings.Join(osmCSVColumns, ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrVenueFile, err)
	}
	header = append([]string(nil), header...)
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(header[i]))
	}
	for _, c := range osmCSVColumns {
		if indexOf(header, []string{c}) < 0 {
			return nil, fmt.Errorf("%s:1: %w: no column named %s; an OpenStreetMap POI CSV "+
				"has %s and tag columns", name, ErrVenueFile, c, strings.Join(osmCSVColumns, ", "))
		}
	}
	return readVenueRecords(cr, name, func(rec []string) (VenueRecord, error) {
		return osmRow(header, rec, m)
	})
}

// readVenueRecords turns every remaining row of cr into a venue with row,
// naming the file and line of the first row that fails.
func readVenueRecords(cr *csv.Reader, name string,
	row func(rec []string) (VenueRecord, error)) ([]VenueRecord, error) {
	var out []VenueRecord
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w: %v", name, ErrVenueFile, err)
		}
		line, _ := cr.FieldPos(0)
		v, err := row(rec)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w: %v", name, line, ErrVenueFile, err)
		}
		out = append(out, v)
	}
}

// osmRow reads one row of an OpenStreetMap POI CSV.
func osmRow(header, rec []string, m *Mapper) (VenueRecord, error) {
	if len(rec) != len(header) {
		return VenueRecord{}, fmt.Errorf("%d fields, want %d as in the header",
			len(rec), len(header))
	}
	tags := map[string]string{}
	var v VenueRecord
	for i, h := range header {
		switch h {
		case "other_tags":
			if err := addJSONTags(tags, rec[i]); err != nil {
				return v, err
			}
		case "id":
			v.ID = rec[i]
		case "type":
		default:
			if rec[i] != "" {
				tags[h] = rec[i]
			}
		}
	}
	return osmRecord(v.ID, tags, tags["lat"], tags["lon"], m)
}

// osmRecord maps one feature's tags and checks its position.
func osmRecord(id string, tags map[string]string, lat, lon string, m *Mapper) (VenueRecord, error) {
	v := VenueRecord{ID: id, Name: tags["name"], Category: osmTagString(tags)}
	if v.Name == "" {
		v.Name = "osm " + id
	}
	var err error
	if v.Lat, err = parseCoord(lat, "lat", 90); err != nil {
		return v, err
	}
	if v.Lon, err = parseCoord(lon, "lon", 180); err != nil {
		return v, err
	}
	v.Kind, v.Mapped = m.OSMKind(tags)
	return v, nil
}

func addJSONTags(tags map[string]string, text string) error {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		return fmt.Errorf("other_tags: want a JSON object of tags: %v", err)
	}
	for k, val := range raw {
		if _, set := tags[k]; !set {
			tags[k] = fmt.Sprint(val)
		}
	}
	return nil
}

// geoJSON is the part of a GeoJSON FeatureCollection that venues need.
type geoJSON struct {
	Type     string `json:"type"`
	Features []struct {
		ID       any `json:"id"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

// ReadGeoJSON reads venues from a GeoJSON FeatureCollection of
// OpenStreetMap features (as Overpass exports or osmtogeojson write
// them): a Point's coordinates, or the mean of the first ring of a
// Polygon, place the venue; its tags are the feature's properties, or
// their "tags" object when there is one.
func ReadGeoJSON(r io.Reader, name string, m *Mapper) ([]VenueRecord, error) {
	var g geoJSON
	dec := json.NewDecoder(io.LimitReader(r, 1<<30))
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("%s: %w: want a GeoJSON FeatureCollection: %v",
			name, ErrVenueFile, err)
	}
	if g.Type != "FeatureCollection" {
		return nil, fmt.Errorf("%s: %w: type %q, want a GeoJSON FeatureCollection",
			name, ErrVenueFile, g.Type)
	}
	out := make([]VenueRecord, 0, len(g.Features))
	for i, f := range g.Features {
		lon, lat, err := featurePoint(f.Geometry.Type, f.Geometry.Coordinates)
		if err == nil {
			tags := featureTags(f.Properties)
			var v VenueRecord
			v, err = osmRecord(fmt.Sprint(f.ID), tags, lat, lon, m)
			out = append(out, v)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: feature %d: %w: %v", name, i, ErrVenueFile, err)
		}
	}
	return out, nil
}

// featurePoint returns a feature's position as text, for parseCoord.
func featurePoint(kind string, coords json.RawMessage) (lon, lat string, err error) {
	var pt []float64
	switch kind {
	case "Point":
		err = json.Unmarshal(coords, &pt)
	case "Polygon":
		var rings [][][]float64
		if err = json.Unmarshal(coords, &rings); err == nil && len(rings) > 0 {
			pt = meanPoint(rings[0])
		}
	default:
		return "", "", fmt.Errorf("geometry %q, want Point or Polygon", kind)
	}
	if err != nil || len(pt) < 2 {
		return "", "", fmt.Errorf("coordinates: want [longitude, latitude]")
	}
	return fmt.Sprint(pt[0]), fmt.Sprint(pt[1]), nil
}

func meanPoint(ring [][]float64) []float64 {
	var x, y float64
	n := 0
	for _, p := range ring {
		if len(p) >= 2 {
			x, y, n = x+p[0], y+p[1], n+1
		}
	}
	if n == 0 {
		return nil
	}
	return []float64{x / float64(n), y / float64(n)}
}

// featureTags flattens a feature's properties into string tags.
func featureTags(props map[string]any) map[string]string {
	if inner, ok := props["tags"].(map[string]any); ok {
		props = inner
	}
	tags := make(map[string]string, len(props))
	for k, v := range props {
		if s, ok := v.(string); ok {
			tags[k] = s
		}
	}
	return tags
}

// ReadVenueList reads any venue list FromCSV accepts (a Foursquare-style
// CSV, an OpenStreetMap POI CSV or GeoJSON) into records, keeping the
// venues whose category maps to no kind with Mapped false.
func ReadVenueList(r io.Reader, name string, m *Mapper) ([]VenueRecord, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(4096)
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	switch {
	case len(head) == 0:
		return nil, fmt.Errorf("%s: %w: the file is empty", name, ErrVenueFile)
	case head[0] == '{':
		return ReadGeoJSON(br, name, m)
	case isOSMHeader(head):
		return ReadOSMCSV(br, name, m)
	}
	return readCategoryRecords(br, name, m)
}

// readCategoryRecords reads a Foursquare-style venue CSV into records.
func readCategoryRecords(r io.Reader, name string, m *Mapper) ([]VenueRecord, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: reading header: %v", name, ErrVenueFile, err)
	}
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	cols, err := findColumns(header)
	if err != nil {
		return nil, fmt.Errorf("%s:1: %w: %v", name, ErrVenueFile, err)
	}
	return readVenueRecords(cr, name, func(rec []string) (VenueRecord, error) {
		v := VenueRecord{ID: rec[cols[0]], Name: rec[cols[0]], Category: rec[cols[1]]}
		v.Kind, v.Mapped = m.Kind(v.Category)
		var err error
		if v.Lat, err = parseCoord(rec[cols[2]], "latitude", 90); err == nil {
			v.Lon, err = parseCoord(rec[cols[3]], "longitude", 180)
		}
		return v, err
	})
}
