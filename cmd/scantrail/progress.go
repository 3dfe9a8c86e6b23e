package main

import (
	"io"
	"log/slog"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress shows a run's days: a bar when stderr is a terminal, a log line
// every few seconds otherwise, nothing when quiet.
type progress struct {
	bar  *progressbar.ProgressBar
	log  *slog.Logger
	last time.Time
}

func newProgress(w io.Writer, quiet bool, days int, log *slog.Logger) *progress {
	p := &progress{log: log, last: time.Now()}
	if quiet {
		p.log = nil
		return p
	}
	if isTerminal(w) {
		p.bar = progressbar.NewOptions(days,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("simulating days"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish())
	}
	return p
}

// update is the engine's progress callback.
func (p *progress) update(done, total int) {
	if p.bar != nil {
		_ = p.bar.Set(done)
		return
	}
	if p.log != nil && (time.Since(p.last) > 2*time.Second || done == total) {
		p.log.Info("simulating", "day", done, "of", total)
		p.last = time.Now()
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
