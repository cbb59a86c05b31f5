// SPDX-License-Identifier: GPL-2.0
/*
 * VIA Velocity: chip generations and module parameter limits.
 *
 * Every member of the family answers to PCI 1106:3119; only the silicon
 * revision tells them apart.  This file is the one place that maps a
 * revision to what the chip can do.  It has no kernel dependencies beyond
 * basic types so the unit tests link it unchanged.
 */
#include <linux/kernel.h>

#include "velocity_logic.h"

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

/*
 * Names, ranges and defaults follow VIA's velocityget driver so existing
 * modprobe.d lines keep their meaning.  The ring sizes are velocityget's
 * too (252 RX / 256 TX); the benchmark will decide whether smaller rings
 * serve better with NAPI and BQL.
 */
const struct velocity_param_spec velocity_param_specs[VELOCITY_P_NUM] = {
	[VELOCITY_P_DMA_LENGTH]	  = { "DMA_length", 0, 7, VELOCITY_DEF_DMA_LENGTH, 1 },
	[VELOCITY_P_INT_WORKS]	  = { "int_works", 10, 256, VELOCITY_DEF_INT_WORKS, 1 },
	[VELOCITY_P_RX_DESCS]	  = { "RxDescriptors", 64, 255, VELOCITY_DEF_RX_DESCS, 4 },
	[VELOCITY_P_TX_DESCS]	  = { "TxDescriptors", 16, 256, VELOCITY_DEF_TX_DESCS, 1 },
	[VELOCITY_P_RX_THRESH]	  = { "rx_thresh", 0, 3, VELOCITY_DEF_RX_THRESH, 1 },
	[VELOCITY_P_SPEED_DUPLEX] = { "speed_duplex", 0, 5, VELOCITY_DEF_SPEED_DUPLEX, 1 },
	[VELOCITY_P_FLOW_CONTROL] = { "flow_control", 1, 5, VELOCITY_DEF_FLOW_CONTROL, 1 },
	[VELOCITY_P_WOL_OPTS]	  = { "wol_opts", 0, 7, VELOCITY_DEF_WOL_OPTS, 1 },
	[VELOCITY_P_IP_ALIGN]	  = { "IP_byte_align", 0, 1, VELOCITY_DEF_IP_ALIGN, 1 },
	[VELOCITY_P_RX_COPYBREAK] = { "rx_copybreak", 0, 1514, VELOCITY_DEF_RX_COPYBREAK, 1 },
	[VELOCITY_P_MRDPL]	  = { "EnableMRDPL", 0, 1, VELOCITY_DEF_MRDPL, 1 },
	[VELOCITY_P_AI]		  = { "EnableAI", 0, 1, VELOCITY_DEF_AI, 1 },
	[VELOCITY_P_TXQ_TIMER]	  = { "txque_timer", 0, 255, VELOCITY_DEF_TXQ_TIMER, 1 },
	[VELOCITY_P_RXQ_TIMER]	  = { "rxque_timer", 0, 255, VELOCITY_DEF_RXQ_TIMER, 1 },
	[VELOCITY_P_TX_INTSUP]	  = { "tx_intsup", 0, 255, VELOCITY_DEF_TX_INTSUP, 1 },
	[VELOCITY_P_RX_INTSUP]	  = { "rx_intsup", 0, 255, VELOCITY_DEF_RX_INTSUP, 1 },
};
