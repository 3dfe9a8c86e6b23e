package output

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTimestampFormat(t *testing.T) {
	tests := []struct {
		args string
		in   int64
		want string
	}{
		{"millisecond", 0, "1970-01-01T00:00:00.000Z"},
		{"millisecond", 1651481100000, "2022-05-02T08:45:00.000Z"},
		{"millisecond", 1651535999999, "2022-05-02T23:59:59.999Z"},
		{"millisecond", -1, "1969-12-31T23:59:59.999Z"},
		{"", 86_400_000, "1970-01-02T00:00:00.000Z"},
		{"millisecond:utc", 1, "1970-01-01T00:00:00.001Z"},
		{"microsecond", 1651481100000001, "2022-05-02T08:45:00.000001Z"},
		{"nanosecond", -1, "1969-12-31T23:59:59.999999999Z"},
		{"millisecond", 951782400000, "2000-02-29T00:00:00.000Z"},
		{"millisecond", -62135596800001, "0000-12-31T23:59:59.999Z"},
		{"millisecond", -62167219200001, "-0001-12-31T23:59:59.999Z"},
		{"millisecond", 253402300800000, "10000-01-01T00:00:00.000Z"},
	}
	for _, tt := range tests {
		f, err := parseTimestampArgs(tt.args)
		if err != nil {
			t.Fatalf("timestamp(%s): %v", tt.args, err)
		}
		if got := string(f.append(nil, tt.in)); got != tt.want {
			t.Errorf("timestamp(%s) of %d = %s, want %s", tt.args,
				tt.in, got, tt.want)
		}
	}
	for _, args := range []string{"millisecond:local", "fortnight"} {
		if _, err := parseTimestampArgs(args); err == nil {
			t.Errorf("timestamp(%s) accepted, want error", args)
		}
	}
}

// FuzzTimestampFormat checks timestamps against package time.
func FuzzTimestampFormat(f *testing.F) {
	for _, ms := range []int64{0, -1, 1651481100000, 253402300799999,
		-62135596800000} {
		f.Add(ms, ms+86_400_000, uint8(0))
	}
	f.Add(int64(-1), int64(0), uint8(1))
	f.Add(int64(-1), int64(1<<50), uint8(2))
	units := []struct {
		args   string
		layout string
		toTime func(int64) time.Time
	}{
		{"millisecond", ".000", time.UnixMilli},
		{"microsecond", ".000000", time.UnixMicro},
		{"nanosecond", ".000000000", func(n int64) time.Time {
			return time.Unix(0, n)
		}},
	}
	f.Fuzz(func(t *testing.T, v, w int64, unit uint8) {
		u := units[int(unit)%len(units)]
		tf, err := parseTimestampArgs(u.args)
		if err != nil {
			t.Fatal(err)
		}
		// One formatter for several values exercises its remembered date.
		for _, x := range []int64{v, w, v} {
			// time.Time holds years up to about 292 billion; stay inside.
			if x > 1<<52 || x < -1<<52 {
				t.Skip()
			}
			want := u.toTime(x).UTC().
				Format("2006-01-02T15:04:05" + u.layout + "Z07:00")
			if got := string(tf.append(nil, x)); got != want {
				t.Fatalf("timestamp(%s) of %d = %s, want %s", u.args, x,
					got, want)
			}
		}
	})
}

func TestAppendCSVField(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"cafe", "cafe"},
		{"a,b", `"a,b"`},
		{`say "hi"`, `"say ""hi"""`},
		{" lead", `" lead"`},
		{"line\nbreak", "\"line\nbreak\""},
		{`\.`, `"\."`},
		{"\u00a0nbsp", "\"\u00a0nbsp\""},
	}
	for _, tt := range tests {
		if got := string(appendCSVField(nil, tt.in)); got != tt.want {
			t.Errorf("appendCSVField(%q) = %q, want %q", tt.in, got,
				tt.want)
		}
	}
}

// FuzzAppendCSVField checks that fields are quoted exactly as
// encoding/csv quotes them, and read back unchanged.
func FuzzAppendCSVField(f *testing.F) {
	for _, s := range []string{"", "a", `"`, "a,b", " x", "\r\n", `\.`} {
		f.Add(s, "next")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		var want bytes.Buffer
		w := csv.NewWriter(&want)
		w.Write([]string{a, b})
		w.Flush()
		got := appendCSVField(nil, a)
		got = append(got, ',')
		got = appendCSVField(got, b)
		got = append(got, '\n')
		if string(got) != want.String() {
			t.Fatalf("fields %q, %q: got %q, encoding/csv writes %q",
				a, b, got, want.String())
		}
	})
}

// FuzzReadCSV checks that the CSV reader never panics and that every
// row it returns is as wide as the header.
func FuzzReadCSV(f *testing.F) {
	f.Add("a,b\n1,2\n")
	f.Add("time,note\n2022-05-02T08:45:00.000Z,\"a, \"\"b\"\"\"\n")
	f.Add("")
	f.Add("a,b\n1\n")
	f.Add("\"unterminated\n")
	f.Fuzz(func(t *testing.T, data string) {
		header, rows, err := readCSV(strings.NewReader(data))
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) && !errors.Is(err, ErrNoHeader) {
				t.Fatalf("error %v is neither a ParseError nor ErrNoHeader",
					err)
			}
			return
		}
		for i, row := range rows {
			if len(row) != len(header) {
				t.Fatalf("row %d has %d fields, header %d", i, len(row),
					len(header))
			}
		}
		n, err := countCSVRows(strings.NewReader(data))
		if err != nil || n != int64(len(rows)) {
			t.Fatalf("countCSVRows = %d, %v; want %d", n, err, len(rows))
		}
	})
}

func TestCSVColumns(t *testing.T) {
	type row struct {
		A       int8   `parquet:"a"`
		B       uint16 // no tag: the Go name
		Skip    string `parquet:"-"`
		Dash    string `parquet:"-,"`
		private int
		T       int64 `parquet:"t,delta,timestamp(millisecond)"`
	}
	cols, err := csvColumns(reflect.TypeFor[row]())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cols {
		got = append(got, c.name)
	}
	if want := []string{"a", "B", "-", "t"}; !slices.Equal(got, want) {
		t.Errorf("columns = %q, want %q", got, want)
	}
	_ = row{}.private
}
