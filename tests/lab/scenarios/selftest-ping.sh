#!/bin/sh
# selftest-ping: the kernel's drivers/net/ping.py (tests/lab/selftests/list), unmodified.
# lab: selftests timeout=900
#
# ICMP echo both ways, v4 and v6, at 56 and 65000 bytes (fragments), and 64 KB over
# TCP each way with socat, with TX/RX checksum offload off and on; then the same
# under a generic XDP program (single buffer and multi-buffer at MTU 9000), native and
# offloaded XDP where the driver has them. Each subtest's verdict: /lab/selftest.sh.
set -u
. /lab/lib.sh
. /lab/selftest.sh
st_suite ping 840
