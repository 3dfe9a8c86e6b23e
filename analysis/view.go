package analysis

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/scantrail/scantrail/scenarios"

	"github.com/scantrail/scantrail/sim"
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
// listed breaks ties). Person-keyed records appear under that holder's
// identifier for the person; transit taps under their card, "card:N".
// Accounts with the same label (a real identity, a shared hash) merge
// across streams.
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
	b := &viewBuilder{r: r, ids: map[string]int32{}, cards: map[int64]int32{}}
	b.obs = make([]Observation, 0, r.expectedObservations(holders, w))
	for _, st := range sim.Streams() {
		rt, ok := r.bestRoute(st, holders, named)
		switch {
		case !ok:
		case st == sim.StreamTaps:
			b.addTaps(w)
		default:
			b.addStream(st, r.accounts[rt.Holder], revealing(rt, named) == 3, w)
		}
	}
	return NewView(name, b.accounts, r.Venues, r.Days, b.obs), nil
}

// expectedObservations estimates the size of the holders' joined view in
// the window (each stream once, however many holders receive it, scaled
// by the share of the run's minutes the window keeps), so that the view
// is usually allocated once instead of growing by doubling.
func (r *Records) expectedObservations(holders []string, w Window) int {
	n := 0
	for _, st := range sim.Streams() {
		if _, ok := r.bestRoute(st, holders, nil); ok {
			n += len(r.streams[st])
		}
	}
	total := int32(max(r.Days, 1)) * 1440
	to := total
	if w.To > 0 {
		to = min(w.To, total)
	}
	kept := float64(max(to-w.From, 0)) / float64(total)
	return int(float64(n)*min(kept, 1)*1.02) + 16
}

// bestRoute returns, among the routes of stream st to the given holders,
// the one with the most revealing identifier.
func (r *Records) bestRoute(st sim.Stream, holders, named []string) (sim.Route, bool) {
	var best sim.Route
	found := false
	for _, h := range holders {
		for _, rt := range r.Routes {
			if rt.Holder != h || rt.Stream != string(st) {
				continue
			}
			if !found || revealing(rt, named) > revealing(best, named) {
				best, found = rt, true
			}
		}
	}
	return best, found
}

// revealing ranks how much a route's identifier reveals: 3 for a real
// identity or a holder the adversary can name, 2 for a stable hash, 1 for
// a salted pseudonym.
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
	ids      map[string]int32
	cards    map[int64]int32
	accounts []Account
	obs      []Observation
}

// addStream adds one stream under the holder's person labels.
func (b *viewBuilder) addStream(st sim.Stream, labels []string, real bool, w Window) {
	byPerson := make([]int32, len(labels))
	for i := range byPerson {
		byPerson[i] = -1
	}
	for _, rec := range b.r.streams[st] {
		if !w.keeps(rec.Minute) {
			continue
		}
		id := byPerson[rec.Person]
		if id < 0 {
			id = b.account(labels[rec.Person], rec.Person, real)
			byPerson[rec.Person] = id
		}
		b.obs = append(b.obs, Observation{Account: id, Venue: rec.Venue, Minute: rec.Minute})
	}
}

// addTaps adds the transit taps under their card ids.
func (b *viewBuilder) addTaps(w Window) {
	for i, rec := range b.r.streams[sim.StreamTaps] {
		if !w.keeps(rec.Minute) {
			continue
		}
		card := b.r.cards[i]
		id, ok := b.cards[card]
		if !ok {
			id = b.account("card:"+strconv.FormatInt(card, 10), rec.Person, false)
			b.cards[card] = id
		}
		b.obs = append(b.obs, Observation{Account: id, Venue: rec.Venue, Minute: rec.Minute})
	}
}

// account returns the id of the account with the label, adding it if new.
func (b *viewBuilder) account(label string, person int32, identified bool) int32 {
	if id, ok := b.ids[label]; ok {
		return id
	}
	id := int32(len(b.accounts))
	b.ids[label] = id
	b.accounts = append(b.accounts, Account{Label: label, Person: person, Identified: identified})
	return id
}
