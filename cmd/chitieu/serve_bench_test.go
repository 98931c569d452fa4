package main

import (
	"fmt"
	"testing"
)

// BenchmarkUpload is one province's monthly CSV over loopback HTTP, from
// the request to the ledger entry (the snapshot is republished meanwhile).
func BenchmarkUpload(b *testing.B) {
	c := newCLI(b)
	token := c.token("--area", "40")
	s := startService(b, c)
	b.ResetTimer()
	for i := range b.N {
		body := fmt.Sprintf("data_element,area,period,value\njobs_created,40,%d-%02d,%d\njobs_abroad,40,%d-%02d,%d\n",
			1990+i/12%70, i%12+1, 1000+i, 1990+i/12%70, i%12+1, 100+i)
		if code, resp := s.upload(token, "bao_cao.csv", []byte(body)); code != 201 && code != 200 {
			b.Fatalf("upload %d = %d %s", i, code, resp)
		}
	}
	b.StopTimer()
	s.stop()
}
