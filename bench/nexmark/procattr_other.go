//go:build !linux

package nexmark

import "syscall"

func childAttr() *syscall.SysProcAttr { return nil }
