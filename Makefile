# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build of velocity.ko.  The module itself is described in
# Kbuild; this file drives kbuild and the checks.
#
#   make                 build against the running kernel
#   make KVER=<version>  build against another installed kernel's headers
#   make KSRC=<dir>      build against a kernel tree or header directory
#   make clean           remove build output
#   make unit            build and run the host-side unit tests
#   make style           W=1, sparse and checkpatch on the driver sources, and
#                        the call graph between them (tests/layering)

KVER ?= $(shell uname -r)
KSRC ?= /lib/modules/$(KVER)/build
PWD := $(shell pwd)

# Sources that make up the module (Kbuild lists the objects); the style
# checks run over exactly these.
DRIVER_SOURCES := velocity_main.c velocity_mac.c velocity_rx.c velocity_tx.c velocity_phy.c \
		  velocity_wol.c velocity_ethtool.c velocity_param.c velocity_chipid.c
DRIVER_HEADERS := velocity.h velocity_hw.h velocity_chipid.h velocity_param.h velocity_compat.h
DRIVER_FILES := $(DRIVER_SOURCES) $(DRIVER_HEADERS)

.PHONY: all modules clean unit style

all: modules

modules:
	$(MAKE) -C $(KSRC) M=$(PWD) modules

clean:
	$(MAKE) -C $(KSRC) M=$(PWD) clean
	$(MAKE) -C tests/unit clean

unit:
	$(MAKE) -C tests/unit run
	tests/lab/classify-check

# KVER/KSRC reach the script through the environment when given; unset,
# it picks installed headers itself.
style:
	tests/style $(DRIVER_FILES)
	tests/layering

# The lab (tests/lab) adds its own targets: make lab, ...
-include tests/lab.mk
-include mk/*.mk
