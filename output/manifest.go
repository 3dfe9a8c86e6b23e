package output

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// ManifestVersion is the version of the manifest layout that this package
// writes. ReadManifest refuses manifests from a newer layout.
const ManifestVersion = 1

// Manifest describes a finished run. It is stored as manifest.json in the
// run folder, written last; its presence marks the run as complete.
type Manifest struct {
	// Version is the manifest layout; Commit sets it to ManifestVersion.
	Version int `json:"manifest_version"`
	// Scantrail is the version of the program that made the run.
	Scantrail string `json:"scantrail"`
	// ScenarioName names the scenario the run simulated.
	ScenarioName string `json:"scenario_name"`
	// Scenario is the resolved scenario as YAML, with every default
	// filled in, so that the run can be repeated from the manifest alone.
	Scenario string `json:"scenario"`
	// Seed is the seed of the run's random source.
	Seed uint64 `json:"seed"`
	// Format is the format of the run's tables; Commit sets it.
	Format Format `json:"format"`
	// Files lists every file of the run but the manifest, sorted by name;
	// Commit fills it in.
	Files []FileInfo `json:"files"`
	// Rows maps each table name, such as "visits", to its row count;
	// Commit fills it in.
	Rows map[string]int64 `json:"rows"`
	// Timings maps a stage of the run to the seconds it took.
	Timings map[string]float64 `json:"timings"`
	// Extra holds further facts about the run that have no field yet.
	Extra map[string]any `json:"extra,omitempty"`
}

// FileInfo describes one file of a run, so that readers can check it is
// whole and unchanged.
type FileInfo struct {
	// Name is the file name within the run folder, such as
	// "visits.parquet".
	Name string `json:"name"`
	// Rows is the number of table rows in the file, not counting a CSV
	// header.
	Rows int64 `json:"rows"`
	// Bytes is the size of the file.
	Bytes int64 `json:"bytes"`
	// SHA256 is the hex-encoded SHA-256 digest of the file's contents.
	SHA256 string `json:"sha256"`
}

// ReadManifest reads the manifest of the run in dir. It fails if dir
// holds no manifest.json, which means dir is not a finished run.
func ReadManifest(dir string) (*Manifest, error) {
	path := filepath.Join(dir, manifestName)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("output: read manifest: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("output: read manifest %s: %w", path, err)
	}
	if m.Version < 1 || m.Version > ManifestVersion {
		return nil, fmt.Errorf("output: read manifest %s: manifest_version "+
			"%d is not supported (want 1 to %d)", path, m.Version,
			ManifestVersion)
	}
	return &m, nil
}

// writeManifest writes m as indented JSON to dir/manifest.json and syncs
// it to disk.
func writeManifest(dir string, m *Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("output: encode manifest: %w", err)
	}
	data = append(data, '\n')
	if err := writeSynced(filepath.Join(dir, manifestName), data); err != nil {
		return fmt.Errorf("output: write manifest: %w", err)
	}
	return nil
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
