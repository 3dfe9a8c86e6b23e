package realdata

import (
	"context"
	"strings"
	"time"
)

// SNAPColumns are the columns of a SNAP check-in file (Gowalla,
// Brightkite; Cho, Myers and Leskovec, 2011): tab-separated, no header.
var SNAPColumns = []string{"user", "check-in time (2010-10-12T00:21:28Z)", "latitude",
	"longitude", "location id"}

// ReadSNAP reads a SNAP check-in file. Locations carry no category, so
// their venues map to no kind. It stops with ctx's error when ctx is done.
func (b *Builder) ReadSNAP(ctx context.Context, path string) error {
	b.log.Info("reading", "file", path)
	return b.readFile(ctx, path, path, func(in *input) error {
		want := "tab-separated " + fieldsWant(SNAPColumns)
		first := in.firstLine()
		if !strings.Contains(first, "\t") {
			return formatError(in.name, "SNAP check-ins", want,
				lineShape(first, sniffDelimiter(first)))
		}
		rs := newRows(in, '\t')
		return b.eachRow(ctx, in, rs, "SNAP check-ins", want, b.snapRow)
	})
}

func (b *Builder) snapRow(f []string) *fieldError {
	if fe := wantFields(f, 5); fe != nil {
		return fe
	}
	if strings.TrimSpace(f[0]) == "" {
		return bad("user", "empty")
	}
	t, fe := parseTime("time", f[1], time.RFC3339, time.UTC)
	if fe != nil {
		return fe
	}
	lat, lon, fe := parseLatLon(f[2], f[3])
	if fe != nil {
		return fe
	}
	loc := strings.TrimSpace(f[4])
	if loc == "" {
		return bad("location id", "empty")
	}
	b.checkIn(f[0], loc, "", lat, lon, t)
	return nil
}
