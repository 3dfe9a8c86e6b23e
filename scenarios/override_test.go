package scenarios_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

func TestOverrides(t *testing.T) {
	qrScan := func(s *scenarios.Scenario) any {
		posted, scan := s.Sensors.QR.For(sim.MetroStation)
		return [2]float64{posted, scan}
	}
	tests := []struct {
		name string
		sets []string
		get  func(*scenarios.Scenario) any
		want any
	}{
		{"number", []string{"population.people=2000"},
			func(s *scenarios.Scenario) any { return s.Population.People }, 2000},
		{"last wins", []string{"days=3", "days=5"},
			func(s *scenarios.Scenario) any { return s.Days }, 5},
		{"spaces around path", []string{" days =7"},
			func(s *scenarios.Scenario) any { return s.Days }, 7},
		{"string with spaces", []string{`description="my city"`},
			func(s *scenarios.Scenario) any { return s.Description }, "my city"},
		{"empty string", []string{"description="},
			func(s *scenarios.Scenario) any { return s.Description }, ""},
		{"map entry keeps others", []string{"city.venues_per_10k.cafe=3"},
			func(s *scenarios.Scenario) any {
				return [2]float64{s.City.VenuesPer10k["cafe"], s.City.VenuesPer10k["shop"]}
			}, [2]float64{3, 40}},
		{"family field keeps others", []string{"sensors.qr.families.transit.scan=0.5"},
			qrScan, [2]float64{1, 0.5}},
		{"new kind entry", []string{"sensors.payment.kinds.mall.purchase=0.3"},
			func(s *scenarios.Scenario) any {
				r := s.Sensors.Payment.For(sim.Mall)
				return [2]float64{*r.Accepts, *r.Purchase}
			}, [2]float64{0.95, 0.3}},
		{"flow mapping", []string{"sensors.qr.families.transit={scan: 0.25}"},
			qrScan, [2]float64{1, 0.25}},
		{"list", []string{"population.household_size=[0.5, 0.5]"},
			func(s *scenarios.Scenario) any { return s.Population.HouseholdSize },
			[]float64{0.5, 0.5}},
		{"list item", []string{"holders.0.identifier=salted"},
			func(s *scenarios.Scenario) any { return s.Holders[0].Identifier }, "salted"},
		{"list in list item", []string{"holders.1.streams=[scans, taps]"},
			func(s *scenarios.Scenario) any { return s.Holders[1].Streams },
			[]string{"scans", "taps"}},
		{"mapping merges", []string{"holders.0={identifier: hash}"},
			func(s *scenarios.Scenario) any {
				return s.Holders[0].Name + " " + s.Holders[0].Identifier
			}, "health_authority hash"},
		{"whole list", []string{"holders=[{name: police, streams: [taps], " +
			"identifier: hash}]", "adversaries=[{name: police, holders: [police]}]",
			"attacks.linkage={enabled: false, from: [], to: []}"},
			func(s *scenarios.Scenario) any { return len(s.Holders) }, 1},
		{"field absent from default", []string{"city.category_map.Coffee Shop=cafe"},
			func(s *scenarios.Scenario) any { return s.City.CategoryMap["Coffee Shop"] },
			"cafe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, src, err := scenarios.Load("", tt.sets)
			if err != nil {
				t.Fatalf("Load with %q error:\n%v", tt.sets, err)
			}
			if got := tt.get(s); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if !reflect.DeepEqual(src.Overrides, tt.sets) {
				t.Errorf("Source.Overrides = %q, want %q", src.Overrides, tt.sets)
			}
		})
	}
}

func TestOverrideErrors(t *testing.T) {
	tests := []struct {
		set  string
		want string
	}{
		{"population.peeple=3", "--set population.peeple=3: population.peeple: " +
			"unknown field; allowed: people, household_size, age_bands, employment, " +
			"senior_employment, smartphone, payment_habits, phone_share, friends"},
		{"peeple=3", "--set peeple=3: peeple: unknown field; allowed: name, " +
			"description, seed, start, days, timezone, limits, city, population, " +
			"movement, sensors, holders, adversaries, attacks, mitigations"},
		{"populationpeople", "--set populationpeople: want PATH=VALUE, " +
			"for example population.people=2000"},
		{"population.people=many", `--set population.people=many: ` +
			`population.people: got "many", want a whole number`},
		{"population.people=1.5", "--set population.people=1.5: " +
			"population.people: got 1.5, want a whole number"},
		{"population=3", "--set population=3: population: got 3, want a " +
			"mapping with keys: people, household_size, age_bands, employment, " +
			"senior_employment, smartphone, payment_habits, phone_share, friends"},
		{"holders.9.identifier=real", "--set holders.9.identifier=real: " +
			"holders.9: got index 9, want 0 to 3"},
		{"holders.x.identifier=real", `--set holders.x.identifier=real: ` +
			`holders.x: got "x", want a list index`},
		{"holders.0=[1]", "--set holders.0=[1]: holders.0: got a list, want a " +
			"mapping with keys: name, streams, identifier, retention_days, place, time, " +
			"locate_by, geo_indistinguishability, cloaking_k, storage, phone_days, " +
			"diagnosis_rate, release, release_epsilon"},
		{"population.people.x=1", "--set population.people.x=1: " +
			"population.people.x: unknown field; population.people is a single value"},
		{"population..people=1", "--set population..people=1: population..people: " +
			"empty step in path, want names joined by dots"},
		{"days=[1", `--set days=[1: days: got value "[1", want a YAML value: ` +
			"did not find expected ',' or ']'"},
		{"mitigations.salt=1", "--set mitigations.salt=1: mitigations.salt: " +
			"unknown field; allowed: cash, skip_scans, manual_entry, dummy_scans, " +
			"gps_spoofing, shared_account, delayed_scans, silos"},
		{"population.people=0", "--set population.people=0: population.people: " +
			"got 0, want at least 1"},
		{"sensors.qr.families.transit.scan=2", "--set sensors.qr.families.transit.scan=2: " +
			"sensors.qr.families.transit.scan: got 2, want a probability in [0, 1]"},
		{"population.age_bands.child=0.5", "--set population.age_bands.child=0.5: " +
			"population.age_bands: sums to 1.44, want shares that sum to 1"},
		{"city.venues_per_10k.caffe=3", "--set city.venues_per_10k.caffe=3: " +
			"city.venues_per_10k.caffe: unknown venue kind; allowed: metro_station, " +
			"bus_stop, rail_station, restaurant, cafe, shop, mall, gym, entertainment, " +
			"housing_compound, government_office, hospital, bank, school, office, factory"},
	}
	for _, tt := range tests {
		t.Run(tt.set, func(t *testing.T) {
			_, _, err := scenarios.Load("", []string{tt.set})
			if !errors.Is(err, scenarios.ErrInvalid) {
				t.Fatalf("Load error = %v, want one that is ErrInvalid", err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestOverrideAfterFile checks that an override on top of a file is named
// as the override, while the file's own mistakes keep their lines.
func TestOverrideAfterFile(t *testing.T) {
	path := writeScenario(t, "days: 0\n")
	_, _, err := scenarios.Load(path, []string{"movement.errand=3"})
	var v *scenarios.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("Load error = %v, want a *ValidationError", err)
	}
	want := []scenarios.Problem{
		{File: path, Line: 1, Path: "days", Message: "got 0, want 1 to 3660"},
		{File: "--set movement.errand=3", Path: "movement.errand",
			Message: "got 3, want a probability in [0, 1]"},
	}
	if !reflect.DeepEqual(v.Problems, want) {
		t.Errorf("problems =\n%v\nwant\n%v", v.Problems, want)
	}
}
