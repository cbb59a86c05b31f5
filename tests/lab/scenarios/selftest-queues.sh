#!/bin/sh
# selftest-queues: the kernel's drivers/net/queues.py (tests/lab/selftests/list), unmodified.
# lab: selftests timeout=600
#
# Queue reporting through netdev netlink (queue-get against sysfs), adding and
# removing queues with ethtool -L, queues and NAPIs gone while the device is down,
# an AF_XDP socket shown on its queue. Needs the netdev generic netlink family
# (Linux 6.8/6.9): skipped on kernels without it.
set -u
. /lab/lib.sh
. /lab/selftest.sh
st_have_family netdev || st_na queues "kernel $(uname -r) has no netdev generic netlink family (queues.py needs it; Linux 6.8+)"
st_suite queues 540
