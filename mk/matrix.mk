# mk/matrix.mk — the packaging checks.
#
#   make matrix          tests/matrix: W=1 and sparse build against every header flavour
#                        of every kernel series (tests/kernels), one line each
#   make install-check   tests/install-check: make deb, apt install it, DKMS builds for
#                        the lab's kernel, the lab boots that .ko, purge; make install
#                        and make uninstall against the same kernel
#   make readme-params   tests/readme-params: README's parameter table against modinfo
#
# MATRIX_FLAVOURS="7.3 6.1/686-pae" limits the matrix (series, series/flavour, or a
# 6.1 flavour).

MATRIX_TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
MATRIX_FLAVOURS ?=

.PHONY: matrix install-check readme-params

matrix:
	$(MATRIX_TOP)/tests/matrix $(MATRIX_FLAVOURS)

install-check:
	$(MATRIX_TOP)/tests/install-check

readme-params:
	$(MATRIX_TOP)/tests/readme-params
