package schemas

import (
	"testing"
	"time"
)

func TestNamedIn(t *testing.T) {
	as, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct{ name, want string }{
		{"inbox/nghe_an_2024_thang_03.xlsx", "40"},
		{"Bao cao Ha Tinh T3-2024.xlsx", "42"},
		{"BÁO CÁO TỈNH NGHỆ AN 2024.xlsx", "40"},
		{"ho_chi_minh_2024.csv", "79"},
		{"01_2024.csv", ""}, // a number is a month, never a code here
		{"bao_cao_thang_03.xlsx", ""},
		{`C:\Bao cao\Quang Nam 2024.xlsx`, "49"},
	}
	for _, tt := range tests {
		a, ok := as.NamedIn(tt.name, at)
		if got := a.Code; got != tt.want || ok != (tt.want != "") {
			t.Errorf("NamedIn(%q) = %q, %v, want %q", tt.name, got, ok, tt.want)
		}
	}
}

func TestProblemsSort(t *testing.T) {
	ps := Problems{
		{Sheet: "B", Cell: "A1", Message: "1"},
		{Sheet: "A", Cell: "AA10", Message: "2"},
		{Sheet: "A", Cell: "E10", Message: "3"},
		{Sheet: "A", Cell: "E9", Message: "4"},
		{Message: "5"},
		{Row: 3, Column: "value", Message: "6"},
		{Row: 2, Message: "7"},
	}
	ps.Sort()
	var got string
	for _, p := range ps {
		got += p.Message
	}
	if want := "5764321"; got != want {
		t.Errorf("sorted order %s, want %s", got, want)
	}
}
