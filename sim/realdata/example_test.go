package realdata_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/scantrail/scantrail/sim/realdata"
)

// Import a small Foursquare check-in file: the users become salted
// pseudonyms, numbered by their first check-in.
func Example() {
	b := realdata.NewBuilder(realdata.Options{})
	if err := b.ReadFoursquare(context.Background(), "testdata/good.csv"); err != nil {
		fmt.Println(err)
		return
	}
	p, _ := realdata.NewPseudonymizer([]byte(strings.Repeat("k", realdata.SaltBytes)))
	imp, err := b.Build(context.Background(), "foursquare", p)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b.Report())
	fmt.Println(imp.People, "people,", len(imp.Venues), "venues,", len(imp.Scans), "scans")
	for _, v := range imp.Venues {
		fmt.Println(v.Name, v.Kind, v.Family)
	}
	// Output:
	// 1 file, 3 rows read: 0 malformed, 0 duplicates dropped, 3 records written
	// 2 people, 2 venues, 3 scans
	// v1 housing_compound residential
	// v2 office workplace
}
