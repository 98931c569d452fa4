package service

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

func TestSanitizeFileName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Báo cáo tháng 3.xlsx", "Báo cáo tháng 3.xlsx"},
		{" nghe_an.csv ", "nghe_an.csv"},
		{"bao\x00cao\r\n.csv", "baocao.csv"},
		{".hidden.csv", "hidden.csv"},
		{"../../etc/passwd.csv", ""},
		{`..\..\Windows\bao_cao.csv`, ""},
		{"/etc/passwd", ""},
		{"report.exe", ""},
		{"", ""},
		{".csv", ""},
		{"bao_cao_\u202Evsc.xlsx", "bao_cao_vsc.xlsx"},
		{"nghe\u200Ban\u2066.csv\uFEFF", "nghean.csv"},
		{"\u202Ecsv.exe", ""},
	} {
		got, err := SanitizeFileName(tc.in)
		if got != tc.want || (err == nil) != (tc.want != "") {
			t.Errorf("SanitizeFileName(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// Whatever a sender writes, an accepted name is one plain element with a
// submission's extension.
func FuzzSanitizeFileName(f *testing.F) {
	for _, s := range []string{"bao_cao.csv", "../../etc/passwd", `C:\x\y.xlsx`, ".csv", "a\x00b.csv", "..csv", "тест.xlsx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got, err := SanitizeFileName(name)
		if err != nil {
			return
		}
		if got == "" || got != filepath.Base(got) || strings.ContainsAny(got, `/\`) || strings.HasPrefix(got, ".") ||
			strings.Contains(got, "..") || strings.IndexFunc(got, unicode.IsControl) >= 0 || len(got) > 200 {
			t.Errorf("SanitizeFileName(%q) = %q", name, got)
		}
		switch strings.ToLower(filepath.Ext(got)) {
		case ".csv", ".tsv", ".txt", ".xlsx", ".xlsm":
		default:
			t.Errorf("SanitizeFileName(%q) = %q: not a submission's extension", name, got)
		}
		if strings.ContainsFunc(got, func(r rune) bool { return unicode.Is(unicode.Cf, r) || unicode.IsControl(r) }) {
			t.Errorf("SanitizeFileName(%q) = %q keeps an invisible character", name, got)
		}
	})
}
