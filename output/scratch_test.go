package output

import (
	"fmt"
	"os"
	"testing"

	"github.com/parquet-go/parquet-go"
)

type scratchRow struct {
	Person int32   `parquet:"person_id"`
	Time   int64   `parquet:"time,timestamp(millisecond)"`
	Score  float64 `parquet:"score"`
	Weight float32 `parquet:"weight"`
	Seen   bool    `parquet:"seen"`
	Kind   string  `parquet:"kind,dict"`
	Memo   int     `parquet:"-"`
}

func TestScratch(t *testing.T) {
	dir := t.TempDir() + "/run"
	r, err := Create(dir, Parquet, CreateOptions{})
	if err != nil { t.Fatal(err) }
	rows := []scratchRow{{1, 1651481100000, 0.5, 0.25, true, "cafe", 7}, {2, -1, 1, 2, false, "bank", 0}}
	if err := WriteTable(r, "x", rows); err != nil { t.Fatal(err) }
	if err := r.Commit(Manifest{}); err != nil { t.Fatal(err) }
	f, _ := os.Open(dir + "/x.parquet")
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil { t.Fatal(err) }
	fmt.Println(pf.Schema())
	for _, fl := range pf.Schema().Fields() {
		fmt.Printf("%s %v %v %v %#v\n", fl.Name(), fl.Type(), fl.Type().Kind(), fl.Type().LogicalType(), fl.Type().ConvertedType())
	}
	md := pf.Metadata()
	fmt.Println(md.CreatedBy, md.KeyValueMetadata)
	for _, c := range md.RowGroups[0].Columns { fmt.Println(c.MetaData.PathInSchema, c.MetaData.Encoding, c.MetaData.Codec) }
	got, err := ReadParquet[scratchRow](dir + "/x.parquet")
	fmt.Println(got, err)
	b, _ := os.ReadFile(dir + "/manifest.json")
	fmt.Println(string(b))
}
