package main

import (
	"bufio"
	"errors"
	"fmt"
	"iter"
	"os"
	"strconv"
	"time"

	"chitieu/schemas"
)

// csvHeader is the long CSV header of the generated file.
const csvHeader = "data_element,area,period,value,kind,status,comment\n"

// csvKey is one (data element, area, period, kind) a generated row reports.
type csvKey struct {
	element schemas.DataElement
	area    string
	period  string
	kind    string
}

// csvKeys is every key chitieu accepts in one file, in the order a
// national compilation would list them: by year, by period (months,
// quarters, the year, the years to date from February to November), by
// province (those valid on 2024-01-01), by data
// element, then actual, plan and, for flows, year-to-date. A province is
// used for a period only when it exists at the end of that period, the date
// chitieu resolves areas at.
func csvKeys(areas *schemas.Areas, elements *schemas.Elements) iter.Seq[csvKey] {
	return func(yield func(csvKey) bool) {
		provinces := areas.Provinces(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
		els := elements.All()
		for y := schemas.MinYear; y <= schemas.MaxYear; y++ {
			var periods []schemas.Period
			for m := 1; m <= 12; m++ {
				periods = append(periods, schemas.MonthPeriod(y, m))
			}
			for q := 1; q <= 4; q++ {
				periods = append(periods, schemas.QuarterPeriod(y, q))
			}
			periods = append(periods, schemas.YearPeriod(y))
			for m := 2; m <= 11; m++ {
				periods = append(periods, schemas.YearToDate(y, m))
			}
			for _, p := range periods {
				code := p.Code()
				for _, a := range provinces {
					if !a.ValidAt(p.End()) {
						continue
					}
					for _, e := range els {
						kinds := []string{schemas.KindActual, schemas.KindPlan}
						if e.Kind == schemas.Flow {
							kinds = append(kinds, schemas.KindYTD)
						}
						for _, k := range kinds {
							if !yield(csvKey{element: e, area: a.Code, period: code, kind: k}) {
								return
							}
						}
					}
				}
			}
		}
	}
}

// writeLongCSV writes a long CSV of up to rows rows with distinct keys (see
// csvKeys) to path, deterministically: counts are whole numbers (flows up to
// 49,999, stocks 10,000 to 2,009,999), rates have one decimal (0.0–100.0),
// status final, no comment. It returns the rows written, fewer than asked
// when the codelist admits fewer keys, and how many keys it admits.
func writeLongCSV(path string, rows int, areas *schemas.Areas, elements *schemas.Elements) (written, space int, err error) {
	for range csvKeys(areas, elements) {
		space++
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(csvHeader)
	var line []byte
	gen := newValues(elements)
	for k := range csvKeys(areas, elements) {
		if written == rows {
			break
		}
		line = append(line[:0], k.element.Code...)
		line = append(line, ',')
		line = append(line, k.area...)
		line = append(line, ',')
		line = append(line, k.period...)
		line = append(line, ',')
		whole, tenths := gen.next(k)
		if k.element.Kind == schemas.Rate {
			line = strconv.AppendUint(line, tenths/10, 10)
			line = append(line, '.')
			line = strconv.AppendUint(line, tenths%10, 10)
		} else {
			line = strconv.AppendUint(line, whole, 10)
		}
		line = append(line, ',')
		line = append(line, k.kind...)
		line = append(line, ",final,\n"...)
		w.Write(line)
		written++
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		return 0, 0, fmt.Errorf("write %s: %w", path, err)
	}
	return written, space, nil
}

// values draws the generated values so that a file passes chitieu's
// checks, as a real compilation would: a part ("trong đó") never exceeds
// its total nor a rate's numerator its denominator, and a month's
// year-to-date figure is the sum of its months.
type values struct {
	rng   splitmix
	whole map[string]string // part → the element it may not exceed
	last  map[string]uint64 // element + kind → its value in the current group
	ytd   map[string]uint64 // area + element → the months' sum so far this year
	year  string
}

func newValues(elements *schemas.Elements) *values {
	v := &values{rng: splitmix(0x636869746965), whole: map[string]string{}, last: map[string]uint64{}, ytd: map[string]uint64{}}
	for _, b := range elements.Bounds() {
		v.whole[b.Part] = b.Whole
	}
	return v
}

// next returns a count (whole) or a rate in tenths of a percent (0–1000).
// Flows are up to 49,999, stocks 10,000 to 2,009,999; keys come in
// csvKeys's order, wholes before their parts and months before their
// year-to-date figure.
func (v *values) next(k csvKey) (whole, tenths uint64) {
	r := v.rng.next()
	if y := k.period[:4]; y != v.year {
		v.year = y
		clear(v.ytd)
	}
	month := len(k.period) == 7 && k.period[4] == '-' && k.period[5] != 'Q'
	switch k.element.Kind {
	case schemas.Rate:
		return 0, r % 1001
	case schemas.Flow:
		whole = r % 50_000
	default:
		whole = 10_000 + r%2_000_000
	}
	if w, ok := v.whole[k.element.Code]; ok {
		if top, ok := v.last[w+k.kind]; ok {
			whole = top * (r % 1000) / 1000
		}
	}
	if k.element.Kind == schemas.Flow && month {
		key := k.area + k.element.Code
		switch k.kind {
		case schemas.KindActual:
			v.ytd[key] += whole
		case schemas.KindYTD:
			whole = v.ytd[key]
		}
	}
	v.last[k.element.Code+k.kind] = whole
	return whole, 0
}

// splitmix is the SplitMix64 generator: fast, deterministic, good enough
// for test data.
type splitmix uint64

func (s *splitmix) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
