/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VIA Velocity (VT6110/VT612x/VT613x) register file and descriptor layout.
 *
 * Offsets are bytes into the 256-byte window behind BAR1.  Everything the
 * chip reads or writes in memory is little-endian.  This header holds
 * facts about the hardware and tiny pure helpers that pack descriptor
 * words; it has no knowledge of the driver's private state so that the
 * host-side unit tests can include it too.
 */
#ifndef _VELOCITY_HW_H
#define _VELOCITY_HW_H

#include <linux/bitfield.h>
#include <linux/bitrev.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>

#define VEL_REGS_SIZE		256

enum velocity_registers {
	VEL_PAR			= 0x00,	/* station address, 6 bytes */
	VEL_RCR			= 0x06,
	VEL_TCR			= 0x07,
	VEL_CR0_SET		= 0x08,	/* CR0..CR3 write-1-to-set */
	VEL_CR1_SET		= 0x09,
	VEL_CR2_SET		= 0x0a,
	VEL_CR3_SET		= 0x0b,
	VEL_CR0_CLR		= 0x0c,	/* CR0..CR3 write-1-to-clear */
	VEL_CR1_CLR		= 0x0d,
	VEL_CR2_CLR		= 0x0e,
	VEL_CR3_CLR		= 0x0f,
	VEL_MARCAM		= 0x10,	/* 8 bytes, meaning set by CAMCR page */
	VEL_DESC_BASE_HI	= 0x18,	/* bits 63:32 of every ring base */
	VEL_BUF_BASE_HI		= 0x1c,	/* bits 63:48 of every buffer */
	VEL_ISRCTL		= 0x20,	/* paged by CAMCR */
	VEL_ISRCTL1		= 0x21,
	VEL_TXESR		= 0x22,
	VEL_RXESR		= 0x23,
	VEL_ISR			= 0x24,
	VEL_IMR			= 0x28,
	VEL_TDCSR_SET		= 0x30,
	VEL_RDCSR_SET		= 0x32,
	VEL_TDCSR_CLR		= 0x34,
	VEL_RDCSR_CLR		= 0x36,
	VEL_RD_BASE_LO		= 0x38,
	VEL_RD_IDX		= 0x3c,
	VEL_TQETMR		= 0x3e,	/* VT3216 and later */
	VEL_RQETMR		= 0x3f,	/* VT3216 and later */
	VEL_TD_BASE_LO0		= 0x40,	/* four queues, 4 bytes apart */
	VEL_RD_CSIZE		= 0x50,
	VEL_TD_CSIZE		= 0x52,
	VEL_TD_IDX0		= 0x54,	/* four queues, 2 bytes apart */
	VEL_PAUSE_TIMER		= 0x5c,
	VEL_RBRDU		= 0x5e,
	VEL_CAMADDR		= 0x68,
	VEL_CAMCR		= 0x69,
	VEL_MIICFG		= 0x6c,
	VEL_MIISR		= 0x6d,
	VEL_PHYSR0		= 0x6e,
	VEL_PHYSR1		= 0x6f,
	VEL_MIICR		= 0x70,
	VEL_MIIADR		= 0x71,
	VEL_MIIDATA		= 0x72,
	VEL_SOFT_TIMER0		= 0x74,
	VEL_SOFT_TIMER1		= 0x76,
	VEL_CFGA		= 0x78,
	VEL_CFGB		= 0x79,
	VEL_CFGC		= 0x7a,
	VEL_CFGD		= 0x7b,
	VEL_DCFG0		= 0x7c,
	VEL_DCFG1		= 0x7d,
	VEL_MCFG0		= 0x7e,
	VEL_MCFG1		= 0x7f,
	VEL_STICKHW		= 0x83,
	VEL_MIBCR		= 0x84,
	VEL_REVID		= 0x86,
	VEL_MIBDATA		= 0x88,
	VEL_EEWRDATA		= 0x8c,	/* EEPROM word to write */
	VEL_EECSR		= 0x93,
	VEL_EERDDATA		= 0x94,	/* EEPROM word read */
	VEL_EADDR		= 0x96,	/* EEPROM word number */
	VEL_EMBCMD		= 0x97,	/* embedded EEPROM command */
	VEL_TESTCFG		= 0x9d,
	VEL_CHIPGCR		= 0x9f,
	VEL_WOLCR_SET		= 0xa0,	/* WOLCR0 (patterns), WOLCR1 */
	VEL_PWCFG_SET		= 0xa2,
	VEL_WOLCFG_SET		= 0xa3,
	VEL_WOLCR_CLR		= 0xa4,
	VEL_PWCFG_CLR		= 0xa6,
	VEL_WOLCFG_CLR		= 0xa7,
	VEL_WOLSR_SET		= 0xa8,	/* WOLSR0, WOLSR1 */
	VEL_WOLSR_CLR		= 0xac,
	VEL_PATTERN_CRC0	= 0xb0,	/* eight 16-bit CRCs */
	VEL_BYTE_MASK0		= 0xc0,	/* 16-byte mask per pattern */
};

/* RCR: receive filter */
#define VEL_RCR_SEP		BIT(0)	/* accept CRC errors */
#define VEL_RCR_AR		BIT(1)	/* accept runts */
#define VEL_RCR_AM		BIT(2)	/* multicast via hash or CAM */
#define VEL_RCR_AB		BIT(3)	/* broadcast */
#define VEL_RCR_PROM		BIT(4)
#define VEL_RCR_AL		BIT(5)	/* long (jumbo) frames */
#define VEL_RCR_AP		BIT(6)	/* perfect (CAM) filtering */
#define VEL_RCR_AS		BIT(7)	/* accept symbol errors */

/* TCR: transmit control */
#define VEL_TCR_LB		GENMASK(1, 0)	/* loopback mode */
#define VEL_TCR_LB_MAC		1		/* internal MAC loopback */
#define VEL_TCR_TB2BDIS		BIT(7)	/* no back-to-back frame bursting */

/* CR0..CR3, one byte each */
#define VEL_CR0_STRT		BIT(0)
#define VEL_CR0_STOP		BIT(1)
#define VEL_CR0_RXON		BIT(2)
#define VEL_CR0_TXON		BIT(3)
#define VEL_CR1_DPOLL		BIT(3)	/* descriptor auto-polling off */
#define VEL_CR1_SFRST		BIT(7)	/* soft reset, self-clearing */
#define VEL_CR2_XLTH		GENMASK(1, 0)
#define VEL_CR2_XHITH		GENMASK(3, 2)
#define VEL_CR2_HDXFCEN		BIT(4)
#define VEL_CR2_FDXRFCEN	BIT(5)	/* honour received PAUSE */
#define VEL_CR2_FDXTFCEN	BIT(6)	/* send PAUSE */
#define VEL_CR2_XONEN		BIT(7)
#define VEL_CR3_GINTMSK1	BIT(1)	/* global interrupt enable */
#define VEL_CR3_INTPCTL		BIT(2)	/* interrupt hold-off timer on */
#define VEL_CR3_FORSRST		BIT(6)	/* force the MAC to a stop */

/* ISRCTL1 */
#define VEL_ISRCTL1_SCRLD	BIT(0)
#define VEL_ISRCTL1_HCRLD	BIT(1)	/* reload the hold-off timer */
#define VEL_ISRCTL1_RSUPDIS	BIT(5)
#define VEL_ISRCTL1_TSUPDIS	BIT(6)

/* ISR and IMR share one layout */
#define VEL_INT_PPRXI		BIT(0)	/* RX done, high priority */
#define VEL_INT_PPTXI		BIT(1)	/* TX done, high priority */
#define VEL_INT_PRXI		BIT(2)
#define VEL_INT_PTXI		BIT(3)	/* summary of PTX0I..PTX3I */
#define VEL_INT_PTX0I		BIT(4)
#define VEL_INT_OVFI		BIT(12)	/* RX FIFO overflow */
#define VEL_INT_LSTEI		BIT(13)	/* RX descriptors exhausted */
#define VEL_INT_SRCI		BIT(15)	/* link status change */
#define VEL_INT_PWEI		BIT(18)
#define VEL_INT_MIBFI		BIT(21)	/* a MIB counter nears overflow */
#define VEL_INT_HFLD		BIT(23)	/* hold-off timer reload */
#define VEL_INT_RXSTLI		BIT(24)	/* RX DMA stall */
#define VEL_INT_TXSTLI		BIT(25)	/* TX DMA stall */

/* TDCSR (4 bits per queue) and RDCSR */
#define VEL_QCSR_RUN		BIT(0)
#define VEL_QCSR_ACT		BIT(1)
#define VEL_QCSR_WAK		BIT(2)
#define VEL_QCSR_DEAD		BIT(3)
#define VEL_TDCSR_Q(q, bits)	((bits) << (4 * (q)))
#define VEL_TX_QUEUES		4
#define VEL_TDCSR_ALL		GENMASK(15, 0)	/* every bit of the four queues */
#define VEL_TDCSR_ALL_ACT	(VEL_TDCSR_Q(0, VEL_QCSR_ACT) | VEL_TDCSR_Q(1, VEL_QCSR_ACT) | \
				 VEL_TDCSR_Q(2, VEL_QCSR_ACT) | VEL_TDCSR_Q(3, VEL_QCSR_ACT))
#define VEL_RDCSR_ALL		GENMASK(7, 0)
#define VEL_TXESR_TDSTR		BIT(0)
#define VEL_RXESR_RDSTR		BIT(0)

/* CAMADDR and CAMCR */
#define VEL_CAMADDR_IDX		GENMASK(5, 0)
#define VEL_CAMADDR_VCAMSL	BIT(6)	/* VLAN CAM instead of address CAM */
#define VEL_CAMADDR_CAMEN	BIT(7)
#define VEL_CAMCR_CAMWR		BIT(2)
#define VEL_CAMCR_PS		GENMASK(7, 6)
#define VEL_CAMCR_PAGE_MAR	0	/* hash table, hold-off timer */
#define VEL_CAMCR_PAGE_MASK	1	/* CAM valid bits, TX threshold */
#define VEL_CAMCR_PAGE_DATA	2	/* CAM entry, RX threshold */
#define VEL_CAM_ENTRIES		64

/* MII management block */
#define VEL_MIICFG_PHYAD	GENMASK(4, 0)
#define VEL_MIISR_MIDLE		BIT(7)
#define VEL_MIICR_WCMD		BIT(5)
#define VEL_MIICR_RCMD		BIT(6)
#define VEL_MIICR_MAUTO		BIT(7)
#define VEL_MIIADR_REG		GENMASK(4, 0)
#define VEL_MIIADR_SWMPL	BIT(7)

/* Configuration registers */
#define VEL_CFGA_PACPI		BIT(0)
#define VEL_CFGB_BAKOPT		BIT(0)
#define VEL_CFGB_MBA		BIT(1)
#define VEL_CFGB_CAP		BIT(2)
#define VEL_CFGB_CRANDOM	BIT(3)
#define VEL_CFGB_OFSET		BIT(4)	/* IEEE back-off */
#define VEL_CFGC_EELOAD		BIT(7)	/* EEPROM embedded access enable */
#define VEL_DCFG0_DMA_LEN	GENMASK(2, 0)
#define VEL_DCFG1_MRDPL		BIT(3)	/* PCI Memory Read Multiple */
#define VEL_DCFG1_XMRL		BIT(5)	/* disable Memory Read Line */
#define VEL_MCFG0_VIDFR		BIT(0)	/* drop tags missing the VLAN CAM */
#define VEL_MCFG0_RTGOPT	BIT(1)
#define VEL_MCFG0_PQEN		BIT(2)	/* tag insertion and extraction */
#define VEL_MCFG0_RFT		GENMASK(5, 4)	/* RX FIFO threshold */

/* Power management, MIB, EEPROM, test */
#define VEL_STICKHW_DS0		BIT(0)
#define VEL_STICKHW_DS1		BIT(1)
#define VEL_STICKHW_SWPTAG	BIT(4)
#define VEL_MIBCR_MIBCLR	BIT(0)
#define VEL_MIBCR_MPTRINI	BIT(1)
#define VEL_MIBCR_MIBFLSH	BIT(2)
#define VEL_MIBCR_MIBFRZ	BIT(3)
#define VEL_MIBDATA_IDX		GENMASK(31, 24)
#define VEL_MIBDATA_VAL		GENMASK(23, 0)
#define VEL_MIB_COUNTERS	32
#define VEL_EECSR_RELOAD	BIT(5)
#define VEL_EECSR_EMBP		BIT(6)	/* embedded programming mode */
#define VEL_EMBCMD_ERD		BIT(0)
#define VEL_EMBCMD_EWR		BIT(1)
#define VEL_EMBCMD_EWEN		BIT(2)	/* write enable */
#define VEL_EMBCMD_EWDIS	BIT(3)	/* write disable */
#define VEL_EMBCMD_EDONE	BIT(7)
/*
 * EEPROM size: no source gives it.  Words 0-2 hold the station address;
 * the driver offers 64 words (a 93C46), the most the lab model has.
 */
#define VEL_EEPROM_WORDS	64
#define VEL_TESTCFG_HBDIS	BIT(7)	/* do not count SQE errors */
#define VEL_CHIPGCR_FCMODE	BIT(4)	/* MAC speed/duplex forced */
#define VEL_CHIPGCR_FCFDX	BIT(6)
#define VEL_CHIPGCR_FCGMII	BIT(7)

/* MIB counters the driver reports in rtnl_link_stats64 (index order) */
enum velocity_mib_index {
	VEL_MIB_RX_OK		= 1,
	VEL_MIB_TX_OK		= 2,
	VEL_MIB_RX_ERROR	= 3,	/* meaning disputed, see get_stats64 */
	VEL_MIB_RX_RUNT_OK	= 4,
	VEL_MIB_RX_RUNT_ERR	= 5,
	VEL_MIB_TX_COLLISIONS	= 18,
	VEL_MIB_RX_64		= 6,	/* then TX 64, RX 65-127, ... TX 1024-1518 */
	VEL_MIB_TX_64		= 7,
	VEL_MIB_RX_CRC		= 19,
	VEL_MIB_RX_JUMBO	= 20,	/* over 1518 bytes */
	VEL_MIB_TX_JUMBO	= 21,
	VEL_MIB_RX_MAC_CTRL	= 22,
	VEL_MIB_TX_MAC_CTRL	= 23,
	VEL_MIB_RX_FAE		= 24,
	VEL_MIB_RX_LONG_OK	= 25,
	VEL_MIB_RX_LONG_ERR	= 26,
	VEL_MIB_TX_SQE		= 27,
	VEL_MIB_RX_NOBUF	= 28,
	VEL_MIB_RX_SYMBOL	= 29,
	VEL_MIB_RX_LEN_ERR	= 30,
	VEL_MIB_TX_LATE_COL	= 31,
};

/* Frame size bins of the MIB: RX and TX counters alternate from index 6 */
#define VEL_MIB_SIZE_BINS	6

/* Wake-on-LAN: WOLCR as one 16-bit register (WOLCR0 low, WOLCR1 high) */
#define VEL_WOLCR_PATTERN(n)	BIT(n)
#define VEL_WOLCR_UNICAST	BIT(8)
#define VEL_WOLCR_MAGIC		BIT(9)
#define VEL_WOLCR_LINKON	BIT(10)
#define VEL_WOLCR_LINKOFF	BIT(11)
#define VEL_PWCFG_LEGACY_WOLEN	BIT(0)
#define VEL_PWCFG_WOLTYPE	BIT(5)
#define VEL_WOLCFG_SAB		BIT(4)
#define VEL_WOLCFG_SAM		BIT(5)
#define VEL_WOLCFG_PMEOVR	BIT(7)
#define VEL_WOL_MASK_BYTES	16
#define VEL_WOL_PATTERNS	8	/* 0-3 on CAMCR page 0, 4-7 on page 1 */

/* The ARP wake pattern: which frame bytes the mask selects */
#define VEL_ARP_ETHERTYPE_OFF	12	/* 2 bytes */
#define VEL_ARP_OPCODE_LO_OFF	21	/* low byte of the opcode */
#define VEL_ARP_TARGET_IP_OFF	38	/* 4 bytes */
#define VEL_ARP_FRAME_LEN	42

/* PHYSR0 (kept current by MII auto-polling) */
#define VEL_PHYSR0_TXFLC	BIT(0)
#define VEL_PHYSR0_RXFLC	BIT(1)
#define VEL_PHYSR0_SPD10	BIT(2)	/* neither SPD10 nor SPDG: 100 Mb/s */
#define VEL_PHYSR0_SPDG		BIT(3)
#define VEL_PHYSR0_FDPX		BIT(4)
#define VEL_PHYSR0_LINKGD	BIT(6)

/* Queue-empty timers: resolution code in 7:6, count in 5:0 */
#define VEL_QTMR_RES		GENMASK(7, 6)
#define VEL_QTMR_COUNT		GENMASK(5, 0)
#define VEL_QTMR_MAX_US		(63 * 64)

/* Interrupt hold-off timer (ISRCTL page 0): 20 us units */
#define VEL_HOLDOFF_UNIT_US	20
#define VEL_HOLDOFF_MAX_US	(255 * VEL_HOLDOFF_UNIT_US)

/*
 * RX descriptor, 16 bytes.  The NIC writes words 0 and 1 back; the host
 * owns words 2 and 3.
 */
struct velocity_rd {
	__le32 status;
	__le32 info;
	__le32 addr_lo;
	__le32 size;
};

static_assert(sizeof(struct velocity_rd) == 16);

#define VEL_RD0_RSR		GENMASK(15, 0)
#define VEL_RD0_LEN		GENMASK(29, 16)	/* bytes including the FCS */
#define VEL_RD0_OWN		BIT(31)
#define VEL_RD1_PQTAG		GENMASK(15, 0)	/* TCI, big-endian bytes */
#define VEL_RD1_CSM		GENMASK(23, 16)
#define VEL_RD3_ADDR_HI		GENMASK(15, 0)	/* buffer address 47:32 */
#define VEL_RD3_SIZE		GENMASK(29, 16)
#define VEL_RD3_INTEN		BIT(31)

/* RSR bits */
#define VEL_RSR_VIDM		BIT(0)	/* VLAN CAM miss, clears RXOK */
#define VEL_RSR_CRC		BIT(1)
#define VEL_RSR_FAE		BIT(2)
#define VEL_RSR_CE		BIT(3)
#define VEL_RSR_RL		BIT(4)	/* 802.3 length mismatch */
#define VEL_RSR_RXER		BIT(5)	/* symbol error */
#define VEL_RSR_DETAG		BIT(7)	/* tag moved to PQTAG */
#define VEL_RSR_EDP		BIT(8)
#define VEL_RSR_STP		BIT(9)
#define VEL_RSR_RXOK		BIT(15)
#define VEL_RSR_ERRORS		(VEL_RSR_CRC | VEL_RSR_FAE | VEL_RSR_RL | VEL_RSR_RXER)

/* CSM bits */
#define VEL_CSM_UDPKT		BIT(0)
#define VEL_CSM_TCPKT		BIT(1)
#define VEL_CSM_IPKT		BIT(2)
#define VEL_CSM_FRAG		BIT(4)
#define VEL_CSM_TUPOK		BIT(5)
#define VEL_CSM_IPOK		BIT(6)

/* One buffer slot of a TX descriptor */
struct velocity_td_buf {
	__le32 addr_lo;
	__le32 len;
};

#define VEL_TD_BUFS		7

/* TX descriptor, 64 bytes: header and seven buffer slots */
struct velocity_td {
	__le32 status;
	__le32 cmd;
	struct velocity_td_buf buf[VEL_TD_BUFS];
};

static_assert(sizeof(struct velocity_td) == 64);

#define VEL_TD0_TSR		GENMASK(15, 0)
#define VEL_TD0_LEN		GENMASK(29, 16)	/* whole frame, no FCS */
#define VEL_TD0_OWN		BIT(31)
#define VEL_TD1_TCI		GENMASK(15, 0)
#define VEL_TD1_TCR		GENMASK(23, 16)
#define VEL_TD1_TCPLS		GENMASK(25, 24)
#define VEL_TD1_CMDZ		GENMASK(31, 28)	/* buffers + 1 */
#define VEL_TDB_ADDR_HI		GENMASK(15, 0)
#define VEL_TDB_LEN		GENMASK(29, 16)
#define VEL_TDB_QUEUE		BIT(31)	/* buffer 0 only: more TDs follow */

#define VEL_TCPLS_NORMAL	3

/* Per-frame TCR bits (descriptor word 1) */
#define VEL_TDCMD_TCPCK		BIT(2)
#define VEL_TDCMD_UDPCK		BIT(3)
#define VEL_TDCMD_IPCK		BIT(4)
#define VEL_TDCMD_VETAG		BIT(5)
#define VEL_TDCMD_TIC		BIT(7)

/* TSR bits */
#define VEL_TSR_OWC		BIT(5)
#define VEL_TSR_ABT		BIT(7)
#define VEL_TSR_CDH		BIT(8)
#define VEL_TSR_CRS		BIT(9)
#define VEL_TSR_LNKFL		BIT(12)
#define VEL_TSR_TERR		BIT(15)

/* Both length fields are 14 bits wide */
#define VEL_DESC_LEN_MAX	(BIT(14) - 1)

/* Rings are fetched in 64-byte units */
#define VEL_RING_ALIGN		64

/*
 * Descriptor word builders.  They return CPU-order values; callers convert
 * with cpu_to_le32() when storing.  Only bits 47:0 of an address fit in a
 * descriptor; bits 63:48 come from VEL_BUF_BASE_HI, which stays zero
 * because the widest DMA mask the driver asks for is 48 bits.
 */
static inline u32 velocity_rd_size_word(u64 addr, u32 len)
{
	return FIELD_PREP(VEL_RD3_ADDR_HI, (u32)(addr >> 32) & 0xffff) |
	       FIELD_PREP(VEL_RD3_SIZE, len) | VEL_RD3_INTEN;
}

static inline u32 velocity_td_buf_word(u64 addr, u32 len)
{
	return FIELD_PREP(VEL_TDB_ADDR_HI, (u32)(addr >> 32) & 0xffff) |
	       FIELD_PREP(VEL_TDB_LEN, len);
}

static inline u32 velocity_td_cmd_word(u8 tcr, unsigned int nbufs, u16 tci)
{
	return FIELD_PREP(VEL_TD1_TCI, tci) | FIELD_PREP(VEL_TD1_TCR, tcr) |
	       FIELD_PREP(VEL_TD1_TCPLS, VEL_TCPLS_NORMAL) |
	       FIELD_PREP(VEL_TD1_CMDZ, nbufs + 1);
}

static inline u32 velocity_td_status_word(u32 frame_len)
{
	return VEL_TD0_OWN | FIELD_PREP(VEL_TD0_LEN, frame_len);
}

/*
 * Pure encoders and decoders of register and descriptor values, shared
 * with the host unit tests (tests/unit).
 */

/*
 * Queue-empty timers take a 2-bit resolution (1, 4, 16 or 64 us) and a
 * 6-bit count.  The smallest resolution that can express the request is
 * used, rounding the count up so the delay is never shorter than asked.
 */
static inline u8 velocity_qtimer_encode(u32 usecs)
{
	unsigned int res;

	for (res = 0; res < 4; res++) {
		u32 unit = 1U << (2 * res);
		u32 count = (usecs + unit - 1) / unit;

		if (count <= FIELD_MAX(VEL_QTMR_COUNT))
			return FIELD_PREP(VEL_QTMR_RES, res) |
			       FIELD_PREP(VEL_QTMR_COUNT, count);
	}
	return FIELD_PREP(VEL_QTMR_RES, 3) |
	       FIELD_PREP(VEL_QTMR_COUNT, FIELD_MAX(VEL_QTMR_COUNT));
}

static inline u32 velocity_qtimer_decode(u8 reg)
{
	return FIELD_GET(VEL_QTMR_COUNT, reg) << (2 * FIELD_GET(VEL_QTMR_RES, reg));
}

/* Hold-off timer units for a delay, rounded up, at most one byte */
static inline u8 velocity_holdoff_units(u32 usecs)
{
	u32 units = (usecs + VEL_HOLDOFF_UNIT_US - 1) / VEL_HOLDOFF_UNIT_US;

	return units > 255 ? 255 : units;
}

/**
 * velocity_coal_usecs() - the delay the hardware will really apply
 * @queue_timers: the chip has queue-empty timers (else the hold-off timer)
 * @usecs: requested delay
 *
 * Return: @usecs rounded to what the timer in use can express.
 */
static inline u32 velocity_coal_usecs(bool queue_timers, u32 usecs)
{
	if (queue_timers)
		return velocity_qtimer_decode(velocity_qtimer_encode(usecs));
	return velocity_holdoff_units(usecs) * VEL_HOLDOFF_UNIT_US;
}

/*
 * Bit of the 64-bit multicast hash table (MAR) for an address whose
 * big-endian CRC-32 (ether_crc()) is @crc: its six most significant bits.
 */
static inline unsigned int velocity_mc_hash_bit(u32 crc)
{
	return crc >> 26;
}

/*
 * ARP wake-up pattern.  The mask selects the EtherType, the low byte of
 * the ARP opcode and the target protocol address; the template is an ARP
 * request for @ip with every other byte zero.
 */
static inline void velocity_wol_arp_mask(u8 mask[VEL_WOL_MASK_BYTES])
{
	static const u8 picked[] = {
		VEL_ARP_ETHERTYPE_OFF, VEL_ARP_ETHERTYPE_OFF + 1,
		VEL_ARP_OPCODE_LO_OFF,
		VEL_ARP_TARGET_IP_OFF, VEL_ARP_TARGET_IP_OFF + 1,
		VEL_ARP_TARGET_IP_OFF + 2, VEL_ARP_TARGET_IP_OFF + 3,
	};
	unsigned int i;

	for (i = 0; i < VEL_WOL_MASK_BYTES; i++)
		mask[i] = 0;
	for (i = 0; i < sizeof(picked); i++)
		mask[picked[i] / 8] |= BIT(picked[i] % 8);
}

/* @ip points at the address in network byte order */
static inline void velocity_wol_arp_frame(u8 frame[VEL_ARP_FRAME_LEN], const u8 ip[4])
{
	unsigned int i;

	for (i = 0; i < VEL_ARP_FRAME_LEN; i++)
		frame[i] = 0;
	frame[VEL_ARP_ETHERTYPE_OFF] = 0x08;		/* ETH_P_ARP */
	frame[VEL_ARP_ETHERTYPE_OFF + 1] = 0x06;
	frame[VEL_ARP_OPCODE_LO_OFF] = 0x01;		/* ARPOP_REQUEST */
	for (i = 0; i < 4; i++)
		frame[VEL_ARP_TARGET_IP_OFF + i] = ip[i];
}

/**
 * velocity_wol_pattern_crc() - PatternCRC value for a wake-up pattern
 * @frame: template frame
 * @len: its length; mask bits past it select nothing
 * @mask: 16-byte mask, bit j of byte i selects frame byte 8 * i + j
 *
 * The chip runs CRC-16/X-25 (reflected CCITT polynomial 0x8408, preset
 * and final inversion) over the selected bytes and compares it,
 * bit-reversed, with the register.  Done bit by bit here: a few dozen
 * bytes when arming, not worth a dependency on CONFIG_CRC_CCITT.
 *
 * Return: the value for the PatternCRC register.
 */
static inline u16 velocity_wol_pattern_crc(const u8 *frame, unsigned int len,
					   const u8 mask[VEL_WOL_MASK_BYTES])
{
	unsigned int i, b;
	u16 crc = 0xffff;

	for (i = 0; i < len && i < 8 * VEL_WOL_MASK_BYTES; i++) {
		if (!(mask[i / 8] & BIT(i % 8)))
			continue;
		crc ^= frame[i];
		for (b = 0; b < 8; b++)
			crc = crc & 1 ? (crc >> 1) ^ 0x8408 : crc >> 1;
	}

	return bitrev16(~crc);
}

/**
 * velocity_rx_credit() - how many RX descriptors to hand to the NIC
 * @ready: host-owned descriptors holding a buffer, in ring order
 * @residue: the NIC's residue count (only read when @clamp is set)
 * @ring_size: number of descriptors in the ring
 * @clamp: keep the residue within the ring size (VT3286)
 *
 * The NIC takes descriptors four at a time; a remainder waits for the
 * next call.
 *
 * Return: a multiple of four, possibly zero.
 */
static inline unsigned int velocity_rx_credit(unsigned int ready, unsigned int residue,
					      unsigned int ring_size, bool clamp)
{
	unsigned int credit = ready & ~3U;

	if (clamp) {
		unsigned int room = residue < ring_size ? ring_size - residue : 0;

		if (credit > (room & ~3U))
			credit = room & ~3U;
	}
	return credit;
}

/*
 * A frame is good when the NIC says RXOK.  A tagged frame whose VID is
 * not in the VLAN CAM arrives with VIDM and RXOK clear; that only happens
 * while VLAN filtering is off, and then the stack filters it.
 */
static inline bool velocity_rx_frame_ok(u16 rsr)
{
	if (rsr & VEL_RSR_ERRORS)
		return false;
	return rsr & (VEL_RSR_RXOK | VEL_RSR_VIDM);
}

/*
 * Only a TCP or UDP segment of an unfragmented IPv4 packet whose header
 * and payload checksums the NIC verified may skip software verification.
 * For other IPv4 payloads (ICMP, ...) the NIC checks the IP header only,
 * which the stack checks anyway, so they stay CHECKSUM_NONE.
 */
static inline bool velocity_rx_csum_ok(u8 csm)
{
	if ((csm & (VEL_CSM_IPKT | VEL_CSM_IPOK)) != (VEL_CSM_IPKT | VEL_CSM_IPOK))
		return false;
	if (csm & VEL_CSM_FRAG)
		return false;
	return (csm & (VEL_CSM_TCPKT | VEL_CSM_UDPKT)) && (csm & VEL_CSM_TUPOK);
}

#endif /* _VELOCITY_HW_H */
