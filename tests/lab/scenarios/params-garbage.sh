#!/bin/sh
# params-garbage: every module parameter with garbage gets one clear line and
# changes nothing: the card probes with the defaults and passes traffic; garbage the
# kernel's parser refuses fails the load with the kernel's line and leaves nothing.
#
# Every parameter `modinfo -p` lists must be in SPEC below (a new parameter fails
# the scenario until it is added). A clean load first records the visible state
# (the fingerprint: ethtool -g, -c, -a, -k tx-checksumming, speed, duplex,
# autonegotiation, Wake-on, and the chip's DCFG0, DCFG1, MCFG0 threshold, CR2
# pause bits, RDCSize, TDCSize, TQETMR, RQETMR from the register dump). Then seven
# loads, each giving every parameter the same kind of garbage:
#   below  minimum - 1            above  maximum + 1
#   intmax 2147483647             intmin -2147483648
#   neg    -1                     hex    0x1000 (4096: out of range everywhere; the
#                                        kernel parses it, the line shows 4096)
#   list   -5,1 (a per-card list, this card takes the first: -5)
# After each: velocity logs exactly one line per parameter, "P=V out of range
# MIN-MAX, using default D" with the range and default of SPEC, and nothing else
# but its probe and link lines (no second line about the same parameter); the
# fingerprint equals the clean load's; 3 echoes each way pass; rmmod works.
# Then, for every parameter, the garbage the kernel's parser refuses before the
# driver sees it (kstrtoint and the array parser): "abc", 2147483648 (overflow),
# nine list entries (the arrays take 8), and for the first parameter also "12abc",
# -2147483649 and "" (empty). Each must fail
# modprobe with exactly one kernel line naming the parameter ("`V' invalid for
# parameter `P'"; the list "P: can only take 8 arguments" and "`1' invalid for
# parameter `P'", the entry the parser stopped at), no probe line,
# the module not loaded; a clean load after all of them passes traffic with the
# clean fingerprint.
#
# via-velocity (the control) has eight of the parameters (DMA_length,
# RxDescriptors, TxDescriptors, rx_thresh, speed_duplex, flow_control, wol_opts,
# IP_byte_align) and a plain int rx_copybreak with no range at all (every number
# is taken silently, sysfs shows it; the list and the range kinds are not given
# to it); its upstream behaviour, checked as such: out of range logs
# exactly one "the value of parameter P is invalid, the valid range is (MIN-MAX)"
# (no value, no default), -1 is its "not set" value and is taken silently; the
# fingerprint is its rings in the chip (RDCSize, TDCSize), DCFG0, CR2 pause bits,
# speed, duplex and Wake-on (it has no ethtool -g/-a); after some loads (one of
# eight in each of two runs, 2026-11-30, once without the SRCI signature of
# via_lost_srci in lib.sh) it shows 100Mb/s Half and no pause bits, as its PHYSR0
# reads (the cause is not examined here; traffic passes): for it speed, duplex
# and pause bits are left out of the comparison when they differ (logged). The kernel's refusals
# are the kernel's and the same for both.
#
# Negative controls (2026-11-30): a velocity.ko whose rx_copybreak range is
# widened to 0-INT_MAX fails at the first load (its line names 0-2147483647); the
# driver before an out-of-range value stopped counting as given fails there too
# (a second line, "ValPktLen=0 is not supported", after the range line).
# lab: noload timeout=1500 long
set -eu
. /lab/lib.sh

mod=$(lab_module_of "$DRIVER")
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
modprobe e1000 || fail "modprobe e1000"

# name min max default [name in via-velocity's messages]; min "-": not an array and
# never range-checked (via-velocity's rx_copybreak)
if [ "$DRIVER" = via-velocity ]; then
    SPEC="DMA_length 0 7 6 DMA_length
RxDescriptors 64 255 64 RxDescriptors
TxDescriptors 16 256 64 TxDescriptors
rx_thresh 0 3 0 rx_thresh
speed_duplex 0 5 0 Media+link+mode
flow_control 1 5 1 flow_control
wol_opts 0 7 0 Wake+On+Lan+options
IP_byte_align 0 1 0 IP_byte_align
rx_copybreak - - 200 -"
else
    SPEC="DMA_length 0 7 6
int_works 10 256 32
RxDescriptors 64 255 252
TxDescriptors 16 256 256
rx_thresh 0 3 0
speed_duplex 0 5 0
flow_control 1 5 1
wol_opts 0 7 0
IP_byte_align 0 1 0
rx_copybreak 0 1514 200
EnableMRDPL 0 1 0
EnableAI 0 1 1
txque_timer 0 255 89
rxque_timer 0 255 20
tx_intsup 0 255 31
rx_intsup 0 255 31
txcsum_offload 0 1 1
enable_tagging 0 2 0
VID_setting 0 4094 0
ValPktLen 0 1 0"
fi
NAMES=$(echo "$SPEC" | awk '{ print $1 }')
spec() { echo "$SPEC" | awk -v n="$1" -v f="$2" '$1 == n { print (f == 5 && NF < 5) ? $1 : $f }'; }

# Every parameter of the module is covered.
MODP=$(modinfo -p "$mod" | sed -n 's/^\([A-Za-z_0-9]*\):.*/\1/p' | sort)
[ -n "$MODP" ] || fail "modinfo -p $mod lists no parameters"
missing=$(for p in $MODP; do echo "$NAMES" | grep -qx "$p" || echo "$p"; done)
[ -z "$missing" ] || fail "parameters of $mod not covered by this scenario: $(echo "$missing" | tr "\n" " ")"
log "ok: all $(echo "$MODP" | wc -l) parameters of $mod (modinfo -p) covered"

# ---- the visible state -----------------------------------------------------------
fingerprint() {
    lab_regs || fail "cannot read the register dump"
    _s=$(ethtool "$VT_IF")
    _f="speed=$(echo "$_s" | sed -n 's/^[[:space:]]*Speed: //p') duplex=$(echo "$_s" | sed -n 's/^[[:space:]]*Duplex: //p') wol=$(echo "$_s" | sed -n 's/^[[:space:]]*Wake-on: //p')"
    _f="$_f DCFG0=$(regb 0x7c) CR2pause=$(( $(regb 0x0a) & 0x60 )) RDCSize=$(regw 0x50) TDCSize=$(regw 0x52)"
    if [ "$DRIVER" != via-velocity ]; then
        _f="$_f autoneg=$(echo "$_s" | sed -n 's/^[[:space:]]*Auto-negotiation: //p')"
        _f="$_f DCFG1=$(regb 0x7d) MCFG0rft=$(( $(regb 0x7e) & 0x30 )) TQETMR=$(regb 0x3e) RQETMR=$(regb 0x3f)"
        _f="$_f ring=$(ethtool -g "$VT_IF" | sed -n '/^Current/,$p' | awk '/^(RX|TX):/ { printf "%s%s", $1, $2 }')"
        _f="$_f coal=$(ethtool -c "$VT_IF" | awk '/^(rx|tx)-(frames|usecs):/ { printf "%s%s", $1, $2 }')"
        _f="$_f pause=$(ethtool -a "$VT_IF" | awk '/^(Autonegotiate|RX|TX):/ { printf "%s%s", $1, $2 }')"
        _f="$_f txcsum=$(ethtool -k "$VT_IF" | sed -n 's/^tx-checksumming: //p')"
    fi
    echo "$_f"
}

# load NAME K=V ... : modprobe with these parameters, network up; the kernel log of
# the load stays readable with kmsg_since "pg-NAME".
load() {
    LOAD=$1; shift
    GIVEN="$*"
    log "=== load $LOAD: $GIVEN"
    kmsg_mark "pg-$LOAD"
    # shellcheck disable=SC2034 # read by lab_load
    DRIVER_PARAMS=$GIVEN
    lab_up || { kmsg_since "pg-$LOAD" | tail -n 20; fail "$LOAD: modprobe $mod $GIVEN / network setup failed"; }
    sleep 0.5
}
unload() {
    rmmod "$mod" || fail "$LOAD: rmmod $mod"
    ! grep -q "^$mod " /proc/modules || fail "$LOAD: $mod still loaded"
}
traffic() {
    ping_ok vt 3 "$PEER_IP" -i 0.1 >/dev/null || { lab_diag; fail "$LOAD: ping $VT_IF -> peer"; }
    ping_ok peer 3 "$VT_IP" -i 0.1 >/dev/null || { lab_diag; fail "$LOAD: ping peer -> $VT_IF"; }
}

# gval NAME VALUE : the garbage for NAME: VALUE, or its minimum - 1 / maximum + 1
# for "@below" / "@above"
gval() {
    if [ "$(spec "$1" 2)" = - ]; then
        case $2 in @*|*,*) return 0 ;; esac     # no range; a list does not parse
    fi
    case $2 in
        @below) echo $(( $(spec "$1" 2) - 1 )) ;;
        @above) echo $(( $(spec "$1" 3) + 1 )) ;;
        *) echo "$2" ;;
    esac
}
# garbage KIND VALUE : one kind of garbage for every parameter.
garbage() {
    _kind=$1
    _args=""
    for _n in $NAMES; do
        _val=$(gval "$_n" "$2")
        [ -z "$_val" ] || _args="$_args $_n=$_val"
    done
    # shellcheck disable=SC2086 # word list
    load "$_kind" $_args
    _log=$(kmsg_since "pg-$LOAD")
    echo "$_log" | grep -E '^(velocity|via-velocity|via_velocity)|valid range' | sed 's/^/    kmsg: /'
    _n1=0
    for _n in $NAMES; do
        _min=$(spec "$_n" 2); _max=$(spec "$_n" 3); _def=$(spec "$_n" 4)
        _val=$(gval "$_n" "$2")
        [ -n "$_val" ] || continue
        _v=$(printf '%d' "${_val%%,*}")      # as the kernel parsed it (0x1000 -> 4096)
        if [ "$_min" = - ]; then
            # upstream: taken as it is, silently (sysfs shows it)
            _s=$(cat "/sys/module/$mod/parameters/$_n")
            [ "$_s" = "$_v" ] || fail "$LOAD: $_n: sysfs shows '$_s', given $_val"
            echo "$_log" | grep -q "$_n" && fail "$LOAD: a line about $_n, upstream has none"
            log "as upstream: $LOAD: $_n=$_val taken silently"
            continue
        fi
        if [ "$DRIVER" = via-velocity ]; then
            [ "$_v" = -1 ] && continue      # its "not set": default, no line
            _want="the value of parameter $(spec "$_n" 5 | tr + ' ') is invalid, the valid range is ($_min-$_max)"
            _c=$(echo "$_log" | grep -cF "$_want" || true)
        else
            _want="$_n=$_v out of range $_min-$_max, using default $_def"
            _c=$(echo "$_log" | grep -cE "^velocity [0-9a-f:.]+: $(echo "$_want" | sed 's/[.]/[.]/g')\$" || true)
            # nothing else about this parameter
            _o=$(echo "$_log" | grep -E "^velocity [0-9a-f:.]+( eth[0-9]+)?: .*\<$_n\>" | grep -vF "$_want" || true)
            [ -z "$_o" ] || fail "$LOAD: more than one line about $_n:
$_o"
        fi
        [ "$_c" -eq 1 ] || fail "$LOAD: $_c kernel lines '$_want', expected exactly one"
        _n1=$((_n1 + 1))
    done
    if [ "$DRIVER" = via-velocity ]; then
        _c=$(echo "$_log" | grep -c 'is invalid, the valid range' || true)
    else
        _c=$(echo "$_log" | grep -c ' out of range ' || true)
        _other=$(echo "$_log" | grep -E '^velocity[ :]' | grep -vE \
            -e '^velocity [0-9a-f:.]+( eth[0-9]+)?: VIA .* rev 0x[0-9a-f]+\) [0-9a-f:]{17}, PHY ' \
            -e '^velocity [0-9a-f:.]+ eth[0-9]+: Link is (Up|Down)' \
            -e '^velocity [0-9a-f:.]+: [A-Za-z_]+=-?[0-9]+ out of range -?[0-9]+--?[0-9]+, using default -?[0-9]+$' \
            -e '^velocity: (loading out-of-tree module taints kernel|module verification failed)' \
            -e "$LAB_KMSG_PCI_IRQ" || true)
        [ -z "$_other" ] || fail "$LOAD: unexpected kernel lines from the driver:
$_other"
    fi
    [ "$_c" -eq "$_n1" ] || fail "$LOAD: $_c out-of-range lines, expected $_n1"
    fp_check "$LOAD"
    traffic
    unload
    log "ok: $LOAD: $_n1 lines, one per parameter; defaults in effect; traffic"
}

# fp_check LABEL : the driver's state (fingerprint) is the clean load's, FP0.
fp_check() {
    _fp=$(fingerprint)
    if [ "$_fp" != "$FP0" ] && [ "$DRIVER" = via-velocity ]; then
        # via-velocity: speed, duplex and the pause bits it shows after some loads
        # (the clean one included) are not its defaults' (see the header); the
        # rest must still agree
        _nl='s/speed=[^ ]* duplex=[^ ]* //; s/CR2pause=[^ ]* //'
        log "as upstream: $1: via-velocity shows another link (MIICR.MAUTO $(via_lost_srci && echo off || echo on)): $_fp (clean load: $FP0)"
        _fp=$(echo "$_fp" | sed "$_nl"); _fp0=$(echo "$FP0" | sed "$_nl")
    else
        _fp0=$FP0
    fi
    [ "$_fp" = "$_fp0" ] || fail "$1: the state differs from the defaults:
  now     $_fp
  default $_fp0"
}

# ---- clean load: the defaults ----------------------------------------------------
load clean
FP0=$(fingerprint)
log "defaults: $FP0"
_c=$(kmsg_since pg-clean | grep -cE 'out of range|invalid' || true)
[ "$_c" -eq 0 ] || fail "clean load: $_c out-of-range lines"
traffic
unload

garbage below @below
garbage above @above
garbage intmax 2147483647
garbage intmin -2147483648
garbage neg -1
garbage hex 0x1000
garbage list -5,1

# ---- what the kernel's parser refuses ----------------------------------------------
# refused NAME VALUE WANT... : modprobe must fail; the kernel log of the attempt has
# exactly one line equal to each WANT; the driver said nothing and is not loaded.
refused() {
    _n=$1; _val=$2; shift 2
    kmsg_mark "pg-refused"
    if modprobe "$mod" "$_n=$_val" 2>/tmp/mp.err; then
        fail "modprobe $mod $_n='$_val' succeeded; the kernel's parser should refuse it"
    fi
    _log=$(kmsg_since pg-refused)
    for _w in "$@"; do
        _c=$(echo "$_log" | grep -cxF "$_w" || true)
        [ "$_c" -eq 1 ] || fail "$_n='$_val': $_c kernel lines '$_w', expected one (log: $_log)"
    done
    # nothing else from the module or about the parameter (other kernel lines,
    # e.g. "random: crng init done", may fall in the window)
    _c=$(echo "$_log" | grep -cE "^($mod|via-velocity|velocity)[ :]|$_n" || true)
    [ "$_c" -eq $# ] || fail "$_n='$_val': $_c kernel lines, expected $# (log: $_log)"
    ! grep -q "^$mod " /proc/modules || fail "$_n='$_val': $mod is loaded"
}
nref=0; first=1
for n in $NAMES; do
    # the parser is the same for every parameter: the rarer kinds on the first only
    kinds='abc 2147483648'
    [ "$first" = 0 ] || kinds='abc 12abc 2147483648 -2147483649 ""'
    first=0
    for v in $kinds; do
        [ "$v" = '""' ] && v=""
        refused "$n" "$v" "$mod: \`$v' invalid for parameter \`$n'"
        nref=$((nref + 1))
    done
    v=1,1,1,1,1,1,1,1,1
    [ "$(spec "$n" 2)" != - ] || continue      # not an array: "abc" covered it
    # the array parser names the entry it stopped at, the ninth
    refused "$n" "$v" "$n: can only take 8 arguments" "$mod: \`1' invalid for parameter \`$n'"
    nref=$((nref + 1))
done
log "ok: $nref loads refused by the kernel's parser, each with its line naming the parameter, nothing loaded"
load after
fp_check "after the refused loads"
traffic
log "ok: a clean load after the refused ones: defaults, traffic"
