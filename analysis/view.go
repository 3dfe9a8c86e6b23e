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
// the window. Records reach the view under each holder's identifier for the
// person (transit taps under their card, "card:N"), so a stream routed to
// two holders appears twice, once under each identifier; accounts with
// the same label across holders (a real identity, a shared hash) merge.
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
	b := &viewBuilder{r: r, ids: map[string]int32{}, cards: map[int64]int32{}, named: named}
	for _, h := range holders {
		if err := b.addHolder(h, w); err != nil {
			return nil, err
		}
	}
	return NewView(name, b.accounts, r.Venues, r.Days, b.obs), nil
}

type viewBuilder struct {
	r        *Records
	ids      map[string]int32
	cards    map[int64]int32
	named    []string
	accounts []Account
	obs      []Observation
}

func (b *viewBuilder) addHolder(holder string, w Window) error {
	labels, ok := b.r.accounts[holder]
	if !ok {
		return fmt.Errorf("analysis: no data holder %q (have %v)", holder, b.r.Holders())
	}
	for _, rt := range b.r.Routes {
		if rt.Holder != holder {
			continue
		}
		st := sim.Stream(rt.Stream)
		if st == sim.StreamTaps {
			b.addTaps(w)
			continue
		}
		named := rt.Identifier == "real" || slices.Contains(b.named, holder)
		b.addStream(st, labels, named, w)
	}
	return nil
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
