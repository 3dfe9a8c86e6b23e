package engine

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"testing"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// hashSink digests every record it receives, in order.
type hashSink struct {
	h     hash.Hash
	days  int
	limit int // cancel after this many days, if set
	stop  context.CancelFunc
}

func newHashSink() *hashSink { return &hashSink{h: sha256.New()} }

func (s *hashSink) Static(st *sim.Static) error {
	for _, p := range st.People {
		binary.Write(s.h, binary.LittleEndian, []int64{int64(p.Home), int64(p.Workplace), p.Card})
	}
	return nil
}

func (s *hashSink) Day(d *sim.Day) error {
	for _, rows := range []any{d.Visits, d.Scans, d.Payments, d.Sightings, d.Taps} {
		fmt.Fprintf(s.h, "%v", rows)
	}
	s.days++
	if s.limit > 0 && s.days == s.limit {
		s.stop()
	}
	return nil
}

func small(t testing.TB, people, days int) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	s.Population.People, s.Days = people, days
	return s
}

func TestSameOutputForAnyWorkerCount(t *testing.T) {
	s := small(t, 1500, 3)
	var sums []string
	for _, workers := range []int{1, 2, 7} {
		sink := newHashSink()
		if _, err := Run(context.Background(), s, sink, Options{Workers: workers}); err != nil {
			t.Fatal(err)
		}
		sums = append(sums, fmt.Sprintf("%x", sink.h.Sum(nil)))
	}
	for i, got := range sums[1:] {
		if got != sums[0] {
			t.Errorf("workers run %d: digest %s, want %s", i+1, got, sums[0])
		}
	}

	s.Seed++
	sink := newHashSink()
	if _, err := Run(context.Background(), s, sink, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%x", sink.h.Sum(nil)); got == sums[0] {
		t.Error("a different seed gave the same output")
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	s := small(t, 500, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sink := &hashSink{h: sha256.New(), limit: 2, stop: cancel}
	_, err := Run(ctx, s, sink, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got error %v, want context.Canceled", err)
	}
	if sink.days != 2 {
		t.Errorf("sink saw %d days after cancelling at 2", sink.days)
	}
}

func TestRunOnNewYorkVenues(t *testing.T) {
	path, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "data", "foursquare-nyc", "venues.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared data absent (%v): skipping the New York layout run", err)
	}
	s := small(t, 2000, 2)
	s.City.Layout, s.City.VenuesFile = "file", path
	sink := newHashSink()
	res, err := Run(context.Background(), s, sink, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sink.days != 2 || len(res.City.Venues) < 4000 {
		t.Errorf("ran %d days on %d venues, want 2 days on the ~4,900 mapped New York venues",
			sink.days, len(res.City.Venues))
	}
}
