#!/bin/sh
# selftest-ethtool-rmon: the kernel's drivers/net/hw/ethtool_rmon.sh
# (tests/lab/selftests/list), unmodified.
# lab: selftests timeout=900
#
# RMON frame-size histograms (ethtool -S --groups rmon): for every bucket the device
# reports, 10,000 frames of that size in and 20,000 out (mausezahn) must be counted
# in the right direction. A device with no histogram reports no buckets and the
# suite has no subtests (plan 1..0).
set -u
. /lab/lib.sh
. /lab/selftest.sh
st_suite ethtool-rmon 840
