package output

import (
	"fmt"
	"io"
	"reflect"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// chunkRows is the number of rows parquet-go encodes at a time (see
// maxRowsPerWrite in its writer.go). It checks whether a page is full
// only between chunks, so page boundaries depend on where chunks start.
// Starting every chunk at a multiple of chunkRows rows from the top of
// the file makes the file independent of how callers batch their rows.
// TestDeterminism fails if a parquet-go upgrade changes the chunk size.
const chunkRows = 64

// Parquet tuning, chosen with BenchmarkParquetWrite on visits: zstd's
// fastest level writes about 30% more rows a second than its default
// level for files about 8% larger, and pages of 512 KiB compress a
// little better than 256 KiB at the same speed (1 MiB pages were slower).
const (
	pageBufferSize  = 512 << 10 // uncompressed bytes per page and column
	writeBufferSize = 1 << 20   // bytes gathered before reaching the file
)

// zstdCodec is shared by all writers so that its encoder pool is reused.
var zstdCodec = zstd.Codec{Level: zstd.SpeedFastest, Concurrency: 1}

// parquetEncoder writes rows through a parquet-go writer, holding back
// rows until they fill an aligned chunk (see chunkRows).
type parquetEncoder[T any] struct {
	w     *parquet.GenericWriter[T]
	carry []T
}

func newParquetEncoder[T any](w io.Writer, rowGroupRows int64) (
	enc *parquetEncoder[T], err error) {
	defer func() {
		// parquet-go panics on struct tags it cannot understand.
		if p := recover(); p != nil {
			enc, err = nil, fmt.Errorf("parquet schema of %v: %v",
				reflect.TypeFor[T](), p)
		}
	}()
	pw := parquet.NewGenericWriter[T](w,
		parquet.Compression(&zstdCodec),
		parquet.MaxRowsPerRowGroup(rowGroupRows),
		parquet.PageBufferSize(pageBufferSize),
		parquet.WriteBufferSize(writeBufferSize),
	)
	return &parquetEncoder[T]{w: pw, carry: make([]T, 0, chunkRows)}, nil
}

func (e *parquetEncoder[T]) encode(rows []T) error {
	if len(e.carry) > 0 {
		n := min(chunkRows-len(e.carry), len(rows))
		e.carry = append(e.carry, rows[:n]...)
		rows = rows[n:]
		if len(e.carry) < chunkRows {
			return nil
		}
		if err := e.write(e.carry); err != nil {
			return err
		}
		e.carry = e.carry[:0]
	}
	whole := len(rows) - len(rows)%chunkRows
	if err := e.write(rows[:whole]); err != nil {
		return err
	}
	e.carry = append(e.carry, rows[whole:]...)
	return nil
}

func (e *parquetEncoder[T]) write(rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := e.w.Write(rows)
	return err
}

func (e *parquetEncoder[T]) finish() error {
	if err := e.write(e.carry); err != nil {
		return err
	}
	e.carry = e.carry[:0]
	return e.w.Close()
}
