package state

import (
	"testing"
)

func TestBatchScanReopen(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	b := db.NewBatch()
	b.Set([]byte("a/2"), []byte("two"))
	b.Set([]byte("a/1"), []byte("one"))
	b.Set([]byte("b/1"), []byte("other"))
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	b = db.NewBatch()
	b.Delete([]byte("a/2"))
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var got []string
	if err := db.Scan([]byte("a/"), func(k, v []byte) error {
		got = append(got, string(k)+"="+string(v))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "a/1=one" {
		t.Fatalf("scan after reopen = %v, want [a/1=one]", got)
	}
	if v, ok, err := db.Get([]byte("b/1")); err != nil || !ok || string(v) != "other" {
		t.Fatalf("get b/1 = %q %v %v", v, ok, err)
	}
	if _, ok, _ := db.Get([]byte("a/2")); ok {
		t.Fatal("a/2 survived its delete")
	}
}

func TestPrefixEnd(t *testing.T) {
	for _, c := range []struct{ in, want string }{{"a", "b"}, {"a\xff", "b"}, {"\xff", ""}} {
		if got := string(prefixEnd([]byte(c.in))); got != c.want {
			t.Errorf("prefixEnd(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
