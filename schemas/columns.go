package schemas

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// The column builders below fill the record batches of RawSchema and
// ObservationSchema. Every value of a file passes through them twice (raw,
// then observation), so they append to plain slices and hand the slices to
// Arrow whole: arrow's own builders check capacity, grow and set a validity
// bit per value, which cost a reader and the transform about a fifth of
// their time. A column sizes its next batch's buffers by the last one's, so
// that a batch is allocated once and not grown by doubling.

// Column is one of the column builders.
type Column interface {
	// NewArray returns the values appended so far and starts a new array.
	NewArray() arrow.Array
}

// NewBatch returns the values appended to cols, one per field of schema in
// its order, as a record batch of n rows, and starts new arrays.
func NewBatch(schema *arrow.Schema, n int, cols ...Column) arrow.RecordBatch {
	arrays := make([]arrow.Array, len(cols))
	for i, c := range cols {
		arrays[i] = c.NewArray()
	}
	rec := array.NewRecordBatch(schema, arrays, int64(n))
	for _, a := range arrays {
		a.Release()
	}
	return rec
}

// StringColumn builds a string column.
type StringColumn struct {
	offsets []int32
	data    []byte
	valid   bitmap
}

// Append adds s.
func (c *StringColumn) Append(s string) {
	if c.offsets == nil {
		c.offsets = append(make([]int32, 0, 1024), 0)
	}
	c.data = append(c.data, s...)
	c.offsets = append(c.offsets, int32(len(c.data)))
	c.valid.set(len(c.offsets) - 2)
}

// AppendNull adds a null.
func (c *StringColumn) AppendNull() {
	if c.offsets == nil {
		c.offsets = append(make([]int32, 0, 1024), 0)
	}
	c.offsets = append(c.offsets, int32(len(c.data)))
	c.valid.clear(len(c.offsets) - 2)
}

// AppendOrNull adds s, or a null for "".
func (c *StringColumn) AppendOrNull(s string) {
	if s == "" {
		c.AppendNull()
		return
	}
	c.Append(s)
}

// Len is the number of values appended since the last NewArray.
func (c *StringColumn) Len() int { return max(len(c.offsets)-1, 0) }

// NewArray returns the values appended so far and starts a new array.
func (c *StringColumn) NewArray() arrow.Array {
	n := c.Len()
	if c.offsets == nil {
		c.offsets = []int32{0}
	}
	validity, nulls := c.valid.validity(n)
	data := array.NewData(arrow.BinaryTypes.String, n,
		[]*memory.Buffer{validity, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(c.offsets)), memory.NewBufferBytes(c.data)},
		nil, nulls, 0)
	defer data.Release()
	c.offsets = append(make([]int32, 0, cap(c.offsets)), 0)
	c.data = make([]byte, 0, cap(c.data))
	return array.NewStringData(data)
}

// Float64Column builds a float64 column.
type Float64Column struct {
	values []float64
	valid  bitmap
}

// Append adds v.
func (c *Float64Column) Append(v float64) {
	c.values = append(c.values, v)
	c.valid.set(len(c.values) - 1)
}

// AppendNull adds a null.
func (c *Float64Column) AppendNull() {
	c.values = append(c.values, 0)
	c.valid.clear(len(c.values) - 1)
}

// NewArray returns the values appended so far and starts a new array.
func (c *Float64Column) NewArray() arrow.Array {
	n := len(c.values)
	validity, nulls := c.valid.validity(n)
	data := array.NewData(arrow.PrimitiveTypes.Float64, n,
		[]*memory.Buffer{validity, memory.NewBufferBytes(arrow.Float64Traits.CastToBytes(c.values))}, nil, nulls, 0)
	defer data.Release()
	c.values = make([]float64, 0, cap(c.values))
	return array.NewFloat64Data(data)
}

// Int32Column builds an int32 column without nulls.
type Int32Column struct{ values []int32 }

// Append adds v.
func (c *Int32Column) Append(v int32) { c.values = append(c.values, v) }

// NewArray returns the values appended so far and starts a new array.
func (c *Int32Column) NewArray() arrow.Array {
	data := array.NewData(arrow.PrimitiveTypes.Int32, len(c.values),
		[]*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(c.values))}, nil, 0, 0)
	defer data.Release()
	c.values = make([]int32, 0, cap(c.values))
	return array.NewInt32Data(data)
}

// BoolColumn builds a boolean column without nulls.
type BoolColumn struct {
	bits bitmap
	n    int
}

// Append adds v.
func (c *BoolColumn) Append(v bool) {
	if v {
		c.bits.set(c.n)
	} else {
		c.bits.clear(c.n)
	}
	c.n++
}

// NewArray returns the values appended so far and starts a new array.
func (c *BoolColumn) NewArray() arrow.Array {
	n := c.n
	c.n = 0
	data := array.NewData(arrow.FixedWidthTypes.Boolean, n, []*memory.Buffer{nil, c.bits.values(n)}, nil, 0, 0)
	defer data.Release()
	return array.NewBooleanData(data)
}

// bitmap is an Arrow bitmap of one bit per value, least significant bit
// first. It stays empty while every value so far is set (valid, or true),
// which is the common case of a validity bitmap, and is written out at the
// first value unset.
type bitmap struct {
	bytes []byte // nil while every value so far is set
	unset int    // values unset
	hint  int    // bytes of the last bitmap written out
}

// set sets value i, the next one.
func (b *bitmap) set(i int) {
	if b.bytes == nil {
		return
	}
	b.grow(i + 1)
	b.bytes[i/8] |= 1 << (i % 8)
}

// clear leaves value i, the next one, unset.
func (b *bitmap) clear(i int) {
	if b.bytes == nil {
		b.fill(i)
	}
	b.grow(i + 1)
	b.unset++
}

// fill writes out the first n values as set.
func (b *bitmap) fill(n int) {
	b.bytes = make([]byte, (n+7)/8, max(b.hint, (n+7)/8, 64))
	for j := range n / 8 {
		b.bytes[j] = 0xFF
	}
	for j := n / 8 * 8; j < n; j++ {
		b.bytes[j/8] |= 1 << (j % 8)
	}
}

// grow makes room for n values, the new ones unset.
func (b *bitmap) grow(n int) {
	for len(b.bytes)*8 < n {
		b.bytes = append(b.bytes, 0)
	}
}

// values returns the bitmap of n values, and starts a new one.
func (b *bitmap) values(n int) *memory.Buffer {
	if b.bytes == nil {
		b.fill(n)
	}
	b.grow(n)
	buf := memory.NewBufferBytes(b.bytes[:(n+7)/8])
	*b = bitmap{hint: len(b.bytes)}
	return buf
}

// validity returns the validity buffer of n values, nil when every value
// is valid, and the null count, and starts a new bitmap.
func (b *bitmap) validity(n int) (*memory.Buffer, int) {
	if b.bytes == nil {
		return nil, 0
	}
	nulls := b.unset
	return b.values(n), nulls
}
