# shellcheck shell=sh
# /lab/selftest.sh — run one of the kernel's own NIC selftest suites (tests/lab/selftests/)
# and judge it. For scenarios tagged `selftests` (the runner then appends the selftest
# archive: the tests under /opt/ksft, Python, bash, socat, jq, ping, mausezahn...).
# Source it after /lab/lib.sh:
#
#     . /lab/lib.sh
#     . /lab/selftest.sh
#     st_suite ping
#
# st_suite NAME: gives the card and the peer IPv6 addresses (fd00:9::1 / fd00:9::2),
# maps the lab onto the tests' environment (drivers/net/README.rst):
#     NETIF=$VT_IF LOCAL_V4=10.9.0.1 REMOTE_V4=10.9.0.2 LOCAL_V6=fd00:9::1
#     REMOTE_V6=fd00:9::2 REMOTE_TYPE=netns REMOTE_ARGS=$PEER_NS
# points /bin/sh at bash while the suite runs (busybox sh would run its own applets
# ahead of the real commands the tests call), runs the suite from its own directory
# with its output on the console, and then judges every subtest it reported (KTAP
# `ok N name`, `ok N name # SKIP why`, `ok N name # XFAIL why`, `not ok N name`):
#
#   PASS, XFAIL (a failure the test itself declares acceptable)     fine
#   SKIP or FAIL                                                    fine only when
#       /lab/selftests.expect (tests/lab/selftests/expect) lists that result for this
#       subtest, driver and kernel series, with the reason
#
# and requires the plan (1..N) to be complete and an exit status that agrees with
# the results. One line per subtest, `@@ST suite subtest RESULT verdict [why]`, is
# what tests/lab/selftests/table reads. Returns 0 when every subtest is fine.

ST_ROOT=/opt/ksft
ST_LIST=/lab/selftests.list
ST_EXPECT=/lab/selftests.expect
ST_V6_LOCAL=fd00:9::1
ST_V6_REMOTE=fd00:9::2
ST_TMP=${ST_TMP:-/tmp}      # the judge's scratch files

# Kernel series of the guest: 6.1.0-57-amd64 -> 6.1, 7.3.4+deb13-amd64 -> 7.3.
st_series() { uname -r | sed -E 's/^([0-9]+\.[0-9]+).*/\1/'; }

# st_path NAME: the suite's script, from the list.
st_path() { awk -v n="$1" '$1 == "suite" && $2 == n { print $3 }' "$ST_LIST"; }

# st_have_family NAME: does the running kernel have the generic netlink family?
# (YNL's own nlctrl request, the same library the tests use.)
st_have_family() {
    PYTHONPATH=$ST_ROOT/tools/net/ynl python3 - "$1" "$ST_ROOT/Documentation/netlink/specs/nlctrl.yaml" <<'EOF'
import sys
from pyynl.lib import YnlFamily, NlError
try:
    YnlFamily(sys.argv[2], schema='').getfamily({'family-name': sys.argv[1]})
except NlError as e:
    sys.exit(1)
EOF
}

# The lab's IPv6 addresses (nodad: usable at once), checked both ways.
st_ipv6() {
    ip -6 addr add "$ST_V6_LOCAL/64" dev "$VT_IF" nodad || return 1
    peer /usr/bin/ip -6 addr add "$ST_V6_REMOTE/64" dev "$PEER_IF" nodad || return 1
    /usr/bin/ping -6 -c 3 -i 0.2 -W 2 "$ST_V6_REMOTE" >/dev/null ||
        { echo "IPv6: no echo from $ST_V6_REMOTE" >&2; return 1; }
    peer /usr/bin/ping -6 -c 3 -i 0.2 -W 2 "$ST_V6_LOCAL" >/dev/null ||
        { echo "IPv6: no echo from $ST_V6_LOCAL" >&2; return 1; }
}

# st_expected SUBTEST RESULT [OUTPUT]: print the reason if the expectation file lists
# RESULT for SUBTEST with this driver and kernel series; status 1 if it does not.
# An entry FAIL~NAME matches only a failure whose OUTPUT (the file holding what the
# subtest printed) has a line matching the file's `signature NAME ERE`.
st_expected() {
    awk -v t="$1" -v r="$2" -v out="${3:-}" -v d="$DRIVER" -v k="$(st_series)" '
        function inlist(v, l,   a, n, i) {
            if (l == "*") return 1
            n = split(l, a, ",")
            for (i = 1; i <= n; i++) if (a[i] == v) return 1
            return 0
        }
        # a glob: only * is special (subtest names are letters, digits, _ - . only)
        function glob(s, p,   re) {
            re = p
            gsub(/\./, "[.]", re)
            gsub(/\*/, ".*", re)
            return s ~ ("^" re "$")
        }
        # does a line of the subtest output match the signature?
        function signed(name,   re, line, hit) {
            if (!(name in sig) || out == "") return 0
            re = sig[name]; hit = 0
            while ((getline line < out) > 0) if (line ~ re) hit = 1
            close(out)
            return hit
        }
        function result_ok(want,   name) {
            if (want == r) return 1
            if (index(want, r "~") != 1) return 0
            return signed(substr(want, length(r) + 2))
        }
        /^[[:space:]]*(#|$)/ { next }
        $1 == "signature" {
            name = $2; $1 = $2 = ""; sub(/^[[:space:]]+/, "")
            sig[name] = $0
            next
        }
        glob(t, $1) && inlist(d, $2) && inlist(k, $3) && result_ok($4) {
            $1 = $2 = $3 = $4 = ""
            sub(/^[[:space:]]+/, "")
            print
            found = 1
            exit
        }
        END { exit found ? 0 : 1 }' "$ST_EXPECT"
}

# st_judge SUITE OUTPUT RC: the verdict over the suite's KTAP output.
st_judge() {
    _suite=$1 _rc=$3 _bad=0
    # (carriage returns, should the output have passed through a terminal, would
    # end up in the subtest names)
    tr -d '\r' <"$2" >"$ST_TMP/st.ktap"
    _out=$ST_TMP/st.ktap
    _plan=$(sed -nE 's/^1\.\.([0-9]+).*/\1/p' "$_out" | head -n 1)
    # "ok 3 ping.test_xdp_native_sb # SKIP device does not support native-XDP"
    sed -nE 's/^(not ok|ok) [0-9]+ ([^ #]+)( # ?([A-Z]+)( (.*))?)?$/\1|\2|\4|\6/p' "$_out" >"$ST_TMP/st.results"
    _n=$(wc -l <"$ST_TMP/st.results")
    # What each subtest printed: the lines after the previous result, in
    # $ST_TMP/st.block.N for the Nth result.
    rm -f "$ST_TMP"/st.block.*
    awk -v d="$ST_TMP" '/^(not ok|ok) [0-9]+ / { n++; next } { print > (d "/st.block." (n + 1)) }' "$_out"
    _i=0 _nfail=0
    while IFS='|' read -r _ok _name _dir _why; do
        _i=$((_i + 1))
        case "$_ok:$_dir" in
            "ok:") _res=PASS ;;
            "ok:SKIP") _res=SKIP ;;
            "ok:XFAIL") _res=XFAIL ;;
            "not ok:"*) _res=FAIL; _nfail=$((_nfail + 1)) ;;
            *) _res="FAIL"; _why="unknown directive '$_dir'"; _nfail=$((_nfail + 1)) ;;
        esac
        case $_res in
            PASS) echo "@@ST $_suite $_name PASS ok" ;;
            XFAIL) echo "@@ST $_suite $_name XFAIL ok ${_why}" ;;
            *)
                if _exp=$(st_expected "$_name" "$_res" "$ST_TMP/st.block.$_i"); then
                    echo "@@ST $_suite $_name $_res expected ${_why:+($_why) }$_exp"
                else
                    echo "@@ST $_suite $_name $_res UNEXPECTED ${_why}"
                    _bad=1
                fi ;;
        esac
    done <"$ST_TMP/st.results"
    if [ "$_n" -eq 0 ]; then
        # A suite that skips as a whole prints no results ("SKIP: ..." and status 4).
        if [ "$_rc" -eq 4 ] && _exp=$(st_expected "$_suite.*" SKIP); then
            echo "@@ST $_suite - SKIP expected $_exp"
            return 0
        fi
        # One that finds nothing to test plans none (ethtool_rmon.sh on a device
        # without histogram counters: "1..0").
        if [ "$_rc" -eq 0 ] && [ "${_plan:-}" = 0 ]; then
            if _exp=$(st_expected "$_suite.*" NONE); then
                echo "@@ST $_suite - NONE expected $_exp"
                return 0
            fi
            echo "@@ST $_suite - NONE UNEXPECTED the suite planned no subtests"
            return 1
        fi
        echo "@@ST $_suite - FAIL UNEXPECTED no subtest results (exit status $_rc)"
        return 1
    fi
    if [ -z "$_plan" ] || [ "$_plan" -ne "$_n" ]; then
        echo "@@ST $_suite - FAIL UNEXPECTED plan 1..${_plan:-?} but $_n results"
        _bad=1
    fi
    # The exit status must agree: 0 without failures, 1 with (kselftest's KSFT_FAIL).
    if { [ "$_nfail" -eq 0 ] && [ "$_rc" -ne 0 ]; } || { [ "$_nfail" -gt 0 ] && [ "$_rc" -ne 1 ]; }; then
        echo "@@ST $_suite - FAIL UNEXPECTED exit status $_rc with $_nfail failed subtests"
        _bad=1
    fi
    return $_bad
}

# st_header NAME: the line tests/lab/selftests/table reads the column from.
st_header() {
    [ -d "$ST_ROOT" ] || fail "no $ST_ROOT: the scenario needs the 'selftests' tag"
    _path=$(st_path "$1")
    [ -n "$_path" ] && [ -f "$ST_ROOT/$_path" ] || fail "suite $1: not in $ST_LIST or not in $ST_ROOT"
    sed 's/^/  /' "$ST_ROOT/VERSIONS" | grep -E 'source|ethtool|python3.11-minimal' || true
    log "suite $1: $_path, driver $DRIVER, kernel $(uname -r) (series $(st_series))"
}

# st_na NAME WHY: the suite does not apply to this kernel; the scenario skips.
st_na() {
    st_header "$1"
    echo "@@ST $1 - N/A ok $2"
    skip "$2"
}

# st_suite NAME [SECONDS]: run and judge a suite (default time limit 600 s).
st_suite() {
    _name=$1 _lim=${2:-600}
    st_header "$_name"

    st_ipv6 || fail "the lab's IPv6 addresses do not work"
    export NETIF=$VT_IF LOCAL_V4=$VT_IP REMOTE_V4=$PEER_IP LOCAL_V6=$ST_V6_LOCAL \
        REMOTE_V6=$ST_V6_REMOTE REMOTE_TYPE=netns REMOTE_ARGS=$PEER_NS
    export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/lab
    export PYTHONUNBUFFERED=1 NO_COLOR=1 TERM=dumb HOME=/root
    log "environment: NETIF=$NETIF LOCAL_V4=$LOCAL_V4 REMOTE_V4=$REMOTE_V4 LOCAL_V6=$LOCAL_V6" \
        "REMOTE_V6=$REMOTE_V6 REMOTE_TYPE=$REMOTE_TYPE REMOTE_ARGS=$REMOTE_ARGS;" \
        "ethtool: $(ethtool --version)"

    # What a booted system has and the lab's devtmpfs lacks: bash's process
    # substitution, <(...), hands out /dev/fd/N.
    [ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
    [ -e /dev/stdin ] || ln -s /proc/self/fd/0 /dev/stdin
    [ -e /dev/stdout ] || ln -s /proc/self/fd/1 /dev/stdout
    [ -e /dev/stderr ] || ln -s /proc/self/fd/2 /dev/stderr

    # bash as /bin/sh while the suite runs; busybox again afterwards.
    ln -sfn bash /usr/bin/sh || fail "cannot point /bin/sh at bash"
    [ "$(readlink /bin/sh)" = bash ] || fail "/bin/sh is $(readlink /bin/sh), not bash"
    _dir=$ST_ROOT/$(dirname "$_path") _file=$(basename "$_path")
    case $_file in
        *.py) _cmd="python3 ./$_file" ;;
        *.sh) _cmd="bash ./$_file" ;;
        *) fail "suite $_name: what runs $_file?" ;;
    esac
    log "running: (cd $_dir && $_cmd)"
    # The exit status through a file: busybox sh has no pipefail.
    (cd "$_dir" && { timeout -s KILL "$_lim" $_cmd 2>&1; echo $? >/tmp/st.rc; }) | tee /tmp/st.out
    _rc=$(cat /tmp/st.rc)
    ln -sfn busybox /usr/bin/sh
    log "suite $_name exited with status $_rc"
    # For explaining a failure: where frames went missing, if they did.
    log "after the suite: $VT_IF and the peer's $PEER_IF"
    ip -s -s link show dev "$VT_IF" | sed 's/^/    /'
    peer /usr/bin/ip -s -s link show dev "$PEER_IF" | sed 's/^/    /'
    if is_vt6122; then
        log "model: rx-frames $(qom_num stat-rx-frames) rx-dropped $(qom_num stat-rx-dropped)" \
            "tx-frames $(qom_num stat-tx-frames)"
    fi
    [ "$_rc" -eq 137 ] && echo "@@ST $_name - FAIL UNEXPECTED killed after ${_lim}s"

    st_judge "$_name" /tmp/st.out "$_rc"
}
