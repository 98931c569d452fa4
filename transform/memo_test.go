package transform

import (
	"fmt"
	"testing"
)

// Texts that resolve to an error are remembered only up to maxFailedMemo:
// a file of a million distinct unknown names does not keep them all. Texts
// that resolve are always kept, for the summary.
func TestMemoKeepsFewFailures(t *testing.T) {
	var m memo[string, int]
	for i := range 5 * maxFailedMemo {
		m.put(fmt.Sprintf("unknown_%d", i), i, true)
	}
	for i := range 100 {
		m.put(fmt.Sprintf("known_%d", i), i, false)
	}
	if n := len(m.m); n != maxFailedMemo+100 {
		t.Errorf("the memo holds %d texts, want %d failures and the 100 that resolved", n, maxFailedMemo+100)
	}
	if v, ok := m.get("known_99"); !ok || v != 99 {
		t.Errorf("get(known_99) = %d, %v", v, ok)
	}
	m.put("unknown_last", -1, true)
	if v, ok := m.get("unknown_last"); !ok || v != -1 {
		t.Errorf("the last text looked up is answered even when not kept: %d, %v", v, ok)
	}
}
