package planner

import (
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// checkKeyTypes rejects key columns whose type is or contains a MAP: map
// entries have no canonical serialisation order, so equal keys could be
// written differently (ksqlDB issue 6621).
func checkKeyTypes(cols []Column, pos sql.Pos) error {
	for _, c := range cols {
		if c.Role == KeyColumn && containsMap(c.Type) {
			return errorf(pos, "Map keys, including types that contain maps, are not supported as they may lead to "+
				"unexpected behavior due to inconsistent serialization. Key column name: `%s`. Column type: %s. "+
				"See https://github.com/confluentinc/ksql/issues/6621 for more.", c.Name, c.Type)
		}
	}
	return nil
}

// containsMap reports whether t is a MAP or has one among its element or
// field types.
func containsMap(t *types.Type) bool {
	switch t.Kind {
	case types.Map:
		return true
	case types.Array:
		return containsMap(t.Elem)
	case types.Struct:
		for _, f := range t.Fields {
			if containsMap(f.Type) {
				return true
			}
		}
	}
	return false
}
