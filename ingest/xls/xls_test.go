package xls

import (
	"bytes"
	"os"
	"testing"
)

func TestReadGSO2000(t *testing.T) {
	wb, err := Open("testdata/gso_bieu_2000_01.xls")
	if err != nil {
		t.Fatal(err)
	}
	if len(wb.Sheets) != 28 {
		t.Fatalf("%d sheets, want 28", len(wb.Sheets))
	}
	nn := wb.Sheets[0]
	if nn.Name != "NN" || !nn.HiddenCols[3] {
		t.Errorf("first sheet %q, hidden columns %v; want NN with D hidden", nn.Name, nn.HiddenCols)
	}
	cells := map[[2]int]Cell{}
	for _, c := range nn.Cells {
		cells[[2]int{c.Row, c.Col}] = c
	}
	tests := []struct {
		row, col int
		want     Cell
	}{
		{0, 0, Cell{Kind: Text, Text: "1. S¶n xuÊt n«ng nghiÖp ®Õn ngµy 15/1/2000"}}, // TCVN3 bytes as Latin-1
		{7, 2, Cell{Kind: Number, Num: 1721.5}},                                      // RK
		{14, 2, Cell{Kind: Number, Num: 8.8}},                                        // NUMBER
		{18, 4, Cell{Kind: Number, Num: 142.2}},
	}
	for _, tt := range tests {
		got := cells[[2]int{tt.row, tt.col}]
		got.Row, got.Col = 0, 0
		if got != tt.want {
			t.Errorf("NN r%d c%d = %+v, want %+v", tt.row, tt.col, got, tt.want)
		}
	}
	if len(wb.Sheets[1].Merges) != 17 {
		t.Errorf("sheet 2gtcn has %d merged ranges, want 17", len(wb.Sheets[1].Merges))
	}
}

// TestReadLibreOffice reads a workbook another BIFF8 writer made: Unicode
// text, TCVN3 text, percentages, a hidden column, merged cells.
func TestReadLibreOffice(t *testing.T) {
	wb, err := Open("testdata/nghe_an_2024_thang_12.xls")
	if err != nil {
		t.Fatal(err)
	}
	sh := wb.Sheets[0]
	got := map[[2]int]Cell{}
	for _, c := range sh.Cells {
		got[[2]int{c.Row, c.Col}] = c
	}
	if c := got[[2]int{0, 0}]; c.Text != "UBND TØNH NGHÖ AN" {
		t.Errorf("A1 = %q", c.Text)
	}
	if c := got[[2]int{8, 1}]; c.Text != "Số lao động được giải quyết việc làm" {
		t.Errorf("B9 = %q", c.Text)
	}
	if c := got[[2]int{12, 4}]; c.Kind != Number || c.Num != 0.701 || !c.Percent {
		t.Errorf("E13 = %+v, want 0.701 shown as a percentage", c)
	}
	if !sh.HiddenCols[6] {
		t.Errorf("hidden columns %v, want G", sh.HiddenCols)
	}
	if len(sh.Merges) != 2 {
		t.Errorf("merges %v, want A4:F4 and A5:F5", sh.Merges)
	}
}

func TestRK(t *testing.T) {
	tests := []struct {
		rk   uint32
		want float64
	}{
		{0x3FF00000, 1},    // float 1.0
		{0x3FF00001, 0.01}, // float 1.0 / 100
		{123<<2 | 2, 123},  // integer
		{123<<2 | 3, 1.23}, // integer / 100
		{0xFFFFFFFE, -1},   // integer -1
	}
	for _, tt := range tests {
		if got := rk(tt.rk); got != tt.want {
			t.Errorf("rk(%#x) = %v, want %v", tt.rk, got, tt.want)
		}
	}
}

// FuzzRead: whatever the bytes, Read returns a workbook or an error.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"testdata/nghe_an_2024_thang_12.xls", "testdata/gso_bieu_2024_06_ldcn.xls"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(Magic)
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := Read(bytes.NewReader(b)); err != nil {
			return
		}
	})
}

// FuzzParse fuzzes the BIFF records behind the container.
func FuzzParse(f *testing.F) {
	f.Add([]byte{0x09, 0x08, 0x04, 0x00, 0x00, 0x06, 0x05, 0x00, 0x0A, 0x00, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = parse(b)
	})
}
