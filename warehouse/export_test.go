package warehouse

// SetRebuildSteps makes a full rebuild go in steps of at most obs
// observations and units units (a test's warehouse is far smaller than a
// step); restore puts the sizes back.
func SetRebuildSteps(obs, units int64) (restore func()) {
	o, u := rebuildObservations, rebuildUnits
	rebuildObservations, rebuildUnits = obs, units
	return func() { rebuildObservations, rebuildUnits = o, u }
}
