package city

import (
	"errors"
	"strings"
	"testing"
)

// FuzzFromCSV feeds arbitrary venue lists: the reader must never panic,
// and every error must wrap ErrVenueFile.
func FuzzFromCSV(f *testing.F) {
	f.Add("poi_id,poi_catname,latitude,longitude\na,Home (private),40.7,-74\nb,Office,40.8,-74.1\n")
	f.Add("id,category,lat,lon\n1,Subway,91,0\n")
	f.Add("poi_id,poi_catname,latitude,longitude\n\"a,Bar,1,2\n")
	f.Add("")
	s := defaultScenario(f)
	f.Fuzz(func(t *testing.T, in string) {
		c, _, err := FromCSV(strings.NewReader(in), "fuzz.csv", s)
		if err != nil {
			if !errors.Is(err, ErrVenueFile) {
				t.Fatalf("error %v does not wrap ErrVenueFile", err)
			}
			return
		}
		if len(c.Venues) == 0 {
			t.Fatal("a city without venues was accepted")
		}
	})
}
