package realdata

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FoursquareColumns are the columns of a Foursquare check-in file in the
// TSMC2014 layout (Yang et al., 2015), as the header names them; other
// columns (trajectory_id, time_period, ...) are ignored. The original
// tab-separated file has no header and these eight columns in this order:
// userId, venueId, venueCategoryId, venueCategory, latitude, longitude,
// timezoneOffset, utcTimestamp.
var FoursquareColumns = []string{"user_id", "POI_id", "POI_catname", "latitude",
	"longitude", "UTC_time"}

// Alternative header names for each Foursquare field, lower case.
var foursquareNames = [][]string{
	{"user_id", "userid"},
	{"poi_id", "venueid", "venue_id"},
	{"poi_catname", "venuecategory", "venue_category", "category"},
	{"latitude", "lat"},
	{"longitude", "lon", "lng"},
	{"utc_time", "utctimestamp", "utc_timestamp", "time"},
}

// foursquareTimeLayout is TSMC2014's time format.
const foursquareTimeLayout = time.RubyDate

// ReadFoursquare reads a Foursquare check-in file, comma- or
// tab-separated, with or without its header, plain or gzip-compressed. It
// stops with ctx's error when ctx is done.
func (b *Builder) ReadFoursquare(ctx context.Context, path string) error {
	b.log.Info("reading", "file", path)
	return b.readFile(ctx, path, path, func(in *input) error {
		first := in.firstLine()
		delim := sniffDelimiter(first)
		rs := newRows(in, delim)
		cols, err := foursquareLayout(in.name, first, delim, rs)
		if err != nil {
			return err
		}
		want := fieldsWant(FoursquareColumns)
		return b.eachRow(ctx, in, rs, "Foursquare check-ins", want, func(f []string) *fieldError {
			return b.foursquareRow(f, cols)
		})
	})
}

// foursquareLayout finds the columns from the header, consuming it, or
// takes the original headerless order.
func foursquareLayout(name, first string, delim rune, rs rows) ([6]int, error) {
	fields := splitInto(nil, first, string(delim))
	lower := make([]string, len(fields))
	for i, f := range fields {
		lower[i] = strings.ToLower(strings.Trim(strings.TrimSpace(f), `"`))
	}
	if !hasHeader(lower) {
		return [6]int{0, 1, 3, 4, 5, 7}, nil
	}
	if _, _, err := rs.next(); err != nil {
		return [6]int{}, formatError(name, "Foursquare check-ins",
			fieldsWant(FoursquareColumns), "a header that does not split into fields: "+err.Error())
	}
	var cols [6]int
	for i, names := range foursquareNames {
		cols[i] = indexIn(lower, names)
		if cols[i] < 0 {
			return cols, formatError(name, "Foursquare check-ins", fieldsWant(FoursquareColumns),
				headerGot(first, delim, names))
		}
	}
	return cols, nil
}

// hasHeader reports whether a first row is a header: its latitude field
// (or any field) is not a number.
func hasHeader(fields []string) bool {
	for _, f := range fields {
		if _, err := strconv.ParseFloat(f, 64); err == nil {
			return false
		}
	}
	return true
}

// headerGot describes a header that lacks a column by its shape and the
// names the column may have; it never shows the header, which may be a
// row of data.
func headerGot(first string, delim rune, names []string) string {
	return fmt.Sprintf("%s, none named %s", lineShape(first, delim),
		strings.Join(names, " or "))
}

func indexIn(header, names []string) int {
	for _, n := range names {
		for i, h := range header {
			if h == n {
				return i
			}
		}
	}
	return -1
}

// foursquareRow parses one check-in.
func (b *Builder) foursquareRow(f []string, cols [6]int) *fieldError {
	need := 0
	for _, c := range cols {
		need = max(need, c+1)
	}
	if fe := wantFields(f, need); fe != nil {
		return fe
	}
	if strings.TrimSpace(f[cols[0]]) == "" {
		return bad("user_id", "empty")
	}
	if strings.TrimSpace(f[cols[1]]) == "" {
		return bad("POI_id", "empty")
	}
	lat, lon, fe := parseLatLon(f[cols[3]], f[cols[4]])
	if fe != nil {
		return fe
	}
	t, fe := parseTime("UTC_time", f[cols[5]], foursquareTimeLayout, time.UTC)
	if fe != nil {
		return fe
	}
	b.checkIn(f[cols[0]], f[cols[1]], f[cols[2]], lat, lon, t)
	return nil
}
