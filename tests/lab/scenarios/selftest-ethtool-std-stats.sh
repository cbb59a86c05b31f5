#!/bin/sh
# selftest-ethtool-std-stats: the kernel's drivers/net/hw/ethtool_std_stats.sh
# (tests/lab/selftests/list), unmodified.
# lab: selftests timeout=900
#
# IEEE 802.3 standard statistics (ethtool -S --groups eth-ctrl/eth-mac, ethtool -I -a):
# MAC control frames, error and collision counters that must stay 0, broadcast,
# multicast, octets and frames counted exactly, pause frames sent and received
# (mausezahn generates the frames). A counter the driver does not report skips.
set -u
. /lab/lib.sh
. /lab/selftest.sh
st_suite ethtool-std-stats 840
