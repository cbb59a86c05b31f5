#!/bin/sh
# reload: rmmod and modprobe the driver while the interface is idle, three times;
# the interface comes back with the same MAC and passes traffic each time.
#
# Exercises remove (free IRQ, rings, unmap, disable the PCI device) and a second
# probe of a card that was already initialised once (state left by the previous
# driver instance must not matter). With --card e1000 the reference NIC goes and
# comes back too; lab_up puts it back into its namespace. Every page_pool the
# removals destroyed must get all its pages back (pp_trace_check in lib.sh).
# lab: timeout=300 kmemleak trace=page_pool:page_pool_release
set -eu
. /lab/lib.sh

mod=${DRIVER_MODULE:-$(lab_module_of "$DRIVER")}
mac=$(cat "/sys/class/net/$VT_IF/address")
pp_trace_start || fail "page_pool tracing"
for i in 1 2 3; do
    old=$VT_IF
    rmmod "$mod" || fail "round $i: rmmod $mod failed"
    grep -q "^$mod " /proc/modules && fail "round $i: $mod still loaded"
    if lab_if_by_driver "$DRIVER" "$PEER_MAC" >/dev/null; then
        fail "round $i: an interface is still bound to $DRIVER after rmmod"
    fi
    log "ok: round $i: $mod removed, $old gone"
    lab_up || fail "round $i: modprobe $mod ${DRIVER_PARAMS:-} / network setup failed"
    now=$(cat "/sys/class/net/$VT_IF/address")
    [ "$now" = "$mac" ] || fail "round $i: MAC after reload is $now, was $mac"
    log "ok: round $i: $VT_IF back with $now, carrier up"
    ping_ok vt 5 "$PEER_IP" -i 0.1 || fail "round $i: ping VT -> peer after reload"
    ping_ok peer 5 "$VT_IP" -i 0.1 || fail "round $i: ping peer -> VT after reload"
done
log "ok: three rmmod/modprobe rounds"
# every RX page_pool an rmmod destroyed got all its pages back (lib.sh)
[ "$DRIVER" = velocity ] && ppmin=3 || ppmin=0
pp_trace_check "$ppmin" || fail "page_pool accounting over three reloads"
