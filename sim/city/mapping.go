package city

import (
	"strings"

	"github.com/scantrail/scantrail/sim"
)

// Mapper maps the categories of real venue lists onto scantrail's venue
// kinds, and so onto the four venue families (transit, commercial,
// residential, government; workplaces are a fifth family the simulator
// adds). It combines:
//
//   - the Foursquare category table (builtinCategories, with keyword rules
//     for the names it does not list), and
//   - the OpenStreetMap tag table (osmTags below), keyed "key=value", with
//     "key=*" as the fallback for any value of a key.
//
// A scenario's city.category_map lays entries over both: a Foursquare
// category name ("Hotel": housing_compound) or an OpenStreetMap tag
// ("amenity=place_of_worship": entertainment); "none" or "" drops it.
type Mapper struct {
	table map[string]string
}

// NewMapper returns the built-in tables with extra laid over them.
func NewMapper(extra map[string]string) *Mapper {
	m := CategoryMapping(nil)
	for k, v := range osmTags {
		m[k] = v
	}
	for k, v := range extra {
		if v == "" {
			v = "none"
		}
		m[k] = v
	}
	return &Mapper{table: m}
}

// Kind returns the kind of a venue category, by the table and then by the
// keyword rules; ok is false when the category maps to no kind.
func (m *Mapper) Kind(category string) (k sim.Kind, ok bool) {
	name, listed := m.table[category]
	if !listed {
		name = guessKind(category)
	}
	return sim.ParseKind(name)
}

// OSMKind returns the kind of an OpenStreetMap feature from its tags, in
// the order of osmKeys: the first tag that maps decides. Tag values are
// matched exactly, then the key alone ("shop=*").
func (m *Mapper) OSMKind(tags map[string]string) (k sim.Kind, ok bool) {
	for _, key := range osmKeys {
		val := tags[key]
		if val == "" || val == "no" {
			continue
		}
		name, listed := m.table[key+"="+val]
		if !listed {
			name, listed = m.table[key+"=*"]
		}
		if listed {
			return sim.ParseKind(name)
		}
	}
	return 0, false
}

// osmKeys are the OpenStreetMap keys read for a kind, most telling first.
var osmKeys = []string{"railway", "public_transport", "highway", "amenity", "healthcare",
	"shop", "leisure", "tourism", "building", "office", "craft", "historic"}

// osmTags maps OpenStreetMap tags to kinds, after the OpenStreetMap wiki's
// Map Features. Places of worship, parking, toilets, benches and the like
// map to nothing and are left out.
var osmTags = map[string]string{
	"railway=station":            "rail_station",
	"railway=subway_entrance":    "metro_station",
	"railway=halt":               "rail_station",
	"public_transport=station":   "metro_station",
	"highway=bus_stop":           "bus_stop",
	"amenity=bus_station":        "bus_stop",
	"amenity=restaurant":         "restaurant",
	"amenity=fast_food":          "restaurant",
	"amenity=food_court":         "restaurant",
	"amenity=cafe":               "cafe",
	"amenity=ice_cream":          "cafe",
	"amenity=bar":                "entertainment",
	"amenity=pub":                "entertainment",
	"amenity=nightclub":          "entertainment",
	"amenity=cinema":             "entertainment",
	"amenity=theatre":            "entertainment",
	"amenity=arts_centre":        "entertainment",
	"amenity=marketplace":        "shop",
	"amenity=pharmacy":           "shop",
	"amenity=bank":               "bank",
	"amenity=hospital":           "hospital",
	"amenity=clinic":             "hospital",
	"amenity=doctors":            "hospital",
	"amenity=dentist":            "hospital",
	"healthcare=*":               "hospital",
	"amenity=police":             "government_office",
	"amenity=townhall":           "government_office",
	"amenity=courthouse":         "government_office",
	"amenity=post_office":        "government_office",
	"amenity=fire_station":       "government_office",
	"amenity=community_centre":   "government_office",
	"amenity=library":            "government_office",
	"amenity=school":             "school",
	"amenity=kindergarten":       "school",
	"amenity=college":            "school",
	"amenity=university":         "school",
	"shop=mall":                  "mall",
	"shop=department_store":      "mall",
	"shop=*":                     "shop",
	"leisure=fitness_centre":     "gym",
	"leisure=sports_centre":      "gym",
	"tourism=museum":             "entertainment",
	"tourism=gallery":            "entertainment",
	"tourism=attraction":         "entertainment",
	"building=apartments":        "housing_compound",
	"building=residential":       "housing_compound",
	"building=house":             "housing_compound",
	"building=dormitory":         "housing_compound",
	"building=office":            "office",
	"building=industrial":        "factory",
	"office=*":                   "office",
	"craft=*":                    "factory",
	"historic=*":                 "entertainment",
	"amenity=place_of_worship":   "none",
	"amenity=parking":            "none",
	"amenity=toilets":            "none",
	"amenity=atm":                "none",
	"amenity=bicycle_rental":     "none",
	"amenity=vending_machine":    "none",
	"amenity=charging_station":   "none",
	"amenity=motorcycle_parking": "none",
}

// MappingTable returns the built-in mapping, Foursquare categories and
// OpenStreetMap tags together, for documentation: "key=value" entries are
// OpenStreetMap tags.
func MappingTable() map[string]string {
	return NewMapper(nil).table
}

// osmTagString joins OpenStreetMap tags as "key=value" pairs, for names.
func osmTagString(tags map[string]string) string {
	var parts []string
	for _, k := range osmKeys {
		if v := tags[k]; v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	return strings.Join(parts, ";")
}
