package common

// Latest puts v in ch (capacity 1), replacing a value not yet read: a
// progress page shows only the newest report of its run, and the run's
// goroutine never blocks on a page that is slow to read. With one sender
// (the run's goroutine) this cannot spin.
func Latest[T any](ch chan T, v T) {
	for {
		select {
		case ch <- v:
			return
		default:
			select {
			case <-ch:
			default:
			}
		}
	}
}
