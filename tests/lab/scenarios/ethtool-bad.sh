#!/bin/sh
# ethtool-bad: every ethtool setter refuses values just outside its range and absurd
# ones with a clear error, and changes nothing; traffic flows afterwards.
#
# The state compared before and after each refused command: `ethtool IF` (link
# modes, speed, duplex, port, PHYAD, transceiver, MDI-X, autonegotiation, Wake-on,
# message level; not the link partner's lines), `ethtool -g`, `-c`, `-k`, `-a`, the
# MTU; after each group of commands (-G, -C, ...) also the md5 of `ethtool -e` and
# the chip's RDCSize, TDCSize, TQETMR, RQETMR, CR2, DCFG0 and MCFG0 from the
# register dump (slow to read under TCG). Each refusal must exit non-zero
# with the expected text in its output: the driver's extack message where the API
# has one (ring and coalescing paths on 6.1), the core's extack where the core
# refuses, else the errno text (set_link_ksettings, set_pauseparam and set_eeprom
# take no extack on 6.1: the core adds "link settings update failed" to the
# former).
#
#   -G  rx 63, rx 0 ("rx must be 64-252 (rounded down to a multiple of 4)"),
#       rx 253, rx 2^32-1, tx 257, rx-mini 1, rx-jumbo 1 (core: "requested ring size
#       exceeds maximum"), tx 15, tx 0 ("tx must be 16-256"), rx-buf-len, cqe-size,
#       tx-push (core: "... not supported"), rx 2^32 (ethtool's parser)
#   -C  rx-frames 256, tx-frames 256, rx-frames 2^32-1 ("... must be 0-255"),
#       rx-usecs 4033, tx-usecs 2^32-1 ("... must be 0-4032"), rx-frames 8 rx-usecs 0
#       / tx-frames 8 tx-usecs 0 ("... needs ...-usecs to flush a partial batch"),
#       adaptive-rx, rx-frames-irq, stats-block-usecs (core: "cannot modify an
#       unsupported parameter")
#   -s  speed 10000 / 1000 duplex full / 1000 duplex half / 100 duplex bogus with
#       autoneg off, speed 10000 autoneg on, autoneg off at 1000 (gigabit needs
#       autonegotiation), advertise 0, 0x1000 (10000baseT only), 0x1008 (100 full
#       plus 10000baseT: refused, not quietly trimmed), port fibre, mdix on, phyad 31
#       ("link settings update failed"), wol s, wol f (core: "cannot enable
#       unsupported WoL mode"), sopass (core: "magicsecure not supported"),
#       msglvl 2^32, msglvl foo (ethtool's parser)
#   -A  autoneg on rx off, autoneg on tx off ("Invalid argument": as negotiated
#       always offers both directions)
#   -E  the wrong magic ("Invalid argument"), offset 128 with the right magic
#       (past the 128-byte EEPROM: ethtool itself refuses, "offset & length out of
#       bounds"), value 256 (ethtool's parser); ethtool -e reads the same bytes after
#   -K  rx-vlan-filter off, rx-vlan-offload off (fixed on), tso on, ntuple on,
#       loopback on (fixed off): "Could not change any device features"
#   -L combined 2: "requested channel count exceeds maximum" (one combined channel)
#   -p, --set-eee: "Operation not supported" (no such callbacks)
#   -r  with autonegotiation off (forced 100 full, then back): "Invalid argument"
#   ip link set mtu 67 / max+1 / 0 ("mtu less than device minimum" / "greater
#       than device maximum")
# Then 5 echoes and 4 MB each way (sha256 equal).
#
# via-velocity (the control): the same list in survey mode: each outcome, and
# whether the state differs from before that command, is logged; at the end its
# start settings are put back (coalescing, autoneg with every mode, wol g, MTU
# 1500). Checked strictly for it: no -g/-G and no -a/-A ("Operation not
# supported"), and the traffic at the end. What it did (lab 2026-11-30):
#   refused: every -G and -A (no such callbacks), -C out of range ("Invalid
#     argument", no message), -s speed 10000 / 1000 half with autoneg off and
#     speed 10000 with autoneg on ("link settings update failed"), msglvl (no
#     callback), -E (no EEPROM: ethtool says "offset & length out of bounds"),
#     wol s/f and sopass, fixed -K features, -L/-p/--set-eee, MTU 0 and 9001;
#   accepted (exit 0): -C rx-frames 8 rx-usecs 0 and tx-frames 8 tx-usecs 0
#     (state changed: a batch below 8 frames waits for more), -s speed 1000
#     duplex full autoneg off (state changed), then autoneg off, advertise 0,
#     0x1000, 0x1008, port fibre, mdix on, phyad 31 (exit 0, nothing visible
#     changed), MTU 67 (its minimum is 64; below 68 the kernel removes the
#     interface's IPv4 address, so the survey's restore runs lab_net).
#
# Negative control (2026-11-30): a velocity.ko without set_ringparam's TX minimum
# fails at `-G tx 15` (accepted).
# lab: timeout=1500 long
set -eu
. /lab/lib.sh

# state [full] : what the driver shows; with "full" also the EEPROM and the chip's
# registers (slow under TCG: read after each group of commands, not each command)
state() {
    ethtool "$VT_IF" | awk '/^\t[A-Za-z]/ { k = $0 } k !~ /Link partner/ { print }'
    ethtool -g "$VT_IF" 2>&1 || true
    ethtool -c "$VT_IF" 2>&1 || true
    ethtool -k "$VT_IF" 2>&1 || true
    ethtool -a "$VT_IF" 2>&1 || true
    echo "mtu $(cat "/sys/class/net/$VT_IF/mtu")"
    [ "${1:-}" = full ] || return 0
    echo "eeprom $(ethtool -e "$VT_IF" raw on 2>&1 | md5sum)"
    if is_vt6122; then
        lab_regs || { echo "regs: unreadable"; return 0; }
        echo "RDCSize=$(regw 0x50) TDCSize=$(regw 0x52) TQETMR=$(regb 0x3e) RQETMR=$(regb 0x3f) CR2=$(regb 0x0a) DCFG0=$(regb 0x7c) MCFG0=$(regb 0x7e)"
    fi
}

S0=$(state); F0=$(state full)
echo "$F0" | sed 's/^/    /'
# group NAME : after a group of commands, the full state (EEPROM, registers) too
group() {
    [ "$DRIVER" = via-velocity ] && return 0
    _f=$(state full)
    if [ "$_f" != "$F0" ]; then
        echo "$F0" >/tmp/s0; echo "$_f" >/tmp/s1
        diff /tmp/s0 /tmp/s1 >&2 || true
        fail "after the $1 commands: the EEPROM or the chip's registers changed"
    fi
    log "ok: after the $1 commands: EEPROM and registers unchanged"
}
NREF=0; SURVEY=""
# bad EXPECT CMD... : CMD must fail, its output must hold EXPECT (a fixed string;
# "" for any), the state must not change. For via-velocity: survey (log only).
bad() {
    _want=$1; shift
    if "$@" >/tmp/bad.out 2>&1; then _rc=0; else _rc=$?; fi
    _out=$(tr '\n' ' ' </tmp/bad.out)
    _s=$(state)
    if [ "$DRIVER" = via-velocity ]; then
        # compared with the state before this command (an accepted one stays)
        _chg=same; [ "$_s" = "$SPREV" ] || _chg=CHANGED
        log "survey: $* -> rc=$_rc, state $_chg: $_out"
        SURVEY="$SURVEY
$* | rc=$_rc | $_chg"
        SPREV=$_s
        return 0
    fi
    [ "$_rc" -ne 0 ] || fail "accepted: $* (output: $_out)"
    if [ -n "$_want" ]; then
        grep -qF -- "$_want" /tmp/bad.out || fail "$*: refused (rc=$_rc) but without '$_want': $_out"
    fi
    if [ "$_s" != "$S0" ]; then
        echo "$S0" >/tmp/s0; echo "$_s" >/tmp/s1
        diff /tmp/s0 /tmp/s1 >&2 || true
        fail "$*: refused, but the state changed"
    fi
    NREF=$((NREF + 1))
    log "ok: refused, nothing changed: $* -> $_out"
}
SPREV=$S0
# restore: back to the settings of the start (via-velocity's survey only)
restore() {
    # shellcheck disable=SC2046 # "name value" pairs
    ethtool -C "$VT_IF" $(echo "$S0" | awk '/^(rx|tx)-(frames|usecs):/ { sub(":", "", $1); print $1, $2 }') 2>/dev/null || true
    ethtool -s "$VT_IF" autoneg on advertise 0x03f 2>/dev/null || true
    ethtool -s "$VT_IF" wol g 2>/dev/null || true
    ip link set "$VT_IF" mtu 1500 2>/dev/null || true
    # an MTU below 68 took the IPv4 address away: address and link again
    lab_net || true
}

E=$VT_IF
# ---- -G (extack)
bad "rx must be 64-252 (rounded down to a multiple of 4)" ethtool -G "$E" rx 63
bad "rx must be 64-252 (rounded down to a multiple of 4)" ethtool -G "$E" rx 0
bad "requested ring size exceeds maximum" ethtool -G "$E" rx 253
bad "requested ring size exceeds maximum" ethtool -G "$E" rx 4294967295
bad "tx must be 16-256" ethtool -G "$E" tx 15
bad "tx must be 16-256" ethtool -G "$E" tx 0
bad "requested ring size exceeds maximum" ethtool -G "$E" tx 257
bad "requested ring size exceeds maximum" ethtool -G "$E" rx-mini 1
bad "requested ring size exceeds maximum" ethtool -G "$E" rx-jumbo 1
bad "setting rx buf len not supported" ethtool -G "$E" rx-buf-len 2048
bad "setting cqe size not supported" ethtool -G "$E" cqe-size 64
bad "setting tx push not supported" ethtool -G "$E" tx-push on
bad "" ethtool -G "$E" rx 4294967296
group -G
# ---- -C (extack)
bad "rx-frames and tx-frames must be 0-255" ethtool -C "$E" rx-frames 256
bad "rx-frames and tx-frames must be 0-255" ethtool -C "$E" tx-frames 256
bad "rx-frames and tx-frames must be 0-255" ethtool -C "$E" rx-frames 4294967295
bad "rx-usecs and tx-usecs must be 0-4032" ethtool -C "$E" rx-usecs 4033
bad "rx-usecs and tx-usecs must be 0-4032" ethtool -C "$E" tx-usecs 4294967295
bad "rx-frames needs rx-usecs to flush a partial batch" ethtool -C "$E" rx-frames 8 rx-usecs 0
bad "tx-frames needs tx-usecs to flush a partial batch" ethtool -C "$E" tx-frames 8 tx-usecs 0
bad "cannot modify an unsupported parameter" ethtool -C "$E" adaptive-rx on
bad "cannot modify an unsupported parameter" ethtool -C "$E" rx-frames-irq 4
bad "cannot modify an unsupported parameter" ethtool -C "$E" stats-block-usecs 1
group -C
# ---- -s link settings (no extack in the driver's API: the core's message)
LSF="link settings update failed"
bad "$LSF" ethtool -s "$E" speed 10000 duplex full autoneg off
bad "$LSF" ethtool -s "$E" speed 1000 duplex full autoneg off
bad "$LSF" ethtool -s "$E" speed 1000 duplex half autoneg off
bad "" ethtool -s "$E" speed 100 duplex bogus autoneg off
bad "$LSF" ethtool -s "$E" speed 10000 autoneg on
bad "$LSF" ethtool -s "$E" autoneg off
bad "$LSF" ethtool -s "$E" advertise 0
bad "$LSF" ethtool -s "$E" advertise 0x1000
bad "$LSF" ethtool -s "$E" advertise 0x1008
bad "$LSF" ethtool -s "$E" port fibre
bad "$LSF" ethtool -s "$E" mdix on
bad "$LSF" ethtool -s "$E" phyad 31
# ---- -s wol, msglvl
bad "cannot enable unsupported WoL mode" ethtool -s "$E" wol s
bad "cannot enable unsupported WoL mode" ethtool -s "$E" wol f
bad "magicsecure not supported, cannot set password" ethtool -s "$E" sopass 01:02:03:04:05:06
bad "" ethtool -s "$E" msglvl 0x100000000
bad "" ethtool -s "$E" msglvl foo
group -s
# ---- -A
bad "Invalid argument" ethtool -A "$E" autoneg on rx off
bad "Invalid argument" ethtool -A "$E" autoneg on tx off
group -A
# ---- -E (magic: PCI vendor and device IDs)
bad "Invalid argument" ethtool -E "$E" magic 0x31191107 offset 0 value 0xff
bad "offset & length out of bounds" ethtool -E "$E" magic 0x31191106 offset 128 value 0
bad "" ethtool -E "$E" magic 0x31191106 offset 0 value 256
group -E
# ---- -K fixed features
for f in "rx-vlan-filter off" "rx-vlan-offload off" "tso on" "ntuple on" "loopback on"; do
    # shellcheck disable=SC2086 # "feature value"
    bad "Could not change any device features" ethtool -K "$E" $f
done
# ---- -L: one combined channel, the core refuses more (extack)
bad "requested channel count exceeds maximum" ethtool -L "$E" combined 2
# ---- no such callbacks
bad "Operation not supported" ethtool -p "$E" 1
bad "Operation not supported" ethtool --set-eee "$E" eee on
# ---- MTU
maxmtu=$(ip -d link show "$E" | sed -n 's/.* maxmtu \([0-9]*\).*/\1/p')
bad "mtu less than device minimum" ip link set "$E" mtu 67
bad "mtu less than device minimum" ip link set "$E" mtu 0
bad "mtu greater than device maximum" ip link set "$E" mtu $((maxmtu + 1))
group "-K, -L, -p, --set-eee, MTU"

# ---- -r without autonegotiation: force 100 full, refuse -r, back to autoneg
if [ "$DRIVER" = velocity ]; then
    ethtool -s "$E" speed 100 duplex full autoneg off || fail "ethtool -s speed 100 duplex full autoneg off"
    wait_link "$E" 100Mb/s Full 20 || fail "no link at forced 100 full"
    S1=$S0; S0=$(state)
    bad "Invalid argument" ethtool -r "$E"
    S0=$S1
    ethtool -s "$E" autoneg on || fail "ethtool -s autoneg on"
    sleep 1
    wait_carrier "$E" 1 20 || fail "no link after autoneg on"
    _n=0
    until [ "$(state)" = "$S0" ]; do
        _n=$((_n + 1)); [ "$_n" -le 30 ] || fail "the state after autoneg on differs from the start"
        sleep 0.2
    done
fi

if [ "$DRIVER" = via-velocity ]; then
    log "via-velocity survey (command | exit status | state):$SURVEY"
    for c in "-G $E rx 128" "-A $E autoneg on rx off"; do
        # shellcheck disable=SC2086 # options
        if ethtool $c >/tmp/bad.out 2>&1; then fail "via-velocity accepted ethtool $c"; fi
        grep -qF "Operation not supported" /tmp/bad.out || fail "via-velocity: ethtool $c: $(cat /tmp/bad.out)"
    done
    log "as upstream: via-velocity has no -G/-A"
    restore
else
    log "ok: $NREF bad commands refused, each with its message, nothing changed"
fi
wait_carrier "$E" 1 20 || fail "no carrier at the end"
traffic_ok "after the refused commands"
