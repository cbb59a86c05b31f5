#!/bin/sh
# selftest-ethtool-std-stats: the kernel's drivers/net/hw/ethtool_std_stats.sh
# (tests/lab/selftests/list), unmodified.
# lab: selftests timeout=900
#
# IEEE 802.3 standard statistics (ethtool -S --groups eth-ctrl/eth-mac, ethtool -I -a):
# MAC control frames, error and collision counters that must stay 0, broadcast,
# multicast, octets and frames counted exactly, pause frames sent and received
# (mausezahn generates the frames). A counter the driver does not report skips.
# The test reads every counter with `--src aggregate` (ETHTOOL_A_STATS_SRC, Linux
# 6.7): a kernel without that attribute answers "Unknown attribute type" to each
# read, and the suite would compare empty values; there the suite is n/a.
set -u
. /lab/lib.sh
. /lab/selftest.sh
/usr/local/sbin/ethtool --json -S "$VT_IF" --groups eth-mac -- --src aggregate >/dev/null 2>&1 ||
    st_na ethtool-std-stats "kernel $(uname -r) has no ethtool statistics source attribute (ETHTOOL_A_STATS_SRC, 6.7+), which ethtool_std_stats.sh reads every counter with"
st_suite ethtool-std-stats 840
