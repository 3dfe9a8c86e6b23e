package output

import (
	"fmt"
	"strings"
)

// Format is the file format of a run's tables. The zero value is Parquet.
type Format int

// The table formats.
const (
	// Parquet writes zstd-compressed Apache Parquet files: compact, typed
	// and fast to scan from Python, R or DuckDB.
	Parquet Format = iota
	// CSV writes comma-separated text with a header row, for readers
	// without a Parquet library. It is larger and slower to write.
	CSV
)

var formatNames = [...]string{Parquet: "parquet", CSV: "csv"}

// ParseFormat returns the format with the given name, "parquet" or "csv",
// ignoring case. The error for any other name lists the allowed values.
func ParseFormat(s string) (Format, error) {
	for i, name := range formatNames {
		if strings.EqualFold(s, name) {
			return Format(i), nil
		}
	}
	return 0, fmt.Errorf("output: unknown format %q (allowed: %s)",
		s, strings.Join(formatNames[:], ", "))
}

// String returns the format's name as ParseFormat accepts it.
func (f Format) String() string {
	if f.valid() {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Ext returns the file extension of the format, with its leading dot:
// ".parquet" or ".csv". It returns "" for an unknown format.
func (f Format) Ext() string {
	if f.valid() {
		return "." + formatNames[f]
	}
	return ""
}

// MarshalText encodes the format by name, so that manifests read
// "parquet" rather than a number.
func (f Format) MarshalText() ([]byte, error) {
	if !f.valid() {
		return nil, fmt.Errorf("output: invalid format %d", int(f))
	}
	return []byte(formatNames[f]), nil
}

// UnmarshalText decodes a format name as ParseFormat does.
func (f *Format) UnmarshalText(text []byte) error {
	g, err := ParseFormat(string(text))
	if err != nil {
		return err
	}
	*f = g
	return nil
}

func (f Format) valid() bool {
	return f >= 0 && int(f) < len(formatNames)
}
