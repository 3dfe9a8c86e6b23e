package scenarios_test

import (
	"fmt"

	"github.com/scantrail/scantrail/scenarios"
)

func ExampleParseSweep() {
	sw, err := scenarios.ParseSweep("retention.yaml", []byte(`scenario: default
replicates: 3
set: [population.people=2000]
parameters:
  - path: holders[0].retention_days
    range: {from: 0, to: 14, step: 7}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range sw.Cells() {
		fmt.Println(sw.Dir(c), sw.Overrides(c))
	}

	_, err = scenarios.ParseSweep("bad.yaml", []byte("replicates: 0\nparameters: []\n"))
	fmt.Println(err)
	// Output:
	// retention_days=0 [population.people=2000 holders.0.retention_days=0]
	// retention_days=7 [population.people=2000 holders.0.retention_days=7]
	// retention_days=14 [population.people=2000 holders.0.retention_days=14]
	// bad.yaml:1: replicates: got "0", want a whole number from 1 to 1000
	// bad.yaml:2: parameters: got a list, want a non-empty list of {path, values} or {path, range}
}
