package holders

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// The identifier schemes a holder may use.
const (
	Real   = "real"
	Hash   = "hash"
	Salted = "salted"
	// Daily is a salted pseudonym rotated every day, as the rotating
	// identifiers of exposure-notification apps are.
	Daily = "daily"
	// PerVenue is a salted pseudonym that differs from venue to venue.
	PerVenue = "per_venue"
)

// RealIdentity returns the real identity of a person: the number of the
// identity document the person registered with.
func RealIdentity(person int32) string {
	return fmt.Sprintf("ID%08d", person)
}

// Account returns the identifier under which a holder using scheme knows
// person. salt is the holder's secret, used by the salted scheme only.
func Account(scheme string, salt uint64, person int32) (string, error) {
	id := RealIdentity(person)
	switch scheme {
	case Real:
		return id, nil
	case Hash:
		return digest(id), nil
	case Salted, Daily, PerVenue:
		return digest(strconv.FormatUint(salt, 16) + ":" + id), nil
	}
	return "", fmt.Errorf("holders: unknown identifier scheme %q "+
		"(want real, hash, salted, daily or per_venue)", scheme)
}

// Rotated returns the pseudonym under which a holder using a rotating
// scheme files a record of day and venue, given the person's base account
// (see Account). Other schemes return the account unchanged. Rotated
// pseudonyms of one person cannot be told apart from other people's.
func Rotated(scheme, account string, day, venue int32) string {
	switch scheme {
	case Daily:
		return digest(account + ":day:" + strconv.Itoa(int(day)))
	case PerVenue:
		return digest(account + ":venue:" + strconv.Itoa(int(venue)))
	}
	return account
}

// digest returns the first 16 hex digits of the SHA-256 of s.
func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// Salt returns the secret salt of the i-th holder of a run.
func Salt(seed uint64, i int) uint64 {
	return sim.Mix(seed, sim.LabelSalt, uint64(i))
}

// Routes lists which holder receives which stream under which scheme.
func Routes(s *scenarios.Scenario) []sim.Route {
	var routes []sim.Route
	for _, h := range s.Holders {
		for _, st := range h.Streams {
			routes = append(routes, route(h, st, s.Mitigations.Silos))
		}
	}
	return routes
}

// Accounts returns, for every holder and person, the account the holder
// knows the person by.
func Accounts(s *scenarios.Scenario, people int) ([]sim.Account, error) {
	out := make([]sim.Account, 0, len(s.Holders)*people)
	for i, h := range s.Holders {
		salt := Salt(s.Seed, i)
		for p := 0; p < people; p++ {
			acc, err := Account(h.Identifier, salt, int32(p))
			if err != nil {
				return nil, fmt.Errorf("holder %s: %w", h.Name, err)
			}
			out = append(out, sim.Account{Holder: h.Name, Person: int32(p), Account: acc})
		}
	}
	return out, nil
}

// route returns the route of stream st to holder h, with h's policy.
func route(h scenarios.Holder, st string, silo bool) sim.Route {
	p := h.Policy
	return sim.Route{
		Holder: h.Name, Stream: st, Identifier: h.Identifier,
		RetentionDays: int32(p.RetentionDays), Place: p.Place, Time: p.Time,
		LocateBy: p.LocateBy, GeoEpsilon: p.GeoIndistinguishability,
		CloakingK: int32(p.CloakingK), Storage: p.Storage, PhoneDays: int32(p.PhoneDays),
		DiagnosisRate: p.DiagnosisRate, Release: p.Release, ReleaseEpsilon: p.ReleaseEpsilon,
		Silo: silo,
	}
}
