#!/bin/sh
# cpu-flags: the lab's emulated CPU keeps EFLAGS across CMPXCHG16B and CMPXCHG8B.
#
# Not a test of a driver: of the emulator every other scenario's verdict rests
# on. QEMU 7.2's TCG folded the flags these instructions leave from a stale
# lazy-flags state, so an interrupt landing right after one (Linux's SLUB fast
# path: "cmpxchg16b %gs:(%rdi); sete %al") pushed EFLAGS with reserved bits, TF
# and IF at random: double faults, #DB in kernel mode and corrupted skbs under
# --icount with either driver (tests/lab/README.md, "A guest crash under
# --icount on 6.1"). tests/qemu/patches/0001-target-i386-cmpxchg-cc-op.patch
# fixes it; /lab/labflags (tests/lab/guest/labflags.c) reads the flags a block
# that starts after POPFQ leaves after ADD + CMPXCHG16B/8B + PUSHFQ and compares
# them with what a real CPU gives (run on the host: 0x246 and 0x206).
# Negative control: the same scenario with --qemu pointing at a build without
# the patch fails all four cases.
# lab: noload drivers=velocity smp=1
set -eu
. /lab/lib.sh

out=$(/lab/labflags) || { echo "$out"; fail "the emulated CPU computes wrong flags after CMPXCHG16B/8B (is tests/qemu/patches applied?)"; }
echo "$out"
log "ok: EFLAGS after CMPXCHG16B and CMPXCHG8B as on a real CPU"
