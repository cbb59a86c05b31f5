/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for <linux/moduleparam.h>.  Each array parameter is listed
 * in the unit_params section, so a test can give values the way modprobe
 * would: unit_param_set("int_works", "16,20").
 */
#ifndef _UNIT_LINUX_MODULEPARAM_H
#define _UNIT_LINUX_MODULEPARAM_H

struct unit_param {
	const char *name;
	int *vals;
	unsigned int *num;
	unsigned int max;
};

#define module_param_array_named(name, array, type, nump, perm)			\
	static struct unit_param __unit_param_##name				\
	__attribute__((used, section("unit_params"))) =			\
		{ #name, array, nump, sizeof(array) / sizeof((array)[0]) }
#define MODULE_PARM_DESC(name, desc)						\
	static const char __unit_desc_##name[] __attribute__((unused)) = desc

#endif
