package output

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/parquet-go/parquet-go"
)

// ErrNoHeader is returned when a CSV file lacks even a header row.
var ErrNoHeader = errors.New("output: csv has no header row")

// ReadParquet reads every row of the Parquet file at path into a slice.
// T is matched to the file's columns by name; it may name fewer columns
// than the file holds. It suits tests and tables that fit in memory.
func ReadParquet[T any](path string) ([]T, error) {
	rows, err := parquet.ReadFile[T](path)
	if err != nil {
		return nil, fmt.Errorf("output: read %s: %w", path, err)
	}
	return rows, nil
}

// ReadParquetBatches reads the Parquet file at path in batches of up to
// n rows and passes each to fn; the batch is reused after fn returns. An
// error opening the file is returned as os.Open gives it; any other,
// including fn's, is prefixed with the path.
func ReadParquetBatches[T any](path string, n int, fn func([]T) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	rd := parquet.NewGenericReader[T](pf)
	defer rd.Close()
	buf := make([]T, n)
	for {
		k, err := rd.Read(buf)
		if k > 0 {
			if ferr := fn(buf[:k]); ferr != nil {
				return fmt.Errorf("%s: %w", path, ferr)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
}

// ReadCSVRows reads the CSV file at path, returning its header and the
// rows after it as strings. Every row must have as many fields as the
// header; a malformed file gives a *csv.ParseError, which names the line
// and column. A file without a header gives ErrNoHeader.
func ReadCSVRows(path string) (header []string, rows [][]string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("output: read csv: %w", err)
	}
	defer f.Close()
	header, rows, err = readCSV(f)
	if err != nil {
		return nil, nil, fmt.Errorf("output: read %s: %w", path, err)
	}
	return header, rows, nil
}

func readCSV(r io.Reader) (header []string, rows [][]string, err error) {
	records, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, nil, err
	}
	if len(records) == 0 {
		return nil, nil, ErrNoHeader
	}
	return records[0], records[1:], nil
}

// countCSVRows counts the records after the header of a CSV file.
func countCSVRows(r io.Reader) (int64, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	n := int64(-1)
	for {
		_, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		n++
	}
	if n < 0 {
		return 0, ErrNoHeader
	}
	return n, nil
}

// countParquetRows reads the row count from a Parquet file's footer.
func countParquetRows(f *os.File) (int64, error) {
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	pf, err := parquet.OpenFile(f, info.Size(), parquet.SkipPageIndex(true),
		parquet.SkipBloomFilters(true))
	if err != nil {
		return 0, err
	}
	return pf.NumRows(), nil
}
