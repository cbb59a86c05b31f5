# shellcheck shell=sh
# /lab/lib.sh — helpers for lab scenarios (POSIX sh, busybox ash). Source it:
#     . /lab/lib.sh
#
# Every helper reports its own failure on stderr and returns non-zero; none of them
# exits. Scenarios decide: `helper || fail "..."`. The exceptions are fail, skip,
# check and probe_card, which end the scenario on failure by design.
#
# Caveat (lab-notes): `set -e` is ignored inside a function that is called as part
# of `f && ...`, `f || ...` or `if f`. The helpers therefore check each step
# explicitly instead of relying on set -e.

IP=/usr/bin/ip          # iproute2, never busybox's applet (it shadows PATH lookups)

# Debian's busybox sh runs its own applet for any applet name before looking at PATH
# (lab-notes). Shell functions win over applets, so these names reach the real tools:
# iproute2's ip and kmod's module tools. Child shells (`sh -c`) do not inherit them:
# use full paths there.
ip() { /usr/bin/ip "$@"; }
modprobe() { /usr/sbin/modprobe "$@"; }
rmmod() { /usr/sbin/rmmod "$@"; }
insmod() { /usr/sbin/insmod "$@"; }
lsmod() { /usr/sbin/lsmod "$@"; }
modinfo() { /usr/sbin/modinfo "$@"; }
depmod() { /usr/sbin/depmod "$@"; }
tc() { /usr/sbin/tc "$@"; }
PEER_NS=${PEER_NS:-peer}
VT_IP=${VT_IP:-10.9.0.1}
PEER_IP=${PEER_IP:-10.9.0.2}
VT_QDEV=${VT_QDEV:-vt0}
VT_NETDEV=${VT_NETDEV:-vtnet}
export PEER_NS VT_IP PEER_IP VT_QDEV VT_NETDEV

# ---- reporting -------------------------------------------------------------------
log() { echo "[$(cut -d' ' -f1 /proc/uptime)] $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
# check DESCRIPTION CMD... : run CMD, fail the scenario with DESCRIPTION if it fails.
check() {
    _d=$1; shift
    if "$@"; then log "ok: $_d"; else fail "$_d (command: $*)"; fi
}

# ---- driver names ----------------------------------------------------------------
# Module name (what lsmod/rmmod show) for a driver name (what DRIVER holds).
lab_module_of() {
    case $1 in
        via-velocity) echo via_velocity ;;
        *) echo "$1" | tr - _ ;;
    esac
}
# Is $2 (a sysfs driver name) the driver $1? via-velocity binds as "via-velocity",
# velocity.ko may use either spelling.
lab_driver_is() {
    _a=$(echo "$1" | tr - _); _b=$(echo "$2" | tr - _)
    [ "$_a" = "$_b" ] && return 0
    [ "$_a" = velocity ] && [ "$_b" = via_velocity ] && return 0
    return 1
}

# ---- interfaces ------------------------------------------------------------------
# Name of the interface bound to PCI driver $1 whose MAC is not $2 (root netns).
lab_if_by_driver() {
    for _p in /sys/class/net/*; do
        [ -e "$_p/device/driver" ] || continue
        _drv=$(basename "$(readlink "$_p/device/driver")")
        lab_driver_is "$1" "$_drv" || continue
        [ -n "${2:-}" ] && [ "$(cat "$_p/address")" = "$2" ] && continue
        basename "$_p"
        return 0
    done
    return 1
}
# Name of the interface with MAC $1 (root netns).
lab_if_by_mac() {
    for _p in /sys/class/net/*; do
        [ "$(cat "$_p/address" 2>/dev/null)" = "$1" ] && { basename "$_p"; return 0; }
    done
    return 1
}

# peer CMD... : run CMD in the reference NIC's namespace.
peer() { $IP netns exec "$PEER_NS" "$@"; }

# carrier IF [peer] : print 1/0 (or nothing when the interface is down).
lab_carrier() {
    if [ "${2:-}" = peer ]; then
        peer cat "/sys/class/net/$1/carrier" 2>/dev/null
    else
        cat "/sys/class/net/$1/carrier" 2>/dev/null
    fi
}
# wait_link IF SPEED DUPLEX SECONDS : wait for a carrier at that speed and duplex
# (ethtool's words: 100Mb/s, Full). After `ethtool -s` on a live link the carrier
# still reads 1 until the drop reaches the driver: wait_carrier alone can return
# on the old link.
wait_link() {
    _n=0; _lim=$(( $4 * 10 ))
    until [ "$(lab_carrier "$1")" = 1 ] && [ "$(ethtool_field "$1" Speed)" = "$2" ] &&
          [ "$(ethtool_field "$1" Duplex)" = "$3" ]; do
        _n=$((_n + 1))
        if [ "$_n" -gt "$_lim" ]; then
            echo "no $2 $3 link on $1 within $4 s (carrier '$(lab_carrier "$1")', $(ethtool_field "$1" Speed) $(ethtool_field "$1" Duplex))" >&2
            return 1
        fi
        sleep 0.1
    done
}
# wait_carrier IF 0|1 SECONDS [peer] : wait until carrier equals the value.
wait_carrier() {
    _n=0; _lim=$(( $3 * 10 ))
    while [ "$(lab_carrier "$1" "${4:-}")" != "$2" ]; do
        _n=$((_n + 1))
        if [ "$_n" -gt "$_lim" ]; then
            echo "carrier of $1 did not become $2 within $3 s (now '$(lab_carrier "$1" "${4:-}")')" >&2
            return 1
        fi
        sleep 0.1
    done
    return 0
}

# ifstat IF NAME [peer] : /sys/class/net/IF/statistics/NAME
ifstat() {
    if [ "${3:-}" = peer ]; then
        peer cat "/sys/class/net/$1/statistics/$2"
    else
        cat "/sys/class/net/$1/statistics/$2"
    fi
}

# The PCI core's line when it routes a device's INTx from the BIOS tables (the debug
# kernel boots with acpi=noirq): not a driver's message; scenarios that allow only
# the driver's own kernel lines allow this one too.
LAB_KMSG_PCI_IRQ='^[a-z_-]+ [0-9a-f:.]+: PCI->APIC IRQ transform: INT [A-D] -> IRQ [0-9]+$'

# ---- bringing the lab up ---------------------------------------------------------
# lab_load : load the reference NIC driver (e1000) and the driver under test with
# $DRIVER_PARAMS. Safe to call again (modprobe of a loaded module is a no-op).
lab_load() {
    modprobe e1000 || { echo "modprobe e1000 failed" >&2; return 1; }
    _m=${DRIVER_MODULE:-$(lab_module_of "$DRIVER")}
    if ! grep -q "^$_m " /proc/modules; then
        # shellcheck disable=SC2086 # DRIVER_PARAMS is a word list by design
        modprobe "$_m" ${DRIVER_PARAMS:-} || { echo "modprobe $_m ${DRIVER_PARAMS:-} failed" >&2; return 1; }
    fi
    return 0
}

# lab_find : set VT_IF (driver under test, MAC $VT_MAC expected but not required)
# and PEER_IF (reference NIC, MAC $PEER_MAC). Waits up to 10 s for the netdevs.
lab_find() {
    _n=0
    while :; do
        # The reference NIC is either already in its namespace or (first boot, or after
        # an e1000 reload in the self-test) back in the root namespace.
        PEER_IN_ROOT=0
        PEER_IF=$(peer sh -c 'for p in /sys/class/net/*; do [ "$(cat $p/address)" = "$1" ] && basename $p; done' - "$PEER_MAC" 2>/dev/null)
        if [ -z "$PEER_IF" ]; then
            PEER_IF=$(lab_if_by_mac "$PEER_MAC") && PEER_IN_ROOT=1
        fi
        # by its MAC first: with several cards (cards=N) the driver names them all
        VT_IF=$(lab_if_by_mac "$VT_MAC") || VT_IF=""
        if [ -n "$VT_IF" ] && ! lab_driver_is "$DRIVER" \
                "$(basename "$(readlink "/sys/class/net/$VT_IF/device/driver")")"; then
            VT_IF=""
        fi
        [ -n "$VT_IF" ] || VT_IF=$(lab_if_by_driver "$DRIVER" "$PEER_MAC")
        [ -n "$VT_IF" ] && [ -n "$PEER_IF" ] && break
        _n=$((_n + 1))
        if [ "$_n" -gt 100 ]; then
            echo "network interfaces not found: VT_IF='$VT_IF' (driver $DRIVER) PEER_IF='$PEER_IF' (MAC $PEER_MAC)" >&2
            ls -l /sys/class/net/ >&2
            return 1
        fi
        sleep 0.1
    done
    export VT_IF PEER_IF
    return 0
}

# lab_net : move the reference NIC into $PEER_NS, address both ends, links up, wait
# for carrier on both (20 s each). Idempotent: run it again after a module reload.
lab_net() {
    [ -e "/run/netns/$PEER_NS" ] || $IP netns add "$PEER_NS" || { echo "ip netns add failed" >&2; return 1; }
    peer $IP link set lo up
    # Move it by identity (MAC), not by name: after a reload the card under test may
    # get the name the reference NIC has inside the namespace.
    if [ "${PEER_IN_ROOT:-0}" = 1 ]; then
        $IP link set "$PEER_IF" netns "$PEER_NS" || { echo "cannot move $PEER_IF into $PEER_NS" >&2; return 1; }
        PEER_IN_ROOT=0
    fi
    $IP addr flush dev "$VT_IF"
    $IP addr add "$VT_IP/24" dev "$VT_IF" || return 1
    $IP link set "$VT_IF" up || { echo "ip link set $VT_IF up failed" >&2; return 1; }
    peer $IP addr flush dev "$PEER_IF"
    peer $IP addr add "$PEER_IP/24" dev "$PEER_IF" || return 1
    peer $IP link set "$PEER_IF" up || return 1
    _ltry=0
    until wait_carrier "$VT_IF" 1 20; do
        # via-velocity's init race (via_lost_srci): a scenario that reloads it
        # retries as a user would, with down/up; /init instead skips the scenario.
        [ -n "${LAB_IN_SCENARIO:-}" ] && via_lost_srci || return 1
        _ltry=$((_ltry + 1))
        [ "$_ltry" -le 3 ] || { echo "via-velocity lost its link interrupt at 3 inits in a row" >&2; return 1; }
        echo "as upstream: via-velocity lost the link interrupt at init (MIICR.MAUTO off); ip link set $VT_IF down/up ($_ltry)"
        $IP link set "$VT_IF" down || return 1
        $IP link set "$VT_IF" up || return 1
    done
    wait_carrier "$PEER_IF" 1 20 peer || return 1
    # Resolve ARP both ways so the scenarios' counted pings do not lose their first
    # echoes to neighbour resolution. Not asserted here: scenarios make the checks.
    ping -c 1 -W 3 "$PEER_IP" >/dev/null 2>&1
    peer ping -c 1 -W 3 "$VT_IP" >/dev/null 2>&1
    return 0
}

# lab_up : lab_load + lab_find + lab_net. The init calls it before every scenario
# unless the header says `noload`; such scenarios may call it themselves.
lab_up() {
    lab_load || return 1
    lab_find || return 1
    lab_net || return 1
    # A scenario that loads the driver itself (noload) meets via-velocity's VT3286
    # stall here: skip it as /init does for the others.
    if [ -n "${LAB_IN_SCENARIO:-}" ] && via_vt3286_stalled; then
        skip "$(via_vt3286_why)"
    fi
    return 0
}

# errors_mark / errors_check : the card's error counters must not move between the
# two calls. Frames sent while a link is still negotiating may legitimately end in
# an error (the chip reports TSR.LNKFL), so scenarios count from their own start.
ERRCOUNTERS="rx_errors tx_errors rx_crc_errors rx_length_errors rx_frame_errors rx_fifo_errors tx_aborted_errors tx_carrier_errors"
# stats_settle : velocity's netdev statistics are totals as of its last MIB
# read-out (every 2 s; get_stats64 never reads the chip): wait for the next one.
stats_settle() { [ "$DRIVER" != velocity ] || sleep 2.5; }
errors_mark() {
    stats_settle
    _ERRMARK=""
    for _c in $ERRCOUNTERS; do _ERRMARK="$_ERRMARK $_c=$(ifstat "$VT_IF" "$_c")"; done
}
errors_check() {
    stats_settle
    _bad=""
    for _e in $_ERRMARK; do
        _c=${_e%%=*}; _v0=${_e#*=}; _v1=$(ifstat "$VT_IF" "$_c")
        [ "$_v1" = "$_v0" ] || _bad="$_bad $_c:$_v0->$_v1"
    done
    [ -z "$_bad" ] && return 0
    echo "error counters of $VT_IF moved:$_bad" >&2
    return 1
}

# lab_irq_shared : for `shared-irq` scenarios, prove the card and the reference NIC
# really share one legacy interrupt line (the runner picks PCI slots for that).
lab_irq_shared() {
    _vi=$(cat "/sys/class/net/$VT_IF/device/irq")
    _pi=$(peer cat "/sys/class/net/$PEER_IF/device/irq")
    grep -E "^ *($_vi|$_pi):" /proc/interrupts >&2
    if [ "$_vi" != "$_pi" ]; then
        echo "shared-irq: the card is on IRQ $_vi, the reference NIC on IRQ $_pi" >&2
        return 1
    fi
    # Both handlers are registered on that line once the interfaces are up.
    grep -E "^ *$_vi:" /proc/interrupts | grep -q "$VT_IF" &&
        grep -E "^ *$_vi:" /proc/interrupts | grep -q "$PEER_IF" || {
        echo "shared-irq: IRQ $_vi does not list both $VT_IF and $PEER_IF" >&2
        return 1
    }
    return 0
}

# ---- the neighbour pair (scenarios tagged `neighbour`) -----------------------------
# Two more e1000 on a second QEMU hub, joined only to each other: the neighbour
# (NB_MAC, root namespace, NB_IP) on the card's legacy interrupt line, its partner
# (NBPEER_MAC, netns $NB_NS, NBPEER_IP) on another line. No frame of theirs crosses
# the card, and none of the card's reaches them.
NB_NS=${NB_NS:-nb}
NB_IP=${NB_IP:-10.10.0.1}
NBPEER_IP=${NBPEER_IP:-10.10.0.2}
export NB_NS NB_IP NBPEER_IP
# nbpeer CMD... : run CMD in the neighbour's partner's namespace.
nbpeer() { $IP netns exec "$NB_NS" "$@"; }

# lab_neighbour_up : find the pair by MAC, move the partner into $NB_NS, address
# both (/24), links up, carrier (20 s each), ARP both ways; then prove the wiring:
# the neighbour's IRQ is the card's (VT_IF must be set), the partner's is not, and
# the card's line lists both handlers in /proc/interrupts. Sets and exports NB_IF,
# NBPEER_IF. Idempotent.
lab_neighbour_up() {
    modprobe e1000 || { echo "modprobe e1000 failed" >&2; return 1; }
    [ -e "/run/netns/$NB_NS" ] || $IP netns add "$NB_NS" || { echo "ip netns add $NB_NS failed" >&2; return 1; }
    nbpeer $IP link set lo up
    _n=0
    while :; do
        NB_IF=$(lab_if_by_mac "$NB_MAC") || NB_IF=""
        _nbroot=0
        NBPEER_IF=$(nbpeer sh -c 'for p in /sys/class/net/*; do [ "$(cat $p/address)" = "$1" ] && basename $p; done' - "$NBPEER_MAC" 2>/dev/null)
        if [ -z "$NBPEER_IF" ]; then NBPEER_IF=$(lab_if_by_mac "$NBPEER_MAC") && _nbroot=1; fi
        [ -n "$NB_IF" ] && [ -n "$NBPEER_IF" ] && break
        _n=$((_n + 1))
        if [ "$_n" -gt 100 ]; then
            echo "neighbour pair not found: NB_IF='$NB_IF' ($NB_MAC) NBPEER_IF='$NBPEER_IF' ($NBPEER_MAC)" >&2
            return 1
        fi
        sleep 0.1
    done
    # The partner's line, read while it is still in the root namespace (or in its own).
    if [ "$_nbroot" = 1 ]; then
        _npi=$(cat "/sys/class/net/$NBPEER_IF/device/irq")
        $IP link set "$NBPEER_IF" netns "$NB_NS" || { echo "cannot move $NBPEER_IF into $NB_NS" >&2; return 1; }
    else
        _npi=$(nbpeer cat "/sys/class/net/$NBPEER_IF/device/irq")
    fi
    $IP addr flush dev "$NB_IF"
    $IP addr add "$NB_IP/24" dev "$NB_IF" || return 1
    $IP link set "$NB_IF" up || return 1
    nbpeer $IP addr flush dev "$NBPEER_IF"
    nbpeer $IP addr add "$NBPEER_IP/24" dev "$NBPEER_IF" || return 1
    nbpeer $IP link set "$NBPEER_IF" up || return 1
    export NB_IF NBPEER_IF
    _vi=$(cat "/sys/class/net/$VT_IF/device/irq")
    _ni=$(cat "/sys/class/net/$NB_IF/device/irq")
    grep -E "^ *($_vi|$_ni|$_npi):" /proc/interrupts >&2
    if [ "$_ni" != "$_vi" ]; then
        _msi=""
        [ -n "$(ls "/sys/class/net/$VT_IF/device/msi_irqs" 2>/dev/null)" ] && _msi=" (the card uses MSI)"
        echo "neighbour: the card ($VT_IF) is on IRQ $_vi$_msi, the neighbour ($NB_IF) on IRQ $_ni: the line is not shared" >&2
        return 1
    fi
    if [ "$_npi" = "$_vi" ]; then
        echo "neighbour: the neighbour's partner ($NBPEER_IF) is on the card's IRQ $_vi too" >&2
        return 1
    fi
    wait_carrier "$NB_IF" 1 20 || return 1
    _nbc=0
    while [ "$(nbpeer cat "/sys/class/net/$NBPEER_IF/carrier" 2>/dev/null)" != 1 ]; do
        _nbc=$((_nbc + 1))
        [ "$_nbc" -le 200 ] || { echo "carrier of $NBPEER_IF ($NB_NS) did not come within 20 s" >&2; return 1; }
        sleep 0.1
    done
    _l=$(grep -E "^ *$_vi:" /proc/interrupts)
    case $_l in *"$VT_IF"*) ;; *) echo "neighbour: IRQ $_vi does not list $VT_IF: $_l" >&2; return 1 ;; esac
    case $_l in *"$NB_IF"*) ;; *) echo "neighbour: IRQ $_vi does not list $NB_IF: $_l" >&2; return 1 ;; esac
    ping -c 1 -W 3 "$NBPEER_IP" >/dev/null 2>&1
    nbpeer ping -c 1 -W 3 "$NB_IP" >/dev/null 2>&1
    return 0
}

# ---- traffic ---------------------------------------------------------------------
# ping_ok FROM COUNT DEST [extra busybox ping args] : FROM is "vt" or "peer".
# Succeeds only with COUNT replies (0 % loss).
ping_ok() {
    _from=$1; _cnt=$2; _dst=$3; shift 3
    if [ "$_from" = peer ]; then
        _out=$(peer ping -c "$_cnt" -W 2 -w $((_cnt + 10)) "$@" "$_dst" 2>&1)
    else
        _out=$(ping -c "$_cnt" -W 2 -w $((_cnt + 10)) "$@" "$_dst" 2>&1)
    fi
    _rc=$?
    echo "$_out" | tail -n 2
    _rx=$(echo "$_out" | sed -n 's/.* \([0-9]*\) packets received.*/\1/p')
    [ "$_rc" -eq 0 ] && [ "${_rx:-0}" -eq "$_cnt" ] && return 0
    echo "ping from $_from to $_dst: ${_rx:-0}/$_cnt replies" >&2
    return 1
}

# make_data FILE MB : random data in tmpfs.
# The hash goes to FILE.sha256 so xfer does not hash the source again for each leg.
make_data() {
    dd if=/dev/urandom of="$1" bs=1M count="$2" 2>/dev/null || { echo "cannot create $1" >&2; return 1; }
    sha256sum <"$1" | cut -d' ' -f1 >"$1.sha256"
}

# nuttcp_server [peer] : start a nuttcp server here (or in $PEER_NS) and wait until
# it listens on its control port, 5000 (up to 10 s, LAB_SLOWDOWN times that on the
# debug kernel). A fixed half-second sleep was too short there: a client refused
# (errno 111) failed rmmod-busy on 2026-12-02.
nuttcp_server() {
    if [ "${1:-}" = peer ]; then peer nuttcp -S || return 1; else nuttcp -S || return 1; fi
    _n=0
    while :; do
        if [ "${1:-}" = peer ]; then _ls=$(peer netstat -ltn 2>/dev/null); else _ls=$(netstat -ltn 2>/dev/null); fi
        echo "$_ls" | grep -q ":5000 " && return 0
        _n=$((_n + 1))
        [ "$_n" -le $((100 * ${LAB_SLOWDOWN:-1})) ] || { echo "nuttcp server ${1:-here} not listening on port 5000" >&2; return 1; }
        sleep 0.1
    done
}

_port=5600
# xfer FROM FILE DEST_IP SECONDS : send FILE over TCP from FROM ("vt" or "peer") to the
# other side with busybox nc; the receiver writes FILE.rx. Checks size and sha256.
# SECONDS is for the stock kernel: the debug kernel gets LAB_SLOWDOWN times as long.
xfer() {
    _from=$1; _f=$2; _dst=$3; _lim=$(($4 * ${LAB_SLOWDOWN:-1}))
    _port=$((_port + 1))
    rm -f "$_f.rx"
    # The listener's stdin must never reach EOF: busybox nc shuts down its sending half
    # on stdin EOF and the client, seeing the socket's EOF, would stop early. A FIFO
    # held open read-write by the listener itself never delivers EOF.
    _fifo=/tmp/.nc-fifo.$_port
    rm -f "$_fifo"; mkfifo "$_fifo"
    if [ "$_from" = vt ]; then
        peer timeout "$_lim" nc -l -p "$_port" <>"$_fifo" >"$_f.rx" &
    else
        timeout "$_lim" nc -l -p "$_port" <>"$_fifo" >"$_f.rx" &
    fi
    _lpid=$!
    # Wait for the listener (up to 5 s).
    _n=0
    while :; do
        if [ "$_from" = vt ]; then _ls=$(peer netstat -ltn 2>/dev/null); else _ls=$(netstat -ltn 2>/dev/null); fi
        echo "$_ls" | grep -q ":$_port " && break
        _n=$((_n + 1)); [ "$_n" -gt 50 ] && { echo "nc listener on port $_port did not start" >&2; kill "$_lpid" 2>/dev/null; return 1; }
        sleep 0.1
    done
    read -r _t0 _ </proc/uptime
    : >"$_f.busy"       # the client runs (xfer_under makes its changes meanwhile)
    if [ "$_from" = vt ]; then
        timeout "$_lim" nc "$_dst" "$_port" <"$_f" >/dev/null
    else
        peer timeout "$_lim" nc "$_dst" "$_port" <"$_f" >/dev/null
    fi
    _crc=$?
    rm -f "$_f.busy"
    wait "$_lpid"; _lrc=$?
    read -r _t1 _ </proc/uptime
    rm -f "$_fifo"
    _sz=$(wc -c <"$_f"); _rsz=$(wc -c <"$_f.rx")
    if [ -s "$_f.sha256" ]; then _h=$(cat "$_f.sha256"); else _h=$(sha256sum <"$_f" | cut -d' ' -f1); fi
    _rh=$(sha256sum <"$_f.rx" | cut -d' ' -f1)
    log "xfer $_from -> $_dst: $_rsz/$_sz bytes in $(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.1f", b - a }') s (client rc=$_crc, listener rc=$_lrc)"
    log "  sent sha256 $_h"
    log "  recv sha256 $_rh"
    rm -f "$_f.rx"
    [ "$_crc" -eq 0 ] || { echo "nc client failed (rc=$_crc; 143/137 = timeout)" >&2; return 1; }
    [ "$_sz" = "$_rsz" ] || { echo "size mismatch: sent $_sz, received $_rsz" >&2; return 1; }
    [ "$_h" = "$_rh" ] || { echo "sha256 mismatch" >&2; return 1; }
    return 0
}

# traffic_ok WHEN [ECHOES] : ECHOES (default 5) echoes each way, then 4 MB each way
# (sha256 compared); fails naming WHEN ("after the reload", ...) with diagnostics.
traffic_ok() {
    _te=${2:-5}
    ping_ok vt "$_te" "$PEER_IP" -i 0.1 || { lab_diag; fail "ping $VT_IF -> peer $1"; }
    ping_ok peer "$_te" "$VT_IP" -i 0.1 || { lab_diag; fail "ping peer -> $VT_IF $1"; }
    [ -s /tmp/traffic.data ] || make_data /tmp/traffic.data 4 || fail "cannot create test data"
    xfer vt /tmp/traffic.data "$PEER_IP" 60 || { lab_diag; fail "4 MB $VT_IF -> peer $1"; }
    xfer peer /tmp/traffic.data "$VT_IP" 60 || { lab_diag; fail "4 MB peer -> $VT_IF $1"; }
    log "ok: $1: $_te echoes and 4 MB each way"
}

# xfer_under FROM FILE DEST SECONDS N LAST STEP : xfer in the background and, once
# data has arrived and while the client sends, call `STEP N`, `STEP N+1`, ... up to
# `STEP LAST`, one every 0.3 s; STEP makes one change (MTU, ring size, ...) and
# returns non-zero if it failed. Sets XSTEP to the next step number (LAST + 1 once
# all ran). Fails if the transfer or a step failed. Scenarios repeat it until every
# step ran under traffic, whatever the transfer speed. The loop uses shell builtins
# only: under TCG a busy guest leaves little time to a polling shell.
xfer_under() {
    _uf=$2; _un=$5; _ulast=$6; _ustep=$7
    rm -f "$_uf.busy"
    xfer "$1" "$2" "$3" "$4" >/tmp/.xfer-under.log 2>&1 &
    _upid=$!
    _ubad=0
    while [ "$_un" -le "$_ulast" ] && kill -0 "$_upid" 2>/dev/null; do
        # Data has arrived (so the connection, and its MSS, are set up) and the
        # client still sends.
        if [ -s "$_uf.rx" ] && [ -f "$_uf.busy" ]; then
            if "$_ustep" "$_un"; then
                read -r _ut _ </proc/uptime
                echo "[$_ut]   step $_un while the transfer runs: ${STEP_DONE:-}"
            else
                _ubad=1; break
            fi
            _un=$((_un + 1))
            sleep 0.3
        else
            sleep 0.1
        fi
    done
    wait "$_upid"; _urc=$?
    cat /tmp/.xfer-under.log
    # shellcheck disable=SC2034 # read by the caller
    XSTEP=$_un
    [ "$_ubad" -eq 0 ] || { echo "step $_un failed" >&2; return 1; }
    [ "$_urc" -eq 0 ] || { echo "the transfer failed" >&2; return 1; }
    return 0
}

# xfer_steps FROM FILE DEST COUNT STEP WHAT [PREP] : transfers of FILE (xfer_under,
# at most 6) until `STEP 0` ... `STEP COUNT-1` have all run while data flowed. PREP,
# if given, runs before each transfer. WHAT names the changes in messages. Sets
# XFERS to the number of transfers; fails if a transfer or a step failed.
xfer_steps() {
    _xs_n=0; _xs_t=0
    while [ "$_xs_n" -lt "$4" ]; do
        _xs_t=$((_xs_t + 1))
        if [ "$_xs_t" -gt 6 ]; then
            echo "$1: only $_xs_n of $4 $6 happened under traffic in 6 transfers" >&2
            return 1
        fi
        [ -z "${7:-}" ] || "$7" || return 1
        xfer_under "$1" "$2" "$3" 240 "$_xs_n" $(($4 - 1)) "$5" ||
            { lab_diag; echo "transfer $_xs_t ($1 -> $3) failed while the $6 ran" >&2; return 1; }
        _xs_n=$XSTEP
    done
    # shellcheck disable=SC2034 # read by the caller
    XFERS=$_xs_t
}

# ---- ethtool ---------------------------------------------------------------------
# ethtool_field IF FIELD [peer] : value of "FIELD: value" in `ethtool IF`.
ethtool_field() {
    if [ "${3:-}" = peer ]; then _o=$(peer ethtool "$1" 2>/dev/null); else _o=$(ethtool "$1" 2>/dev/null); fi
    echo "$_o" | sed -n "s/^[[:space:]]*$2:[[:space:]]*//p" | head -n 1
}
# ethtool_stat IF NAME : one counter of `ethtool -S IF` (empty if absent).
ethtool_stat() {
    ethtool -S "$1" 2>/dev/null | sed -n "s/^[[:space:]]*$2:[[:space:]]*//p" | head -n 1
}

# ---- probe -----------------------------------------------------------------------
# probe_card : what every probe scenario asserts about the card under test.
probe_card() {
    [ -n "${VT_IF:-}" ] && [ -e "/sys/class/net/$VT_IF" ] || fail "no network interface for driver $DRIVER"
    _dev=$(readlink -f "/sys/class/net/$VT_IF/device")
    _bdf=$(basename "$_dev")
    _drv=$(basename "$(readlink "$_dev/driver")")
    log "$VT_IF: PCI $_bdf, driver $_drv, vendor $(cat "$_dev/vendor") device $(cat "$_dev/device") revision $(cat "$_dev/revision")"
    lab_driver_is "$DRIVER" "$_drv" || fail "$VT_IF is bound to '$_drv', expected $DRIVER"
    grep -q "^${DRIVER_MODULE:-$(lab_module_of "$DRIVER")} " /proc/modules || fail "module ${DRIVER_MODULE:-$DRIVER} not in /proc/modules"
    if is_vt6122; then
        [ "$(cat "$_dev/vendor")" = 0x1106 ] || fail "PCI vendor $(cat "$_dev/vendor"), expected 0x1106"
        [ "$(cat "$_dev/device")" = 0x3119 ] || fail "PCI device $(cat "$_dev/device"), expected 0x3119"
        [ "$(cat "$_dev/class")" = 0x020000 ] || fail "PCI class $(cat "$_dev/class"), expected 0x020000 (Ethernet)"
        # PCI revision: what the chip generation is keyed on.
        _want=$(printf '0x%02x' "$LAB_REV")
        [ "$(cat "$_dev/revision")" = "$_want" ] || fail "PCI revision $(cat "$_dev/revision"), QEMU was given $_want"
        log "ok: PCI 1106:3119 class 0x020000 revision $_want"
    fi
    # The MAC QEMU was given (held in the emulated EEPROM, loaded into PAR).
    _mac=$(cat "/sys/class/net/$VT_IF/address")
    [ "$_mac" = "$VT_MAC" ] || fail "$VT_IF MAC $_mac, QEMU was given $VT_MAC"
    _perm=$(ethtool -P "$VT_IF" 2>/dev/null | sed -n 's/^Permanent address: *//p')
    [ "$_perm" = "$VT_MAC" ] || fail "ethtool -P $VT_IF: '$_perm', expected $VT_MAC"
    log "ok: MAC $VT_MAC (address and permanent address)"
    # ethtool -i names the same driver and PCI function.
    _ei=$(ethtool -i "$VT_IF") || fail "ethtool -i $VT_IF failed"
    echo "$_ei" | sed 's/^/    /'
    [ "$(echo "$_ei" | sed -n 's/^driver: *//p')" = "$_drv" ] || fail "ethtool -i driver differs from the bound driver $_drv"
    [ "$(echo "$_ei" | sed -n 's/^bus-info: *//p')" = "$_bdf" ] || fail "ethtool -i bus-info differs from $_bdf"
    # The probe message names the MAC.
    dmesg | grep -i "$_bdf\|$VT_IF" | grep -qi "$VT_MAC" || fail "no kernel message of $_bdf/$VT_IF names $VT_MAC"
    # Where the driver prints a revision, it must be the one QEMU was given. via-velocity
    # reads it (MMIO 0x86 / PCI config 0x08) but prints it nowhere; nothing to compare then.
    if is_vt6122; then
        _rl=$(dmesg | grep -i "$_bdf\|$VT_IF" | grep -i 'rev' | head -n 1)
        _rv=$(echo "$_rl" | sed -n 's/.*[Rr][Ee][Vv][A-Za-z.]*[ :=]*\(0[xX]\)\{0,1\}\([0-9a-fA-F][0-9a-fA-F]*\).*/\2/p')
        if [ -n "$_rv" ]; then
            [ "$(printf '0x%02x' "0x$_rv")" = "$_want" ] || fail "driver reports revision 0x$_rv ('$_rl'), QEMU was given $_want"
            log "ok: driver reports $_rl"
        else
            log "note: $DRIVER does not print the revision"
        fi
    fi
    return 0
}

# lab_diag : print the state that explains a traffic failure (driver and model
# counters, neighbours, link). Scenarios call it before failing.
lab_diag() {
    echo "--- diagnostics" >&2
    ip -s -s link show "$VT_IF" >&2
    ip neigh show dev "$VT_IF" >&2
    tc -s qdisc show dev "$VT_IF" >&2
    peer ip -s link show "$PEER_IF" >&2
    peer ip neigh show dev "$PEER_IF" >&2
    if is_vt6122; then
        for _p in stat-tx-frames stat-tx-doorbells stat-rx-frames stat-rx-dropped stat-irqs \
                  stat-speed-mismatch-drops stat-tx-runts stat-tx-len-mismatch stat-tx-hangs; do
            printf '%s=%s ' "$_p" "$(qom_get "$_p")" >&2
        done
        echo >&2
        echo "regs=$(qom_get regs)" >&2
    fi
    dmesg | tail -n 8 >&2
}

# ---- kernel log ------------------------------------------------------------------
# The runner scans the whole kernel log for BUG/WARNING after the scenario, so a
# scenario never clears it (no `dmesg -c`): it marks a point and reads from there.
# pp_trace_start / pp_trace_check MIN : page_pool accounting, exact to the page.
# A pool counts the pages it hands out (hold) and those that come back (release);
# page_pool_destroy() traces page_pool:page_pool_release with their difference
# (inflight) and, while pages are still out (in a socket queue, say), retries every
# second until none are. A pool whose last event shows pages inflight never came
# back to zero: its pages leaked (the kernel only warns "stalled pool shutdown"
# after 60 s, and only for pools without a netdev). pp_trace_check waits up to 70 s
# for every destroyed pool to finish, prints the totals, and fails on a pool still
# holding pages, on a negative count, or on fewer than MIN pools destroyed (a
# check that saw no pool cannot have checked anything).
# The event is switched on at boot by the scenario's `trace=page_pool:page_pool_release`
# tag, never here: turning a tracepoint on or off patches kernel text through int3,
# and TCG once ran such a patch stale ("Oops: int3" in trace_sched_wakeup).
PP_EV=/sys/kernel/tracing/events/page_pool/page_pool_release
pp_trace_start() {
    [ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing ||
        { echo "cannot mount tracefs" >&2; return 1; }
    [ -d "$PP_EV" ] || { echo "no page_pool:page_pool_release tracepoint" >&2; return 1; }
    [ "$(cat "$PP_EV/enable")" = 1 ] ||
        { echo "page_pool:page_pool_release is off (the scenario needs the tag trace=page_pool:page_pool_release)" >&2; return 1; }
    : >/sys/kernel/tracing/trace
}
pp_summary() {
    # page_pool=<p> inflight=<n> hold=<n> release=<n> cnt=<n>, in trace order; a
    # pool's address may be reused only after it finished (inflight 0)
    awk '/page_pool_release: / {
            for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
            p = f["page_pool"]; last[p] = f["inflight"] + 0
            if (f["cnt"] == 1) { made++; pages += f["hold"] }
            if (f["inflight"] == 0) done++
            if (f["inflight"] < 0) neg++
         }
         END {
            for (p in last) if (last[p] != 0) { out++; left += last[p] }
            printf "%d %d %d %d %d %d\n", made, done, out, left, neg, pages
         }' /sys/kernel/tracing/trace
}
pp_trace_check() {
    _pmin=$1 _pw=0
    while :; do
        # shellcheck disable=SC2046 # six numbers, split on purpose
        set -- $(pp_summary)
        [ "$3" -gt 0 ] && [ "$_pw" -lt 70 ] || break
        sleep 1; _pw=$((_pw + 1))
    done
    log "page_pool: $1 pools destroyed, $2 finished, $6 pages handed out in all; after ${_pw} s: $3 pools with $4 pages still out, $5 negative counts"
    [ "$3" -eq 0 ] || { grep "page_pool_release: " /sys/kernel/tracing/trace | tail -n 5 >&2
        echo "page_pool: $3 pools still hold $4 pages 70 s after page_pool_destroy() (a page leak)" >&2; return 1; }
    [ "$5" -eq 0 ] || { echo "page_pool: $5 negative inflight counts (pages returned twice)" >&2; return 1; }
    [ "$1" -ge "$_pmin" ] || { echo "page_pool: $1 pools destroyed, at least $_pmin expected" >&2; return 1; }
}

# kmsg_mark NAME : write the line "lab-mark: NAME" into the kernel log.
kmsg_mark() { echo "lab-mark: $1" >/dev/kmsg; }
# kmsg_since NAME : the kernel log lines after the last "lab-mark: NAME", without
# their timestamps. NAME is matched literally and must not contain '/'.
kmsg_since() {
    dmesg | awk -v m="lab-mark: $1" '
        { l = $0; sub(/^\[[^]]*\] /, "", l) }
        l == m { n = 0; delete b; next }
        { b[++n] = l }
        END { for (i = 1; i <= n; i++) print b[i] }'
}

# ---- the card's registers (vt6122 only) ------------------------------------------
# lab_regs : fetch the model's register file (qom `regs`: 256 bytes as hex) into
# REGS. Paged registers (MAR/CAM at 0x10, ISRCTL at 0x20) show the current page.
lab_regs() {
    REGS=$(qom_get regs | tr -d '"')
    [ "${#REGS}" -eq 512 ] || { echo "qom regs: unexpected answer '$REGS'" >&2; return 1; }
}
# regb OFF : the byte at OFF (e.g. 0x7c) in the last lab_regs dump, in decimal.
regb() {
    _o=$(( $1 * 2 + 1 ))
    echo $(( 0x$(printf '%s' "$REGS" | cut -c"$_o-$((_o + 1))") ))
}
# regw OFF : the little-endian 16-bit value at OFF, in decimal.
regw() { echo $(( $(regb "$1") | ($(regb $(( $1 + 1 ))) << 8) )); }

# mc_hash_bit MAC : the bit (0-63) of the 64-bit multicast hash (MAR) that MAC
# selects: the six most significant bits of its big-endian Ethernet CRC-32
# (Linux ether_crc(), QEMU net_crc32()). Used to pick a group outside the hash.
mc_hash_bit() {
    _crc=4294967295
    for _b in $(echo "$1" | tr ':' ' '); do
        _v=$((0x$_b)); _j=0
        while [ "$_j" -lt 8 ]; do
            _c=$(( ((_crc >> 31) & 1) ^ (_v & 1) ))
            _crc=$(( (_crc << 1) & 4294967295 ))
            [ "$_c" -eq 1 ] && _crc=$(( _crc ^ 0x04c11db7 ))
            _v=$((_v >> 1)); _j=$((_j + 1))
        done
    done
    echo $(( _crc >> 26 ))
}

# ---- host ------------------------------------------------------------------------
# via_lost_srci : true for via-velocity when it has lost the link-change interrupt,
# its upstream race: the model's MII auto-poll reports within one MDIO frame (25.6
# us), so the SRCI for the autonegotiation it restarts during init arrives before
# init ends with an unconditional ISR clear; auto-poll (which SRCI turns off) stays
# off and PHYSR0 never sees the link again.  The signature: MIICR.MAUTO clear while
# the interface is up (via-velocity re-enables it after every MII access and SRCI).
# via_vt3286_stalled: via-velocity on a VT3286 (rev 0x80 and up) that has credited
# RBRDU past the ring size (upstream, hardware reference 7 #6): the card stalls RX
# and no scenario that passes traffic can run. Scenarios that check that stall
# declare expect=stat-rbrdu-overcredit for via-velocity and run.
via_vt3286_stalled() {
    [ "$DRIVER" = via-velocity ] && [ $((${LAB_REV:-0x11})) -ge $((0x80)) ] || return 1
    case ",${LAB_EXPECT:-}," in *,stat-rbrdu-overcredit,*) return 1 ;; esac
    _voc=$(qom_num stat-rbrdu-overcredit) || return 1
    [ "$_voc" -gt 0 ]
}
via_vt3286_why() {
    echo "via-velocity is known broken on VT3286 (it credited RBRDU past the ring size, stat-rbrdu-overcredit $(qom_num stat-rbrdu-overcredit); the card stalls RX: probe-rev80, pcie, dma-high check it)"
}
via_lost_srci() {
    [ "$DRIVER" = via-velocity ] || return 1
    _vsave=${REGS:-}
    lab_regs || { REGS=$_vsave; return 1; }
    _vmiicr=$(regb 0x70)
    REGS=$_vsave
    [ $((_vmiicr & 0x80)) -eq 0 ]
}

# qom_get PROP : print a property of the card under test. Fails (status 1, a line on
# stderr) when lab-host fails or QEMU answers with an error ("Error: ...") or with
# nothing; the failure is also recorded in $LAB_QOM_ERRORS, and /init fails a
# scenario that had one, so a caller that drops the status in `$(...)` is caught too.
# qom_num PROP : the same, and the answer must be a decimal number (counters).
# qom_set PROP VALUE : set it; fails on a monitor error (HMP prints nothing on success).
LAB_QOM_ERRORS=/run/lab-qom-errors
qom_error() {
    echo "qom: $*" >&2
    echo "$*" >>"$LAB_QOM_ERRORS"
    return 1
}
qom_get() {
    _qg=$(lab-host qom-get "/machine/peripheral/$VT_QDEV" "$1" 2>&1); _qgs=$?
    _qg=$(printf '%s' "$_qg" | tr -d '\r')
    [ "$_qgs" -eq 0 ] || { qom_error "qom-get $1: lab-host status $_qgs: $_qg"; return 1; }
    case $_qg in
        "") qom_error "qom-get $1: empty answer"; return 1 ;;
        Error*|*"
Error"*) qom_error "qom-get $1: $_qg"; return 1 ;;
    esac
    printf '%s\n' "$_qg"
}
qom_num() {
    _qn=$(qom_get "$1") || return 1
    case $_qn in
        ""|*[!0-9]*) qom_error "qom-get $1: not a number: '$(printf '%.40s' "$_qn")'"; return 1 ;;
    esac
    echo "$_qn"
}
# qom_nums PROP... : "PROP VALUE" per property, every value a decimal number, in one
# request (the runner's qom-get-list): the end checks read ten counters this way.
qom_nums() {
    _qm=$(lab-host qom-get-list "/machine/peripheral/$VT_QDEV" "$@" 2>&1); _qms=$?
    _qm=$(printf '%s' "$_qm" | tr -d '\r')
    [ "$_qms" -eq 0 ] || { qom_error "qom-get-list $*: lab-host status $_qms: $_qm"; return 1; }
    _qmbad=$(printf '%s\n' "$_qm" | awk -v n=$# 'NF != 2 || $2 !~ /^[0-9]+$/ { print; exit } END { if (NR != n) print NR " answers for " n " properties" }')
    [ -z "$_qmbad" ] || { qom_error "qom-get-list: $(printf '%.60s' "$_qmbad")"; return 1; }
    printf '%s\n' "$_qm"
}
qom_set() {
    _qs=$(lab-host qom-set "/machine/peripheral/$VT_QDEV" "$1" "$2" 2>&1); _qss=$?
    _qs=$(printf '%s' "$_qs" | tr -d '\r')
    [ "$_qss" -eq 0 ] || { qom_error "qom-set $1 $2: lab-host status $_qss: $_qs"; return 1; }
    [ -z "$_qs" ] || { qom_error "qom-set $1 $2: $_qs"; return 1; }
}

# ---- after the scenario ------------------------------------------------------------
# Counters that must be 0 after every scenario unless its header declares them
# (`# lab: expect=NAME,...`, `expect-velocity=`, `expect-via-velocity=`).
# The model's: each counts a hardware rule the driver broke (tests/qemu/vt6122.c):
#   stat-tx-len-mismatch   a TD whose total size differs from its buffers
#   stat-tx-runts          a frame under 60 bytes sent (the chip does not pad)
#   stat-tx-hangs          a VT3286 frame over 4 KB (hangs the TX MAC)
#   stat-rbrdu-not-x4      RBRDU credit not a multiple of four (lost)
#   stat-rbrdu-overcredit  VT3286 credit past the ring size (stalls RX)
#   stat-align-errors      a ring not 64-byte aligned, an RX buffer not 4-byte aligned
#   stat-dma-above-4g      DMA at or above 4 GB without DAC enabled (refused)
#   stat-d3-accesses       register accesses in D3hot (ignored by the chip)
#   stat-rx-too-many-rds   a frame no RX ring could hold (buffers too small)
#   stat-speed-mismatch-drops  MAC and PHY at different speeds (frames lost)
# The driver's (ethtool -S; velocity has them, via-velocity has none): its recovery
# counters, which are silent otherwise.
LAB_MODEL_RULES="stat-tx-len-mismatch stat-tx-runts stat-tx-hangs stat-rbrdu-not-x4
stat-rbrdu-overcredit stat-align-errors stat-dma-above-4g stat-d3-accesses
stat-rx-too-many-rds stat-speed-mismatch-drops"
LAB_DRIVER_RULES="resets tx_timeouts tx_dma_stalls rx_dma_stalls mib_read_errors tx_map_fail"

# lab_after_checks : /init runs it after a scenario that passed (and lab_poweroff
# before powering off): no monitor error during the scenario, and every counter
# above 0 unless declared in $LAB_EXPECT. The driver's counters are read from the
# interface with the card's MAC (after a reload: the last instance's). Each failed
# check prints "@@LAB END-CHECK fail: why" (the runner shows the first as the
# reason); one "@@LAB END-CHECK counters ..." line records every value read.
# Returns 1 if any check failed.
lab_after_checks() {
    _ac_bad=0
    if [ -s "$LAB_QOM_ERRORS" ]; then
        while IFS= read -r _ac_l; do
            echo "@@LAB END-CHECK fail: monitor error during the scenario: $_ac_l"
        done <"$LAB_QOM_ERRORS"
        _ac_bad=1
    fi
    _ac_exp=$(echo "${LAB_EXPECT:-}" | tr ',' ' ')
    for _ac_e in $_ac_exp; do
        case " $(echo $LAB_MODEL_RULES) $LAB_DRIVER_RULES " in
            *" $_ac_e "*) ;;
            *) echo "@@LAB END-CHECK fail: expect=$_ac_e is not a checked counter"; _ac_bad=1 ;;
        esac
    done
    _ac_vals=""
    # The driver first: its ethtool -S reads the chip, which the model's counters
    # then include.
    _ac_if=$(lab_if_by_mac "$VT_MAC" 2>/dev/null) || _ac_if=""
    if [ -n "$_ac_if" ]; then
        _ac_s=$(ethtool -S "$_ac_if" 2>/dev/null) || _ac_s=""
        for _ac_c in $LAB_DRIVER_RULES; do
            _ac_v=$(echo "$_ac_s" | sed -n "s/^[[:space:]]*$_ac_c:[[:space:]]*//p" | head -n 1)
            [ -n "$_ac_v" ] || continue
            _ac_vals="$_ac_vals $_ac_c=$_ac_v"
            lab_after_judge "$_ac_c" "$_ac_v" "$_ac_exp" || _ac_bad=1
        done
    fi
    if is_vt6122 && [ -z "${LAB_AC_NOQOM:-}" ]; then
        # shellcheck disable=SC2086 # the list, split on purpose
        if _ac_all=$(qom_nums $LAB_MODEL_RULES); then
            while read -r _ac_c _ac_v; do
                _ac_vals="$_ac_vals $_ac_c=$_ac_v"
                lab_after_judge "$_ac_c" "$_ac_v" "$_ac_exp" || _ac_bad=1
            done <<EOF
$_ac_all
EOF
        else
            echo "@@LAB END-CHECK fail: cannot read the model's counters"; _ac_bad=1
        fi
    fi
    echo "@@LAB END-CHECK counters${_ac_vals} expect=${LAB_EXPECT:-}"
    [ "$_ac_bad" -eq 0 ] && echo "@@LAB END-CHECK ok"
    return "$_ac_bad"
}
# lab_after_judge NAME VALUE EXPECTED-LIST : a counter is fine at 0 or when declared.
lab_after_judge() {
    [ "$2" = 0 ] && return 0
    case " $3 " in *" $1 "*) return 0 ;; esac
    echo "@@LAB END-CHECK fail: $1=$2 (must stay 0; a scenario that expects it declares expect=$1)"
    return 1
}

# Is the card under test the emulated VT6122 (not the --card e1000 self-test)?
is_vt6122() { [ "${LAB_CARD:-vt6122}" = vt6122 ]; }

# ---- files for the host ------------------------------------------------------------
# lab_send_file NAME FILE : put FILE on the console (base64 between markers); the
# runner saves it as <scenario>.NAME next to the console log.
lab_send_file() {
    [ -r "$2" ] || { echo "lab_send_file: cannot read $2" >&2; return 1; }
    echo "@@LAB FILE-BEGIN $1"
    base64 <"$2"
    echo "@@LAB FILE-END $1"
}

# ---- power-off (scenarios tagged `poweroff`) ---------------------------------------
# lab_poweroff PROP=VALUE... : dump the kernel log, power the guest off, and have the
# runner check the card's QOM properties once the VM has stopped (QEMU runs with
# -no-shutdown), e.g. `lab_poweroff wol-armed=true pm-state=3`. Does not return: the
# runner gives the verdict. Every kernel message from the shutdown hooks on goes to
# the console, where the runner scans it for BUG/WARNING.
lab_poweroff() {
    _po_more=""
    if [ -n "${LAB_ICOUNT:-}" ] && is_vt6122; then
        # Under --icount a host read lets the idle guest's clock run on while the
        # host answers (timers fire more or fewer times): the runner checks the
        # model's counters itself once the guest is off, and the run repeats.
        for _po_c in $LAB_MODEL_RULES; do
            case " $(echo "${LAB_EXPECT:-}" | tr ',' ' ') " in
                *" $_po_c "*) _po_more="$_po_more $_po_c=*" ;;
                *) _po_more="$_po_more $_po_c=0" ;;
            esac
        done
        LAB_AC_NOQOM=1 lab_after_checks || fail "end-of-scenario checks failed (before power-off)"
    else
        lab_after_checks || fail "end-of-scenario checks failed (before power-off)"
    fi
    echo "@@LAB DMESG-BEGIN"
    dmesg
    echo "@@LAB DMESG-END"
    dmesg -n 8
    echo "@@LAB POWEROFF $*$_po_more"
    sleep 0.3
    poweroff -f
    sleep 30
    fail "poweroff -f returned"
}
