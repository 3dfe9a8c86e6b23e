package realdata

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Columns maps the fields of a generic check-in CSV to its header names.
// User, Time, Lat and Lon are required; Venue and Category are optional
// (without Venue, a venue is the position rounded to 1e-5 degrees, about
// a metre).
type Columns struct {
	User, Time, Lat, Lon, Venue, Category string
	// TimeFormat is "rfc3339", "unix" (seconds), "unixms", or a Go time
	// layout such as "2006-01-02 15:04:05"; empty means rfc3339.
	TimeFormat string
	// Location is the zone of times whose layout has none; nil means UTC.
	Location *time.Location
}

// ReadGeneric reads a check-in CSV with a header, its delimiter sniffed
// from the header (comma, tab, semicolon or bar), its columns named by
// cols (see Columns.Check). It stops with ctx's error when ctx is done.
func (b *Builder) ReadGeneric(ctx context.Context, path string, cols Columns) error {
	if err := cols.Check(); err != nil {
		return err
	}
	if cols.Location == nil {
		cols.Location = time.UTC
	}
	b.log.Info("reading", "file", path)
	return b.readFile(ctx, path, path, func(in *input) error {
		first := in.firstLine()
		delim := sniffDelimiter(first)
		rs := newRows(in, delim)
		idx, err := genericLayout(in.name, first, delim, cols)
		if err != nil {
			return err
		}
		if _, _, err := rs.next(); err != nil {
			return formatError(in.name, "generic CSV", "a header naming "+
				fieldsWant(cols.names()), "a header that does not split into fields: "+err.Error())
		}
		want := fieldsWant(cols.names())
		return b.eachRow(ctx, in, rs, "generic CSV", want, func(f []string) *fieldError {
			return b.genericRow(f, idx, cols)
		})
	})
}

// ErrColumns is wrapped by the error for Columns that cannot be read.
var ErrColumns = errors.New("bad column names")

// Check reports whether the columns can be read: User, Time, Lat and Lon
// must be named, and no other column may be the user column (a user id
// read as a time, a position, a venue or a category would end up in a
// message or in the venue table).
func (c Columns) Check() error {
	required := []struct{ flag, name string }{{"user", c.User}, {"time", c.Time},
		{"latitude", c.Lat}, {"longitude", c.Lon}}
	for _, r := range required {
		if strings.TrimSpace(r.name) == "" {
			return fmt.Errorf("realdata: generic CSV: %w: the %s column is not named; the "+
				"user, time, latitude and longitude columns must be", ErrColumns, r.flag)
		}
	}
	others := []struct{ flag, name string }{{"time", c.Time}, {"latitude", c.Lat},
		{"longitude", c.Lon}, {"venue", c.Venue}, {"category", c.Category}}
	for _, o := range others {
		if strings.EqualFold(strings.TrimSpace(o.name), strings.TrimSpace(c.User)) {
			return fmt.Errorf("realdata: generic CSV: %w: the %s column is the user column "+
				"%q; want another column", ErrColumns, o.flag, c.User)
		}
	}
	return nil
}

func (c Columns) names() []string {
	out := []string{c.User, c.Time, c.Lat, c.Lon}
	for _, n := range []string{c.Venue, c.Category} {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// genericLayout finds the named columns in the header; an optional column
// not named is -1.
func genericLayout(name, first string, delim rune, cols Columns) ([6]int, error) {
	header := splitInto(nil, first, string(delim))
	for i := range header {
		header[i] = strings.Trim(strings.TrimSpace(header[i]), `"`)
	}
	var idx [6]int
	for i, want := range []string{cols.User, cols.Time, cols.Lat, cols.Lon, cols.Venue,
		cols.Category} {
		idx[i] = -1
		if want == "" {
			continue
		}
		for j, h := range header {
			if strings.EqualFold(h, want) {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return idx, formatError(name, "generic CSV", "a header naming "+
				fieldsWant(cols.names()), headerGot(first, delim, []string{want}))
		}
	}
	return idx, nil
}

func (b *Builder) genericRow(f []string, idx [6]int, cols Columns) *fieldError {
	for _, i := range idx {
		if i >= len(f) {
			return bad("row", "%d fields, want at least %d", len(f), i+1)
		}
	}
	if strings.TrimSpace(f[idx[0]]) == "" {
		return bad(cols.User, "empty")
	}
	t, fe := parseAnyTime(cols.Time, f[idx[1]], cols)
	if fe != nil {
		return fe
	}
	lat, lon, fe := parseLatLon(f[idx[2]], f[idx[3]])
	if fe != nil {
		return fe
	}
	venue := fmt.Sprintf("%.5f,%.5f", lat, lon)
	if idx[4] >= 0 && strings.TrimSpace(f[idx[4]]) != "" {
		venue = f[idx[4]]
	}
	category := ""
	if idx[5] >= 0 {
		category = f[idx[5]]
	}
	b.checkIn(f[idx[0]], venue, category, lat, lon, t)
	return nil
}

// parseAnyTime reads a time in one of the formats Columns names.
func parseAnyTime(field, text string, cols Columns) (int64, *fieldError) {
	switch strings.ToLower(cols.TimeFormat) {
	case "", "rfc3339":
		return parseTime(field, text, time.RFC3339, cols.Location)
	case "unix", "unixms":
		v, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, bad(field, "got %s, want a Unix time", describe(text))
		}
		if strings.EqualFold(cols.TimeFormat, "unix") {
			v *= 1000
		}
		if math.Abs(v) > 1e15 {
			return 0, bad(field, "got a Unix time outside the years 1990 to 2099, want "+
				"one within them (is --time-format unix or unixms?)")
		}
		return plausible(field, int64(v))
	}
	return parseTime(field, text, cols.TimeFormat, cols.Location)
}
