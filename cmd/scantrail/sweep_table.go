package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/scenarios"
)

// sweepMetric is one row of a sweep's combined metrics table: a cell
// run's metric with the cell's parameter values and the replicate.
type sweepMetric struct {
	Values    []string // one per parameter, as written in the sweep
	Replicate int
	analysis.Metric
}

// column is one parameter column of the combined table, typed by its
// values: whole numbers, numbers or text.
type column struct {
	name string
	kind reflect.Kind // reflect.Int64, reflect.Float64 or reflect.String
}

// sweepColumns types each parameter's column from its values.
func sweepColumns(sw *scenarios.Sweep) []column {
	cols := make([]column, len(sw.Parameters))
	for i, p := range sw.Parameters {
		cols[i] = column{name: p.Name, kind: valueKind(p.Values)}
	}
	return cols
}

func valueKind(values []string) reflect.Kind {
	kind := reflect.Int64
	for _, v := range values {
		if _, err := strconv.ParseInt(v, 10, 64); err == nil {
			continue
		}
		if x, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(x, 0) {
			kind = reflect.Float64
			continue
		}
		return reflect.String
	}
	return kind
}

// rowType builds the Go struct of a combined row, so that parquet-go
// writes the columns in order: the parameters, replicate, then the
// columns of analysis.Metric but its own replicate.
func rowType(cols []column) reflect.Type {
	var fields []reflect.StructField
	for i, c := range cols {
		tag := `parquet:"` + c.name + `"`
		if c.kind == reflect.String {
			tag = `parquet:"` + c.name + `,dict"`
		}
		fields = append(fields, reflect.StructField{Name: fmt.Sprintf("P%d", i),
			Type: kindType(c.kind), Tag: reflect.StructTag(tag)})
	}
	for _, f := range []struct{ name, col string }{{"Replicate", "replicate"},
		{"Scenario", "scenario"}, {"Adversary", "adversary"}, {"Attack", "attack"},
		{"Metric", "metric"}, {"Parameter", "parameter"}, {"Value", "value"}} {
		typ, tag := reflect.TypeFor[string](), `parquet:"`+f.col+`,dict"`
		switch f.col {
		case "replicate":
			typ, tag = reflect.TypeFor[int32](), `parquet:"replicate"`
		case "value":
			typ, tag = reflect.TypeFor[float64](), `parquet:"value"`
		}
		fields = append(fields, reflect.StructField{Name: f.name, Type: typ,
			Tag: reflect.StructTag(tag)})
	}
	return reflect.StructOf(fields)
}

func kindType(k reflect.Kind) reflect.Type {
	switch k {
	case reflect.Int64:
		return reflect.TypeFor[int64]()
	case reflect.Float64:
		return reflect.TypeFor[float64]()
	}
	return reflect.TypeFor[string]()
}

// fill sets a combined row from m.
func fill(row reflect.Value, cols []column, m sweepMetric) {
	for i, c := range cols {
		f := row.Field(i)
		switch c.kind {
		case reflect.Int64:
			n, _ := strconv.ParseInt(m.Values[i], 10, 64)
			f.SetInt(n)
		case reflect.Float64:
			x, _ := strconv.ParseFloat(m.Values[i], 64)
			f.SetFloat(x)
		default:
			f.SetString(m.Values[i])
		}
	}
	n := len(cols)
	row.Field(n).SetInt(int64(m.Replicate))
	row.Field(n + 1).SetString(m.Scenario)
	row.Field(n + 2).SetString(m.Adversary)
	row.Field(n + 3).SetString(m.Attack)
	row.Field(n + 4).SetString(m.Metric.Metric)
	row.Field(n + 5).SetString(m.Parameter)
	row.Field(n + 6).SetFloat(m.Value)
}

var sweepZstd = zstd.Codec{Level: zstd.SpeedDefault, Concurrency: 1}

// writeCombined writes the combined table as metrics.parquet and
// metrics.csv in dir, each written to a hidden file first and renamed
// into place when complete.
func writeCombined(dir string, sw *scenarios.Sweep, rows []sweepMetric) error {
	cols := sweepColumns(sw)
	if err := writeAside(filepath.Join(dir, "metrics.parquet"), func(f *os.File) error {
		return writeCombinedParquet(f, cols, rows)
	}); err != nil {
		return err
	}
	return writeAside(filepath.Join(dir, "metrics.csv"), func(f *os.File) error {
		return writeCombinedCSV(f, cols, rows)
	})
}

func writeCombinedParquet(f *os.File, cols []column, rows []sweepMetric) error {
	typ := rowType(cols)
	row := reflect.New(typ)
	w := parquet.NewWriter(f, parquet.SchemaOf(row.Interface()),
		parquet.Compression(&sweepZstd))
	for _, m := range rows {
		fill(row.Elem(), cols, m)
		if err := w.Write(row.Interface()); err != nil {
			return err
		}
	}
	return w.Close()
}

func writeCombinedCSV(f *os.File, cols []column, rows []sweepMetric) error {
	b := bufio.NewWriter(f)
	w := csv.NewWriter(b)
	header := make([]string, 0, len(cols)+7)
	for _, c := range cols {
		header = append(header, c.name)
	}
	header = append(header, "replicate", "scenario", "adversary", "attack", "metric",
		"parameter", "value")
	w.Write(header)
	for _, m := range rows {
		rec := append([]string(nil), m.Values...)
		rec = append(rec, strconv.Itoa(m.Replicate), m.Scenario, m.Adversary, m.Attack,
			m.Metric.Metric, m.Parameter, strconv.FormatFloat(m.Value, 'g', -1, 64))
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return b.Flush()
}

// writeAside writes a file through write into a hidden temporary file
// beside path, syncs it and renames it to path, so that readers see the
// old file or the whole new one.
func writeAside(path string, write func(*os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
