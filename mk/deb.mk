# mk/deb.mk — `make deb`: velocity-dkms_<version>_all.deb with Debian's own DKMS
# helpers (debhelper + dh-dkms, `dh $@` with the dkms sequence, dh_dkms -V).
#
# The package is built from a clean copy of the source in debian-build/ (ignored
# by git): only the files the package ships, plus packaging/debian as debian/ (its
# changelog kept by hand; the top entry must be VELOCITY_VERSION from velocity.h)
# and dkms.conf with the version and kernel range filled in (tests/kernels). The
# tree itself is not touched. Output: debian-build/velocity-dkms_<version>_all.deb.
#
#   make deb          build the package (installs debhelper/dh-dkms if missing)
#   make deb-clean    remove debian-build/

DEB_TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
DEB_OUT := $(DEB_TOP)/debian-build
DEB_STAGE = $(DEB_OUT)/velocity-$(VELOCITY_VERSION)
DEB_FILE = $(DEB_OUT)/velocity-dkms_$(VELOCITY_VERSION)_all.deb
DEB_BUILD_DEPS := debhelper dh-dkms dpkg-dev
.PHONY: deb deb-clean

deb:
	@if [ -z "$(VELOCITY_VERSION)" ]; then echo "deb: no VELOCITY_VERSION in velocity.h" >&2; exit 1; fi
	@missing=; for p in $(DEB_BUILD_DEPS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "deb: installing$$missing"; \
		if [ "$$(id -u)" -ne 0 ]; then echo "deb: need root to install$$missing" >&2; exit 1; fi; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; }; fi
	rm -rf $(DEB_STAGE) $(DEB_OUT)/velocity-dkms_$(VELOCITY_VERSION)_* $(DEB_OUT)/velocity_$(VELOCITY_VERSION)_*
	install -d $(DEB_STAGE)/packaging
	cd $(DEB_TOP) && cp -p $(VELOCITY_DIST_FILES) README $(DEB_STAGE)/
	@# dkms.conf with the version and the kernel range (tests/kernels) filled in.
	$(DEB_TOP)/tests/kernels dkms-conf $(DEB_TOP)/dkms.conf $(VELOCITY_VERSION) > $(DEB_STAGE)/dkms.conf
	cp -p $(DEB_TOP)/packaging/modprobe-velocity.conf $(DEB_TOP)/packaging/initramfs-hook \
		$(DEB_TOP)/packaging/kernel-hook $(DEB_TOP)/packaging/etc-kernel-hook $(DEB_STAGE)/packaging/
	cp -a $(DEB_TOP)/packaging/debian $(DEB_STAGE)/debian
	@# debian/changelog is kept by hand: its top entry must be this version.
	@cv=$$(dpkg-parsechangelog -l $(DEB_STAGE)/debian/changelog -SVersion); \
	if [ "$$cv" != "$(VELOCITY_VERSION)" ]; then \
		echo "deb: packaging/debian/changelog's top entry is $$cv, velocity.h says $(VELOCITY_VERSION): add an entry" >&2; exit 1; fi
	cd $(DEB_STAGE) && dpkg-buildpackage -b -us -uc --no-pre-clean > $(DEB_OUT)/build.log 2>&1 || \
		{ tail -n 30 $(DEB_OUT)/build.log >&2; echo "deb: dpkg-buildpackage failed (log: $(DEB_OUT)/build.log)" >&2; exit 1; }
	@test -f $(DEB_FILE) || { echo "deb: $(DEB_FILE) was not produced" >&2; exit 1; }
	@dpkg-deb -I $(DEB_FILE) | sed -n 's/^ \(Package\|Version\|Architecture\|Depends\|Recommends\):/  &/p'
	@echo "deb: $(DEB_FILE)"

deb-clean:
	rm -rf $(DEB_OUT)
