package realdata

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// input is one opened file: its name for messages and a buffered reader
// of its (decompressed) bytes.
type input struct {
	name string
	r    *bufio.Reader
	file *os.File
	gz   *gzip.Reader
}

// openInput opens a regular file, decompressing it when it starts with
// the gzip magic bytes (whatever its name). An empty file is refused.
func openInput(path string) (*input, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: %w: not a regular file", path, ErrFormat)
	}
	in := &input{name: path, file: f, r: bufio.NewReaderSize(f, 1<<16)}
	magic, _ := in.r.Peek(2)
	if bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		if err := in.gunzip(); err != nil {
			f.Close()
			return nil, err
		}
	}
	if _, err := in.r.Peek(1); err != nil {
		in.Close()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: %w: the file is empty", path, ErrFormat)
		}
		return nil, in.wrap(err)
	}
	return in, nil
}

func (in *input) gunzip() error {
	gz, err := gzip.NewReader(in.r)
	if err != nil {
		return in.wrap(err)
	}
	in.gz = gz
	in.r = bufio.NewReaderSize(gz, 1<<16)
	return nil
}

// Close closes the file.
func (in *input) Close() error {
	if in.gz != nil {
		in.gz.Close()
	}
	return in.file.Close()
}

// wrap names the file in a read error and explains a damaged gzip stream.
func (in *input) wrap(err error) error {
	if in.gz != nil && (errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader)) {
		return fmt.Errorf("%s: the gzip stream is truncated or damaged (%v); "+
			"nothing was imported", in.name, err)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %w", in.name, pe.Line, pe.Err)
	}
	return fmt.Errorf("%s: %w", in.name, err)
}

// firstLine returns the first line of the input without consuming it.
func (in *input) firstLine() string {
	buf, _ := in.r.Peek(1 << 14)
	line, _, _ := bytes.Cut(buf, []byte{'\n'})
	line = bytes.TrimPrefix(line, []byte("\ufeff"))
	return strings.TrimRight(string(line), "\r")
}

// sniffDelimiter picks the delimiter of a header or first row: the most
// frequent of tab, comma, semicolon and bar.
func sniffDelimiter(line string) rune {
	best, most := ',', 0
	for _, d := range []rune{'\t', ',', ';', '|'} {
		if n := strings.Count(line, string(d)); n > most {
			best, most = d, n
		}
	}
	return best
}

// rows reads delimited rows with their line numbers.
type rows interface {
	next() (fields []string, line int, err error)
}

// newRows returns a row reader for the delimiter: encoding/csv for commas
// and semicolons (fields may be quoted), a plain splitter for tabs and
// bars (as in the TSMC2014 and SNAP files, which quote nothing).
func newRows(in *input, delim rune) rows {
	if delim == '\t' || delim == '|' {
		return &splitRows{in: in, delim: string(delim)}
	}
	cr := csv.NewReader(in.r)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.LazyQuotes = true
	return &csvRows{in: in, r: cr}
}

type csvRows struct {
	in *input
	r  *csv.Reader
}

func (c *csvRows) next() ([]string, int, error) {
	rec, err := c.r.Read()
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	if err != nil {
		return nil, 0, c.in.wrap(err)
	}
	line, _ := c.r.FieldPos(0)
	return rec, line, nil
}

type splitRows struct {
	in     *input
	delim  string
	line   int
	fields []string
}

func (s *splitRows) next() ([]string, int, error) {
	for {
		text, err := s.in.r.ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, 0, s.in.wrap(err)
		}
		if text == "" && err == io.EOF {
			return nil, 0, io.EOF
		}
		s.line++
		text = strings.TrimRight(text, "\r\n")
		if s.line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if text == "" {
			continue
		}
		s.fields = splitInto(s.fields[:0], text, s.delim)
		return s.fields, s.line, nil
	}
}

// splitInto appends the fields of text separated by delim to dst.
func splitInto(dst []string, text, delim string) []string {
	for {
		i := strings.Index(text, delim)
		if i < 0 {
			return append(dst, text)
		}
		dst = append(dst, text[:i])
		text = text[i+len(delim):]
	}
}
