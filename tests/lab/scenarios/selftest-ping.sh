#!/bin/sh
# selftest-ping: the kernel's drivers/net/ping.py (tests/lab/selftests/list), unmodified.
# lab: selftests timeout=900 smp=1
#
# ICMP echo both ways, v4 and v6, at 56 and 65000 bytes (fragments), and 64 KB over
# TCP each way with socat, with TX/RX checksum offload off and on; then the same
# under a generic XDP program (single buffer and multi-buffer at MTU 9000), native and
# offloaded XDP where the driver has them. Each subtest's verdict: /lab/selftest.sh.
#
# One vCPU (smp=1): attaching the first XDP program flips a static key, and the
# kernel's live code patching (int3 on the other CPU while the jump is rewritten)
# is not safe under QEMU 7.2's multi-threaded TCG: with two vCPUs, 7.3 died with
# "Oops: int3" in netif_receive_skb_list_internal (e1000 on both ends, the runner's
# --card e1000 self-test), a lab limit, not a driver's fault.
set -u
. /lab/lib.sh
. /lab/selftest.sh
st_suite ping 840
