//go:build ignore

// Command init is the /init of the initramfs that run-bochs.sh boots under
// the Bochs emulator (an AVX-512 CPU model). It prints what the CPU offers
// (the /proc/cpuinfo model and avx512 flags, and golang.org/x/sys/cpu's
// view, which the kernels' gates read), runs the command lines of /run.txt
// one by one with their output on the serial console, and powers the
// machine off so that Bochs exits. Every line it prints itself starts with
// "AVX512CHECK".
//
// Built by run-bochs.sh with: CGO_ENABLED=0 go build -o init docs/avx512/init.go
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/cpu"
)

func main() {
	_ = os.MkdirAll("/dev", 0o755)
	_ = os.MkdirAll("/proc", 0o755)
	_ = syscall.Mount("devtmpfs", "/dev", "devtmpfs", 0, "")
	_ = syscall.Mount("proc", "/proc", "proc", 0, "")
	var out io.Writer = os.Stdout
	if f, err := os.OpenFile("/dev/console", os.O_WRONLY, 0); err == nil {
		out = f
	}
	say := func(format string, args ...any) {
		fmt.Fprintf(out, "AVX512CHECK "+format+"\n", args...)
	}
	defer func() {
		say("end")
		syscall.Sync()
		// let the serial driver drain its buffer before the power goes
		time.Sleep(3 * time.Second)
		_ = syscall.Reboot(syscall.LINUX_REBOOT_CMD_POWER_OFF)
	}()
	say("begin")

	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			switch strings.TrimSpace(k) {
			case "model name":
				say("cpuinfo model name:%s", v)
			case "flags":
				var avx []string
				for _, f := range strings.Fields(v) {
					if strings.HasPrefix(f, "avx") || f == "fma" || f == "xsave" {
						avx = append(avx, f)
					}
				}
				say("cpuinfo flags: %s", strings.Join(avx, " "))
			}
		}
	}
	x := cpu.X86
	say("x/sys/cpu: AVX=%v AVX2=%v FMA=%v AVX512F=%v AVX512DQ=%v AVX512BW=%v AVX512VL=%v AVX512CD=%v",
		x.HasAVX, x.HasAVX2, x.HasFMA, x.HasAVX512F, x.HasAVX512DQ, x.HasAVX512BW, x.HasAVX512VL, x.HasAVX512CD)

	f, err := os.Open("/run.txt")
	if err != nil {
		say("no /run.txt: %v", err)
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		args := strings.Fields(sc.Text())
		if len(args) == 0 || strings.HasPrefix(args[0], "#") {
			continue
		}
		say("run %s", strings.Join(args, " "))
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Stdout, cmd.Stderr = out, out
		cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
		start := time.Now()
		err := cmd.Run()
		state := "exit 0"
		if err != nil {
			state = err.Error()
		}
		say("done %s: %s, %.1f s emulated", args[0], state, time.Since(start).Seconds())
	}
}
