package schemas

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Files of a catalogue directory (chitieu --catalog DIR, or catalog: in the
// configuration), each optional: more data elements, more breakdown
// dimensions, more report forms.
// Indicator definitions (definitions.yaml) are read by package indicators.
const (
	CatalogElementsFile   = "data_elements.yaml"
	CatalogBreakdownsFile = "breakdowns.yaml"
	CatalogTemplatesGlob  = "templates/*.yaml"
)

// LoadCatalogDir loads the embedded catalogue merged with the files of dir:
// its data_elements.yaml adds data elements, its templates/*.yaml add
// report forms. Everything is validated together, as strictly as the
// embedded files: unknown fields, unknown parts, cycles of parts, a code,
// label or template name defined twice are errors naming the file.
func LoadCatalogDir(dir string) (*Catalog, error) {
	if dir == "" {
		return LoadCatalog()
	}
	if st, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("catalog: %s is not a directory", dir)
	}
	areas, err := LoadAreas()
	if err != nil {
		return nil, err
	}
	var list []DataElement
	if err := DecodeYAML("data_elements.yaml", elementsYAML, &list); err != nil {
		return nil, err
	}
	name := "data_elements.yaml"
	path := filepath.Join(dir, CatalogElementsFile)
	if data, err := os.ReadFile(path); err == nil {
		var more []DataElement
		if err := DecodeYAML(path, data, &more); err != nil {
			return nil, err
		}
		list = append(list, more...)
		name += " and " + path
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	dims, err := parseDimensions("breakdowns.yaml", breakdownsYAML)
	if err != nil {
		return nil, err
	}
	path = filepath.Join(dir, CatalogBreakdownsFile)
	if data, err := os.ReadFile(path); err == nil {
		more, err := parseDimensions(path, data)
		if err != nil {
			return nil, err
		}
		for _, d := range more {
			if slices.ContainsFunc(dims, func(x Dimension) bool { return x.Code == d.Code }) {
				return nil, fmt.Errorf("%s: dimension %s is already defined", path, d.Code)
			}
		}
		dims = append(dims, more...)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	elements, err := newElements(name, list, dims)
	if err != nil {
		return nil, err
	}
	templates, err := LoadTemplates(elements)
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(dir, CatalogTemplatesGlob))
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	slices.Sort(files)
	var errs []error
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
		t, err := ParseTemplate(file, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := t.Check(elements); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", file, err))
			continue
		}
		if slices.ContainsFunc(templates, func(o Template) bool { return o.Name == t.Name }) {
			errs = append(errs, fmt.Errorf("%s: template %s is defined twice", file, t.Name))
			continue
		}
		templates = append(templates, t)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	forms, err := LoadForms()
	if err != nil {
		return nil, err
	}
	return &Catalog{Areas: areas, Elements: elements, Templates: templates, Forms: forms}, nil
}
