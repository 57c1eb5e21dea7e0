//go:build !unix

package broker

// lockDataDir only creates dir: there is no advisory lock off Unix.
func lockDataDir(dir string) (unlock func(), err error) {
	if dir != "" {
		if err := mkdirData(dir); err != nil {
			return nil, err
		}
	}
	return func() {}, nil
}
