package schemas

import (
	"sort"
	"strings"
)

// UnitText is what a unit written in a file ("nghìn người") means: the
// element unit and the factor to it.
type UnitText struct {
	Unit  string
	Scale float64
}

// unitTexts are the unit words report forms use.
var unitTexts = map[string]UnitText{
	"người": {Persons, 1}, "lao động": {Persons, 1}, "lượt người": {Persons, 1}, "người lao động": {Persons, 1},
	"persons":     {Persons, 1},
	"nghìn người": {Persons, 1000}, "ngàn người": {Persons, 1000}, "1000 người": {Persons, 1000}, "thousand persons": {Persons, 1000},
	"hộ": {Households, 1}, "households": {Households, 1},
	"nghìn hộ": {Households, 1000}, "ngàn hộ": {Households, 1000},
	"xã": {Communes, 1}, "xã, phường": {Communes, 1}, "xã/phường": {Communes, 1}, "xã/phường/thị trấn": {Communes, 1}, "communes": {Communes, 1},
	"nhà": {Houses, 1}, "căn": {Houses, 1}, "căn nhà": {Houses, 1}, "houses": {Houses, 1},
	"%": {Percent, 1}, "percent": {Percent, 1}, "tỷ lệ": {Percent, 1},
}

// unitsFolded indexes unitTexts by folded text; built once, never written after.
var unitsFolded = func() map[string]UnitText {
	m := make(map[string]UnitText, len(unitTexts))
	for w, u := range unitTexts {
		m[Fold(w)] = u
	}
	return m
}()

// LookupUnit reads a unit as a file writes it: "người", "Nghìn người", "%",
// with or without diacritics.
func LookupUnit(s string) (UnitText, bool) {
	u, ok := unitsFolded[Fold(s)]
	return u, ok
}

// UnitWords lists the words accepted for an element unit, for messages.
func UnitWords(unit string) string {
	var ws []string
	for w, u := range unitTexts {
		if u.Unit == unit {
			ws = append(ws, `"`+w+`"`)
		}
	}
	sort.Strings(ws)
	return strings.Join(ws, ", ")
}
