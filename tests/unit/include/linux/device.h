/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for <linux/device.h>: dev_warn() and dev_info() append
 * their line to unit_log, so the tests can check what would be logged.
 */
#ifndef _UNIT_LINUX_DEVICE_H
#define _UNIT_LINUX_DEVICE_H

#include <stdio.h>
#include <string.h>

struct device {
	const char *name;
};

extern char unit_log[4096];

#define unit_dev_log(dev, fmt, ...)						\
	snprintf(unit_log + strlen(unit_log), sizeof(unit_log) - strlen(unit_log),	\
		 "%s: " fmt, (dev)->name, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)	unit_dev_log(dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)	unit_dev_log(dev, fmt, ##__VA_ARGS__)

#endif
