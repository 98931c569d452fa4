package indicators

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"chitieu/schemas"
)

// CatalogDefinitionsFile is the file of a catalogue directory that adds
// indicator definitions to the embedded ones.
const CatalogDefinitionsFile = "definitions.yaml"

// LoadCatalogDir loads the embedded catalogue merged with the YAML files of
// dir (schemas.LoadCatalogDir; dir/definitions.yaml adds indicators),
// validated together. An empty dir is the embedded catalogue alone.
func LoadCatalogDir(dir string) (*Catalog, error) {
	if dir == "" {
		return LoadCatalog()
	}
	cat, err := schemas.LoadCatalogDir(dir)
	if err != nil {
		return nil, err
	}
	var defs []Definition
	if err := schemas.DecodeYAML("definitions.yaml", definitionsYAML, &defs); err != nil {
		return nil, err
	}
	name := "definitions.yaml"
	path := filepath.Join(dir, CatalogDefinitionsFile)
	if data, err := os.ReadFile(path); err == nil {
		var more []Definition
		if err := schemas.DecodeYAML(path, data, &more); err != nil {
			return nil, err
		}
		defs = append(defs, more...)
		name += " and " + path
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	defs, err = validate(name, defs, cat.Elements)
	if err != nil {
		return nil, err
	}
	return &Catalog{Catalog: cat, Definitions: defs}, nil
}
