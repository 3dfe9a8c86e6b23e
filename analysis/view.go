package analysis

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/holders"
)

// Window bounds the minutes of the records a view keeps: From inclusive,
// To exclusive, counted from the run's start. The zero Window keeps all.
type Window struct {
	From, To int32
}

func (w Window) keeps(minute int32) bool {
	return minute >= w.From && (w.To == 0 || minute < w.To)
}

// View builds what an adversary reading the named holders' tables sees in
// the window. A joined view holds each record once: when a stream reaches
// several of the holders, the adversary matches the copies (same venue, same
// instant) and keeps the one under the most revealing identifier (a real
// identity, then a stable hash, then a salted pseudonym; the first holder
// listed breaks ties) among the holders whose policies still keep it.
// Person-keyed records appear under that holder's identifier for the
// person; transit taps under their card, "card:N". Accounts with the same
// label (a real identity, a shared hash) merge across streams, unless the
// holders are silos (see sim.Route.Silo), whose records stay apart under
// each holder's own accounts.
//
// Each holder's policy shapes its copy: retention counts back from the end
// of the window, records kept on phones, never logged or released only in
// aggregate are not in the view, and the stored place and time are
// coarsened, cloaked, or taken from the reported position as the policy
// says (see policy.go).
func (r *Records) View(name string, holders []string, w Window) (*View, error) {
	return r.view(name, holders, nil, w)
}

// AdversaryView builds the view of adversary a: the holders it reads, up to
// the end of its query day, with the accounts of the holders it can put
// names to (knows.names_of) counted as identified.
func (r *Records) AdversaryView(a scenarios.Adversary) (*View, error) {
	var w Window
	if a.QueryDay > 0 {
		w.To = int32(a.QueryDay) * 1440
	}
	return r.view(a.Name, a.Holders, a.Knows.NamesOf, w)
}

func (r *Records) view(name string, holders, named []string, w Window) (*View, error) {
	for _, h := range holders {
		if _, ok := r.accounts[h]; !ok {
			return nil, fmt.Errorf("analysis: no data holder %q (have %v)", h, r.Holders())
		}
	}
	if r.needsPositions(holders) && !r.Positions {
		return nil, fmt.Errorf("analysis: holders %v locate scans by GPS, but the records "+
			"were kept without positions (set Records.Positions)", holders)
	}
	b := newViewBuilder(r, w)
	b.obs = make([]Observation, 0, r.expectedObservations(holders, w))
	for _, st := range sim.Streams() {
		hs := b.holdings(st, holders, named)
		switch {
		case len(hs) == 0:
		case hs[0].rt.Silo:
			for _, h := range hs {
				b.addStream(st, []*holding{h})
			}
		default:
			b.addStream(st, hs)
		}
	}
	b.cloak()
	return NewView(name, b.accounts, b.places.all(), r.Days, b.obs), nil
}

// expectedObservations estimates the size of the holders' joined view in
// the window (each stream once, however many holders receive it, scaled
// by the share of the run's minutes the window keeps), so that the view
// is usually allocated once instead of growing by doubling.
func (r *Records) expectedObservations(holders []string, w Window) int {
	n := 0
	for _, st := range sim.Streams() {
		copies := 0
		for _, rt := range r.routesTo(st, holders, nil) {
			if copies == 0 || rt.Silo {
				copies++
			}
		}
		n += copies * r.Count(st)
	}
	total := int32(max(r.Days, 1)) * 1440
	to := total
	if w.To > 0 {
		to = min(w.To, total)
	}
	kept := float64(max(to-w.From, 0)) / float64(total)
	return int(float64(n)*min(kept, 1)*1.02) + 16
}

// routesTo returns the routes of stream st to the given holders whose
// policies leave records on the server for an adversary to read, the
// most revealing identifier first (the first holder listed breaks ties).
func (r *Records) routesTo(st sim.Stream, holders, named []string) []sim.Route {
	var out []sim.Route
	for _, h := range holders {
		for _, rt := range r.Routes {
			if rt.Holder == h && rt.Stream == string(st) && keepsRecords(rt) {
				out = append(out, rt)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b sim.Route) int {
		return revealing(b, named) - revealing(a, named)
	})
	return out
}

// revealing ranks how much a route's identifier reveals: 3 for a real
// identity or a holder the adversary can name, 2 for a stable hash, 1 for
// a salted pseudonym, rotating or not.
func revealing(rt sim.Route, named []string) int {
	switch {
	case rt.Identifier == "real" || slices.Contains(named, rt.Holder):
		return 3
	case rt.Identifier == "hash":
		return 2
	}
	return 1
}

type viewBuilder struct {
	r        *Records
	w        Window
	ids      map[string]int32
	accounts []Account
	obs      []Observation
	places   placeTable
	cloaks   []cloakItem
	silo     string // the holder whose records are being added, under silos
}

func newViewBuilder(r *Records, w Window) *viewBuilder {
	return &viewBuilder{r: r, w: w, ids: map[string]int32{}, places: placeTable{r: r}}
}

// addStream adds one stream: each record once, from the first of the
// holdings whose policy keeps it.
func (b *viewBuilder) addStream(st sim.Stream, hs []*holding) {
	for i, rec := range b.r.stream(st).all() {
		if !b.w.keeps(rec.Minute) {
			continue
		}
		for _, h := range hs {
			if rec.Minute < h.from {
				continue
			}
			b.observe(h, st, i, rec)
			break
		}
	}
}

// observe adds record i of stream st as holding h stores it.
func (b *viewBuilder) observe(h *holding, st sim.Stream, i int, rec record) {
	if h.rt.Silo {
		b.silo = h.rt.Holder
	}
	id := b.accountOf(h, st, i, rec)
	venue := b.places.stored(h, st, i, rec.Venue)
	minute := rec.Minute - floorMod(rec.Minute, h.bin)
	if h.cloakK >= 2 {
		b.cloaks = append(b.cloaks, cloakItem{obs: len(b.obs), person: id, venue: venue,
			k: h.cloakK})
	}
	b.obs = append(b.obs, Observation{Account: id, Venue: venue, Minute: minute})
}

// accountOf returns the account record i is filed under in holding h.
func (b *viewBuilder) accountOf(h *holding, st sim.Stream, i int, rec record) int32 {
	switch {
	case st == sim.StreamTaps:
		card := b.r.card(i, rec.Person)
		return b.account(h.scope+"card:"+strconv.FormatInt(card, 10), rec.Person, false)
	case st == sim.StreamScans && b.r.aliases != nil:
		if a, ok := b.r.aliases[i]; ok {
			return b.account(h.scope+"alias:"+strconv.FormatInt(a.name, 10), a.person, false)
		}
	}
	if !h.rotates {
		if id := h.byPerson[rec.Person]; id >= 0 {
			return id
		}
		id := b.account(h.scope+h.labels[rec.Person], rec.Person, h.identified)
		h.byPerson[rec.Person] = id
		return id
	}
	key := uint64(uint32(rec.Person))<<32 | uint64(uint32(rec.Venue))
	day := floorDiv(rec.Minute, 1440)
	if h.rt.Identifier == holders.Daily {
		key = uint64(uint32(rec.Person))<<32 | uint64(uint32(day))
	}
	if id, ok := h.rotated[key]; ok {
		return id
	}
	label := holders.Rotated(h.rt.Identifier, h.labels[rec.Person], day, rec.Venue)
	id := b.account(h.scope+label, rec.Person, h.identified)
	b.accounts[id].Rotating = true
	h.rotated[key] = id
	return id
}

// account returns the id of the account with the label, adding it if new.
func (b *viewBuilder) account(label string, person int32, identified bool) int32 {
	if id, ok := b.ids[label]; ok {
		return id
	}
	id := int32(len(b.accounts))
	b.ids[label] = id
	b.accounts = append(b.accounts, Account{Label: label, Person: person,
		Identified: identified, Silo: b.silo})
	return id
}
