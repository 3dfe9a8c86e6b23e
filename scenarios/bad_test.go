package scenarios_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/scantrail/scantrail/scenarios"
)

// badScenarios are scenario files with one mistake each, with where the
// mistake must be reported and what the message must say.
var badScenarios = []struct {
	name string
	text string
	line int
	path string
	msg  string
}{
	{"unknown top field", "peeple: 3\n", 1, "peeple",
		"unknown field; allowed: name, description, seed, start, days"},
	{"unknown nested field", "days: 3\npopulation:\n  peeple: 3\n", 3,
		"population.peeple",
		"unknown field; allowed: people, household_size, age_bands"},
	{"unknown mitigation", "mitigations:\n  salt: true\n", 2, "mitigations.salt",
		"unknown field; allowed: cash, skip_scans"},
	{"adoption share above 1", "mitigations:\n  cash: {share: 1.5}\n", 2,
		"mitigations.cash.share", "got 1.5, want a share in [0, 1]"},
	{"adoption of unknown age band", "mitigations:\n  cash: {by_age: {toddler: 1}}\n", 2,
		"mitigations.cash.by_age.toddler", "unknown age band; allowed: child, student"},
	{"dummy scans without a count",
		"mitigations:\n  dummy_scans: {share: 0.5, per_day: 0}\n", 2,
		"mitigations.dummy_scans.per_day", "got 0 while dummy_scans is adopted"},
	{"unknown spoofing mode", "mitigations:\n  gps_spoofing: {mode: teleport}\n", 2,
		"mitigations.gps_spoofing.mode", `got "teleport", want one of: fixed, random`},
	{"negative retention", "holders:\n  - {name: h, streams: [scans], identifier: real, " +
		"retention_days: -3}\nadversaries: []\nattacks: {linkage: {enabled: false}}\n", 2,
		"holders.0.retention_days", "got -3, want 0 to 3660"},
	{"unknown stored place", "holders:\n  - {name: h, streams: [scans], identifier: real, " +
		"place: street}\nadversaries: []\nattacks: {linkage: {enabled: false}}\n", 2,
		"holders.0.place", `got "street", want venue, district or gridN`},
	{"unknown identifier", "holders:\n  - {name: h, streams: [scans], identifier: hourly}\n" +
		"adversaries: []\nattacks: {linkage: {enabled: false}}\n", 2,
		"holders.0.identifier", "want one of: real, hash, salted, daily, per_venue"},
	{"phone storage of payments", "holders:\n  - {name: h, streams: [payments], " +
		"identifier: real, storage: phone, phone_days: 21}\nadversaries: []\n" +
		"attacks: {linkage: {enabled: false}}\n", 2,
		"holders.0.storage", "phone storage models venue check-ins; want streams: [scans]"},
	{"phone days on a server", "holders:\n  - {name: h, streams: [scans], identifier: real, " +
		"phone_days: 21}\nadversaries: []\nattacks: {linkage: {enabled: false}}\n", 2,
		"holders.0.phone_days", "apply to storage: phone only"},
	{"aggregate without epsilon", "holders:\n  - {name: h, streams: [scans], identifier: real, " +
		"release: aggregate}\nadversaries: []\nattacks: {linkage: {enabled: false}}\n", 2,
		"holders.0.release_epsilon", "want ε > 0 for release: aggregate"},
	{"aggregate of nothing", "holders:\n  - {name: h, streams: [scans], identifier: real, " +
		"storage: none, release: aggregate, release_epsilon: 1}\nadversaries: []\n" +
		"attacks: {linkage: {enabled: false}}\n", 2,
		"holders.0.release", "aggregate needs records on the server"},
	{"cloaking a coarse place", "holders:\n  - {name: h, streams: [scans], identifier: real, " +
		"place: district, cloaking_k: 5}\nadversaries: []\nattacks: {linkage: {enabled: false}}\n",
		2, "holders.0.cloaking_k", "cloaking chooses the stored cell itself"},
	{"gps locating of payments", "holders:\n  - {name: h, streams: [payments], " +
		"identifier: real, locate_by: gps}\nadversaries: []\nattacks: {linkage: {enabled: false}}\n",
		2, "holders.0.locate_by", "gps needs the scans stream"},
	{"adversary reading nothing", "adversaries:\n  - {name: spy}\n", 2,
		"adversaries.0.holders", "empty, want at least one of: health_authority"},
	{"adversary of unknown holder", "adversaries:\n  - {name: spy, holders: [tax_office]}\n",
		2, "adversaries.0.holders.0", `got "tax_office", want one of:`},
	{"bad unicity resolution", "attacks:\n  unicity:\n    resolutions: [venue/week]\n",
		3, "attacks.unicity.resolutions.0", `time "week", want minute, hour or day`},
	{"name that is a path", "name: ../../etc/evil\n", 1, "name",
		"want letters, digits, '-', '_' and '.'"},
	{"zero replicates", "attacks:\n  replicates: 0\n", 2, "attacks.replicates",
		"got 0, want 1 to 100"},
	{"text for a number", "days: many\n", 1, "days",
		`got "many", want a whole number`},
	{"quoted number", "population:\n  employment: \"0.5\"\n", 2,
		"population.employment", `got "0.5", want a number`},
	{"fraction for a count", "population:\n  people: 1.5\n", 2,
		"population.people", "got 1.5, want a whole number"},
	{"negative seed", "seed: -1\n", 1, "seed", "got -1, want a whole number >= 0"},
	{"mapping for a number", "days:\n  a: 1\n", 2, "days",
		"got a mapping, want a whole number"},
	{"list for a section", "city: [1, 2]\n", 1, "city",
		"got a list, want a mapping with keys: layout, venues_file"},
	{"list for a document", "- 1\n- 2\n", 1, "",
		"got a list, want a mapping with keys: name, description"},
	{"duplicate key", "days: 3\nseed: 2\ndays: 4\n", 3, "days",
		"set twice; first set on line 1"},
	{"merge key", "population:\n  <<: {people: 3}\n", 2, "population",
		"merge keys (<<) are not supported"},
	{"empty name", "name: \"\"\n", 1, "name", "missing, want a name"},
	{"bad start date", "start: 2022-13-01\n", 1, "start",
		`got "2022-13-01", want a date YYYY-MM-DD`},
	{"no days", "seed: 1\ndays: 0\n", 2, "days", "got 0, want 1 to 3660"},
	{"unknown time zone", "timezone: Mars/Olympus\n", 1, "timezone",
		`unknown time zone "Mars/Olympus", want an IANA name`},
	{"no memory", "limits:\n  memory_mb: 0\n", 2, "limits.memory_mb",
		"got 0, want at least 1"},
	{"unknown layout", "city:\n  layout: grid\n", 2, "city.layout",
		`got "grid", want one of: synthetic, file`},
	{"file layout without file", "city:\n  layout: file\n", 1,
		"city.venues_file", "missing, want the venue CSV to read"},
	{"missing venue file", "city:\n  layout: file\n  venues_file: nowhere.csv\n",
		3, "city.venues_file", "no such file or directory"},
	{"venue file ignored", "city:\n  venues_file: venues.csv\n", 2,
		"city.venues_file", `set, but city.layout is "synthetic"`},
	{"latitude", "city:\n  centre_lat: 91\n", 2, "city.centre_lat",
		"got 91, want a latitude in [-85, 85]"},
	{"zero width", "city:\n  width_km: 0\n", 2, "city.width_km",
		"got 0, want a width in km in [0.1, 1000]"},
	{"not a number", "city:\n  width_km: .nan\n", 2, "city.width_km",
		"got NaN, want a width in km in [0.1, 1000]"},
	{"share above one", "city:\n  centre_share: 1.5\n", 2, "city.centre_share",
		"got 1.5, want a share in [0, 1]"},
	{"unknown kind", "city:\n  venues_per_10k:\n    caffe: 3\n", 3,
		"city.venues_per_10k.caffe",
		"unknown venue kind; allowed: metro_station, bus_stop, rail_station"},
	{"negative count", "city:\n  venues_per_10k:\n    cafe: -3\n", 3,
		"city.venues_per_10k.cafe", "got -3, want venues per 10,000 residents in [0, 10000]"},
	{"unmapped category", "city:\n  category_map:\n    Coffee Shop: coffee\n",
		3, "city.category_map.Coffee Shop",
		`got "coffee", want a venue kind: metro_station`},
	{"overnight hours", "city:\n  opening_hours:\n    cafe: 22:00-02:00\n", 3,
		"city.opening_hours.cafe",
		`got "22:00-02:00", want HH:MM-HH:MM with close after open`},
	{"dropped hours", "city:\n  opening_hours: null\n", 2,
		"city.opening_hours.bank",
		"missing, want opening hours for every venue kind"},
	{"household sizes sum", "population:\n  household_size: [0.5, 0.4]\n", 2,
		"population.household_size", "sums to 0.9, want shares that sum to 1"},
	{"negative household share",
		"population:\n  household_size:\n    - 1.2\n    - -0.2\n", 4,
		"population.household_size.1", "got -0.2, want a share >= 0"},
	{"no household sizes", "population:\n  household_size: []\n", 2,
		"population.household_size", "empty, want the shares of households"},
	{"too many household sizes",
		"population:\n  household_size: [1,0,0,0,0,0,0,0,0,0,0,0,0]\n", 2,
		"population.household_size", "got 13 sizes, want at most 12"},
	{"age bands sum", "population:\n  age_bands: {child: 0.5}\n", 2,
		"population.age_bands", "sums to 1.44, want shares that sum to 1"},
	{"smartphone probability", "population:\n  smartphone:\n    adult: 2\n", 3,
		"population.smartphone.adult", "got 2, want a probability in [0, 1]"},
	{"friend groups", "population:\n  friends:\n    min_size: 5\n", 2,
		"population.friends.max_size", "got 4, want at least min_size 5"},
	{"too many people", "population:\n  people: 1000000\nlimits:\n  memory_mb: 256\n",
		2, "population.people", "need an estimated 11236 MiB, above " +
			"limits.memory_mb 256; lower population.people, or the venues of the city " +
			"section, or raise limits.memory_mb"},
	{"huge city", "city:\n  width_km: 1e160\n", 2, "city.width_km",
		"got 1e+160, want a width in km in [0.1, 1000]"},
	{"dense bus stops", "city:\n  bus_stop_spacing_m: 1e-300\n", 2, "city.bus_stop_spacing_m",
		"want a spacing in metres in [10, 1e+06]"},
	{"endless tracking", "attacks:\n  tracking: {queries: 1000000000}\n", 2,
		"attacks.tracking.queries", "got 1000000000, want 1 to 10000"},
	{"work start", "movement:\n  work_start: 8am\n", 2, "movement.work_start",
		`got "8am", want a time HH:MM from 00:00 to 23:59`},
	{"long school day", "movement:\n  school_hours: 20\n", 2,
		"movement.school_hours", "got 20, want hours in (0, 16]"},
	{"movement probability", "movement:\n  bus_share: -0.1\n", 2,
		"movement.bus_share", "got -0.1, want a probability in [0, 1]"},
	{"zero mix", "movement:\n  errand_mix: {shop: 0, bank: 0, hospital: 0, " +
		"government_office: 0, mall: 0}\n", 2, "movement.errand_mix",
		"no positive weight, want a weight > 0 for at least one venue kind"},
	{"epr beta", "movement:\n  epr: {beta: 2}\n", 2, "movement.epr.beta",
		"got 2, want a number in (0, 2)"},
	{"epr rho", "movement:\n  epr:\n    rho: 0\n", 3, "movement.epr.rho",
		"got 0, want a probability in (0, 1]"},
	{"scan probability",
		"sensors:\n  qr:\n    families:\n      transit: {scan: 1.5}\n", 4,
		"sensors.qr.families.transit.scan", "got 1.5, want a probability in [0, 1]"},
	{"unknown family",
		"sensors:\n  qr:\n    families:\n      trains: {scan: 0.5}\n", 4,
		"sensors.qr.families.trains",
		"unknown venue family; allowed: transit, commercial, residential"},
	{"unknown rate field",
		"sensors:\n  qr:\n    kinds:\n      cafe: {scans: 0.5}\n", 4,
		"sensors.qr.kinds.cafe.scans", "unknown field; allowed: posted, scan"},
	{"dropped family field",
		"sensors:\n  camera:\n    families:\n      workplace: {coverage: null}\n",
		4, "sensors.camera.families.workplace.coverage",
		"missing, want a value for every family"},
	{"dropped family",
		"sensors:\n  payment:\n    families:\n      government: null\n", 4,
		"sensors.payment.families.government.accepts",
		"missing, want a value for every family"},
	{"zero amount",
		"sensors:\n  payment:\n    kinds:\n      cafe: {amount_median: 0}\n", 4,
		"sensors.payment.kinds.cafe.amount_median", "got 0, want a number > 0"},
	{"match rates sum",
		"sensors:\n  camera:\n    kinds:\n      bank: {hit_rate: 0.9, false_match: 0.2}\n",
		4, "sensors.camera.kinds.bank",
		"hit_rate 0.9 + false_match 0.2 is 1.1, want at most 1"},
	{"tap probability", "sensors:\n  transit:\n    tap: 3\n", 3,
		"sensors.transit.tap", "got 3, want a probability in [0, 1]"},
	{"holder identifier",
		"holders:\n  - name: police\n    streams: [taps]\n    identifier: plain\n",
		4, "holders.0.identifier", `got "plain", want one of: real, hash, salted`},
	{"holder stream",
		"holders:\n  - name: police\n    streams: [taps, calls]\n    identifier: real\n",
		3, "holders.0.streams.1",
		`got "calls", want one of: scans, payments, sightings, taps`},
	{"holder name", "holders:\n  - name: Police Dept\n    streams: [taps]\n" +
		"    identifier: real\n", 2, "holders.0.name",
		`got "Police Dept", want lower-case letters, digits and underscores`},
	{"duplicate holder", "holders:\n  - {name: police, streams: [taps], " +
		"identifier: real}\n  - {name: police, streams: [scans], identifier: real}\n",
		3, "holders.1.name", `got "police" again, want a name used once`},
	{"holder without identifier", "holders:\n  - name: police\n    streams: [taps]\n",
		2, "holders.0.identifier", "missing, want one of: real, hash, salted"},
	{"holder without streams", "holders:\n  - name: police\n    identifier: real\n",
		2, "holders.0.streams", "empty, want one or more of: scans, payments"},
}

func TestLoadBad(t *testing.T) {
	for _, tt := range badScenarios {
		t.Run(tt.name, func(t *testing.T) {
			path := writeScenario(t, tt.text)
			_, _, err := scenarios.Load(path, nil)
			var v *scenarios.ValidationError
			if !errors.As(err, &v) || !errors.Is(err, scenarios.ErrInvalid) {
				t.Fatalf("Load error = %v, want a *ValidationError", err)
			}
			got, ok := findProblem(v, tt.path)
			if !ok {
				t.Fatalf("no problem at %q; got:\n%v", tt.path, err)
			}
			if got.File != path || got.Line != tt.line {
				t.Errorf("problem at %s:%d, want %s:%d", got.File, got.Line, path, tt.line)
			}
			if !strings.Contains(got.Message, tt.msg) {
				t.Errorf("message = %q, want it to contain %q", got.Message, tt.msg)
			}
			want := fmt.Sprintf("scen.yaml:%d: %s", tt.line, tt.path)
			if !strings.Contains(err.Error(), want) {
				t.Errorf("Error() = %q, want it to contain %q", err, want)
			}
		})
	}
}

// findProblem returns the problem reported at path.
func findProblem(v *scenarios.ValidationError, path string) (scenarios.Problem, bool) {
	for _, p := range v.Problems {
		if p.Path == path {
			return p, true
		}
	}
	return scenarios.Problem{}, false
}

func TestLoadCollectsAllProblems(t *testing.T) {
	path := writeScenario(t, "days: 0\npopulation:\n  people: 0\n"+
		"movement:\n  errand: 2\n")
	_, _, err := scenarios.Load(path, nil)
	var v *scenarios.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("Load error = %v, want a *ValidationError", err)
	}
	var got []string
	for _, p := range v.Problems {
		got = append(got, fmt.Sprintf("%d %s", p.Line, p.Path))
	}
	want := []string{"1 days", "3 population.people", "5 movement.errand"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("problems = %v, want %v", got, want)
	}
}

func TestLoadTooManyProblems(t *testing.T) {
	_, _, err := scenarios.Load(writeScenario(t, strings.Repeat("x: 1\n", 80)), nil)
	var v *scenarios.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("Load error = %v, want a *ValidationError", err)
	}
	if got, want := len(v.Problems), 51; got != want {
		t.Errorf("got %d problems, want %d", got, want)
	}
	last := v.Problems[len(v.Problems)-1].Message
	if want := "too many problems; fix these and load again"; last != want {
		t.Errorf("last problem = %q, want %q", last, want)
	}
}

func TestLoadSyntaxError(t *testing.T) {
	tests := []struct {
		name string
		text string
		line int
		msg  string
	}{
		{"unclosed list", "days: 3\npopulation:\n  household_size: [1, 0\n", 3,
			"did not find expected"},
		{"tab indent", "city:\n\tlayout: file\n", 2, "found character that cannot"},
		{"bad indent", "city:\n  layout: file\n bad: 1\n", 3, "did not find expected key"},
		{"two documents", "days: 3\n---\ndays: 4\n", 2, "found a second document"},
		{"unknown alias", "days: *nope\n", 1, "unknown anchor 'nope'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeScenario(t, tt.text)
			_, _, err := scenarios.Load(path, nil)
			var se *scenarios.SyntaxError
			if !errors.As(err, &se) || !errors.Is(err, scenarios.ErrInvalid) {
				t.Fatalf("Load error = %v, want a *SyntaxError", err)
			}
			if se.File != path || se.Line != tt.line {
				t.Errorf("error at %s:%d, want %s:%d", se.File, se.Line, path, tt.line)
			}
			if !strings.Contains(se.Message, tt.msg) {
				t.Errorf("message = %q, want it to contain %q", se.Message, tt.msg)
			}
		})
	}
}

func TestLoadAliases(t *testing.T) {
	path := writeScenario(t, "movement:\n  errand_mix: &mix {shop: 1, cafe: 2}\n"+
		"  activity_mix: *mix\n")
	s, _, err := scenarios.Load(path, nil)
	if err != nil {
		t.Fatalf("Load error: %v", err)
	}
	if got, want := s.Movement.ActivityMix["cafe"], 2.0; got != want {
		t.Errorf("activity_mix.cafe = %v, want %v", got, want)
	}
}
