package scenarios

import (
	"embed"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// library holds the scenarios that ship with scantrail, one file each.
//
//go:embed library/*.yaml
var library embed.FS

// DefaultName is the name of the embedded default scenario, which every
// other scenario is laid on top of.
const DefaultName = "default"

// Entry describes one embedded scenario.
type Entry struct {
	// Name is what Load accepts, the file name without .yaml.
	Name string
	// Description is the scenario's own description field.
	Description string
}

// Names lists the embedded scenarios in alphabetical order, read from the
// embedded files so that adding a file to library/ is all it takes to
// ship a scenario.
func Names() []Entry {
	files, _ := fs.Glob(library, "library/*.yaml")
	entries := make([]Entry, 0, len(files))
	for _, f := range files {
		data, _ := library.ReadFile(f)
		entries = append(entries, Entry{
			Name:        strings.TrimSuffix(path.Base(f), ".yaml"),
			Description: describeFile(data),
		})
	}
	return entries
}

// Default returns the embedded default scenario. It fails only if the
// embedded file is broken, which the package's tests rule out.
func Default() (*Scenario, error) {
	s, _, err := Load(DefaultName, nil)
	return s, err
}

// embedded returns the file of the embedded scenario name.
func embedded(name string) ([]byte, bool) {
	if name == "" || strings.ContainsAny(name, "/\\.") {
		return nil, false
	}
	data, err := library.ReadFile("library/" + name + ".yaml")
	return data, err == nil
}

// embeddedNames lists the embedded scenario names for messages.
func embeddedNames() string {
	var names []string
	for _, e := range Names() {
		names = append(names, e.Name)
	}
	return strings.Join(names, ", ")
}

// describeFile returns the description field of a scenario file, or ""
// when it has none.
func describeFile(data []byte) string {
	var head struct {
		Description string `yaml:"description"`
	}
	_ = yaml.Unmarshal(data, &head)
	return strings.TrimSpace(head.Description)
}
