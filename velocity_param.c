// SPDX-License-Identifier: GPL-2.0
/*
 * VIA Velocity: module parameters, their limits, the value each card gets
 * and the log lines about them.
 *
 * One value applies to every card; a comma-separated list gives one value
 * per card in probe order, and cards past its end get the default.  Each
 * array starts with its default so that sysfs shows it.  RxDescriptors,
 * TxDescriptors, EnableMRDPL, EnableAI and ValPktLen keep velocityget's
 * CamelCase: users' /etc/modprobe.d lines carry them.
 */
#include <linux/device.h>
#include <linux/ethtool.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

#include "velocity_hw.h"
#include "velocity_param.h"

#define VELOCITY_DEF_DMA_LENGTH		6	/* store and forward */
#define VELOCITY_DEF_INT_WORKS		32	/* two passes fill a NAPI budget */
#define VELOCITY_DEF_RX_DESCS		252
#define VELOCITY_DEF_TX_DESCS		256
#define VELOCITY_DEF_RX_THRESH		0	/* 128 bytes */
#define VELOCITY_DEF_SPEED_DUPLEX	0	/* autonegotiation */
#define VELOCITY_DEF_FLOW_CONTROL	1	/* as negotiated */
#define VELOCITY_DEF_WOL_OPTS		0	/* magic packet only */
#define VELOCITY_DEF_IP_ALIGN		0
#define VELOCITY_DEF_RX_COPYBREAK	200
#define VELOCITY_DEF_MRDPL		0
#define VELOCITY_DEF_AI			1
#define VELOCITY_DEF_TXQ_TIMER		0x59	/* 25 x 4 us */
#define VELOCITY_DEF_RXQ_TIMER		0x14	/* 20 x 1 us */
#define VELOCITY_DEF_TX_INTSUP		31
#define VELOCITY_DEF_RX_INTSUP		31
#define VELOCITY_DEF_TXCSUM		1
#define VELOCITY_DEF_TAGGING		0
#define VELOCITY_DEF_VID		0
#define VELOCITY_DEF_VALPKTLEN		0

static int dma_length[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_DMA_LENGTH };
static unsigned int dma_length_num = 1;
module_param_array_named(DMA_length, dma_length, int, &dma_length_num, 0444);
MODULE_PARM_DESC(DMA_length, "DMA burst: 0-5 = 8..256 dwords, 6-7 = store and forward");

static int int_works[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_INT_WORKS };
static unsigned int int_works_num = 1;
module_param_array_named(int_works, int_works, int, &int_works_num, 0444);
MODULE_PARM_DESC(int_works, "Frames per direction per poll pass (10-256)");

static int rx_descriptors[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_RX_DESCS };
static unsigned int rx_descriptors_num = 1;
module_param_array_named(RxDescriptors, rx_descriptors, int, &rx_descriptors_num, 0444);
MODULE_PARM_DESC(RxDescriptors, "RX ring size (64-255, rounded down to a multiple of 4)");

static int tx_descriptors[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_TX_DESCS };
static unsigned int tx_descriptors_num = 1;
module_param_array_named(TxDescriptors, tx_descriptors, int, &tx_descriptors_num, 0444);
MODULE_PARM_DESC(TxDescriptors, "TX ring size (16-256)");

static int rx_thresh[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_RX_THRESH };
static unsigned int rx_thresh_num = 1;
module_param_array_named(rx_thresh, rx_thresh, int, &rx_thresh_num, 0444);
MODULE_PARM_DESC(rx_thresh,
		 "RX FIFO threshold: 0 = 128 B, 1 = 512 B, 2 = 1024 B, 3 = store and forward");

static int speed_duplex[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_SPEED_DUPLEX };
static unsigned int speed_duplex_num = 1;
module_param_array_named(speed_duplex, speed_duplex, int, &speed_duplex_num, 0444);
MODULE_PARM_DESC(speed_duplex,
		 "0 auto, 1 100/half, 2 100/full, 3 10/half, 4 10/full, 5 1000/full");

static int flow_control[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_FLOW_CONTROL };
static unsigned int flow_control_num = 1;
module_param_array_named(flow_control, flow_control, int, &flow_control_num, 0444);
MODULE_PARM_DESC(flow_control,
		 "1 negotiated, 2 send PAUSE only, 3 honour PAUSE only, 4 both, 5 off");

static int wol_opts[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_WOL_OPTS };
static unsigned int wol_opts_num = 1;
module_param_array_named(wol_opts, wol_opts, int, &wol_opts_num, 0444);
MODULE_PARM_DESC(wol_opts,
		 "Wake on magic packet plus: 1 link change, 2 ARP, 4 unicast (bitmask)");

static int ip_byte_align[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_IP_ALIGN };
static unsigned int ip_byte_align_num = 1;
module_param_array_named(IP_byte_align, ip_byte_align, int, &ip_byte_align_num, 0444);
MODULE_PARM_DESC(IP_byte_align, "1 = copy every frame so that its IP header is 4-byte aligned");

static int rx_copybreak[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_RX_COPYBREAK };
static unsigned int rx_copybreak_num = 1;
module_param_array_named(rx_copybreak, rx_copybreak, int, &rx_copybreak_num, 0444);
MODULE_PARM_DESC(rx_copybreak, "Frames up to this size are copied (0-1514)");

static int enable_mrdpl[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_MRDPL };
static unsigned int enable_mrdpl_num = 1;
module_param_array_named(EnableMRDPL, enable_mrdpl, int, &enable_mrdpl_num, 0444);
MODULE_PARM_DESC(EnableMRDPL, "1 = PCI Memory Read Multiple on VT3119/VT3216");

static int enable_ai[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_AI };
static unsigned int enable_ai_num = 1;
module_param_array_named(EnableAI, enable_ai, int, &enable_ai_num, 0444);
MODULE_PARM_DESC(EnableAI,
		 "1 = interrupt moderation at load (VT3119: hold-off timer from ethtool -C)");

static int txque_timer[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_TXQ_TIMER };
static unsigned int txque_timer_num = 1;
module_param_array_named(txque_timer, txque_timer, int, &txque_timer_num, 0444);
MODULE_PARM_DESC(txque_timer, "TX queue-empty timer, raw TQETMR value (0-255)");

static int rxque_timer[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_RXQ_TIMER };
static unsigned int rxque_timer_num = 1;
module_param_array_named(rxque_timer, rxque_timer, int, &rxque_timer_num, 0444);
MODULE_PARM_DESC(rxque_timer, "RX queue-empty timer, raw RQETMR value (0-255)");

static int tx_intsup[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_TX_INTSUP };
static unsigned int tx_intsup_num = 1;
module_param_array_named(tx_intsup, tx_intsup, int, &tx_intsup_num, 0444);
MODULE_PARM_DESC(tx_intsup, "TX completions per interrupt (0 = no suppression, 1-255)");

static int rx_intsup[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_RX_INTSUP };
static unsigned int rx_intsup_num = 1;
module_param_array_named(rx_intsup, rx_intsup, int, &rx_intsup_num, 0444);
MODULE_PARM_DESC(rx_intsup, "RX frames per interrupt (0 = no suppression, 1-255)");

/*
 * velocityget's options that the kernel now offers through ip and ethtool:
 * accepted so old lines still load, each doing what it did or saying what
 * replaces it.  Empty until given, so that "given" can be told apart.
 */
static int txcsum_offload[VELOCITY_MAX_UNITS];
static unsigned int txcsum_offload_num;
module_param_array_named(txcsum_offload, txcsum_offload, int, &txcsum_offload_num, 0444);
MODULE_PARM_DESC(txcsum_offload, "0 = start with TX checksum offload off (ethtool -K tx)");

static int enable_tagging[VELOCITY_MAX_UNITS];
static unsigned int enable_tagging_num;
module_param_array_named(enable_tagging, enable_tagging, int, &enable_tagging_num, 0444);
MODULE_PARM_DESC(enable_tagging, "velocityget's fixed-VID tagging: use ip link ... type vlan");

static int vid_setting[VELOCITY_MAX_UNITS];
static unsigned int vid_setting_num;
module_param_array_named(VID_setting, vid_setting, int, &vid_setting_num, 0444);
MODULE_PARM_DESC(VID_setting, "VLAN ID for enable_tagging (0-4094)");

static int val_pkt_len[VELOCITY_MAX_UNITS];
static unsigned int val_pkt_len_num;
module_param_array_named(ValPktLen, val_pkt_len, int, &val_pkt_len_num, 0444);
MODULE_PARM_DESC(ValPktLen, "velocityget's length-field check: always on here");

/*
 * Names, ranges and defaults follow velocityget so existing lines keep
 * their meaning.  The ring sizes are velocityget's too (252 RX / 256 TX).
 */
const struct velocity_param_spec velocity_param_specs[VELOCITY_P_NUM] = {
	[VELOCITY_P_DMA_LENGTH]	  = { "DMA_length", 0, 7, VELOCITY_DEF_DMA_LENGTH, 1 },
	[VELOCITY_P_INT_WORKS]	  = { "int_works", 10, 256, VELOCITY_DEF_INT_WORKS, 1 },
	[VELOCITY_P_RX_DESCS]	  = { "RxDescriptors", VELOCITY_RX_RING_MIN, VELOCITY_RX_RING_MAX,
				      VELOCITY_DEF_RX_DESCS, 4 },
	[VELOCITY_P_TX_DESCS]	  = { "TxDescriptors", VELOCITY_TX_RING_MIN, VELOCITY_TX_RING_MAX,
				      VELOCITY_DEF_TX_DESCS, 1 },
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
	[VELOCITY_P_TXCSUM]	  = { "txcsum_offload", 0, 1, VELOCITY_DEF_TXCSUM, 1 },
	[VELOCITY_P_TAGGING]	  = { "enable_tagging", 0, 2, VELOCITY_DEF_TAGGING, 1 },
	[VELOCITY_P_VID]	  = { "VID_setting", 0, 4094, VELOCITY_DEF_VID, 1 },
	[VELOCITY_P_VALPKTLEN]	  = { "ValPktLen", 0, 1, VELOCITY_DEF_VALPKTLEN, 1 },
};

static const struct {
	const int *vals;
	const unsigned int *num;
} velocity_param_vals[VELOCITY_P_NUM] = {
	[VELOCITY_P_DMA_LENGTH] = { dma_length, &dma_length_num },
	[VELOCITY_P_INT_WORKS] = { int_works, &int_works_num },
	[VELOCITY_P_RX_DESCS] = { rx_descriptors, &rx_descriptors_num },
	[VELOCITY_P_TX_DESCS] = { tx_descriptors, &tx_descriptors_num },
	[VELOCITY_P_RX_THRESH] = { rx_thresh, &rx_thresh_num },
	[VELOCITY_P_SPEED_DUPLEX] = { speed_duplex, &speed_duplex_num },
	[VELOCITY_P_FLOW_CONTROL] = { flow_control, &flow_control_num },
	[VELOCITY_P_WOL_OPTS] = { wol_opts, &wol_opts_num },
	[VELOCITY_P_IP_ALIGN] = { ip_byte_align, &ip_byte_align_num },
	[VELOCITY_P_RX_COPYBREAK] = { rx_copybreak, &rx_copybreak_num },
	[VELOCITY_P_MRDPL] = { enable_mrdpl, &enable_mrdpl_num },
	[VELOCITY_P_AI] = { enable_ai, &enable_ai_num },
	[VELOCITY_P_TXQ_TIMER] = { txque_timer, &txque_timer_num },
	[VELOCITY_P_RXQ_TIMER] = { rxque_timer, &rxque_timer_num },
	[VELOCITY_P_TX_INTSUP] = { tx_intsup, &tx_intsup_num },
	[VELOCITY_P_RX_INTSUP] = { rx_intsup, &rx_intsup_num },
	[VELOCITY_P_TXCSUM] = { txcsum_offload, &txcsum_offload_num },
	[VELOCITY_P_TAGGING] = { enable_tagging, &enable_tagging_num },
	[VELOCITY_P_VID] = { vid_setting, &vid_setting_num },
	[VELOCITY_P_VALPKTLEN] = { val_pkt_len, &val_pkt_len_num },
};

/* speed_duplex values 1-5 as one link mode */
static const struct {
	int speed;
	u8 duplex;
} velocity_param_modes[] = {
	[1] = { SPEED_100, DUPLEX_HALF },
	[2] = { SPEED_100, DUPLEX_FULL },
	[3] = { SPEED_10, DUPLEX_HALF },
	[4] = { SPEED_10, DUPLEX_FULL },
	[5] = { SPEED_1000, DUPLEX_FULL },
};

/* flow_control values */
enum {
	VELOCITY_FC_AUTO = 1,
	VELOCITY_FC_TX,
	VELOCITY_FC_RX,
	VELOCITY_FC_BOTH,
	VELOCITY_FC_OFF,
};

/* wol_opts bits; magic packet wake is always armed */
#define VELOCITY_WOL_OPT_LINK	BIT(0)
#define VELOCITY_WOL_OPT_ARP	BIT(1)
#define VELOCITY_WOL_OPT_UCAST	BIT(2)

/**
 * velocity_param_pick() - the value one card gets from a parameter array
 * @spec: range and default of the parameter
 * @vals: values given on the command line
 * @nvals: how many were given
 * @unit: card number in probe order
 * @out: where the value to use is stored
 *
 * One value applies to every card; a list gives one value per card and
 * cards past its end get the default.
 *
 * Return: how @out was chosen.
 */
enum velocity_param_result
velocity_param_pick(const struct velocity_param_spec *spec, const int *vals,
		    unsigned int nvals, unsigned int unit, int *out)
{
	int v;

	*out = spec->def;
	if (!nvals)
		return VELOCITY_PARAM_DEFAULT;
	if (nvals > 1 && unit >= nvals)
		return VELOCITY_PARAM_PAST_END;

	v = vals[nvals == 1 ? 0 : unit];
	if (v < spec->min || v > spec->max)
		return VELOCITY_PARAM_BAD;

	*out = v - v % spec->align;
	return *out == v ? VELOCITY_PARAM_OK : VELOCITY_PARAM_ROUNDED;
}

/* Every parameter's value for one card, with one line per bad or rounded one */
static void velocity_param_values(struct device *dev, unsigned int unit,
				  int val[VELOCITY_P_NUM], bool given[VELOCITY_P_NUM])
{
	char past[160] = "";
	unsigned int id;

	for (id = 0; id < VELOCITY_P_NUM; id++) {
		const struct velocity_param_spec *spec = &velocity_param_specs[id];
		unsigned int num = *velocity_param_vals[id].num;
		const int *vals = velocity_param_vals[id].vals;
		int v = vals[num == 1 ? 0 : unit % VELOCITY_MAX_UNITS];
		size_t len = strlen(past);

		given[id] = true;
		switch (velocity_param_pick(spec, vals, num, unit, &val[id])) {
		case VELOCITY_PARAM_BAD:
			dev_warn(dev, "%s=%d out of range %d-%d, using default %d\n",
				 spec->name, v, spec->min, spec->max, val[id]);
			/* that one line is all: the default is used as if none was given */
			given[id] = false;
			break;
		case VELOCITY_PARAM_ROUNDED:
			dev_info(dev, "%s=%d rounded down to %d\n", spec->name, v, val[id]);
			break;
		case VELOCITY_PARAM_PAST_END:
			snprintf(past + len, sizeof(past) - len, "%s%s", len ? ", " : "",
				 spec->name);
			fallthrough;
		case VELOCITY_PARAM_DEFAULT:
			given[id] = false;
			break;
		default:
			break;
		}
	}
	if (past[0])
		dev_info(dev, "card %u is past the end of the per-card list: %s at default\n",
			 unit + 1, past);
}

/* The velocityget options the kernel has replaced: one line each */
static void velocity_param_legacy(struct device *dev, const int *val, const bool *given)
{
	if (given[VELOCITY_P_TAGGING] && val[VELOCITY_P_TAGGING] == 1)
		dev_info(dev, "enable_tagging=1 is not supported, use: ip link add link <if> name <if>.%d type vlan id %d\n",
			 val[VELOCITY_P_VID], val[VELOCITY_P_VID]);
	else if (given[VELOCITY_P_TAGGING] && val[VELOCITY_P_TAGGING] == 2)
		dev_info(dev, "enable_tagging=2 is not supported, use: ethtool -K <if> rx-vlan-filter off\n");
	if (given[VELOCITY_P_VALPKTLEN] && !val[VELOCITY_P_VALPKTLEN])
		dev_info(dev, "ValPktLen=0 is not supported: frames with a bad length field are dropped, counted in ip -s link's length errors\n");
}

/* flow_control as pause settings: as negotiated, or a fixed choice */
static void velocity_param_pause(int fc, struct velocity_params *p)
{
	p->pause_autoneg = fc == VELOCITY_FC_AUTO;
	p->pause_rx = fc == VELOCITY_FC_RX || fc == VELOCITY_FC_BOTH;
	p->pause_tx = fc == VELOCITY_FC_TX || fc == VELOCITY_FC_BOTH;
}

/**
 * velocity_params_get() - what the module parameters ask of one card
 * @dev: the card, for the log lines
 * @unit: card number in probe order (0 for the first)
 * @queue_timers: the chip has queue-empty timers (VT3216 and later)
 * @p: filled in
 *
 * Every parameter is checked, even one this chip will not use.  A value
 * out of range logs one line naming it, the value, the range and the
 * default used.
 */
void velocity_params_get(struct device *dev, unsigned int unit, bool queue_timers,
			 struct velocity_params *p)
{
	bool given[VELOCITY_P_NUM];
	int val[VELOCITY_P_NUM];
	int sd;

	velocity_param_values(dev, unit, val, given);
	velocity_param_legacy(dev, val, given);

	p->dma_length = val[VELOCITY_P_DMA_LENGTH];
	p->int_works = val[VELOCITY_P_INT_WORKS];
	p->rx_ring = val[VELOCITY_P_RX_DESCS];
	p->tx_ring = val[VELOCITY_P_TX_DESCS];
	p->rx_thresh = val[VELOCITY_P_RX_THRESH];
	p->ip_align = val[VELOCITY_P_IP_ALIGN];
	p->rx_copybreak = val[VELOCITY_P_RX_COPYBREAK];
	p->mrdpl = val[VELOCITY_P_MRDPL];
	p->tx_csum = val[VELOCITY_P_TXCSUM];

	sd = val[VELOCITY_P_SPEED_DUPLEX];
	p->speed = sd ? velocity_param_modes[sd].speed : SPEED_UNKNOWN;
	p->duplex = sd ? velocity_param_modes[sd].duplex : DUPLEX_UNKNOWN;
	velocity_param_pause(val[VELOCITY_P_FLOW_CONTROL], p);

	p->wolopts = WAKE_MAGIC;
	if (val[VELOCITY_P_WOL_OPTS] & VELOCITY_WOL_OPT_LINK)
		p->wolopts |= WAKE_PHY;
	if (val[VELOCITY_P_WOL_OPTS] & VELOCITY_WOL_OPT_ARP)
		p->wolopts |= WAKE_ARP;
	if (val[VELOCITY_P_WOL_OPTS] & VELOCITY_WOL_OPT_UCAST)
		p->wolopts |= WAKE_UCAST;

	/*
	 * Moderation at load needs the queue-empty timers, which flush a
	 * batch below the threshold after a bounded delay.  VT3119 has only
	 * the shared hold-off timer; it starts unmoderated (NAPI batches under
	 * load anyway) and ethtool -C can turn the hold-off timer on.
	 */
	p->rx_frames = 0;
	p->tx_frames = 0;
	p->rx_usecs = 0;
	p->tx_usecs = 0;
	if (val[VELOCITY_P_AI] && queue_timers) {
		p->rx_frames = val[VELOCITY_P_RX_INTSUP];
		p->tx_frames = val[VELOCITY_P_TX_INTSUP];
		p->rx_usecs = velocity_qtimer_decode(val[VELOCITY_P_RXQ_TIMER]);
		p->tx_usecs = velocity_qtimer_decode(val[VELOCITY_P_TXQ_TIMER]);
	}
	/* as ethtool -C: a threshold without its flush timer would hold frames */
	if (p->rx_frames && !p->rx_usecs) {
		dev_warn(dev, "rx_intsup=%u needs rxque_timer > 0, RX suppression off\n",
			 p->rx_frames);
		p->rx_frames = 0;
	}
	if (p->tx_frames && !p->tx_usecs) {
		dev_warn(dev, "tx_intsup=%u needs txque_timer > 0, TX suppression off\n",
			 p->tx_frames);
		p->tx_frames = 0;
	}
}
