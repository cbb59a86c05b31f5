#!/bin/sh
# selftest-stats: the kernel's drivers/net/stats.py (tests/lab/selftests/list), unmodified.
# lab: selftests timeout=600
#
# Standard statistics: pause and FEC statistics where the device has the feature,
# queue statistics (netdev qstats) against the rtnetlink counters, statistics kept
# across down/up, /proc/net/dev read in parallel with and without down/up and
# channel changes. Needs the netdev generic netlink family (Linux 6.8/6.9): skipped
# on kernels without it.
set -u
. /lab/lib.sh
. /lab/selftest.sh
st_have_family netdev || st_na stats "kernel $(uname -r) has no netdev generic netlink family (stats.py needs it; Linux 6.8+)"
st_suite stats 540
