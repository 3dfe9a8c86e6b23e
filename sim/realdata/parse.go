package realdata

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Records before 1990 or after 2100 are taken for a wrong time format.
var (
	earliest = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	latest   = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
)

// fieldError is what a row parser finds wrong with one field.
type fieldError struct {
	field, msg string
}

func bad(field, format string, args ...any) *fieldError {
	return &fieldError{field: field, msg: fmt.Sprintf(format, args...)}
}

// parseLatLon reads a position, refusing numbers out of range and the
// (0, 0) that some exports write for an unknown position.
func parseLatLon(latText, lonText string) (lat, lon float64, fe *fieldError) {
	lat, err := strconv.ParseFloat(strings.TrimSpace(latText), 64)
	if err != nil || math.IsNaN(lat) || lat < -90 || lat > 90 {
		return 0, 0, bad("latitude", "got %s, want a number in [-90, 90]", quote(latText))
	}
	lon, err = strconv.ParseFloat(strings.TrimSpace(lonText), 64)
	if err != nil || math.IsNaN(lon) || lon < -180 || lon > 180 {
		return 0, 0, bad("longitude", "got %s, want a number in [-180, 180]", quote(lonText))
	}
	if lat == 0 && lon == 0 {
		return 0, 0, bad("latitude", "position 0, 0 (no position recorded)")
	}
	return lat, lon, nil
}

// parseTime reads a time in layout (in loc when the layout has no zone)
// and checks it is plausible.
func parseTime(field, text, layout string, loc *time.Location) (int64, *fieldError) {
	t, err := time.ParseInLocation(layout, strings.TrimSpace(text), loc)
	if err != nil {
		return 0, bad(field, "got %s, want a time like %q", quote(text), layout)
	}
	return plausible(field, text, t.UnixMilli())
}

func plausible(field, text string, ms int64) (int64, *fieldError) {
	if ms < earliest || ms >= latest {
		return 0, bad(field, "got %s, want a time between 1990 and 2100", quote(text))
	}
	return ms, nil
}

// rowParser parses one row; it returns a field error for a malformed row.
type rowParser func(fields []string) *fieldError

// eachRow parses every row of a file. A malformed first row means the file
// is not of the format (the wrong layout, delimiter or time format): the
// file is refused with an error wrapping ErrFormat that names want, the
// expected columns. A malformed later row is a problem for the report, or
// the error under Strict.
func (b *Builder) eachRow(in *input, rs rows, format, want string, parse rowParser) error {
	first := true
	for {
		fields, line, err := rs.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		b.report.Rows++
		fe := parse(fields)
		if fe != nil && first {
			return formatError(in.name, format, want,
				fmt.Sprintf("line %d: %s: %s", line, fe.field, fe.msg))
		}
		first = false
		if fe != nil {
			if err := b.problem(in.name, line, fe.field, "%s", fe.msg); err != nil {
				return err
			}
		}
	}
}

// readFile opens path and passes it to read.
func (b *Builder) readFile(path string, read func(in *input) error) error {
	in, err := openInput(path)
	if err != nil {
		return err
	}
	defer in.Close()
	b.report.Files++
	b.log.Info("reading", "file", path)
	return read(in)
}

// wantFields checks a row's field count.
func wantFields(fields []string, n int) *fieldError {
	if len(fields) < n {
		return bad("row", "%d fields, want at least %d", len(fields), n)
	}
	return nil
}
