package nexmark

import "syscall"

// childAttr makes a child die with the benchmark, so an interrupted run
// leaves no broker or server behind.
func childAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} }
