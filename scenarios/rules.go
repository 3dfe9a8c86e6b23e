package scenarios

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/scantrail/scantrail/sim"
)

// This file holds the checker's rules for single values, shared by the
// sections of validate.go.

func (c *checker) probability(path string, x float64) {
	if !(x >= 0 && x <= 1) {
		c.add(path, "got %s, want a probability in [0, 1]", num(x))
	}
}

func (c *checker) share(path string, x float64) {
	if !(x >= 0 && x <= 1) {
		c.add(path, "got %s, want a share in [0, 1]", num(x))
	}
}

func (c *checker) positive(path string, x float64) {
	if !(x > 0) || math.IsInf(x, 1) {
		c.add(path, "got %s, want a number > 0", num(x))
	}
}

func (c *checker) nonNegative(path string, x float64) {
	if !(x >= 0) || math.IsInf(x, 1) {
		c.add(path, "got %s, want a number >= 0", num(x))
	}
}

func (c *checker) between(path string, x, lo, hi float64, want string) {
	if !(x >= lo && x <= hi) {
		c.add(path, "got %s, want %s in [%s, %s]", num(x), want, num(lo), num(hi))
	}
}

func (c *checker) atLeast(path string, x, min int) {
	if x < min {
		c.add(path, "got %d, want at least %d", x, min)
	}
}

func (c *checker) intRange(path string, x, lo, hi int) {
	if x < lo || x > hi {
		c.add(path, "got %d, want %d to %d", x, lo, hi)
	}
}

func (c *checker) dayHours(path string, x float64) {
	if !(x > 0 && x <= maxDayHours) {
		c.add(path, "got %s, want hours in (0, %d]", num(x), maxDayHours)
	}
}

func (c *checker) clock(path, s string) {
	if _, err := ParseClock(s); err != nil {
		c.add(path, "%v", err)
	}
}

func (c *checker) oneOf(path, got string, allowed ...string) {
	if got == "" {
		c.add(path, "missing, want one of: %s", strings.Join(allowed, ", "))
	} else if !slices.Contains(allowed, got) {
		c.add(path, "got %q, want one of: %s", got, strings.Join(allowed, ", "))
	}
}

// kindKeys checks that every key of a map is a venue kind.
func (c *checker) kindKeys(path string, keys []string) {
	for _, k := range keys {
		if _, ok := sim.ParseKind(k); !ok {
			c.add(path+"."+k, "unknown venue kind; allowed: %s", kindList())
		}
	}
}

// familyKeys checks that every key of a map is a venue family.
func (c *checker) familyKeys(path string, keys []string) {
	for _, k := range keys {
		if _, ok := sim.ParseFamily(k); !ok {
			c.add(path+"."+k, "unknown venue family; allowed: %s",
				strings.Join(sim.FamilyNames(), ", "))
		}
	}
}

// mix checks weights of venue kinds: known kinds, no negative weight and
// at least one positive.
func (c *checker) mix(path string, weights map[string]float64) {
	c.kindKeys(path, sortedKeys(weights))
	total := 0.0
	for _, k := range sortedKeys(weights) {
		c.nonNegative(path+"."+k, weights[k])
		total += weights[k]
	}
	if !(total > 0) {
		c.add(path, "no positive weight, want a weight > 0 for at least one "+
			"venue kind")
	}
}

// namedValue is one entry of a distribution.
type namedValue struct {
	name  string
	value float64
}

// distribution checks shares that must be >= 0 and sum to 1.
func (c *checker) distribution(path string, shares []namedValue) {
	total, bad := 0.0, false
	for _, s := range shares {
		if !(s.value >= 0) || math.IsInf(s.value, 1) {
			c.add(path+"."+s.name, "got %s, want a share >= 0", num(s.value))
			bad = true
		}
		total += s.value
	}
	if !bad && math.Abs(total-1) > sumTolerance {
		c.add(path, "sums to %s, want shares that sum to 1", sum(total))
	}
}

func (a AgeShares) named() []namedValue {
	return []namedValue{
		{"child", a.Child}, {"student", a.Student},
		{"adult", a.Adult}, {"senior", a.Senior},
	}
}

func (h PaymentHabits) named() []namedValue {
	return []namedValue{{"phone", h.Phone}, {"mixed", h.Mixed}, {"cash", h.Cash}}
}

// isIdent reports whether s is lower-case letters, digits and underscores.
func isIdent(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return s != ""
}

// fieldNames joins the names of a rate's fields for a message.
func fieldNames(fields []rateField) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

func kindList() string { return strings.Join(sim.KindNames(), ", ") }

// num formats a value as the researcher wrote it.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// sum formats a computed total without float noise.
func sum(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
