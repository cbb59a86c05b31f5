#!/bin/sh
# bench/perpkt: the workloads of tests/bench, each in a window bracketed by
# labmark (the insncount plugin's marks, when the runner loads it with --plugin):
#   tcp-tx-1500, tcp-rx-1500, tcp-tx-9000, tcp-rx-9000  under --icount: nuttcp, a
#                                fixed byte count ($BENCH_TCP_MB, default 16) each way
#   udp-tx, udp-rx               $BENCH_UDP_COUNT (default 20000) datagrams of 64 bytes
#                                as fast as the sender's socket takes them (labnet blast),
#                                counted by a labnet sink on the other end
#   rr                           $BENCH_RR_COUNT (default 2000) 64-byte UDP
#                                request/response transactions, one at a time (labnet rr)
# and, without --icount instead, nuttcp for $BENCH_TCP_SECS (default 5) s each way at
# each MTU for the Mb/s (tcp-*-rate-mbps). For every window it prints "BENCH <test> <metric>
# <value>" lines: the model's counters over the window (read through lab-host before
# and after it; not under --icount, where the insncount plugin reads them at the
# marks, exactly), the window's guest time (window-ms, between the marks), the marks, and
# the workload's own figures; also the driver module's code range (module base =
# lowest non-init section, coresize) and its functions' addresses (BENCH ksym).
# Under --icount every figure is repeatable.
# With BENCH_EQUAL=1 it first sets the interrupt moderation to $BENCH_COAL (the
# ring sizes come from the runner's --params), the same for both drivers.
# Nothing is asserted: timings are compared, never judged.
# lab: timeout=1800
set -eu
. /lab/lib.sh
is_vt6122 || skip "the bench measures the vt6122"

TCP_MB=${BENCH_TCP_MB:-16}
UDP_COUNT=${BENCH_UDP_COUNT:-20000}
RR_COUNT=${BENCH_RR_COUNT:-2000}
TCP_SECS=${BENCH_TCP_SECS:-5}
COAL=${BENCH_COAL:-rx-frames 16 tx-frames 8 rx-usecs 20 tx-usecs 40}
counters="stat-irqs stat-mmio-reads stat-mmio-writes stat-dma-read-bytes stat-dma-write-bytes stat-tx-doorbells stat-tx-frames stat-rx-frames stat-rx-dropped stat-bus-busy-ns"

mod=${DRIVER_MODULE:-$(echo "$DRIVER" | tr - _)}
base=$(for f in /sys/module/"$mod"/sections/.*; do
	case ${f##*/} in .init*|.|..|.gnu.linkonce*|.note*|__*) continue ;; esac
	cat "$f"
done | sort | head -n 1)
echo "BENCH module $mod base $base size $(cat /sys/module/"$mod"/coresize)"
# the module's functions, for the plugin's per-instruction counts (gran=0)
awk -v m="[$mod]" '$4 == m && ($2 == "t" || $2 == "T") { print "BENCH ksym " $1 " " $3 }' /proc/kallsyms

if [ "${BENCH_EQUAL:-0}" = 1 ]; then
	# shellcheck disable=SC2086 # one word per ethtool argument
	ethtool -C "$VT_IF" $COAL || fail "ethtool -C $COAL"
	log "equal settings: rings from --params ($DRIVER_PARAMS), ethtool -C $COAL"
fi
ethtool -c "$VT_IF" 2>/dev/null | sed -n 's/^\(rx-usecs\|rx-frames\|tx-usecs\|tx-frames\):[[:space:]]*/BENCH setting \1 /p' || true
ethtool -g "$VT_IF" 2>/dev/null | awk '/^Current/ { c = 1 } c && /^(RX|TX):/ { print "BENCH setting ring-" tolower(substr($1, 1, 2)) " " $2 }' || true

snap() {
	# Under --icount the plugin reads the counters at the marks; asking the host here
	# would let the idle guest's clock jump for as long as the host takes to answer,
	# and the run would no longer repeat exactly.
	if [ -n "${LAB_ICOUNT:-}" ]; then
		echo "up=$(cut -d' ' -f1 /proc/uptime)"
		return
	fi
	for c in $counters; do
		printf '%s=%s ' "$c" "$(qom_num "$c")"
	done
	printf 'up=%s\n' "$(cut -d' ' -f1 /proc/uptime)"
}
mark=0
# window NAME CMD... : counters, mark, CMD, mark, counters; CMD's output is kept in /tmp/out
window() {
	_n=$1; shift
	_b=$(snap)
	_t1=$(labmark); mark=$((mark + 1)); _m1=$mark
	"$@" >/tmp/out 2>&1 || { cat /tmp/out; fail "$_n: $*"; }
	_t2=$(labmark); mark=$((mark + 1))
	_a=$(snap)
	echo "BENCH $_n marks $_m1 $mark"
	echo "BENCH $_n window-ms $(awk -v a="$_t1" -v b="$_t2" 'BEGIN { printf "%d", (b - a) * 1000 }')"
	echo "$_b" "$_a" | awk -v t="$_n" '{
		n = NF / 2
		for (i = 1; i <= n; i++) {
			split($i, a, "="); split($(i + n), b, "=")
			v = b[2] - a[2]
			if (a[1] == "up") { a[1] = "wall-ms"; v = v * 1000 }
			sub(/^stat-/, "", a[1])
			printf "BENCH %s %s %d\n", t, a[1], v
		}
	}'
}

# The marks' own cost (a process start and exit), subtracted from each window.
window calib true

peer nuttcp -S >/dev/null 2>&1 || fail "nuttcp server did not start in $PEER_NS"
sleep 0.5
set_mtu() {
	ip link set "$VT_IF" mtu "$1" || fail "mtu $1 on $VT_IF"
	peer ip link set "$PEER_IF" mtu "$1" || fail "mtu $1 on $PEER_IF"
	# both ends re-initialise for a new MTU (the e1000 resets): as mtu9000.sh
	sleep 1
	wait_carrier "$VT_IF" 1 20 || fail "no carrier after mtu $1"
	wait_carrier "$PEER_IF" 1 20 peer || fail "no peer carrier after mtu $1"
	_t=0
	until ping -c 1 -W 5 "$PEER_IP" >/dev/null 2>&1; do
		_t=$((_t + 1)); [ "$_t" -lt 6 ] || fail "no ping answer at mtu $1"
	done
}
for mtu in 1500 9000; do
	[ "$mtu" = 1500 ] || set_mtu "$mtu"
	nbuf=$((TCP_MB * 16))	# 64 KB buffers
	if [ -n "${LAB_ICOUNT:-}" ]; then
		window "tcp-tx-$mtu" nuttcp -t -l65536 -n"$nbuf" "$PEER_IP"
		window "tcp-rx-$mtu" nuttcp -r -l65536 -n"$nbuf" "$PEER_IP"
		echo "BENCH tcp-tx-$mtu bytes $((nbuf * 65536))"
		echo "BENCH tcp-rx-$mtu bytes $((nbuf * 65536))"
	else
		for d in tx rx; do
			flag=-t; [ "$d" = rx ] && flag=-r
			out=$(nuttcp $flag -T "$TCP_SECS" -fparse "$PEER_IP" 2>&1) || fail "nuttcp $flag: $out"
			echo "BENCH tcp-$d-$mtu rate-mbps $(echo "$out" | sed -n 's/.*rate_Mbps=\([0-9.]*\).*/\1/p' | tail -n 1)"
		done
	fi
done
set_mtu 1500
peer pkill nuttcp 2>/dev/null || true

# udp-tx: this end sends, the peer counts; udp-rx: the other way.
# SEND_LIMIT bounds each sender and the request/response client (guest seconds,
# far above what a working card needs even under --icount): a card whose TX queue
# stalls for good blocks the sender, and the run then fails at once instead of at
# the scenario's timeout (seen with via-velocity, equal settings, 2 of 3 timing
# runs on 2026-12-01: the sender blocked for good in udp-tx, right after the MTU
# change back to 1500; not analysed, and via-velocity has no TX timeout handler).
SEND_LIMIT=120
udp() {
	_dir=$1
	if [ "$_dir" = tx ]; then
		peer labnet sink 9100 2000 >/tmp/sink 2>&1 &
	else
		labnet sink 9100 2000 >/tmp/sink 2>&1 &
	fi
	_sp=$!
	for _i in 1 2 3 4 5 6 7 8 9 10; do grep -q ready /tmp/sink && break; sleep 0.2; done
	if [ "$_dir" = tx ]; then
		window udp-tx timeout "$SEND_LIMIT" labnet blast "$PEER_IP" 9100 64 "$UDP_COUNT"
	else
		window udp-rx peer timeout "$SEND_LIMIT" labnet blast "$VT_IP" 9100 64 "$UDP_COUNT"
	fi
	wait "$_sp" || true
	sed -n 's/^blast sent=\([0-9]*\) failed=\([0-9]*\) secs=\([0-9.]*\) pps=\([0-9]*\)/BENCH udp-'"$_dir"' sent \1\nBENCH udp-'"$_dir"' send-failed \2\nBENCH udp-'"$_dir"' sent-pps \4/p' /tmp/out
	sed -n 's/^sink pkts=\([0-9]*\) bytes=[0-9]* secs=[0-9.]* pps=\([0-9]*\)/BENCH udp-'"$_dir"' received \1\nBENCH udp-'"$_dir"' received-pps \2/p' /tmp/sink
}
udp tx
udp rx

peer labnet echo 9200 >/dev/null 2>&1 &
ep=$!
sleep 0.5
timeout "$SEND_LIMIT" labnet rr "$PEER_IP" 9200 20 64 >/dev/null	# warm: ARP, caches
window rr timeout "$SEND_LIMIT" labnet rr "$PEER_IP" 9200 "$RR_COUNT" 64
kill "$ep" 2>/dev/null || true
sed -n 's/^rr count=\([0-9]*\) lost=\([0-9]*\) secs=[0-9.]* tps=\([0-9]*\) p50_us=\([0-9]*\) p99_us=\([0-9]*\) max_us=\([0-9]*\)/BENCH rr transactions \1\nBENCH rr lost \2\nBENCH rr tps \3\nBENCH rr p50-us \4\nBENCH rr p99-us \5\nBENCH rr max-us \6/p' /tmp/out
log "ok: bench done"
