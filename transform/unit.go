package transform

import (
	"chitieu/schemas"
)

// unitScale checks the unit a file gives for a value against the data
// element's unit and returns the factor to the element's unit ("nghìn
// người" is 1000 persons). No unit given means the element's own.
func unitScale(text string, de schemas.DataElement) (float64, schemas.Message) {
	if text == "" {
		return 1, schemas.Message{}
	}
	u, ok := schemas.LookupUnit(text)
	if !ok {
		return 1, schemas.Say("value.unknown_unit", schemas.UnitWords(de.Unit))
	}
	if u.Unit != de.Unit {
		return 1, schemas.Say("value.wrong_unit", de.Code, de.Unit, u.Unit, schemas.UnitWords(de.Unit))
	}
	return u.Scale, schemas.Message{}
}
