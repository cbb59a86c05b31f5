#!/bin/sh
# selftest-csum: the kernel's drivers/net/hw/csum.py (tests/lab/selftests/list), unmodified.
# lab: selftests timeout=600
#
# Checksum offload, v4 and v6: TCP and UDP received with good and with bad checksums
# (the stack must see the bad ones as bad), UDP sent with checksum offload and with a
# zero checksum; the peer crafts and checks the frames with net/lib/csum. Subtests
# that need an offload the device does not have skip (the test's own check).
set -u
. /lab/lib.sh
. /lab/selftest.sh
st_suite csum 540
