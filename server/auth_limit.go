package server

import (
	"sync"
	"time"
)

// Authentication failures allowed per client address within the window
// before further attempts get 429 until the window ends.
const (
	maxAuthFailures   = 10
	authFailureWindow = time.Minute
	// maxTrackedClients bounds the failure table; beyond it the oldest
	// windows are dropped first when they have expired.
	maxTrackedClients = 10000
)

// failureLimiter counts authentication failures per client address in fixed
// windows.
type failureLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	byIP   map[string]failureWindow
}

type failureWindow struct {
	start time.Time
	count int
}

func newFailureLimiter(max int, window time.Duration) *failureLimiter {
	return &failureLimiter{max: max, window: window, now: time.Now, byIP: map[string]failureWindow{}}
}

// blocked reports whether ip has used up its failures in the current window.
func (l *failureLimiter) blocked(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.byIP[ip]
	if !ok {
		return false
	}
	if l.now().Sub(w.start) >= l.window {
		delete(l.byIP, ip)
		return false
	}
	return w.count >= l.max
}

// record counts one failure of ip.
func (l *failureLimiter) record(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w, ok := l.byIP[ip]
	if !ok || now.Sub(w.start) >= l.window {
		if !ok && len(l.byIP) >= maxTrackedClients {
			l.prune(now)
		}
		w = failureWindow{start: now}
	}
	w.count++
	l.byIP[ip] = w
}

// prune drops expired windows; if none had expired, it drops an arbitrary
// one, so that the table stays bounded under a spray of addresses.
func (l *failureLimiter) prune(now time.Time) {
	for ip, w := range l.byIP {
		if now.Sub(w.start) >= l.window {
			delete(l.byIP, ip)
		}
	}
	for ip := range l.byIP {
		if len(l.byIP) < maxTrackedClients {
			break
		}
		delete(l.byIP, ip)
	}
}
