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
# The suite raises the MTU of both ends for the 1519-byte bucket and sends at once.
# The reference NIC (e1000) resets and renegotiates its link on an MTU change, so
# the frames it sends in the next seconds are lost before they reach the wire (the
# card under test sees none). The peer gets its largest frames first, as a switch
# port set up for jumbo frames would be: the suite then changes only our MTU.
peer ip link set dev "$PEER_IF" mtu 9000 || fail "peer MTU 9000"
wait_carrier "$PEER_IF" 1 20 peer || fail "the peer's link did not come back after its MTU change"
ping_ok vt 3 "$PEER_IP" >/dev/null || fail "no echoes after the peer's MTU change"
st_suite ethtool-rmon 840
