package holders

import (
	"testing"

	"github.com/scantrail/scantrail/scenarios"
)

func TestAccountSchemes(t *testing.T) {
	tests := []struct {
		scheme    string
		sameSalts bool // do two holders with different salts agree?
		readable  bool // is the real identity visible?
	}{
		{Real, true, true},
		{Hash, true, false},
		{Salted, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.scheme, func(t *testing.T) {
			a, err := Account(tt.scheme, 1, 42)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := Account(tt.scheme, 2, 42)
			if got := a == b; got != tt.sameSalts {
				t.Errorf("holders agree: got %v, want %v (%q, %q)", got, tt.sameSalts, a, b)
			}
			if got := a == RealIdentity(42); got != tt.readable {
				t.Errorf("account %q is the real identity: got %v, want %v", a, got, tt.readable)
			}
			other, _ := Account(tt.scheme, 1, 43)
			if other == a {
				t.Errorf("persons 42 and 43 share account %q", a)
			}
		})
	}
	if _, err := Account("rot13", 1, 1); err == nil {
		t.Error("unknown scheme accepted")
	}
}

func TestAccountsAndRoutes(t *testing.T) {
	s, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	acc, err := Accounts(s, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(acc), 10*len(s.Holders); got != want {
		t.Errorf("%d accounts, want %d", got, want)
	}
	streams := 0
	for _, h := range s.Holders {
		streams += len(h.Streams)
	}
	if got := len(Routes(s)); got != streams {
		t.Errorf("%d routes, want %d", got, streams)
	}
}
