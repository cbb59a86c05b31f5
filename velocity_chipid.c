// SPDX-License-Identifier: GPL-2.0
/*
 * VIA Velocity: chip generations.
 *
 * Every member of the family answers to PCI 1106:3119; only the silicon
 * revision tells them apart.  This file is the one place that maps a
 * revision to what the chip can do.  It has no kernel dependencies beyond
 * basic types so the unit tests link it unchanged.
 */
#include <linux/kernel.h>

#include "velocity_chipid.h"

/* Frame sizes: MTU plus Ethernet header, one VLAN tag and the FCS */
#define VELOCITY_JUMBO_FRAME	(9000 + 14 + 4 + 4)
/* VT6130/VT6132: the TX MAC hangs on frames over 4 KB */
#define VELOCITY_PCIE_TX_FRAME	4096

/* Sorted by descending first revision; the lookup takes the first match */
static const struct velocity_chip_info velocity_chips[] = {
	{
		.rev_first	= 0x80,
		.name		= "VT3286",
		.product	= "VT6130/VT6132",
		.flags		= VELOCITY_F_QUEUE_TIMERS | VELOCITY_F_SQE_BOGUS |
				  VELOCITY_F_MRDPL | VELOCITY_F_RBRDU_CLAMP |
				  VELOCITY_F_PCIE | VELOCITY_F_PHY_AT_1,
		.dma_bits	= 48,
		.max_frame	= VELOCITY_PCIE_TX_FRAME,
	},
	{
		.rev_first	= 0x20,
		.name		= "VT3284",
		.product	= "Velocity (product unknown)",
		.flags		= VELOCITY_F_QUEUE_TIMERS | VELOCITY_F_MRDPL,
		.dma_bits	= 32,
		.max_frame	= VELOCITY_JUMBO_FRAME,
	},
	{
		.rev_first	= 0x10,
		.name		= "VT3216",
		.product	= "VT6120/VT6121/VT6122",
		.flags		= VELOCITY_F_QUEUE_TIMERS | VELOCITY_F_SQE_PATCH,
		.dma_bits	= 32,
		.max_frame	= VELOCITY_JUMBO_FRAME,
	},
	{
		.rev_first	= 0x00,
		.name		= "VT3119",
		.product	= "VT6110",
		.flags		= VELOCITY_F_EXT_PHY | VELOCITY_F_B2B_BY_DUPLEX |
				  VELOCITY_F_SQE_PATCH,
		.dma_bits	= 32,
		.max_frame	= VELOCITY_JUMBO_FRAME,
	},
};

/**
 * velocity_chip_lookup() - generation of a silicon revision
 * @rev: the REVID register
 *
 * Return: the generation; every revision belongs to one.
 */
const struct velocity_chip_info *velocity_chip_lookup(u8 rev)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(velocity_chips) - 1; i++)
		if (rev >= velocity_chips[i].rev_first)
			break;
	return &velocity_chips[i];
}
