package broker

import (
	"errors"
	"fmt"
	"net"
	"syscall"
)

// listenExact opens a TCP listener on exactly addr.
func listenExact(addr string) (net.Listener, error) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, fmt.Errorf("broker: listen address %q: want host:port: %w", addr, err)
	}
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("broker: listen on %s: address already in use (is another broker or Kafka running there?)", addr)
	}
	if err != nil {
		return nil, fmt.Errorf("broker: listen on %s: %w", addr, err)
	}
	tcp, ok := ln.Addr().(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return ln, nil
	}
	adv := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: tcp.Port}
	return advertised{Listener: ln, addr: adv}, nil
}

// advertised reports a loopback address for a listener bound to a wildcard
// address: kfake advertises its listener's Addr in metadata responses.
type advertised struct {
	net.Listener
	addr net.Addr
}

func (a advertised) Addr() net.Addr { return a.addr }
