#!/bin/sh
# shared-flood-threaded: shared-flood with the card's NAPI in its own kernel thread
# (`echo 1 > /sys/class/net/IF/threaded`, the kernel's knob; the driver's default is
# the kernel's, softirq). The checks are shared-flood's (its header). What the
# loop keeps under softirq polling is the kernel's softirq scheduling's: the same
# velocity.ko, one vCPU, gave it 47-60% on 6.1, 50% on 6.12, 31% on 7.3 (its
# PREEMPT_LAZY) and 0 on the debug kernel; in a thread the scheduler shares the CPU
# between the poll and the loop (tests/lab/README.md, "A shared line under a flood").
# lab: neighbour smp=1 soak timeout=360 debug-timeout=2400 source=shared-flood
set -eu
# shellcheck disable=SC2034 # read by shared-flood.sh
SF_NAPI=threaded
. /lab/scenarios/shared-flood.sh
