package scenarios_test

import (
	"path/filepath"
	"testing"

	"github.com/scantrail/scantrail/scenarios"
)

// Every example scenario file in examples/ loads and validates.
func TestExampleFilesLoad(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("examples", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example scenarios found (%v)", err)
	}
	for _, f := range files {
		if _, _, err := scenarios.Load(f, nil); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
