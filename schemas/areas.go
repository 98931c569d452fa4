package schemas

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
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

// ErrAreaCodeMismatch is returned when a name carries a code in parentheses
// ("Tỉnh Nghệ An (42)") that is not the code of the province it names.
var ErrAreaCodeMismatch = errors.New("province name and code disagree")

// ErrFormerArea is returned for a province that no longer exists and is not
// on any of chitieu's maps (Hà Tây, merged into Hà Nội in 2008).
var ErrFormerArea = errors.New("former province")

//go:embed areas.csv
var areasCSV []byte

//go:embed former_areas.csv
var formerCSV []byte

// Former is a province that ceased before the earliest map chitieu keeps
// (schemas/former_areas.csv): its figures cannot be stored, and a file
// naming it is told what it became.
type Former struct {
	Code, NameVI, FullNameVI, NameEN string
	ValidTo                          time.Time
	Successor                        string // the code of the province it went into the day after ValidTo
	Source                           string
}

// Area is one node of the area dimension: the nation ("VN"), a GSO
// socio-economic region ("R1"–"R6", in GSO order) or a province (its 2-digit
// GSO code). An area is valid from ValidFrom to ValidTo inclusive; a zero date
// is open. A code may be reused by another area in another interval, which is
// how the 2025 reorganisation is represented: the 63 provinces end on
// 2025-06-30, each naming the province it went into (Successor), and the 34
// provinces begin on 2025-07-01 (Resolution 202/2025/QH15; codes of GSO's
// letter 915/CTK-CSCL; the mapping of the dataset github.com/dvhcvn/20250701,
// mapping/splits.json). Regions end with the 63 provinces: no grouping of the
// 34 into GSO's socio-economic regions had been published in a source we
// could cite, and several straddle two old regions, so after the merger
// provinces belong directly to the nation.
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
	Successor  string // the code of the area it went into the day after ValidTo
}

// ValidAt reports whether the area exists on day t.
func (a Area) ValidAt(t time.Time) bool {
	return (a.ValidFrom.IsZero() || !t.Before(a.ValidFrom)) && (a.ValidTo.IsZero() || !t.After(a.ValidTo))
}

// Areas is the area codelist with lookups by code and by any spelling of a name.
type Areas struct {
	list      []Area
	byCode    map[string][]int
	byName    map[string][]int
	byCompact map[string][]int  // name keys without spaces: "haiphong", "daklak"
	former    map[string]Former // by name key and compact key
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
	want := []string{"code", "level", "parent", "name_vi", "full_name_vi", "name_en", "valid_from", "valid_to", "aliases", "successor"}
	if strings.Join(header, ",") != strings.Join(want, ",") {
		return nil, fmt.Errorf("areas: header %v, want %v", header, want)
	}
	as := &Areas{byCode: map[string][]int{}, byName: map[string][]int{}, byCompact: map[string][]int{}, former: map[string]Former{}}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("areas: %w", err)
		}
		line, _ := cr.FieldPos(0)
		a := Area{Code: rec[0], Level: rec[1], Parent: rec[2], NameVI: NFC(rec[3]), FullNameVI: NFC(rec[4]), NameEN: rec[5], Successor: rec[9]}
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
		if a.Successor == "" {
			continue
		}
		if a.ValidTo.IsZero() {
			return nil, fmt.Errorf("areas: %s (%s) has a successor but no end", a.Code, a.NameVI)
		}
		if _, ok := as.successor(a); !ok {
			return nil, fmt.Errorf("areas: successor %q of %s (%s) is not valid on %s", a.Successor, a.Code, a.NameVI, a.ValidTo.AddDate(0, 0, 1).Format(time.DateOnly))
		}
	}
	if _, err := as.CodeMap(); err != nil {
		return nil, err
	}
	if err := as.readFormer(bytes.NewReader(formerCSV)); err != nil {
		return nil, err
	}
	return as, nil
}

// readFormer reads the provinces that ceased before chitieu's maps begin.
func (as *Areas) readFormer(r io.Reader) error {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("former areas: read header: %w", err)
	}
	want := []string{"code", "name_vi", "full_name_vi", "name_en", "valid_to", "successor", "source"}
	if strings.Join(header, ",") != strings.Join(want, ",") {
		return fmt.Errorf("former areas: header %v, want %v", header, want)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("former areas: %w", err)
		}
		f := Former{Code: rec[0], NameVI: NFC(rec[1]), FullNameVI: NFC(rec[2]), NameEN: rec[3], Successor: rec[5], Source: rec[6]}
		if f.ValidTo, err = time.Parse(time.DateOnly, rec[4]); err != nil {
			return fmt.Errorf("former areas: %s: %w", f.NameVI, err)
		}
		if len(as.byCode[f.Successor]) == 0 {
			return fmt.Errorf("former areas: %s: unknown successor %q", f.NameVI, f.Successor)
		}
		for _, n := range []string{f.NameVI, f.FullNameVI, f.NameEN} {
			as.former[nameKey(n)] = f
			as.former[compact(nameKey(n))] = f
		}
	}
}

// successor is the area a went into, valid the day after a ends.
func (as *Areas) successor(a Area) (Area, bool) {
	if a.Successor == "" || a.ValidTo.IsZero() {
		return Area{}, false
	}
	day := a.ValidTo.AddDate(0, 0, 1)
	for _, i := range as.byCode[a.Successor] {
		if as.list[i].ValidAt(day) {
			return as.list[i], true
		}
	}
	return Area{}, false
}

// At is the area a is, or is part of, on day t: a itself while it is valid,
// then its successor, its successor's successor and so on. ok is false
// before a began, or after it ended without a successor.
func (as *Areas) At(a Area, t time.Time) (Area, bool) {
	for range len(as.list) {
		if a.ValidAt(t) {
			return a, true
		}
		if !a.ValidFrom.IsZero() && t.Before(a.ValidFrom) {
			return Area{}, false
		}
		next, ok := as.successor(a)
		if !ok {
			return Area{}, false
		}
		a = next
	}
	return Area{}, false
}

// CodeMapping says which area the figures of code belong to on the days
// From to To (zero: open): the area valid then with that code, or the one
// an area with that code went into.
type CodeMapping struct {
	Code     string
	From, To time.Time
	Area     string
}

// CodeMap maps every province code, for every day on which it means
// something, to the province its figures belong to on that day: itself
// while it is valid, its successor afterwards. This is what re-bases
// history onto a later map (Hà Giang's 2024 figures belong to Tuyên Quang
// from 2025-07-01). The mapping is by code alone, so it must not matter
// which of two areas sharing a code a figure came from: when a code was
// reused (08 Tuyên Quang before and after the merger), the old area must
// have gone into the new one, as it did in 2025 (GSO gave each new
// province the code of one of its parts). CodeMap returns an error
// otherwise.
func (as *Areas) CodeMap() ([]CodeMapping, error) {
	var out []CodeMapping
	for _, code := range as.codes(LevelProvince) {
		var segs []CodeMapping
		for _, i := range as.byCode[code] {
			a := as.list[i]
			segs = append(segs, CodeMapping{Code: code, From: a.ValidFrom, To: a.ValidTo, Area: a.Code})
			for cur := a; ; {
				next, ok := as.successor(cur)
				if !ok {
					break
				}
				segs = append(segs, CodeMapping{Code: code, From: next.ValidFrom, To: next.ValidTo, Area: next.Code})
				cur = next
			}
		}
		slices.SortFunc(segs, func(x, y CodeMapping) int { return x.From.Compare(y.From) })
		// Merge identical neighbours; overlapping segments must agree.
		var merged []CodeMapping
		for _, s := range segs {
			if n := len(merged); n > 0 && (merged[n-1].To.IsZero() || !s.From.After(merged[n-1].To)) {
				last := &merged[n-1]
				if last.Area != s.Area {
					return nil, fmt.Errorf("areas: the figures of code %s belong to both %s and %s from %s: re-basing by code is ambiguous",
						code, last.Area, s.Area, s.From.Format(time.DateOnly))
				}
				if !last.To.IsZero() && (s.To.IsZero() || s.To.After(last.To)) {
					last.To = s.To
				}
				continue
			}
			merged = append(merged, s)
		}
		out = append(out, merged...)
	}
	return out, nil
}

// codes lists the distinct codes of a level in codelist order.
func (as *Areas) codes(level string) []string {
	var codes []string
	for _, a := range as.list {
		if a.Level == level && !slices.Contains(codes, a.Code) {
			codes = append(codes, a.Code)
		}
	}
	return codes
}

func (as *Areas) add(a Area) {
	i := len(as.list)
	as.list = append(as.list, a)
	as.byCode[a.Code] = append(as.byCode[a.Code], i)
	for _, n := range append([]string{a.NameVI, a.FullNameVI, a.NameEN}, a.Aliases...) {
		k := nameKey(n)
		if k == "" {
			continue
		}
		if !slices.Contains(as.byName[k], i) {
			as.byName[k] = append(as.byName[k], i)
		}
		if c := compact(k); !slices.Contains(as.byCompact[c], i) {
			as.byCompact[c] = append(as.byCompact[c], i)
		}
	}
}

// nameKey folds a name and strips the administrative words that sources
// write or omit at will, in either language: "Tỉnh", "Thành phố", "TP.",
// "Vùng" before the name; "city", "province", "thành phố" after it ("Hai
// Phong city", "Nghe An province").
func nameKey(s string) string {
	k := Fold(s)
	for _, p := range []string{"tinh ", "thanh pho ", "tp ", "vung ", "so ldtbxh ", "so lao dong tb xh tinh ", "city of ", "province of "} {
		if rest, ok := strings.CutPrefix(k, p); ok {
			k = rest
		}
	}
	for _, p := range []string{" city", " province", " thanh pho"} {
		if rest, ok := strings.CutSuffix(k, p); ok && rest != "" {
			k = rest
		}
	}
	return k
}

// compact is a name key without its spaces: "Haiphong", "DakLak" and
// "Hai Phong", "Đắk Lắk" meet there.
func compact(key string) string { return strings.ReplaceAll(key, " ", "") }

// reNameCode matches a name followed by its code in parentheses, as GSO's
// tables write it: "Tỉnh Nghệ An (40)".
var reNameCode = regexp.MustCompile(`^(.*\S)\s*\(\s*(\d{1,2})\s*\)$`)

// splitCode splits "Tỉnh Nghệ An (40)" into its name and its code.
func splitCode(s string) (name, code string, ok bool) {
	m := reNameCode.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || isDigits(strings.TrimSpace(m[1])) {
		return s, "", false
	}
	code = m[2]
	if len(code) == 1 {
		code = "0" + code
	}
	return m[1], code, true
}

// All returns every area in codelist order (nation, regions, provinces).
func (as *Areas) All() []Area { return append([]Area(nil), as.list...) }

// Resolve finds the area valid on day at that s names: a code ("40", "4",
// "VN", "r3") or any spelling of its name ("Tỉnh Nghệ An", "NGHE AN", NFD
// text, GSO's English "Thua Thien-Hue").
//
// A name may carry its code in parentheses ("Tỉnh Nghệ An (40)"), which must
// be the code of the area the name gives on that day
// (ErrAreaCodeMismatch); Ð (U+00D0, as GSO's online tables write "Ðà
// Nẵng") reads as Đ; compact spellings ("Haiphong", "DakLak") and TCVN3
// text ("Thanh Hãa") are tried when nothing else matches. A province that
// ceased before chitieu's maps (Hà Tây) is ErrFormerArea, naming what it
// became.
func (as *Areas) Resolve(s string, at time.Time) (Area, error) {
	name, code, hasCode := splitCode(s)
	a, err := as.pick(as.named(name), strings.TrimSpace(s), at)
	if errors.Is(err, ErrUnknownArea) {
		err = as.formerErr(name, at, err)
	}
	if err != nil || !hasCode {
		return a, err
	}
	return a, as.checkCode(s, a, code, at)
}

// checkCode compares the code written beside a name with the code of the
// area the name gives on day at.
func (as *Areas) checkCode(s string, a Area, code string, at time.Time) error {
	if a.Code == code {
		return nil
	}
	other := "no province"
	if o, err := as.pick(as.byCode[code], code, at); err == nil {
		other = fmt.Sprintf("%s (%s)", o.Code, o.NameVI)
	}
	return fmt.Errorf("%w: %q: the name is %s %s (%s) on the map of %s, but the code in parentheses, %s, is %s; correct the name or the code",
		ErrAreaCodeMismatch, s, a.Level, a.Code, a.NameVI, at.Format(time.DateOnly), code, other)
}

// formerErr turns an unknown name into ErrFormerArea when it names a
// province that ceased before chitieu's maps, saying what it became.
func (as *Areas) formerErr(name string, at time.Time, err error) error {
	k := nameKey(name)
	f, ok := as.former[k]
	if !ok {
		f, ok = as.former[compact(k)]
	}
	if !ok {
		return err
	}
	into := f.Successor
	if ids := as.byCode[f.Successor]; len(ids) > 0 {
		into = fmt.Sprintf("%s (%s)", as.list[ids[0]].NameVI, f.Successor)
	}
	if at.After(f.ValidTo) {
		return fmt.Errorf("%w: %s (code %s) ceased on %s and is part of %s from %s; a figure dated %s belongs to %s: write %s",
			ErrFormerArea, f.NameVI, f.Code, f.ValidTo.Format(time.DateOnly), into, f.ValidTo.AddDate(0, 0, 1).Format(time.DateOnly),
			at.Format(time.DateOnly), into, into)
	}
	return fmt.Errorf("%w: %s (code %s), part of %s since %s, is on none of chitieu's maps: its figures cannot be stored",
		ErrFormerArea, f.NameVI, f.Code, into, f.ValidTo.AddDate(0, 0, 1).Format(time.DateOnly))
}

// viaTCVN3 reports whether a name is known only once read as TCVN3 text
// ("Thanh Hãa" for "Thanh Hóa"), and how it reads.
func (as *Areas) viaTCVN3(s string) (string, bool) {
	name, _, _ := splitCode(s)
	name = strings.TrimSpace(name)
	k := nameKey(name)
	if len(as.byCode[strings.ToUpper(name)]) > 0 || len(as.byName[k]) > 0 || len(as.byCompact[compact(k)]) > 0 {
		return "", false
	}
	u := FromTCVN3(name)
	return u, u != name
}

// named returns the areas of any period that s names: by code ("40", "4",
// "VN", "r3") if it is one, else by any spelling of a name, else by its
// compact spelling ("Haiphong"), else as TCVN3 text ("Thanh Hãa") read
// again.
func (as *Areas) named(s string) []int {
	s = strings.TrimSpace(s)
	code := strings.ToUpper(s)
	if len(code) == 1 && isDigits(code) {
		code = "0" + code
	}
	if ids, ok := as.byCode[code]; ok {
		return ids
	}
	k := nameKey(s)
	if ids := as.byName[k]; len(ids) > 0 {
		return ids
	}
	if ids := as.byCompact[compact(k)]; len(ids) > 0 {
		return ids
	}
	if u := FromTCVN3(s); u != s && !strings.EqualFold(u, s) {
		k := nameKey(u)
		if ids := as.byName[k]; len(ids) > 0 {
			return ids
		}
		return as.byCompact[compact(k)]
	}
	return nil
}

// ResolveFor finds the area that s names in a figure for period p: the area
// valid at the end of p, the map in force when the figure was measured
// ("08" in 2024 is the old Tuyên Quang, in 2025-Q3 the new one); else one
// valid at the start of p (an old province's figures for a period that
// spans a reorganisation, such as its plan for 2025); else, for an area
// that had ceased by then, the area it went into, with a note saying so
// ("Hà Giang" in a report for 2025-09 is counted in Tuyên Quang).
func (as *Areas) ResolveFor(s string, p Period) (a Area, note Message, err error) {
	end := p.End()
	a, err = as.Resolve(s, end)
	if err == nil {
		if u, ok := as.viaTCVN3(s); ok {
			note = Say("tcvn3.area", s, u, a.Code, a.NameVI)
		}
		return a, note, nil
	}
	if !errors.Is(err, ErrAreaNotValid) {
		return a, Message{}, err
	}
	if a, err2 := as.Resolve(s, p.Start()); err2 == nil || errors.Is(err2, ErrAreaCodeMismatch) {
		return a, Message{}, err2
	}
	s, _, _ = splitCode(s)
	// The latest area so named that ended before the period ended.
	var old Area
	for _, i := range as.named(s) {
		if c := as.list[i]; !c.ValidTo.IsZero() && c.ValidTo.Before(end) && (old.Code == "" || c.ValidTo.After(old.ValidTo)) {
			old = c
		}
	}
	if old.Code == "" {
		return Area{}, Message{}, err
	}
	next, ok := as.At(old, end)
	if !ok {
		return Area{}, Message{}, err
	}
	return next, Say("area.ceased", old.Level, old.Code, old.NameVI, old.ValidTo.Format(time.DateOnly), p.Code(), next.Level, next.Code, next.NameVI), nil
}

// Lookup returns the codes of every area, of any period, that s names: a
// code or any spelling of a name. It serves filters, where "Nghệ An" means
// the province whatever the date.
func (as *Areas) Lookup(s string) []string {
	var codes []string
	for _, i := range as.named(s) {
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
