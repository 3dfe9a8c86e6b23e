package analysis

import (
	"context"
	"log/slog"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim/engine"
)

// Replicate returns scenario s as run for replicate k: the same scenario
// with seed s.Seed+k. Replicate 0 is s itself.
func Replicate(s *scenarios.Scenario, k int) *scenarios.Scenario {
	c := *s
	c.Seed = s.Seed + uint64(k)
	return &c
}

// Assess runs the scenario's attacks on every replicate and returns all
// their metrics. first holds replicate 0's records, as the run that wrote
// them saw them; the other replicates are simulated again from their
// seeds, in memory only, one at a time. The result depends only on the
// scenario, so `scantrail analyze` reproduces what `scantrail run` found.
func Assess(ctx context.Context, s *scenarios.Scenario, first *Records,
	opts engine.Options, log *slog.Logger) ([]Metric, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	metrics, err := Evaluate(ctx, s, first, 0, log)
	if err != nil {
		return nil, err
	}
	for k := 1; k < s.Attacks.Replicates; k++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ms, err := assessReplicate(ctx, s, k, opts, log)
		if err != nil {
			return nil, err
		}
		metrics = append(metrics, ms...)
	}
	return metrics, nil
}

// assessReplicate simulates replicate k in memory and attacks it.
func assessReplicate(ctx context.Context, s *scenarios.Scenario, k int,
	opts engine.Options, log *slog.Logger) ([]Metric, error) {
	rs := Replicate(s, k)
	start, err := rs.StartDate()
	if err != nil {
		return nil, err
	}
	rec := NewRecords(start.UnixMilli())
	rec.Positions = NeedsPositions(s)
	log.Info("simulating replicate", "replicate", k, "seed", rs.Seed)
	opts.Progress = nil
	if _, err := engine.Run(ctx, rs, rec, opts); err != nil {
		return nil, err
	}
	return Evaluate(ctx, rs, rec, k, log)
}
