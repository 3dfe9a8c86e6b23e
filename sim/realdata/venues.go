package realdata

import (
	"context"

	"github.com/scantrail/scantrail/sim/city"
)

// ReadVenueList reads a venue list (a Foursquare venue CSV, an
// OpenStreetMap POI CSV or GeoJSON; see city.ReadVenueList) and adds its
// venues, mapped to kinds, without records. Importing a venue list alone
// gives a folder of venues, the layout of a city.
// It stops with ctx's error when ctx is done.
func (b *Builder) ReadVenueList(ctx context.Context, path string) error {
	b.venueList, b.report.venueList = true, true
	b.log.Info("reading", "file", path)
	return b.readFile(ctx, path, path, func(in *input) error {
		recs, err := city.ReadVenueList(in.r, in.name, b.opts.Categories)
		if err != nil {
			return err
		}
		for _, v := range recs {
			b.report.Rows++
			b.report.Kept++
			before := len(b.places)
			id := b.venue(v.ID, v.Name, v.Category, v.Lat, v.Lon)
			if int(id) < before {
				b.report.Duplicates++
				continue
			}
			b.places[id].kind, b.places[id].mapped = v.Kind, v.Mapped
		}
		return nil
	})
}
