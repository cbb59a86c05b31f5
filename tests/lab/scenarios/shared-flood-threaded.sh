#!/bin/sh
# shared-flood-threaded: shared-flood with the card's NAPI in its own kernel thread
# (`echo 1 > /sys/class/net/IF/threaded`, the kernel's knob; the driver's default is
# the kernel's, softirq). The checks are shared-flood's (its header). What the
# loop keeps under softirq polling is the kernel's softirq scheduling's: the same
# velocity.ko, one vCPU, gave it 47-60% on 6.1, 50% on 6.12, 31% on 7.3 (its
# PREEMPT_LAZY) and 0 on the debug kernel; in a thread the scheduler shares the CPU
# between the poll and the loop (tests/lab/README.md, "A shared line under a flood").
#
# On the debug kernel it runs under -icount (the debug-icount tag: guest time is
# the guest's instructions, 2 ns each). Without it the model's flood follows the
# host's clock while the guest's work per frame is fixed, so the loop's share
# followed the host's speed: 44% of idle on one host (2026-12-01), 14% on one
# about half as fast (2026-12-02, the same kernel and velocity.ko). Under icount
# the flood and the guest's CPU keep one clock on any host: 43% in two runs
# (2026-12-02: 305 and 305 per mille under the flood against 715 idle, then 304
# and 313 against 711), 1911 and 1916 s of wall time with a second VM beside it,
# hence its 3600 s limit there.
# lab: neighbour smp=1 soak timeout=360 debug-timeout=3600 debug-icount source=shared-flood
set -eu
# shellcheck disable=SC2034 # read by shared-flood.sh
SF_NAPI=threaded
. /lab/scenarios/shared-flood.sh
