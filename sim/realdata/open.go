package realdata

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
// name labels the file in messages: its path, or a label that does not
// show a path naming a user.
func openInput(path, name string) (*input, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, relabel(err, name)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, relabel(err, name)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: %w: not a regular file", name, ErrFormat)
	}
	in := &input{name: name, file: f, r: bufio.NewReaderSize(f, 1<<16)}
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
			return nil, fmt.Errorf("%s: %w: the file is empty", name, ErrFormat)
		}
		return nil, in.wrap(err)
	}
	return in, nil
}

// relabel replaces the path in a file system error by name, keeping what
// went wrong (so that errors.Is still finds fs.ErrNotExist).
func relabel(err error, name string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %s: %w", name, pe.Op, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
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
	return relabel(err, in.name)
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

// rows reads delimited rows with their line numbers. A row that cannot be
// split comes back as a *fieldError with its line, and the next call
// reads on from the following line.
type rows interface {
	next() (fields []string, line int, err error)
}

// newRows returns a row reader for the delimiter. Each physical line is
// one row. Fields separated by commas or semicolons may be enclosed in
// double quotes; tab- and bar-separated fields (as in the TSMC2014 and
// SNAP files) are never quoted.
func newRows(in *input, delim rune) rows {
	return &lineRows{in: in, delim: byte(delim), quoted: delim == ',' || delim == ';'}
}

// errOpenQuote is the problem of a line whose quoted field is not closed
// before the line ends. A reader that let the field run on would swallow
// the following lines into it, so the line is malformed and the next one
// is read as a row of its own.
var errOpenQuote = bad("row", "a field opens a quote that the line does not close "+
	"(fields may not span lines)")

// lineRows reads one row per physical line, skipping blank lines.
type lineRows struct {
	in     *input
	delim  byte
	quoted bool
	line   int
	fields []string
}

func (s *lineRows) next() ([]string, int, error) {
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
		if !s.quoted {
			s.fields = splitInto(s.fields[:0], text, string(s.delim))
			return s.fields, s.line, nil
		}
		fields, ok := splitQuoted(s.fields[:0], text, s.delim)
		s.fields = fields
		if !ok {
			return nil, s.line, errOpenQuote
		}
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

// splitQuoted appends to dst the fields of one line separated by delim,
// where a field that starts with a double quote runs to the quote that is
// followed by delim or ends the line, and a doubled quote inside it
// stands for one. Other quotes are kept as they are, as encoding/csv's
// LazyQuotes does. It reports false when a quoted field is still open at
// the end of the line.
func splitQuoted(dst []string, text string, delim byte) ([]string, bool) {
	for {
		if text == "" || text[0] != '"' {
			i := strings.IndexByte(text, delim)
			if i < 0 {
				return append(dst, text), true
			}
			dst = append(dst, text[:i])
			text = text[i+1:]
			continue
		}
		field, rest, last, ok := unquote(text[1:], delim)
		if !ok {
			return dst, false
		}
		dst = append(dst, field)
		if last {
			return dst, true
		}
		text = rest
	}
}

// unquote reads a quoted field whose opening quote has been cut off: it
// returns the field, the text after the delimiter that follows it, and
// whether it ended the line; ok is false when the line ends first.
func unquote(text string, delim byte) (field, rest string, last, ok bool) {
	var b []byte // only when a doubled quote must be undone
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '"' {
			continue
		}
		switch {
		case i+1 < len(text) && text[i+1] == '"':
			b = append(b, text[start:i+1]...)
			i++
			start = i + 1
		case i+1 == len(text) || text[i+1] == delim:
			if b != nil {
				field = string(append(b, text[start:i]...))
			} else {
				field = text[start:i]
			}
			if i+1 == len(text) {
				return field, "", true, true
			}
			return field, text[i+2:], false, true
		}
	}
	return "", "", false, false
}
