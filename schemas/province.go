package schemas

import "fmt"

// ProvinceCode resolves s, a GSO code or any spelling of a province's name
// of any period (a province merged in 2025 still names its earlier
// reports), to the one province's code. A name of two provinces, or of a
// region or the nation, is an error that says so.
func (as *Areas) ProvinceCode(s string) (string, error) {
	codes := as.Lookup(s)
	switch len(codes) {
	case 0:
		return "", fmt.Errorf("%q: %w", s, ErrUnknownArea)
	case 1:
	default:
		return "", fmt.Errorf("%q names provinces %v; give the GSO code", s, codes)
	}
	for _, a := range as.All() {
		if a.Code == codes[0] && a.Level != LevelProvince {
			return "", fmt.Errorf("%q is a %s, not a province", s, a.Level)
		}
	}
	return codes[0], nil
}
