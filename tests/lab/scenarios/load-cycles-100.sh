#!/bin/sh
# load-cycles-100: load-cycles with 100 cycles instead of 50 (issue 12's count): 10
# to warm up, then nine blocks of 10 between the leak snapshots; a third of them
# under a flood of datagrams, a third with a link drop. The checks are
# load-cycles' (its header says what they are and why); more blocks make its rule
# for a leak (growth in every block) stricter. Soak tier: it takes twice as long.
# lab: noload timeout=1200 kmemleak soak source=load-cycles trace=page_pool:page_pool_release
set -eu
# shellcheck disable=SC2034 # read by load-cycles.sh
LC_NBLOCK=9
. /lab/scenarios/load-cycles.sh
