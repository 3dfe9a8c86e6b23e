package output

import (
	"cmp"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// csvBufferSize is how many bytes the CSV encoder gathers before writing
// them to the file.
const csvBufferSize = 1 << 20

// csvEncoder writes rows as CSV lines. Each column has an appender, built
// once from the row type, that formats a field straight into the buffer.
type csvEncoder[T any] struct {
	w       io.Writer
	columns []csvColumn
	buf     []byte
}

// csvColumn formats one struct field.
type csvColumn struct {
	name   string
	index  int
	append func(dst []byte, v reflect.Value) []byte
}

func newCSVEncoder[T any](w io.Writer) (*csvEncoder[T], error) {
	columns, err := csvColumns(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	e := &csvEncoder[T]{w: w, columns: columns}
	e.buf = make([]byte, 0, csvBufferSize+4096)
	for i, c := range columns {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendCSVField(e.buf, c.name)
	}
	e.buf = append(e.buf, '\n')
	return e, nil
}

func (e *csvEncoder[T]) encode(rows []T) error {
	rv := reflect.ValueOf(rows)
	for i := range rows {
		row := rv.Index(i)
		for j, c := range e.columns {
			if j > 0 {
				e.buf = append(e.buf, ',')
			}
			e.buf = c.append(e.buf, row.Field(c.index))
		}
		e.buf = append(e.buf, '\n')
		if len(e.buf) >= csvBufferSize {
			if err := e.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *csvEncoder[T]) flush() error {
	_, err := e.w.Write(e.buf)
	e.buf = e.buf[:0]
	return err
}

func (e *csvEncoder[T]) finish() error { return e.flush() }

// csvColumns lists the columns of struct type t in field order, skipping
// unexported fields and fields tagged "-".
func csvColumns(t reflect.Type) ([]csvColumn, error) {
	var columns []csvColumn
	seen := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("parquet")
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		name = cmp.Or(name, f.Name)
		if seen[name] {
			return nil, fmt.Errorf("csv: two fields are named %q", name)
		}
		seen[name] = true
		fn, err := csvAppender(f, opts)
		if err != nil {
			return nil, fmt.Errorf("csv: field %s: %w", f.Name, err)
		}
		columns = append(columns, csvColumn{name: name, index: i, append: fn})
	}
	if len(columns) == 0 {
		return nil, fmt.Errorf("csv: %v has no columns", t)
	}
	return columns, nil
}

// csvAppender returns the function that formats field f, whose tag holds
// the options opts after the column name.
func csvAppender(f reflect.StructField, opts string) (
	func([]byte, reflect.Value) []byte, error) {
	ts, err := timestampOption(opts)
	if err != nil {
		return nil, err
	}
	if ts != nil {
		if f.Type.Kind() != reflect.Int64 {
			return nil, fmt.Errorf("timestamp on %v, want int64", f.Type)
		}
		return ts.appendValue, nil
	}
	return kindAppender(f.Type)
}

func kindAppender(t reflect.Type) (func([]byte, reflect.Value) []byte, error) {
	switch t.Kind() {
	case reflect.Bool:
		return func(b []byte, v reflect.Value) []byte {
			return strconv.AppendBool(b, v.Bool())
		}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32,
		reflect.Int64:
		return func(b []byte, v reflect.Value) []byte {
			return strconv.AppendInt(b, v.Int(), 10)
		}, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32,
		reflect.Uint64:
		return func(b []byte, v reflect.Value) []byte {
			return strconv.AppendUint(b, v.Uint(), 10)
		}, nil
	case reflect.Float32, reflect.Float64:
		bits := t.Bits()
		return func(b []byte, v reflect.Value) []byte {
			return strconv.AppendFloat(b, v.Float(), 'g', -1, bits)
		}, nil
	case reflect.String:
		return func(b []byte, v reflect.Value) []byte {
			return appendCSVField(b, v.String())
		}, nil
	}
	return nil, fmt.Errorf("type %v cannot be written as CSV", t)
}

// timestampOption finds a timestamp option among the comma-separated tag
// options and returns its formatter, or nil if there is none. It rejects
// the date and time options, which CSV does not support.
func timestampOption(opts string) (*timestampFormat, error) {
	for opt := range strings.SplitSeq(opts, ",") {
		name, args, _ := strings.Cut(opt, "(")
		switch name {
		case "timestamp":
			return parseTimestampArgs(strings.TrimSuffix(args, ")"))
		case "date", "time":
			return nil, fmt.Errorf("tag option %q is not supported in CSV",
				opt)
		}
	}
	return nil, nil
}

// parseTimestampArgs reads the arguments of timestamp(unit:utc).
func parseTimestampArgs(args string) (*timestampFormat, error) {
	unit, zone, _ := strings.Cut(args, ":")
	if zone != "" && zone != "utc" {
		return nil, fmt.Errorf("timestamp(%s): CSV writes UTC instants "+
			"only", args)
	}
	switch unit {
	case "", "millisecond":
		return &timestampFormat{perSecond: 1e3, digits: 3}, nil
	case "microsecond":
		return &timestampFormat{perSecond: 1e6, digits: 6}, nil
	case "nanosecond":
		return &timestampFormat{perSecond: 1e9, digits: 9}, nil
	}
	return nil, fmt.Errorf("timestamp(%s): unknown unit %q", args, unit)
}

// timestampFormat formats counts of a unit since the Unix epoch as RFC
// 3339 instants in UTC, such as 2022-05-02T08:45:00.000Z, with as many
// fraction digits as the unit needs. It remembers the date of the last
// value, since consecutive rows mostly share a day.
type timestampFormat struct {
	perSecond int64
	digits    int
	day       int64
	date      []byte // "2006-01-02T" of day, or empty
}

func (f *timestampFormat) appendValue(b []byte, v reflect.Value) []byte {
	return f.append(b, v.Int())
}

func (f *timestampFormat) append(b []byte, t int64) []byte {
	day, rem := floorDivMod(t, f.perSecond*86400)
	if day != f.day || len(f.date) == 0 {
		y, m, d := civil(day)
		if y < 0 || y > 9999 {
			return f.appendRare(b, t)
		}
		f.day, f.date = day, appendDate(f.date[:0], y, m, d)
	}
	sec, frac := rem/f.perSecond, rem%f.perSecond
	var buf [24]byte // "15:04:05." + up to 9 digits + "Z"
	put2(buf[0:2], sec/3600)
	buf[2] = ':'
	put2(buf[3:5], sec/60%60)
	buf[5] = ':'
	put2(buf[6:8], sec%60)
	buf[8] = '.'
	putDigits(buf[9:9+f.digits], frac)
	buf[9+f.digits] = 'Z'
	b = append(b, f.date...)
	return append(b, buf[:10+f.digits]...)
}

// appendDate appends "YYYY-MM-DDT" for a year from 0 to 9999.
func appendDate(b []byte, y, m, d int64) []byte {
	var buf [11]byte
	putDigits(buf[0:4], y)
	buf[4] = '-'
	put2(buf[5:7], m)
	buf[7] = '-'
	put2(buf[8:10], d)
	buf[10] = 'T'
	return append(b, buf[:]...)
}

// appendRare formats instants outside the years 0 to 9999 with package
// time, which writes such years as RFC 3339 cannot.
func (f *timestampFormat) appendRare(b []byte, t int64) []byte {
	sec, frac := floorDivMod(t, f.perSecond)
	nanos := frac * (1e9 / f.perSecond)
	layout := "2006-01-02T15:04:05.000000000Z07:00"
	layout = strings.Replace(layout, "000000000", "000000000"[:f.digits], 1)
	return time.Unix(sec, nanos).UTC().AppendFormat(b, layout)
}

// floorDivMod divides a by the positive b, rounding the quotient down, so
// that the remainder is never negative.
func floorDivMod(a, b int64) (q, r int64) {
	q, r = a/b, a%b
	if r < 0 {
		q, r = q-1, r+b
	}
	return q, r
}

// civil returns the proleptic Gregorian date of the day counted from
// 1970-01-01, by Howard Hinnant's days-to-civil algorithm
// (https://howardhinnant.github.io/date_algorithms.html#civil_from_days).
func civil(day int64) (year, month, mday int64) {
	era, doe := floorDivMod(day+719468, 146097) // 400-year eras from 0000-03-01
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100) // day of the March-based year
	mp := (5*doy + 2) / 153                  // month from March = 0
	mday = doy - (153*mp+2)/5 + 1
	month = mp + 3
	if month > 12 {
		month -= 12
	}
	year = yoe + era*400
	if month <= 2 {
		year++
	}
	return year, month, mday
}

// put2 writes n, from 0 to 99, into dst as two decimal digits.
func put2(dst []byte, n int64) {
	dst[0] = byte('0' + n/10)
	dst[1] = byte('0' + n%10)
}

// putDigits writes the non-negative n into dst as exactly len(dst)
// decimal digits.
func putDigits(dst []byte, n int64) {
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i] = byte('0' + n%10)
		n /= 10
	}
}

// appendCSVField appends s quoted as encoding/csv.Writer quotes a field
// with its default settings: fields holding a comma, quote, CR or LF,
// starting with a space, or equal to `\.` are quoted, and quotes are
// doubled. FuzzAppendCSVField checks that the two agree.
func appendCSVField(b []byte, s string) []byte {
	if !csvNeedsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` || strings.ContainsAny(s, ",\"\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}
