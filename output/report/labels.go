package report

import (
	"fmt"
	"strings"
)

// attackLabel is how the page names an attack and says what its numbers
// measure.
type attackLabel struct {
	title, note string
}

var attacks = map[string]attackLabel{
	"holdings":            {"Holdings", "what the adversary holds on its query day"},
	"unicity":             {"Unicity", "how few points single a person out"},
	"linkage":             {"Linkage", "pseudonymous accounts matched to named ones"},
	"home_work":           {"Home and work", "where people live and work"},
	"tracking":            {"Tracking", "where a named person was at a given moment"},
	"companions":          {"Companions", "who goes out with whom"},
	"risk":                {"Background-knowledge risk", "what knowing k places gives away"},
	"trajectory_recovery": {"Trajectory recovery", "trajectories rebuilt from noisy counts"},
}

// AttackTitle returns the heading of an attack's group of rows, such as
// "Home and work" for home_work, and a few words on what it measures; an
// attack it does not know is returned as it is, without a note.
func AttackTitle(attack string) (title, note string) {
	if a, ok := attacks[attack]; ok {
		return a.title, a.note
	}
	return attack, ""
}

var metrics = map[string]string{
	"holdings/records":                    "records held",
	"holdings/accounts":                   "accounts",
	"holdings/identified_accounts":        "accounts known by real name",
	"holdings/published_venue_hours":      "venue-hours published",
	"unicity/epsilon":                     "share singled out (ε_p)",
	"linkage/top1":                        "matched to the true owner (top-1)",
	"linkage/top5":                        "true owner among the best 5",
	"linkage/precision":                   "matches that are right (precision)",
	"linkage/recall":                      "owners matched (recall)",
	"linkage/tul_users":                   "people linked",
	"home_work/home_accuracy":             "home found",
	"home_work/work_accuracy":             "work found",
	"home_work/with_home":                 "people with a home inferred",
	"home_work/with_pair":                 "people with home and work inferred",
	"home_work/anonymity_median":          "median anonymity set of (home, work)",
	"home_work/unique_share":              "(home, work) pair unique",
	"tracking/answered":                   "queries answered",
	"tracking/venue_correct":              "answered with the right venue",
	"tracking/district_correct":           "answered with the right district",
	"tracking/hours_placed":               "hours placed",
	"companions/precision":                "predicted pairs that are true (precision)",
	"companions/recall":                   "true pairs found (recall)",
	"companions/predicted_pairs":          "pairs predicted",
	"risk/mean":                           "mean risk",
	"risk/median":                         "median risk",
	"risk/unique_share":                   "people singled out (risk 1)",
	"trajectory_recovery/link_accuracy":   "links that follow one person",
	"trajectory_recovery/random_accuracy": "the same for random links",
	"trajectory_recovery/count_error":     "mean error of the released counts",
}

// MetricLabel returns a reader's name for an attack's metric, such as
// "home found" for home_work's home_accuracy; a metric it does not know
// is returned as it is.
func MetricLabel(attack, metric string) string {
	if l, ok := metrics[attack+"/"+metric]; ok {
		return l
	}
	return metric
}

// SettingLabel returns a reader's version of a metric's parameter, the
// setting it was measured at: "resolution=venue/hour p=4" reads
// "venue/hour, 4 points", "days=14" reads "over 14 days". Parts it does
// not know are kept as they are.
func SettingLabel(parameter string) string {
	var parts []string
	for _, field := range strings.Fields(parameter) {
		key, value, _ := strings.Cut(field, "=")
		parts = append(parts, settingPart(key, value, field))
	}
	return strings.Join(parts, ", ")
}

func settingPart(key, value, field string) string {
	switch key {
	case "resolution":
		return value
	case "holder", "stream":
		return key + " " + value
	case "p":
		return plural(value, "point")
	case "k":
		return plural(value, "known place")
	case "days":
		return "over " + plural(value, "day")
	case "level":
		return value + " level"
	case "split":
		return "split at " + value
	case "method":
		return strings.ReplaceAll(value, "_", " ")
	}
	return field
}

func plural(n, noun string) string {
	if n == "1" {
		return fmt.Sprintf("%s %s", n, noun)
	}
	return fmt.Sprintf("%s %ss", n, noun)
}
