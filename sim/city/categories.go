package city

import "strings"

// builtinCategories maps venue-list category names (Foursquare's, as in the
// TSMC2014 New York data of Yang et al., 2015) to scantrail kinds. Names
// not listed fall back to keyword rules in guessKind.
var builtinCategories = map[string]string{
	"Home (private)": "housing_compound",
	"Residential Building (Apartment / Condo)": "housing_compound",
	"Office":                    "office",
	"Building":                  "office",
	"Factory":                   "factory",
	"Subway":                    "metro_station",
	"Light Rail":                "metro_station",
	"Bus Station":               "bus_stop",
	"Bus Stop":                  "bus_stop",
	"Train Station":             "rail_station",
	"Bank":                      "bank",
	"Government Building":       "government_office",
	"Post Office":               "government_office",
	"Courthouse":                "government_office",
	"Police Station":            "government_office",
	"Medical Center":            "hospital",
	"Hospital":                  "hospital",
	"Doctor's Office":           "hospital",
	"Drugstore / Pharmacy":      "shop",
	"School":                    "school",
	"High School":               "school",
	"Elementary School":         "school",
	"Middle School":             "school",
	"University":                "school",
	"College Academic Building": "school",
	"Coffee Shop":               "cafe",
	"Café":                      "cafe",
	"Tea Room":                  "cafe",
	"Mall":                      "mall",
	"Department Store":          "mall",
	"Gym / Fitness Center":      "gym",
	"Gym":                       "gym",
	"Bar":                       "entertainment",
	"Movie Theater":             "entertainment",
	"Music Venue":               "entertainment",
	"Theater":                   "entertainment",
	"General Entertainment":     "entertainment",
	"Performing Arts Venue":     "entertainment",
	"Beer Garden":               "entertainment",
	"Museum":                    "entertainment",
	"Stadium":                   "entertainment",
	"Deli / Bodega":             "shop",
	"Food & Drink Shop":         "shop",
	"Bakery":                    "cafe",
	"Donut Shop":                "cafe",
	"Bagel Shop":                "cafe",
	"Ice Cream Shop":            "cafe",
}

// CategoryMapping returns the built-in category table with extra laid over
// it. An extra entry mapping a category to "" or "none" drops that
// category.
func CategoryMapping(extra map[string]string) map[string]string {
	m := make(map[string]string, len(builtinCategories)+len(extra))
	for k, v := range builtinCategories {
		m[k] = v
	}
	for k, v := range extra {
		if v == "" {
			v = "none"
		}
		m[k] = v
	}
	return m
}

// guessKind maps a category the table does not name by keywords in it:
// restaurants and food places, shops and stores, nightlife and culture.
// It returns "" for anything else, which is then left out.
func guessKind(category string) string {
	c := strings.ToLower(category)
	switch {
	case strings.Contains(c, "restaurant"), strings.Contains(c, "joint"),
		strings.Contains(c, "diner"), strings.Contains(c, "pizza"),
		strings.Contains(c, "sandwich"), strings.Contains(c, "food"):
		return "restaurant"
	case strings.Contains(c, "store"), strings.Contains(c, "shop"),
		strings.Contains(c, "market"), strings.Contains(c, "boutique"):
		return "shop"
	case strings.Contains(c, "bar"), strings.Contains(c, "club"),
		strings.Contains(c, "theater"), strings.Contains(c, "venue"),
		strings.Contains(c, "gallery"), strings.Contains(c, "bowling"):
		return "entertainment"
	case strings.Contains(c, "school"), strings.Contains(c, "college"):
		return "school"
	}
	return ""
}
