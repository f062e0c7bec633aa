#!/bin/bash
# run-bochs.sh: run itlab's AVX-512 assembly kernels (internal/gemm and
# internal/pairwise) under the Bochs emulator with an AVX-512 CPU model, on a
# machine without AVX-512. Not run by CI and needed by no test; see README.md.
#
# It builds static Go test binaries of the two packages and docs/avx512/init.go,
# packs them into an initramfs, boots a Debian cloud kernel from an isolinux
# ISO under Bochs (serial console to a file), lets init run the tests listed
# in RUN below and power off, and greps the serial log.
#
# Needs (Debian 12): apt-get install bochs bochsbios vgabios isolinux
# syslinux-common genisoimage cpio; Go. Run as any user from the repository
# root or anywhere: docs/avx512/run-bochs.sh
#
# Environment:
#   WORK=/tmp/itlab-avx512   build directory (kernel, initramfs, ISO, logs)
#   REPO=<repository root>   default: two levels above this script (set it
#                            when running a copy of the script)
#   CPU=corei7_skylake_x     Bochs CPU model with AVX-512 (F, CD, DQ, BW, VL).
#                            Bochs 2.7's tigerlake model hangs the 6.1 kernel
#                            early (corrupt page tables after "LSM: Security
#                            Framework initializing"), hence Skylake-X.
#   LOGLEVEL=4               kernel console log level (7 shows the boot)
#   IPS=100000000            Bochs instructions per emulated second
#   TIMEOUT=5400             wall-clock seconds before Bochs is killed
#   KERNEL=path/to/vmlinuz   use this kernel instead of downloading one
#   RUN="..."                the command lines init runs, one per line
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=${REPO:-$(cd "$here/../.." && pwd)}
WORK=${WORK:-/tmp/itlab-avx512}
CPU=${CPU:-corei7_skylake_x}
IPS=${IPS:-100000000}
TIMEOUT=${TIMEOUT:-5400}
# Filters keep the emulated run short (about 15 minutes of wall clock):
# pairwise's tests that run every kernel, and gemm's conformance,
# determinism and fast-path suites restricted to the avx512 kernel (with its
# normal and its tiny cache blockings, "avx512-smallblocks").
RUN=${RUN:-"/pairwise.test -test.v -test.run ^TestAVX512Selected\$|^TestSelfCheck
/gemm.test -test.v -test.run ^TestAVX512Selected\$|^TestSelfCheck
/pairwise.test -test.run ^(TestCrossSumsMatchesDoubleLoop|TestSymSumsMatchesDoubleLoop|TestLogSumsUnderflow|TestDeterministicAnyWorkers)\$ -test.v
/gemm.test -test.run ^TestConformance\$/././././././^avx512 -test.v
/gemm.test -test.run ^TestDeterministic\$/./^avx512 -test.v
/gemm.test -test.run ^TestFastPathsBitIdentical\$/^avx512 -test.v
/gemm.test -test.run ^(TestAlphaZeroAndEmpty|TestTightSlices)\$ -test.v"}

mkdir -p "$WORK/root"
cd "$WORK"

# 1. A Linux kernel: the Debian 12 cloud kernel (small, serial 8250 built in).
if [ -z "${KERNEL:-}" ]; then
	KERNEL=$(ls "$WORK"/kern/boot/vmlinuz-* 2>/dev/null | head -1 || true)
	if [ -z "$KERNEL" ]; then
		pkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-cloud-amd64-unsigned$' | awk '{print $1}' | sort -V | tail -1)
		mkdir -p "$WORK/kern"
		(cd "$WORK/kern" && apt-get download "$pkg" && dpkg -x ./*.deb .)
		KERNEL=$(ls "$WORK"/kern/boot/vmlinuz-* | head -1)
	fi
fi
echo "kernel: $KERNEL"

# 2. The userland: init and the two test binaries, static.
(
	cd "$repo"
	export CGO_ENABLED=0
	go build -o "$WORK/root/init" docs/avx512/init.go
	go test -c -o "$WORK/root/gemm.test" ./internal/gemm
	go test -c -o "$WORK/root/pairwise.test" ./internal/pairwise
)
printf '%s\n' "$RUN" >"$WORK/root/run.txt"

# 2b. A static check of the instructions the two AVX-512 kernels use: the
# gates test only cpu.X86.HasAVX512F, so every EVEX instruction must be an
# AVX-512F one at 512 bits (a 128/256-bit EVEX form would need AVX512VL;
# VEXTRACTF64X2, VPMULLQ, KMOVB… would need DQ).
for fn in gemm.test:kernAVX512 pairwise.test:rowSumAVX512; do
	objdump -d "$WORK/root/${fn%%:*}" | awk -v f="${fn#*:}" '$0 ~ "<.*[.]"f"[.]abi0>:$" {p=1; next} /^$/ {p=0} p' |
		python3 -c '
import sys
f = sys.argv[1]
avx512f = {"vaddpd", "vsubpd", "vmulpd", "vmaxpd", "vminpd", "vfmadd213pd", "vfmadd231pd",
	"vmovupd", "vmovapd", "vbroadcastsd", "vpxorq", "vpandq", "vpandnq", "vporq", "vpaddq",
	"vpsubq", "vpsllq", "vpsrlq", "vextractf64x4", "vinsertf64x4", "vpermi2pd"}
n, seen, bad = 0, set(), []
for line in sys.stdin:
	parts = line.rstrip("\n").split("\t")
	if len(parts) < 3 or not parts[1].startswith("62 "):
		continue
	n += 1
	raw, ins = parts[1].split(), parts[2].split()[0]
	seen.add(ins)
	p2 = int(raw[3], 16)
	if (p2 >> 5) & 3 != 2 and not p2 & 0x10:
		bad.append("not 512-bit: " + line.strip())
	if ins not in avx512f:
		bad.append("not in the AVX-512F list: " + line.strip())
print("static check %s: %d EVEX instructions (%s); %s" % (f, n, " ".join(sorted(seen)),
	"all AVX-512F at 512 bits" if n and not bad else "CHECK:\n" + "\n".join(bad)))
' "${fn#*:}"
done | tee "$WORK/static.txt"
mkdir -p "$WORK/root/dev" "$WORK/root/proc"
(cd "$WORK/root" && find . | cpio -o -H newc --quiet) >"$WORK/initrd.img"

# 3. A bootable ISO (isolinux), kernel output on COM1.
rm -rf "$WORK/iso" && mkdir -p "$WORK/iso/isolinux"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$WORK/iso/isolinux/"
cp "$KERNEL" "$WORK/iso/vmlinuz"
cp "$WORK/initrd.img" "$WORK/iso/initrd.img"
# Kernel options: Bochs 2.7 reports the XSAVE layout inconsistently (CPUID
# leaf 0xD: PKRU listed in XCR0's mask with offset and size 0, and the
# compacted size equal to the standard one), so Linux rejects XSAVE and with
# it AVX for user space. clearcpuid=pku,xsaves,xsavec drops PKRU and the
# compacted format: Linux then enables x87|SSE|AVX|opmask|ZMM_Hi256|Hi16_ZMM
# (0xe7) in the standard format, which is all Go's cpu.X86.HasAVX512F checks.
# pcid,invpcid, nokaslr and nosmp only make the boot simpler; panic=-1 makes a
# kernel panic end the run.
cat >"$WORK/iso/isolinux/isolinux.cfg" <<EOF
SERIAL 0 115200
DEFAULT linux
PROMPT 0
TIMEOUT 0
LABEL linux
  KERNEL /vmlinuz
  APPEND initrd=/initrd.img console=ttyS0,115200 rdinit=/init nokaslr mitigations=off clearcpuid=pku,xsaves,xsavec,pcid,invpcid nosmp panic=-1 earlyprintk=ttyS0,115200 loglevel=${LOGLEVEL:-4} tsc=unstable
EOF
genisoimage -quiet -o "$WORK/boot.iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
	-no-emul-boot -boot-load-size 4 -boot-info-table -J -R "$WORK/iso"

# 4. Bochs: AVX-512 CPU model, no display, COM1 to a file.
cat >"$WORK/bochsrc" <<EOF
megs: 1024
cpu: model=$CPU, count=1, ips=$IPS, reset_on_triple_fault=0
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path=$WORK/boot.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=$WORK/serial.log
display_library: rfb, options="timeout=0"
clock: sync=none, time0=local
log: $WORK/bochs.log
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
speaker: enabled=0
EOF
echo continue >"$WORK/debug.rc" # the Debian build starts in its debugger
rm -f "$WORK/serial.log"
start=$(date +%s)
set +e
nice -n 10 timeout "$TIMEOUT" bochs -q -f "$WORK/bochsrc" -rc "$WORK/debug.rc" >"$WORK/bochs.out" 2>&1 </dev/null
rc=$?
set -e
end=$(date +%s)
echo "bochs exit $rc after $((end - start)) s wall clock"

# 5. What it showed.
log=$WORK/serial.log
echo "== serial log $log (summary)"
grep -aE '^AVX512CHECK|avx512_amd64_test|^--- (PASS|FAIL|SKIP)|^(ok|PASS|FAIL)|SIGILL|panic:' "$log" || true
echo "subtests passed that ran an avx512 kernel: $(grep -acE -- '--- PASS: .*avx512' "$log")"
echo "failures: $(grep -acE -- '--- FAIL|^FAIL|SIGILL|panic:|exit status' "$log")"
! grep -q 'CHECK:' "$WORK/static.txt" && grep -aq '^AVX512CHECK end' "$log" && ! grep -aqE -- '--- FAIL|^FAIL|SIGILL|panic:|exit status' "$log"
