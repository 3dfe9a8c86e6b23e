package realdata

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// fuzzRead writes data to a file and reads it with read; no input may
// panic, and an import that succeeds must hold only pseudonyms.
func fuzzRead(t *testing.T, data []byte, read func(*Builder, string) error) {
	path := filepath.Join(t.TempDir(), "in")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	b := NewBuilder(Options{})
	if err := read(b, path); err != nil {
		return
	}
	imp, err := b.Build(context.Background(), "fuzz", pseudonymizer(t))
	if err != nil {
		return
	}
	for _, a := range imp.Accounts {
		if len(a.Account) != 16 {
			t.Fatalf("account label %q is not a pseudonym", a.Account)
		}
	}
}

func seeds(f *testing.F, files ...string) {
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzFoursquare(f *testing.F) {
	seeds(f, "good.csv", "original.tsv", "badrows.csv", "spaces.csv", "good.csv.gz")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, read((*Builder).ReadFoursquare)) })
}

func FuzzSNAP(f *testing.F) {
	seeds(f, "snap.tsv", "snap-commas.csv")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, read((*Builder).ReadSNAP)) })
}

func FuzzGeoLife(f *testing.F) {
	seeds(f, "stays.plt")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, func(b *Builder, p string) error {
			return b.ReadGeoLife(context.Background(), p)
		})
	})
}

func FuzzTDrive(f *testing.F) {
	seeds(f, "taxi.txt")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, func(b *Builder, p string) error {
			return b.ReadTDrive(context.Background(), p, nil)
		})
	})
}

func FuzzGeneric(f *testing.F) {
	seeds(f, "generic.csv")
	cols := Columns{User: "rider", Time: "ts", Lat: "y", Lon: "x", TimeFormat: "unix"}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, func(b *Builder, p string) error {
			return b.ReadGeneric(context.Background(), p, cols)
		})
	})
}
