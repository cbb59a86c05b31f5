# tests/lab.mk — the lab's make targets. The top-level Makefile includes this file.
#
#   make lab              prepare the lab: packages, QEMU with the vt6122 model, guest
#                         kernel and base initramfs (cached under $(VELOCITY_CACHE))
#   make lab-check-via    the scenario suite against the in-tree via-velocity driver
#                         (the referee for the model)
#   make lab-selftests    the kernel's own NIC selftests (tests/lab/selftests/) with
#                         velocity and via-velocity on every lab kernel, and the table
#                         (SELFTEST_ARGS, e.g. --kernels 7.3 or --drivers e1000)
#   make model-test       the vt6122 model on its own (qtest protocol, no guest
#                         kernel): reset, waits, rings, time, filters, MSI; ~5 s
#
# The suite against velocity.ko is `tests/lab/run` (default --driver velocity).
#
# LAB_ARGS passes options to tests/lab/run, e.g. LAB_ARGS="--rev 0x20 probe link".

LAB_MK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
LAB_ARGS ?=

.PHONY: lab lab-check-via lab-selftests model-test

lab:
	$(LAB_MK_DIR)/lab/prepare

lab-check-via: lab
	$(LAB_MK_DIR)/lab/run --driver via-velocity $(LAB_ARGS)

SELFTEST_ARGS ?=
lab-selftests: lab
	$(LAB_MK_DIR)/lab/selftests/all $(SELFTEST_ARGS)

model-test:
	$(LAB_MK_DIR)/qemu/model-test
