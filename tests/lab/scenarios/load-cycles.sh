#!/bin/sh
# load-cycles: 50 load/unload cycles, each passing traffic, a third of them under a
# flood of datagrams and a third while the link drops and comes back; the kernel
# log holds nothing but the driver's normal probe and link lines, and no slab cache
# grows. (load-cycles-100, in the soak tier, runs this with 100.)
#
# A cycle: modprobe, the interface appears, address, link up, carrier (20 s bound),
# one echo to the peer, link down, rmmod, module and interface gone. IPv6 is off so
# that address configuration adds no kernel lines of its own. Cycles rotate through
# three kinds:
#   plain    as above;
#   flood    the peer sends UDP datagrams to the VT's address as fast as it can
#            (labnet blast, 64 bytes to the discard port; a static neighbour entry,
#            so frames reach the card from before probe to after rmmod): probe,
#            open, close and remove run with RX interrupts arriving and ICMP
#            port-unreachable answers queued for TX;
#   link     QEMU drops the card's link 0.2 s after modprobe starts and restores
#            it 0.5 s later (lab-host set_link): the PHY changes under probe and
#            open, and the cycle must still get its carrier and its echo.
#
# Kernel log: every line logged during the 50 cycles must be one of the driver's
# normal lines, and there must be exactly one probe line per cycle:
#   velocity      "<pci> ethN: VIA <product> (<chip> rev 0xNN) <MAC>, PHY ...",
#                 "Link is Up - ...", "Link is Down"
#   via-velocity  its banner (driver version, two copyright lines: printed once per
#                 module load), "... - Ethernet Address: <MAC>", "Velocity is in AUTO
#                 mode", "failed to detect cable link", "Link auto-negotiation
#                 speed ..." (upstream prints these on every probe and open)
# plus the kernel RNG's one "crng init done", the lab's own markers and the TCG
# timing notes "hrtimer: interrupt took N ns"
# and (6.12 and later) "clocksource: Long readout interval, skipping watchdog check".
# Anything else fails, and is printed.
#
# via-velocity is known broken (upstream race, lab 2026-11-30: no carrier at cycle
# 25 of one run and at another cycle of the next): the link-change interrupt for
# the autonegotiation it restarts during init is cleared unread at the end of
# init; such a cycle, recognised by MII auto-poll left off (via_lost_srci in
# lib.sh), is logged and skips its echo.
#
# Slab leak check: 10 warm-up cycles first (caches and one-time allocations settle),
# then a snapshot after each of four blocks of 10 cycles. Before each
# snapshot: sync, drop_caches, and every slab cache shrunk (/sys/kernel/slab/*/shrink:
# per-CPU slabs flushed and empty slabs freed, so /proc/slabinfo's active object
# counts are close to exact), twice, a second apart (RCU-deferred frees). Checked are
# the caches a network driver allocates from: kmalloc-* (kmalloc, kzalloc, devm_*,
# the netdev itself; also the kmalloc-cg-, -rcl- and dma- variants) and skbuff_*.
# One of them fails the check if it grew by 10 or more active objects in EVERY
# block, i.e. one object per cycle, steadily: a leak grows with every cycle, while
# the allocator's own jumps (a kmalloc-8 or kmalloc-32 slab refilled: +100 to +280
# objects at a time, seen with both drivers) come and go.
# VFS caches (inodes, dentries, kernfs nodes) are not checked: they follow whatever
# files the guest happened to touch, and a leaked netdev shows in kmalloc anyway.
# skbuff_head_cache is allowed 64 objects per CPU over the 40 cycles: freed skb
# heads are kept in each CPU's NAPI skb cache (net/core/skbuff.c,
# NAPI_SKB_CACHE_SIZE 64), which no shrinker empties and which fills slowly with any
# NIC's traffic (a leaking RX or TX ring loses far more per cycle). The offenders
# are printed, with SUnreclaim and MemFree for the record.
# Page leak check (what slab does not see: page_pool pages, coherent DMA rings,
# vmalloc): MemFree after each block, caches dropped as above; it fails if MemFree
# fell by 2 MB or more in EVERY block (200 kB per cycle, steadily). velocity's RX
# ring alone holds 252 x 2 KB page_pool slices (504 kB) per load; one-off moves of
# the page cache and of the allocator's per-CPU lists (up to 10 MB over a whole run
# in either direction, runs of 2026-11-30) come and go.
# page_pool check (exact, where MemFree is not): pp_trace_check in lib.sh; every
# pool destroyed during the cycles must get all its pages back within 70 s, and
# velocity must have destroyed at least one pool per cycle.
# Shown to work both ways: via-velocity (the control) passes; a velocity.ko built
# with one deliberate kmalloc(200) per probe fails, naming kmalloc-256.
# lab: noload timeout=600 kmemleak long trace=page_pool:page_pool_release
set -eu
. /lab/lib.sh

mod=$(lab_module_of "$DRIVER")
WARM=10
BLOCK=10
NBLOCK=${LC_NBLOCK:-4}
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
lab_up || fail "first load and network setup failed"
rmmod "$mod" || fail "rmmod $mod"

NCYCLE=0
NFLOOD=0
NLINK=0
peer ip neigh replace "$VT_IP" lladdr "$VT_MAC" dev "$PEER_IF" nud permanent ||
    fail "cannot set the peer's neighbour entry for $VT_IP"
cycle() {
    NCYCLE=$((NCYCLE + 1))
    _kind=$((NCYCLE % 3)) _fpid="" _lpid=""
    if [ "$_kind" = 1 ]; then
        NFLOOD=$((NFLOOD + 1))
        peer labnet blast "$VT_IP" 9 64 1000000000 >/tmp/flood.out 2>&1 &
        _fpid=$!
    elif [ "$_kind" = 2 ]; then
        NLINK=$((NLINK + 1))
        (sleep 0.2; lab-host set_link "$VT_NETDEV" off >/dev/null
         sleep 0.5; lab-host set_link "$VT_NETDEV" on >/dev/null) &
        _lpid=$!
    fi
    # shellcheck disable=SC2086 # DRIVER_PARAMS is a word list
    modprobe "$mod" ${DRIVER_PARAMS:-} || fail "cycle $NCYCLE: modprobe $mod failed"
    _n=0
    until VT_IF=$(lab_if_by_driver "$DRIVER" "$PEER_MAC"); do
        _n=$((_n + 1)); [ "$_n" -le 100 ] || fail "cycle $NCYCLE: no interface 10 s after modprobe"
        sleep 0.1
    done
    ip addr add "$VT_IP/24" dev "$VT_IF" || fail "cycle $NCYCLE: ip addr add"
    ip link set "$VT_IF" up || fail "cycle $NCYCLE: link up"
    [ -z "$_lpid" ] || wait "$_lpid" || fail "cycle $NCYCLE: lab-host set_link failed"
    if ! wait_carrier "$VT_IF" 1 20; then
        via_lost_srci || fail "cycle $NCYCLE: no carrier"
        log "as upstream: cycle $NCYCLE: via-velocity lost the link interrupt at init (auto-poll off, no carrier)"
    else
        ping -c 1 -W 3 "$PEER_IP" >/dev/null 2>&1 ||
            ping -c 1 -W 3 "$PEER_IP" >/dev/null 2>&1 || { lab_diag; fail "cycle $NCYCLE: no echo from the peer"; }
    fi
    ip link set "$VT_IF" down || fail "cycle $NCYCLE: link down"
    rmmod "$mod" || fail "cycle $NCYCLE: rmmod $mod failed"
    if [ -n "$_fpid" ]; then
        # the background job is the shell running `peer`; labnet is its child
        _fl=$(pidof labnet) || { cat /tmp/flood.out; fail "cycle $NCYCLE: the flood (labnet blast) ended early"; }
        kill "$_fl"; wait "$_fpid" || true
    fi
    ! grep -q "^$mod " /proc/modules || fail "cycle $NCYCLE: $mod still loaded"
    [ ! -e "/sys/class/net/$VT_IF" ] || fail "cycle $NCYCLE: $VT_IF still there after rmmod"
}
cycles() { _i=0; while [ "$_i" -lt "$1" ]; do cycle; _i=$((_i + 1)); done; }

settle() {
    for _r in 1 2; do
        sync
        echo 3 >/proc/sys/vm/drop_caches
        for _c in /sys/kernel/slab/*; do
            [ -L "$_c" ] || echo 1 >"$_c/shrink" 2>/dev/null || true
        done
        sleep 1
    done
}
snapshot() { # snapshot FILE : "cache active_objs" per cache
    settle
    awk 'NR > 2 { print $1, $2 }' /proc/slabinfo >"$1"
    awk '/^(SUnreclaim|MemFree):/ { print $1, $2 }' /proc/meminfo >"$1.mem"
}

# drop_caches logs a line per write until it is written with bit 2 (4) set: once
# here, before the mark, then never again.
echo 4 >/proc/sys/vm/drop_caches
pp_trace_start || fail "page_pool tracing"
kmsg_mark load-cycles
read -r t0 _ </proc/uptime
cycles "$WARM"
snapshot /tmp/slab0
read -r t1 _ </proc/uptime
b=1
while [ "$b" -le "$NBLOCK" ]; do
    cycles "$BLOCK"
    snapshot "/tmp/slab$b"
    b=$((b + 1))
done
read -r t2 _ </proc/uptime
log "$WARM + $((NBLOCK * BLOCK)) cycles ($NFLOOD under a flood of datagrams, $NLINK with a link drop): $(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "%.1f s + %.1f s", b - a, c - b }')"

# ---- page_pool: every pool of every cycle gave all its pages back (velocity: at
# least one pool per cycle; via-velocity allocates its buffers without one)
[ "$DRIVER" = velocity ] && ppmin=$NCYCLE || ppmin=0
pp_trace_check "$ppmin" || fail "page_pool accounting over $NCYCLE load/unload cycles"
if [ "$DRIVER" = velocity ]; then
    log "ok: every page_pool destroyed in $NCYCLE cycles got all its pages back"
else
    log "ok: no page_pool left holding pages ($DRIVER allocates its buffers without one)"
fi

# ---- slab
# One line per cache: its active objects at each snapshot.
b=0; : >/tmp/slab.all
while [ "$b" -le "$NBLOCK" ]; do
    awk -v b="$b" '{ print $1, b, $2 }' "/tmp/slab$b" >>/tmp/slab.all
    b=$((b + 1))
done
awk -v lim="$BLOCK" -v nb="$NBLOCK" -v skbcache=$((64 * $(grep -c ^processor /proc/cpuinfo))) '
    { v[$1, $2] = $3; c[$1] = 1 }
    END {
        for (k in c) {
            if (k !~ /^((dma-)?kmalloc-|skbuff_)/) continue
            tot = v[k, nb] - v[k, 0]
            if (k == "skbuff_head_cache" && tot <= skbcache) continue
            steady = 1; row = k
            for (i = 1; i <= nb; i++) {
                if (v[k, i] - v[k, i - 1] < lim) steady = 0
                row = row " " v[k, i - 1]
            }
            if (steady) print row, v[k, nb]
            if (tot > max) { max = tot; mc = k " +" tot }
        }
        if (mc != "") printf "largest growth: %s\n", mc > "/tmp/slab.max"
    }
' /tmp/slab.all >/tmp/slab.grew
sed 's/^/    /' /tmp/slab.max 2>/dev/null || true
paste /tmp/slab0.mem "/tmp/slab$NBLOCK.mem" | awk '{ printf "    %s %d kB -> %d kB (%+d kB)\n", $1, $2, $4, $4 - $2 }'
# MemFree per snapshot; fails on a steady fall (every block down by 2 MB or more).
b=0; mf=""
while [ "$b" -le "$NBLOCK" ]; do
    mf="$mf $(awk '$1 == "MemFree:" { print $2 }' "/tmp/slab$b.mem")"; b=$((b + 1))
done
log "MemFree after warm-up and each block (kB):$mf"
echo "$mf" | awk '{ for (i = 2; i <= NF; i++) if ($(i - 1) - $i < 2048) exit 1 }' &&
    fail "MemFree fell by 2 MB or more in each of $NBLOCK blocks of $BLOCK cycles:$mf (a page leak per load)"
log "ok: no steady fall of MemFree"
if [ -s /tmp/slab.grew ]; then
    echo "slab caches that grew by $BLOCK or more active objects in each of $NBLOCK blocks of $BLOCK cycles (cache, snapshots):" >&2
    sed 's/^/    /' /tmp/slab.grew >&2
    fail "steady slab growth over load/unload cycles: $(cut -d' ' -f1 /tmp/slab.grew | tr '\n' ' ')"
fi
log "ok: no slab cache grew by one object per cycle over $NBLOCK x $BLOCK cycles"

# ---- kernel log
kmsg_since load-cycles >/tmp/kmsg
if [ "$DRIVER" = via-velocity ]; then
    probe=': VIA Networking Velocity Family Gigabit Ethernet Adapter - Ethernet Address: '
    allowed='^via_velocity: (VIA Networking Velocity Family Gigabit Ethernet Adapter Driver Ver\. |Copyright \(c\) )|^via-velocity [0-9a-f:.]+ eth[0-9]+: (VIA Networking Velocity Family Gigabit Ethernet Adapter - Ethernet Address: |Velocity is in AUTO mode$|failed to detect cable link$|Link auto-negotiation speed )'
else
    probe=': VIA .* rev 0x[0-9a-f]+\) [0-9a-f:]{17}, PHY '
    allowed='^velocity [0-9a-f:.]+( eth[0-9]+)?: VIA .* rev 0x[0-9a-f]+\) [0-9a-f:]{17}, PHY |^velocity [0-9a-f:.]+ eth[0-9]+: Link is (Up|Down)'
fi
# "hrtimer: interrupt took N ns": the kernel's note that one timer interrupt ran
# long, which under TCG is the emulation pausing the vCPU, not the driver. 6.12 and
# later say the same of the clocksource watchdog: "clocksource: Long readout
# interval, skipping watchdog check" (seen on a loaded host with trixie's 6.12).
# "random: crng init done": the kernel's RNG seeded, once per boot, whenever enough
# interrupts have come (the flood cycles bring them sooner). "PCI->APIC IRQ
# transform": the PCI core's line at each pci_enable_device() when interrupts are
# routed from the BIOS tables (the debug kernel boots with acpi=noirq).
other=$(grep -vE "$allowed|^lab-mark: |^hrtimer: interrupt took [0-9]+ ns$|^clocksource: Long readout interval, skipping watchdog check: |^random: crng init done$|$LAB_KMSG_PCI_IRQ" /tmp/kmsg || true)
if [ -n "$other" ]; then
    echo "kernel lines during the cycles that are not the driver's normal ones:" >&2
    echo "$other" | head -n 40 >&2
    fail "$(echo "$other" | wc -l) unexpected kernel lines during $NCYCLE load/unload cycles"
fi
n=$(grep -cE "$probe" /tmp/kmsg || true)
[ "$n" -eq "$NCYCLE" ] || fail "$n probe lines for $NCYCLE loads"
log "ok: $NCYCLE cycles, $(wc -l </tmp/kmsg) kernel lines, all the driver's probe/link lines ($n probes)"
