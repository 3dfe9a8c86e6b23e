package scenarios

import (
	"bytes"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary bytes as a scenario file: Load must never
// panic and must return either a valid scenario or an ErrInvalid error,
// and a scenario it accepts must survive Marshal and Load unchanged.
func FuzzLoad(f *testing.F) {
	def, _ := embedded(DefaultName)
	f.Add(def)
	for _, seed := range []string{
		"", "~", "population:\n  people: 3\n",
		"holders:\n  - {name: a, streams: [taps], identifier: hash}\n",
		"movement:\n  errand_mix: &m {shop: 1}\n  activity_mix: *m\n",
		"sensors:\n  camera:\n    kinds:\n      bank: {hit_rate: 0.9}\n",
		"city: [1, 2]\n", "days: 1.5\n", "a: &a [*a]\n", "- 1\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := load(newSource("fuzz.yaml", ""), data, nil)
		if err != nil {
			if s != nil || !errors.Is(err, ErrInvalid) {
				t.Fatalf("load = %v, %v; want nil and an ErrInvalid error", s, err)
			}
			return
		}
		out, err := Marshal(s)
		if err != nil {
			t.Fatalf("Marshal error: %v", err)
		}
		again, err := load(newSource("again.yaml", ""), out, nil)
		if err != nil {
			t.Fatalf("reloading Marshal output: %v\n%s", err, out)
		}
		if out2, _ := Marshal(again); !bytes.Equal(out, out2) {
			t.Fatalf("round trip changed the scenario:\n%s\n---\n%s", out, out2)
		}
	})
}

// FuzzOverride feeds arbitrary override texts: applying them must never
// panic and must either succeed or fail with ErrInvalid.
func FuzzOverride(f *testing.F) {
	for _, seed := range []string{
		"population.people=2000", "holders.0.identifier=salted",
		"city.venues_per_10k.cafe=3", "holders=[{name: a}]", "=", "a..b=1",
		"sensors.qr.families.transit={scan: 0.5}", "holders.-1.name=x",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, set string) {
		s, err := load(newSource("embedded:default", ""), nil, []string{set})
		if (s == nil) == (err == nil) || err != nil && !errors.Is(err, ErrInvalid) {
			t.Fatalf("load with %q = %v, %v", set, s, err)
		}
	})
}

// FuzzParseHours checks that accepted opening hours lie within a day.
func FuzzParseHours(f *testing.F) {
	for _, seed := range []string{"09:00-17:00", "24h", "00:00-24:00", "9-5"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		open, close, err := ParseHours(spec)
		if err == nil && !(0 <= open && open < close && close <= minutesPerDay) {
			t.Fatalf("ParseHours(%q) = %d, %d, want 0 <= open < close <= 1440",
				spec, open, close)
		}
	})
}

// FuzzParseSweep feeds arbitrary bytes as a sweep file: ParseSweep must
// never panic, must fail only with ErrInvalid, and a sweep it accepts
// must name a safe folder for every cell.
func FuzzParseSweep(f *testing.F) {
	for _, seed := range []string{
		"", "parameters: [{path: days, values: [1, 2]}]\n",
		"replicates: 2\nset: [days=3]\nparameters:\n  - path: a[0].b\n" +
			"    range: {from: 0, to: 1, step: 0.1}\n",
		"parameters: [{path: x, values: ['../..', '', 'a/b']}]\n", "a: &a [*a]\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sw, err := ParseSweep("fuzz.yaml", data)
		if err != nil {
			if sw != nil || !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseSweep = %v, %v; want nil and an ErrInvalid error", sw, err)
			}
			return
		}
		if sw.NumCells() > maxCells {
			return
		}
		for _, c := range sw.Cells() {
			dir := sw.Dir(c)
			parts := strings.Split(dir, string(filepath.Separator))
			if !filepath.IsLocal(dir) || len(parts) != len(sw.Parameters) ||
				slices.Contains(parts, "..") || slices.Contains(parts, ".") {
				t.Fatalf("cell folder %q is not %d safe names", dir, len(sw.Parameters))
			}
		}
	})
}
