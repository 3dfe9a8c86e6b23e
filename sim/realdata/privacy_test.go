package realdata

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The ids the tests below plant in their input; none may reach a message.
var plantedIDs = []string{"uidZEBRA1002", "918273609", "4242421",
	"person9.secret@example.com", "777123"}

// noPlantedID fails the test when text holds a planted id.
func noPlantedID(t *testing.T, what, text string) {
	t.Helper()
	for _, id := range plantedIDs {
		if strings.Contains(text, id) {
			t.Errorf("%s shows the user id %q:\n%s", what, id, text)
		}
	}
}

// Malformed rows and files not of the format are described by their
// shape, never by their content, since any field may hold a user id.
func TestMessagesHideValues(t *testing.T) {
	const fsqHead = "user_id,POI_id,POI_catname,latitude,longitude,UTC_time\n"
	const fsqRow = "1,v1,Bar,40.7,-74.0,Sat Jun 16 21:00:00 +0000 2012\n"
	generic := Columns{User: "rider", Time: "ts", Lat: "y", Lon: "x", TimeFormat: "unix"}
	tests := []struct {
		name, file, text string
		read             func(*Builder, string) error
		want             string // a part of the message
	}{
		{"taxi id", "taxi.txt", "1,2008-02-02 15:36:08,116.5,39.9\n" +
			"uidZEBRA1002,2008-02-02 15:46:08,116.5,39.9\n",
			func(b *Builder, p string) error { return b.ReadTDrive(context.Background(), p, nil) },
			"taxi id: got a value of 12 characters (letters and digits), want a whole number"},
		{"user id in a time column", "c.csv", fsqHead + fsqRow +
			"2,v1,Bar,40.7,-74.0,person9.secret@example.com\n", read((*Builder).ReadFoursquare),
			`UTC_time: got a value of 26 characters (letters, digits, "." and "@")`},
		{"user id in a latitude column", "c.csv", fsqHead + fsqRow +
			"2,v1,Bar,4242421,-74.0,Sat Jun 16 21:00:00 +0000 2012\n",
			read((*Builder).ReadFoursquare), "latitude: got a number outside [-90, 90]"},
		{"headerless data read as a header", "c.tsv",
			"person9.secret@example.com\t2012-06-16\tBar\tx\ty\n", read((*Builder).ReadFoursquare),
			"got a first line of 5 fields separated by tabs, none named user_id or userid"},
		{"headerless data of too few fields", "c.tsv",
			"918273609\t2012-06-16\tBar\tx\ty\n", read((*Builder).ReadFoursquare),
			"got line 1: row: 5 fields, want at least 8"},
		{"T-Drive read as GeoLife", "t.plt", "4242421,2008-02-02 15:36:08,116.5,39.9\n",
			read((*Builder).ReadGeoLife), "got a first line of 4 fields separated by commas"},
		{"SNAP without tabs", "s.tsv", "person9.secret@example.com\n", read((*Builder).ReadSNAP),
			"got a first line of 1 field, with no tab"},
		{"user column read as time", "g.csv",
			"rider,ts,y,x\n1339882170,person9.secret@example.com,40.7,-74.0\n",
			func(b *Builder, p string) error {
				return b.ReadGeneric(context.Background(), p, generic)
			}, "line 2: ts: got a value of 26 characters"},
		{"generic header missing a column", "g.csv", "918273609;1;2;3\n",
			func(b *Builder, p string) error {
				return b.ReadGeneric(context.Background(), p, generic)
			}, "got a first line of 4 fields separated by semicolons, none named rider"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuilder(Options{})
			err := tt.read(b, writeFile(t, tt.file, tt.text))
			var msgs []string
			if err != nil {
				msgs = append(msgs, err.Error())
			}
			for _, p := range b.Report().Problems {
				msgs = append(msgs, p.Error())
			}
			all := strings.Join(msgs, "\n")
			noPlantedID(t, "the message", all)
			if !strings.Contains(all, tt.want) {
				t.Errorf("messages:\n%s\nwant one holding %q", all, tt.want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "an empty value"},
		{"  ", "an empty value"},
		{"7", "a value of 1 character (digits)"},
		{"16/06/2012", `a value of 10 characters (digits and "/")`},
		{"a b", "a value of 3 characters (letters and spaces)"},
		{"a!b#c$d%e&", `a value of 10 characters (letters, "!", "#", "$", "%" and other symbols)`},
		{"été", "a value of 3 characters (letters)"},
	}
	for _, tt := range tests {
		if got := describe(tt.in); got != tt.want {
			t.Errorf("describe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// GeoLife user folders and T-Drive files named by taxi id are never
// shown: files are counted, and named by the folder given when it lies
// above the user folders.
func TestGPSPathsHidden(t *testing.T) {
	stays, err := os.ReadFile("testdata/stays.plt")
	if err != nil {
		t.Fatal(err)
	}
	bad := append(bytes.Clone(stays), "91.0,116.3,0,100,39537.0,2008-03-30,03:00:00\n"...)
	root := t.TempDir()
	geo := filepath.Join(root, "geo")
	plt := filepath.Join(geo, "777123", "Trajectory", "a.plt")
	taxi := filepath.Join(root, "taxis", "4242421.txt")
	for path, data := range map[string][]byte{plt: bad,
		taxi: []byte("4242421,2008-02-02 15:36:08,116.5,39.9\n1,x,116.5,39.9\n")} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tdrive := func(b *Builder, p string) error {
		return b.ReadTDrive(context.Background(), p, time.UTC)
	}
	tests := []struct {
		name, path string
		read       func(*Builder, string) error
		label      string
	}{
		{"the data folder", geo, read((*Builder).ReadGeoLife), geo + " (file 1 of 1)"},
		{"a user folder", filepath.Join(geo, "777123"), read((*Builder).ReadGeoLife),
			"geolife input (file 1 of 1)"},
		{"a .plt file", plt, read((*Builder).ReadGeoLife), "geolife input (file 1 of 1)"},
		{"a taxi folder", filepath.Dir(taxi), tdrive, filepath.Dir(taxi) + " (file 1 of 1)"},
		{"a taxi file", taxi, tdrive, "tdrive input (file 1 of 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			b := NewBuilder(Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err := tt.read(b, tt.path); err != nil {
				t.Fatal(err)
			}
			b.Build(context.Background(), "gps", pseudonymizer(t)) // logs; may keep nothing
			probs := b.Report().Problems
			if len(probs) != 1 || probs[0].File != tt.label {
				t.Fatalf("problems %v, want one in %q", probs, tt.label)
			}
			noPlantedID(t, "the problem", probs[0].Error())
			noPlantedID(t, "the log", logs.String())
			if !strings.Contains(logs.String(), "files=1") {
				t.Errorf("log:\n%s\nwant the count of files", logs.String())
			}
		})
	}
	err = NewBuilder(Options{}).ReadGeoLife(context.Background(), filepath.Join(root, "taxis"))
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "no .plt files") {
		t.Errorf("folder without .plt files: err = %v, want ErrFormat", err)
	}
}

// A stray quote does not swallow the lines after it: the line is
// malformed and the next line is read as a row of its own.
func TestStrayQuote(t *testing.T) {
	var text strings.Builder
	text.WriteString("user_id,POI_id,POI_catname,latitude,longitude,UTC_time\n")
	for i := range 50 {
		name := fmt.Sprintf("v%d", i)
		if i == 5 {
			name = `"Joe's Diner, 5th Ave` // opened, never closed
		}
		fmt.Fprintf(&text, "u%d,%s,Bar,40.7,-74.0,Sat Jun 16 21:%02d:00 +0000 2012\n", i%7, name,
			i)
	}
	b := NewBuilder(Options{})
	path := writeFile(t, "c.csv", text.String())
	if err := b.ReadFoursquare(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	r := b.Report()
	if got := [3]int{r.Rows, r.Kept, r.Malformed}; got != [3]int{50, 49, 1} {
		t.Fatalf("rows, kept, malformed = %v, want [50 49 1]", got)
	}
	if p := r.Problems[0]; p.Line != 7 || !strings.Contains(p.Msg, "quote") {
		t.Errorf("problem %v, want line 7 about a quote", p)
	}
}

func TestSplitQuoted(t *testing.T) {
	tests := []struct {
		line string
		want []string // nil: the quote is not closed
	}{
		{`a,b,c`, []string{"a", "b", "c"}},
		{`a,,`, []string{"a", "", ""}},
		{`"a,b",c`, []string{"a,b", "c"}},
		{`a,"b ""x"" c"`, []string{"a", `b "x" c`}},
		{`a,b"c,d`, []string{"a", `b"c`, "d"}},
		{`"a"b",c`, []string{`a"b`, "c"}},
		{`""`, []string{""}},
		{`a,"b,c`, nil},
		{`"`, nil},
	}
	for _, tt := range tests {
		got, ok := splitQuoted(nil, tt.line, ',')
		if !ok {
			got = nil
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("splitQuoted(%q) = %q, %v; want %q", tt.line, got, ok, tt.want)
		}
	}
}

// doneAfter is a context whose Err is nil for its first n calls and
// context.Canceled after, to interrupt a read in the middle of a file.
type doneAfter struct {
	context.Context
	n atomic.Int64
}

func (c *doneAfter) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// An interrupt stops a large file within checkEvery rows, and stops Build
// and Write.
func TestInterrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.csv")
	writeCheckIns(t, path, 3*checkEvery)
	ctx := &doneAfter{Context: context.Background()}
	ctx.n.Store(1) // the look before the file opens
	b := NewBuilder(Options{})
	err := b.ReadFoursquare(ctx, path)
	if !errors.Is(err, context.Canceled) || b.Report().Rows >= checkEvery {
		t.Errorf("err %v after %d rows; want context.Canceled within %d rows", err,
			b.Report().Rows, checkEvery)
	}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if err := NewBuilder(Options{}).ReadFoursquare(done, path); !errors.Is(err,
		context.Canceled) {
		t.Errorf("read: err %v, want context.Canceled", err)
	}
	b = NewBuilder(Options{})
	if err := b.ReadFoursquare(context.Background(), "testdata/good.csv"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Build(done, "foursquare", pseudonymizer(t)); !errors.Is(err,
		context.Canceled) {
		t.Errorf("build: err %v, want context.Canceled", err)
	}
}

func TestColumnsCheck(t *testing.T) {
	ok := Columns{User: "rider", Time: "ts", Lat: "y", Lon: "x"}
	tests := []struct {
		name string
		edit func(*Columns)
		want string // empty: no error
	}{
		{"all named", func(*Columns) {}, ""},
		{"no user", func(c *Columns) { c.User = " " }, "user column is not named"},
		{"time is user", func(c *Columns) { c.Time = "Rider" }, "time column is the user"},
		{"lat is user", func(c *Columns) { c.Lat = "rider" }, "latitude column is the user"},
		{"venue is user", func(c *Columns) { c.Venue = "rider" }, "venue column is the user"},
	}
	for _, tt := range tests {
		c := ok
		tt.edit(&c)
		err := c.Check()
		wrong := err != nil && (!errors.Is(err, ErrColumns) ||
			!strings.Contains(err.Error(), tt.want))
		if (tt.want == "") != (err == nil) || wrong {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}
