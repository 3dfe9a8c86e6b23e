package realdata

import (
	"context"
	"errors"
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

// checkEvery is how many rows a reader reads between looks at its
// context, so that an interrupt stops a large file within a moment.
const checkEvery = 1 << 16

// fieldError is what a row parser finds wrong with one field. Its message
// describes a bad value (see describe) and never quotes it.
type fieldError struct {
	field, msg string
}

// Error names the field and what is wrong with it.
func (e *fieldError) Error() string { return e.field + ": " + e.msg }

func bad(field, format string, args ...any) *fieldError {
	return &fieldError{field: field, msg: fmt.Sprintf(format, args...)}
}

// parseLatLon reads a position, refusing numbers out of range and the
// (0, 0) that some exports write for an unknown position.
func parseLatLon(latText, lonText string) (lat, lon float64, fe *fieldError) {
	lat, fe = parseDegrees("latitude", latText, 90)
	if fe != nil {
		return 0, 0, fe
	}
	lon, fe = parseDegrees("longitude", lonText, 180)
	if fe != nil {
		return 0, 0, fe
	}
	if lat == 0 && lon == 0 {
		return 0, 0, bad("latitude", "position 0, 0 (no position recorded)")
	}
	return lat, lon, nil
}

func parseDegrees(field, text string, limit float64) (float64, *fieldError) {
	v, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	switch {
	case err != nil || math.IsNaN(v):
		return 0, bad(field, "got %s, want a number in [-%g, %g]", describe(text), limit, limit)
	case v < -limit || v > limit:
		return 0, bad(field, "got a number outside [-%g, %g]", limit, limit)
	}
	return v, nil
}

// parseTime reads a time in layout (in loc when the layout has no zone)
// and checks it is plausible.
func parseTime(field, text, layout string, loc *time.Location) (int64, *fieldError) {
	t, err := time.ParseInLocation(layout, strings.TrimSpace(text), loc)
	if err != nil {
		return 0, bad(field, "got %s, want a time like %q", describe(text), layout)
	}
	return plausible(field, t.UnixMilli())
}

func plausible(field string, ms int64) (int64, *fieldError) {
	if ms < earliest || ms >= latest {
		return 0, bad(field, "got a time outside the years 1990 to 2099, want one within "+
			"them (is the time format or zone right?)")
	}
	return ms, nil
}

// rowParser parses one row; it returns a field error for a malformed row.
type rowParser func(fields []string) *fieldError

// eachRow parses every row of a file, stopping with ctx's error when ctx
// is done (it looks every checkEvery rows). A malformed first row means
// the file is not of the format (the wrong layout, delimiter or time
// format): the file is refused with an error wrapping ErrFormat that
// names want, the expected columns. A malformed later row is a problem
// for the report, or the error under Strict.
func (b *Builder) eachRow(ctx context.Context, in *input, rs rows, format, want string,
	parse rowParser) error {
	first := true
	for n := 1; ; n++ {
		if n%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		fields, line, err := rs.next()
		if err == io.EOF {
			return nil
		}
		var fe *fieldError
		if err != nil && !errors.As(err, &fe) {
			return err
		}
		b.report.Rows++
		if fe == nil {
			fe = parse(fields)
		}
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

// readFile opens path, named in messages as name, and passes it to read.
func (b *Builder) readFile(ctx context.Context, path, name string,
	read func(in *input) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	in, err := openInput(path, name)
	if err != nil {
		return err
	}
	defer in.Close()
	b.report.Files++
	return read(in)
}

// wantFields checks a row's field count.
func wantFields(fields []string, n int) *fieldError {
	if len(fields) < n {
		return bad("row", "%d fields, want at least %d", len(fields), n)
	}
	return nil
}
