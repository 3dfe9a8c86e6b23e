package output_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/scantrail/scantrail/output"
)

// Example writes a table of visits to a CSV run folder, commits it and
// reads the manifest and the table back.
func Example() {
	type visit struct {
		Person  int32 `parquet:"person_id"`
		Venue   int32 `parquet:"venue_id"`
		Arrival int64 `parquet:"arrival,timestamp(millisecond)"`
	}
	parent, err := os.MkdirTemp("", "scantrail-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(parent)
	dir := filepath.Join(parent, "city-a")

	run, err := output.Create(dir, output.CSV, output.CreateOptions{})
	if err != nil {
		log.Fatal(err)
	}
	defer run.Abort() // removes the partial folder unless committed
	visits := []visit{{1, 10, 1651481100000}, {2, 11, 1651484700000}}
	if err := output.WriteTable(run, "visits", visits); err != nil {
		log.Fatal(err)
	}
	m := output.Manifest{ScenarioName: "city-a", Seed: 42}
	if err := run.Commit(m); err != nil {
		log.Fatal(err)
	}

	got, err := output.ReadManifest(dir)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.Format, got.Rows["visits"], got.Files[0].Name)
	header, rows, err := output.ReadCSVRows(filepath.Join(dir, "visits.csv"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(header)
	fmt.Println(rows[0])
	fmt.Println(output.VerifyFiles(dir))
	// Output:
	// csv 2 visits.csv
	// [person_id venue_id arrival]
	// [1 10 2022-05-02T08:45:00.000Z]
	// <nil>
}

func ExampleParseFormat() {
	f, err := output.ParseFormat("parquet")
	fmt.Println(f.Ext(), err)
	_, err = output.ParseFormat("xlsx")
	fmt.Println(err)
	// Output:
	// .parquet <nil>
	// output: unknown format "xlsx" (allowed: parquet, csv)
}
