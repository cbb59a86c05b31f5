/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for <linux/ethtool.h>: the uapi constants the driver uses. */
#ifndef _UNIT_LINUX_ETHTOOL_H
#define _UNIT_LINUX_ETHTOOL_H

#define SPEED_10		10
#define SPEED_100		100
#define SPEED_1000		1000
#define SPEED_UNKNOWN		-1
#define DUPLEX_HALF		0x00
#define DUPLEX_FULL		0x01
#define DUPLEX_UNKNOWN		0xff

#define WAKE_PHY		(1 << 0)
#define WAKE_UCAST		(1 << 1)
#define WAKE_MCAST		(1 << 2)
#define WAKE_BCAST		(1 << 3)
#define WAKE_ARP		(1 << 4)
#define WAKE_MAGIC		(1 << 5)

#endif
