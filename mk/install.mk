# mk/install.mk — installing velocity.ko, and the two user commands.
# Included by the top-level Makefile (`-include mk/*.mk`), after it has defined
# KVER (default: the running kernel) and KSRC (default /lib/modules/$(KVER)/build).
#
#   make install       velocity.ko -> /lib/modules/$(KVER)/updates/, modprobe.d
#                      preference, initramfs hook, depmod; prints the next steps
#   make uninstall     undo all of that; the card goes back to via_velocity
#   make dkms          register the source with DKMS and build/install for $(KVER)
#   make dkms-remove   remove every DKMS build of this version and its source copy
#   make demo          tests/demo: the lab on a fresh Debian 12, velocity.ko passing traffic
#   make check         tests/check: every test, in order, with times (CI runs this)
#   make check-full    tests/check --full: also the referee on every lab kernel and the
#                      whole suite at every revision on every lab kernel
#   make bench         both parts below, one after the other (issue 10's benchmark)
#   make bench-perpkt  tests/bench/run: via-velocity and velocity on the same emulated card,
#                      per-packet counts (--icount, TCG plugin) and 5 alternating timing
#                      rounds; writes tests/bench/results.md (BENCH_ARGS="--rounds N ...")
#   make bench-sweep   tests/bench/sweep: the seed's DMA_length 0-7 table, PCI (MTU 1500
#                      and 9000) and PCIe (1500 and 4000), and its plots
#                      (BENCH_SWEEP_ARGS="--dma 0,6 ...")
#
# Options: RELOAD=1 (install/uninstall) also swaps the loaded driver now;
# FORCE=1 (install) installs even if DKMS manages velocity for $(KVER).

VELOCITY_TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
KVER ?= $(shell uname -r)
KSRC ?= /lib/modules/$(KVER)/build

# The one version: VELOCITY_VERSION in velocity.h.
VELOCITY_VERSION := $(shell sed -n 's/^\#define[[:space:]]\{1,\}VELOCITY_VERSION[[:space:]]\{1,\}"\([^"]*\)".*/\1/p' $(VELOCITY_TOP)/velocity.h 2>/dev/null)

# What a source install (DKMS, the .deb) carries.
# (velocity*.c minus kbuild's generated velocity.mod.c, and every velocity*.h.)
VELOCITY_DIST_FILES = Makefile Kbuild $(filter-out %.mod.c,$(notdir $(wildcard $(VELOCITY_TOP)/velocity*.c $(VELOCITY_TOP)/velocity*.h)))

INSTALL_MOD_DIR_UPD = /lib/modules/$(KVER)/updates
MODPROBE_CONF = /etc/modprobe.d/velocity.conf
INITRAMFS_HOOK = /usr/share/initramfs-tools/hooks/velocity
# Marks the files `make install` and `make dkms` wrote, so uninstall removes only those.
VELOCITY_MARK = \# installed by make install (velocity)

.PHONY: install uninstall dkms dkms-remove demo check check-full bench bench-perpkt bench-sweep version

version:
	@echo $(VELOCITY_VERSION)

define velocity_need_root
	@if [ "$$(id -u)" -ne 0 ]; then echo "$@: run as root (sudo make $@)" >&2; exit 1; fi
endef

define velocity_need_version
	@if [ -z "$(VELOCITY_VERSION)" ]; then \
		echo "$@: no VELOCITY_VERSION in $(VELOCITY_TOP)/velocity.h" >&2; exit 1; fi
endef

# modprobe.d preference and initramfs hook, as make install/dkms write them.
define velocity_install_conf
	install -d /etc/modprobe.d
	{ echo '$(VELOCITY_MARK) $(VELOCITY_VERSION)'; cat $(VELOCITY_TOP)/packaging/modprobe-velocity.conf; } > $(MODPROBE_CONF).tmp
	chmod 0644 $(MODPROBE_CONF).tmp && mv -f $(MODPROBE_CONF).tmp $(MODPROBE_CONF)
	install -d $(dir $(INITRAMFS_HOOK))
	install -m 0755 $(VELOCITY_TOP)/packaging/initramfs-hook $(INITRAMFS_HOOK)
endef

define velocity_remove_conf
	@if grep -qs '^$(VELOCITY_MARK)' $(MODPROBE_CONF); then \
		rm -f $(MODPROBE_CONF) && echo "removed $(MODPROBE_CONF)"; \
	elif [ -e $(MODPROBE_CONF) ]; then \
		echo "kept $(MODPROBE_CONF): not written by make install (no marker line)"; fi
	@if [ -e $(INITRAMFS_HOOK) ] && ! dpkg -S $(INITRAMFS_HOOK) >/dev/null 2>&1; then \
		rm -f $(INITRAMFS_HOOK) && echo "removed $(INITRAMFS_HOOK)"; fi
endef

install: modules
	$(velocity_need_root)
	$(velocity_need_version)
	@vm=$$(modinfo -F vermagic $(CURDIR)/velocity.ko | cut -d' ' -f1); \
	if [ "$$vm" != "$(KVER)" ]; then \
		echo "install: velocity.ko is built for '$$vm', not $(KVER) (make clean; make KVER=$(KVER))" >&2; exit 1; fi
	@if [ -z "$(FORCE)" ] && command -v dkms >/dev/null && \
	    dkms status -m velocity -k $(KVER) 2>/dev/null | grep -q installed; then \
		echo "install: DKMS already installs velocity for $(KVER):" >&2; \
		dkms status -m velocity -k $(KVER) >&2; \
		echo "install: remove it first (apt purge velocity-dkms, or make dkms-remove), or FORCE=1" >&2; exit 1; fi
	install -d $(INSTALL_MOD_DIR_UPD)
	@if [ -e $(INSTALL_MOD_DIR_UPD)/velocity.ko ]; then \
		if cmp -s $(CURDIR)/velocity.ko $(INSTALL_MOD_DIR_UPD)/velocity.ko; then \
			echo "install: $(INSTALL_MOD_DIR_UPD)/velocity.ko is identical, not backed up"; \
		else \
			b=$(INSTALL_MOD_DIR_UPD)/velocity.ko.$$(date +%Y%m%d-%H%M%S); \
			mv $(INSTALL_MOD_DIR_UPD)/velocity.ko $$b && \
			echo "install: backed up the previous velocity.ko ($$(modinfo -F version $$b 2>/dev/null || echo '?')) as $$b"; \
		fi; fi
	install -m 0644 $(CURDIR)/velocity.ko $(INSTALL_MOD_DIR_UPD)/velocity.ko
	$(velocity_install_conf)
	depmod -a $(KVER)
	@echo
	@echo "velocity $(VELOCITY_VERSION) installed for $(KVER): $(INSTALL_MOD_DIR_UPD)/velocity.ko"
	@echo "  $(MODPROBE_CONF) makes velocity win over via_velocity for 1106:3119."
	@if [ -n "$(RELOAD)" ] && [ "$(KVER)" = "$$(uname -r)" ]; then \
		echo "RELOAD=1: rmmod via_velocity; modprobe velocity"; \
		{ ! grep -q '^via_velocity ' /proc/modules || rmmod via_velocity; } && modprobe velocity; \
	else \
		echo "Next steps:"; \
		echo "  update-initramfs -u -k $(KVER)    the initramfs carries via-velocity and binds it at boot"; \
		echo "                                     until it is rebuilt with this module and modprobe.d file"; \
		echo "  rmmod via_velocity; modprobe velocity   switch now (drops the link for a moment)"; \
		echo "  ethtool -i <if>                    driver: velocity, version: $(VELOCITY_VERSION)"; \
	fi

uninstall:
	$(velocity_need_root)
	@if [ -e $(INSTALL_MOD_DIR_UPD)/velocity.ko ]; then \
		rm -f $(INSTALL_MOD_DIR_UPD)/velocity.ko && echo "removed $(INSTALL_MOD_DIR_UPD)/velocity.ko"; \
	else echo "no $(INSTALL_MOD_DIR_UPD)/velocity.ko"; fi
	@for b in $(INSTALL_MOD_DIR_UPD)/velocity.ko.*; do [ -e "$$b" ] || continue; \
		echo "kept backup $$b (from an earlier install; not restored)"; done
	$(velocity_remove_conf)
	@if [ -d /lib/modules/$(KVER) ]; then depmod -a $(KVER) && echo "depmod -a $(KVER)"; fi
	@if [ -n "$(RELOAD)" ] && [ "$(KVER)" = "$$(uname -r)" ]; then \
		echo "RELOAD=1: rmmod velocity; modprobe via_velocity"; \
		{ ! grep -q '^velocity ' /proc/modules || rmmod velocity; } && modprobe via_velocity; \
	else \
		echo "The card goes back to via_velocity at the next boot. Now:"; \
		echo "  rmmod velocity; modprobe via_velocity"; \
		echo "  update-initramfs -u -k $(KVER)    if you rebuilt it after make install"; \
	fi

# DKMS from the tree: the source goes to /usr/src/velocity-<version>/ with the
# version filled into dkms.conf, the way the .deb lays it out.
DKMS_SRC = /usr/src/velocity-$(VELOCITY_VERSION)

dkms:
	$(velocity_need_root)
	$(velocity_need_version)
	@if dkms status -m velocity -v $(VELOCITY_VERSION) 2>/dev/null | grep -q .; then \
		echo "dkms: velocity/$(VELOCITY_VERSION) is already registered; make dkms-remove first" >&2; exit 1; fi
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)
	cd $(VELOCITY_TOP) && install -m 0644 $(VELOCITY_DIST_FILES) $(DKMS_SRC)/
	$(VELOCITY_TOP)/tests/kernels dkms-conf $(VELOCITY_TOP)/dkms.conf $(VELOCITY_VERSION) > $(DKMS_SRC)/dkms.conf
	dkms add -m velocity -v $(VELOCITY_VERSION)
	dkms build -m velocity -v $(VELOCITY_VERSION) -k $(KVER)
	dkms install -m velocity -v $(VELOCITY_VERSION) -k $(KVER)
	$(velocity_install_conf)
	@dkms status -m velocity
	@echo "Other kernels with headers: dkms install -m velocity -v $(VELOCITY_VERSION) -k <kver>."
	@echo "(New kernels are built automatically only with the velocity-dkms package: make deb.)"

dkms-remove:
	$(velocity_need_root)
	$(velocity_need_version)
	-dkms remove -m velocity -v $(VELOCITY_VERSION) --all
	rm -rf $(DKMS_SRC)
	$(velocity_remove_conf)
	@dkms status -m velocity

demo:
	$(VELOCITY_TOP)/tests/demo

check:
	$(VELOCITY_TOP)/tests/check

check-full:
	$(VELOCITY_TOP)/tests/check --full

BENCH_ARGS ?=
BENCH_SWEEP_ARGS ?=
# make bench: the whole of issue 10's benchmark, one part after the other (each
# uses both host CPUs): the per-packet counts and timing rounds, then the
# DMA_length sweep with its plots; both rewrite their part of tests/bench/results.md.
bench:
	$(VELOCITY_TOP)/tests/bench/run $(BENCH_ARGS)
	$(VELOCITY_TOP)/tests/bench/sweep $(BENCH_SWEEP_ARGS)

bench-perpkt:
	$(VELOCITY_TOP)/tests/bench/run $(BENCH_ARGS)

bench-sweep:
	$(VELOCITY_TOP)/tests/bench/sweep $(BENCH_SWEEP_ARGS)
