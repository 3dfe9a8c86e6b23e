package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchSweep is the speed target's sweep: 20 cells × 3 replicates of a
// 20,000-person, 14-day city, with the attacks cut to those the policy
// chart needs (linkage over the whole run, tracking, home and work,
// unicity at one resolution up to p = 4 on 500 people).
const benchSweep = `scenario: default
replicates: 3
set:
  - population.people=20000
  - days=14
  - attacks.sample=500
  - attacks.unicity.resolutions=[venue/hour]
  - attacks.unicity.max_points=4
  - attacks.linkage.days=[14]
  - attacks.companions.enabled=false
  - attacks.risk.enabled=false
parameters:
  - path: [holders.0.retention_days, holders.1.retention_days,
      holders.2.retention_days, holders.3.retention_days]
    name: retention_days
    range: {from: 0, to: 19, step: 1}
`

// BenchmarkSweep runs the whole sweep; the target is at most 5 minutes on
// two cores. Run it with
//
//	go test ./cmd/scantrail -run '^$' -bench Sweep -benchtime 1x -timeout 30m
//
// jobs=1 runs one cell at a time on every core; jobs=2 runs two at a
// time with one planning goroutine each.
func BenchmarkSweep(b *testing.B) {
	for _, c := range []struct{ name, jobs, workers string }{
		{"jobs=1", "1", "0"}, {"jobs=2", "2", "1"},
	} {
		b.Run(c.name, func(b *testing.B) {
			file := filepath.Join(b.TempDir(), "sweep.yaml")
			if err := os.WriteFile(file, []byte(benchSweep), 0o644); err != nil {
				b.Fatal(err)
			}
			for i := 0; i < b.N; i++ {
				out := filepath.Join(b.TempDir(), "sw")
				args := []string{"sweep", file, "--out", out, "--quiet", "--jobs", c.jobs,
					"--workers", c.workers}
				code := executeContext(context.Background(), args, strings.NewReader(""),
					io.Discard, io.Discard)
				if code != exitOK {
					b.Fatalf("exit %d", code)
				}
				os.RemoveAll(out)
			}
		})
	}
}
