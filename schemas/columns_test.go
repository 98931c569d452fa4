package schemas

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// TestColumns fills each column builder with values and nulls in every
// position, over several batches, and reads them back through Arrow.
func TestColumns(t *testing.T) {
	patterns := map[string]func(i int) bool{ // is value i null (or false)
		"none":   func(int) bool { return false },
		"all":    func(int) bool { return true },
		"first":  func(i int) bool { return i == 0 },
		"last":   func(i int) bool { return i == 19 },
		"ninth":  func(i int) bool { return i == 8 },
		"thirds": func(i int) bool { return i%3 == 1 },
	}
	for name, null := range patterns {
		t.Run(name, func(t *testing.T) {
			var s StringColumn
			var f Float64Column
			var n Int32Column
			var b BoolColumn
			for batch := range 3 {
				rows := 20 - batch*7 // 20, 13 and 6 values: bitmaps of 3, 2 and 1 bytes
				for i := range rows {
					if null(i) {
						s.AppendOrNull("")
						f.AppendNull()
					} else {
						s.Append(fmt.Sprintf("v%d-%d", batch, i))
						f.Append(float64(i) + 0.5)
					}
					n.Append(int32(i * batch))
					b.Append(!null(i))
				}
				if s.Len() != rows {
					t.Fatalf("batch %d: Len %d, want %d", batch, s.Len(), rows)
				}
				sa, fa := s.NewArray().(*array.String), f.NewArray().(*array.Float64)
				na, ba := n.NewArray().(*array.Int32), b.NewArray().(*array.Boolean)
				for _, a := range []interface{ Len() int }{sa, fa, na, ba} {
					if a.Len() != rows {
						t.Fatalf("batch %d: array of %d values, want %d", batch, a.Len(), rows)
					}
				}
				for i := range rows {
					if sa.IsNull(i) != null(i) || fa.IsNull(i) != null(i) || ba.Value(i) == null(i) || na.IsNull(i) {
						t.Fatalf("batch %d value %d: string null %v, float null %v, bool %v, int null %v; want null %v",
							batch, i, sa.IsNull(i), fa.IsNull(i), ba.Value(i), na.IsNull(i), null(i))
					}
					if !null(i) && (sa.Value(i) != fmt.Sprintf("v%d-%d", batch, i) || fa.Value(i) != float64(i)+0.5) {
						t.Fatalf("batch %d value %d: %q, %v", batch, i, sa.Value(i), fa.Value(i))
					}
					if na.Value(i) != int32(i*batch) {
						t.Fatalf("batch %d value %d: int %d, want %d", batch, i, na.Value(i), i*batch)
					}
				}
				if err := sa.ValidateFull(); err != nil {
					t.Fatalf("batch %d: %v", batch, err)
				}
				sa.Release()
				fa.Release()
				na.Release()
				ba.Release()
			}
		})
	}
}
