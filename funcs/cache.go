package funcs

import "sync"

// boundedCache memoises compiled patterns, time zones and regular
// expressions. Patterns can come from row data, so it stops storing new
// entries once full rather than growing without bound.
type boundedCache[V any] struct {
	mu    sync.RWMutex
	max   int
	items map[string]V
}

func newCache[V any](max int) *boundedCache[V] {
	return &boundedCache[V]{max: max, items: map[string]V{}}
}

// get returns the cached value for key, computing and (room permitting)
// storing it on a miss. Errors are not cached.
func (c *boundedCache[V]) get(key string, build func(string) (V, error)) (V, error) {
	c.mu.RLock()
	v, ok := c.items[key]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := build(key)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if len(c.items) < c.max {
		c.items[key] = v
	}
	c.mu.Unlock()
	return v, nil
}
