package schemas

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"
)

// Area levels.
const (
	LevelNation   = "nation"
	LevelRegion   = "region"
	LevelProvince = "province"
)

// NationCode is the area code of the whole country.
const NationCode = "VN"

// ErrUnknownArea is returned when a code or name matches no area.
var ErrUnknownArea = errors.New("unknown area")

// ErrAreaNotValid is returned when an area exists but not at the date asked
// (a province before its creation or after a reorganisation).
var ErrAreaNotValid = errors.New("area not valid at this date")

//go:embed areas.csv
var areasCSV []byte

// Area is one node of the area dimension: the nation ("VN"), a GSO
// socio-economic region ("R1"–"R6", in GSO order) or a province (its 2-digit
// GSO code). An area is valid from ValidFrom to ValidTo inclusive; a zero date
// is open. A code may be reused by another area in another interval, which is
// how the 2025 reorganisation is represented.
type Area struct {
	Code       string
	Level      string
	Parent     string // region of a province, nation of a region
	NameVI     string // short Vietnamese name, "Nghệ An"
	FullNameVI string // official name, "Tỉnh Nghệ An"
	NameEN     string // English name (GSO spelling for regions)
	ValidFrom  time.Time
	ValidTo    time.Time
	Aliases    []string
}

// ValidAt reports whether the area exists on day t.
func (a Area) ValidAt(t time.Time) bool {
	return (a.ValidFrom.IsZero() || !t.Before(a.ValidFrom)) && (a.ValidTo.IsZero() || !t.After(a.ValidTo))
}

// Areas is the area codelist with lookups by code and by any spelling of a name.
type Areas struct {
	list   []Area
	byCode map[string][]int
	byName map[string][]int
}

// LoadAreas reads the embedded codelist schemas/areas.csv.
func LoadAreas() (*Areas, error) {
	return ParseAreas(bytes.NewReader(areasCSV))
}

// ParseAreas reads an area codelist in the layout of schemas/areas.csv.
func ParseAreas(r io.Reader) (*Areas, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("areas: read header: %w", err)
	}
	want := []string{"code", "level", "parent", "name_vi", "full_name_vi", "name_en", "valid_from", "valid_to", "aliases"}
	if strings.Join(header, ",") != strings.Join(want, ",") {
		return nil, fmt.Errorf("areas: header %v, want %v", header, want)
	}
	as := &Areas{byCode: map[string][]int{}, byName: map[string][]int{}}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("areas: %w", err)
		}
		line, _ := cr.FieldPos(0)
		a := Area{Code: rec[0], Level: rec[1], Parent: rec[2], NameVI: NFC(rec[3]), FullNameVI: NFC(rec[4]), NameEN: rec[5]}
		switch a.Level {
		case LevelNation, LevelRegion, LevelProvince:
		default:
			return nil, fmt.Errorf("areas: line %d: level %q, want nation, region or province", line, a.Level)
		}
		for i, d := range []*time.Time{&a.ValidFrom, &a.ValidTo} {
			if rec[6+i] == "" {
				continue
			}
			if *d, err = time.Parse(time.DateOnly, rec[6+i]); err != nil {
				return nil, fmt.Errorf("areas: line %d: %w", line, err)
			}
		}
		if rec[8] != "" {
			a.Aliases = strings.Split(NFC(rec[8]), ";")
		}
		as.add(a)
	}
	for _, a := range as.list {
		if a.Level != LevelNation && len(as.byCode[a.Parent]) == 0 {
			return nil, fmt.Errorf("areas: %s has unknown parent %q", a.Code, a.Parent)
		}
	}
	return as, nil
}

func (as *Areas) add(a Area) {
	i := len(as.list)
	as.list = append(as.list, a)
	as.byCode[a.Code] = append(as.byCode[a.Code], i)
	for _, n := range append([]string{a.NameVI, a.FullNameVI, a.NameEN}, a.Aliases...) {
		k := nameKey(n)
		if k == "" || slices.Contains(as.byName[k], i) {
			continue
		}
		as.byName[k] = append(as.byName[k], i)
	}
}

// nameKey folds a name and strips the administrative prefixes that provinces
// write or omit at will ("Tỉnh", "Thành phố", "TP.", "Vùng").
func nameKey(s string) string {
	k := Fold(s)
	for _, p := range []string{"tinh ", "thanh pho ", "tp ", "vung ", "so ldtbxh ", "so lao dong tb xh tinh "} {
		if rest, ok := strings.CutPrefix(k, p); ok {
			k = rest
		}
	}
	return k
}

// All returns every area in codelist order (nation, regions, provinces).
func (as *Areas) All() []Area { return append([]Area(nil), as.list...) }

// Resolve finds the area valid on day at that s names: a code ("40", "4",
// "VN", "r3") or any spelling of its name ("Tỉnh Nghệ An", "NGHE AN", NFD
// text, GSO's English "Thua Thien-Hue").
func (as *Areas) Resolve(s string, at time.Time) (Area, error) {
	s = strings.TrimSpace(s)
	code := strings.ToUpper(s)
	if len(code) == 1 && isDigits(code) {
		code = "0" + code
	}
	if ids, ok := as.byCode[code]; ok {
		return as.pick(ids, s, at)
	}
	return as.pick(as.byName[nameKey(s)], s, at)
}

// Lookup returns the codes of every area, of any period, that s names: a
// code or any spelling of a name. It serves filters, where "Nghệ An" means
// the province whatever the date.
func (as *Areas) Lookup(s string) []string {
	s = strings.TrimSpace(s)
	code := strings.ToUpper(s)
	if len(code) == 1 && isDigits(code) {
		code = "0" + code
	}
	ids := as.byCode[code]
	if len(ids) == 0 {
		ids = as.byName[nameKey(s)]
	}
	var codes []string
	for _, i := range ids {
		if !slices.Contains(codes, as.list[i].Code) {
			codes = append(codes, as.list[i].Code)
		}
	}
	return codes
}

func (as *Areas) pick(ids []int, seen string, at time.Time) (Area, error) {
	if len(ids) == 0 {
		return Area{}, fmt.Errorf("%w %q", ErrUnknownArea, seen)
	}
	for _, i := range ids {
		if as.list[i].ValidAt(at) {
			return as.list[i], nil
		}
	}
	a := as.list[ids[0]]
	return Area{}, fmt.Errorf("%w: %s %s (%s) exists only %s", ErrAreaNotValid, a.Level, a.Code, a.NameVI, validity(a))
}

func validity(a Area) string {
	switch {
	case a.ValidFrom.IsZero() && a.ValidTo.IsZero():
		return "always"
	case a.ValidFrom.IsZero():
		return "until " + a.ValidTo.Format(time.DateOnly)
	case a.ValidTo.IsZero():
		return "from " + a.ValidFrom.Format(time.DateOnly)
	}
	return a.ValidFrom.Format(time.DateOnly) + " to " + a.ValidTo.Format(time.DateOnly)
}

// Provinces returns the provinces valid on day at, in code order.
func (as *Areas) Provinces(at time.Time) []Area {
	var ps []Area
	for _, a := range as.list {
		if a.Level == LevelProvince && a.ValidAt(at) {
			ps = append(ps, a)
		}
	}
	return ps
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// NamedIn returns the province valid on day at that a file name names, as
// its words run ("nghe_an_2024_thang_03.xlsx", "Bao cao Ha Tinh T3.xlsx"):
// the longest run of up to four words that is a province's name. Numbers
// are never read as codes here: "03" in a file name is a month.
func (as *Areas) NamedIn(fileName string, at time.Time) (Area, bool) {
	base := strings.TrimSuffix(fileName, path.Ext(fileName))
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	words := strings.Fields(Fold(strings.ReplaceAll(base, "_", " ")))
	for n := min(4, len(words)); n >= 1; n-- {
		for i := 0; i+n <= len(words); i++ {
			run := words[i : i+n]
			if slices.ContainsFunc(run, isDigits) {
				continue
			}
			for _, j := range as.byName[nameKey(strings.Join(run, " "))] {
				if a := as.list[j]; a.Level == LevelProvince && a.ValidAt(at) {
					return a, true
				}
			}
		}
	}
	return Area{}, false
}
