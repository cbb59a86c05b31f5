# mk/debug.mk — the debug kernel (issue 12).
#
#   make debug-kernel    tests/debug-kernel/build: Debian's linux-source-6.12 with KASAN,
#                        lockdep, DMA-API debugging, kmemleak, KFENCE, UBSAN, ...,
#                        cached in $VELOCITY_CACHE (a warm run compares a key)
#   make check-debug     the debug kernel, then the whole velocity.ko suite on it:
#                        tests/lab/run --kernel debug --driver velocity --jobs 2,
#                        then the scenarios tagged long and soak the same way
#
# Not part of `make check`: the cold build and the suite under KASAN take far longer than
# CI allows (times and results: tests/lab/README.md, "The debug kernel").
# LAB_ARGS passes options and scenario names to tests/lab/run, as for `make lab-check-via`.

DEBUG_TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
DEBUG_JOBS ?= 2

.PHONY: debug-kernel check-debug

debug-kernel:
	$(DEBUG_TOP)/tests/debug-kernel/build

check-debug: debug-kernel
	$(DEBUG_TOP)/tests/lab/run --kernel debug --driver velocity --jobs $(DEBUG_JOBS) $(LAB_ARGS)
	$(if $(LAB_ARGS),,$(DEBUG_TOP)/tests/lab/run --kernel debug --driver velocity --jobs $(DEBUG_JOBS) --long)
	$(if $(LAB_ARGS),,$(DEBUG_TOP)/tests/lab/run --kernel debug --driver velocity --jobs $(DEBUG_JOBS) --soak)
