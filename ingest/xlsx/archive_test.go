package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func writeZip(t *testing.T, parts map[string][]byte, store bool) string {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range parts {
		method := zip.Deflate
		if store {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zw.Close()
	p := filepath.Join(t.TempDir(), "book.xlsx")
	os.WriteFile(p, b.Bytes(), 0o644)
	return p
}

func TestCheckArchive(t *testing.T) {
	many := map[string][]byte{}
	for i := range MaxParts + 1 {
		many[filepath.Join("xl", "media", string(rune('a'+i%26))+string(rune('0'+i/26%10))+string(rune('a'+i/260)))] = []byte("x")
	}
	for _, tc := range []struct {
		name  string
		parts map[string][]byte
		store bool
		bomb  bool
	}{
		{"a workbook's size", map[string][]byte{"xl/worksheets/sheet1.xml": bytes.Repeat([]byte("<c>48500</c>"), 1000)}, false, false},
		{"10 MB of zeros deflated (ratio ≈ 1000)", map[string][]byte{"xl/worksheets/sheet1.xml": make([]byte, 10<<20)}, false, true},
		{"70 MB stored", map[string][]byte{"xl/media/image1.png": make([]byte, 70<<20)}, true, true},
		{"more parts than any workbook", many, true, true},
	} {
		err := CheckArchive(writeZip(t, tc.parts, tc.store))
		if got := errors.Is(err, ErrArchiveTooLarge); got != tc.bomb {
			t.Errorf("%s: CheckArchive = %v, want refused %v", tc.name, err, tc.bomb)
		}
	}
}
