/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VIA Velocity: module parameters.
 *
 * The names, ranges and meanings are those of VIA's velocityget driver, so
 * existing /etc/modprobe.d lines keep working.  velocity_param.c holds the
 * parameter arrays, their limits, the choice of a value for each card and
 * the log lines about them; the rest of the driver sees only struct
 * velocity_params, already in ethtool's terms.  The host unit tests
 * (tests/unit) compile velocity_param.c unchanged.
 */
#ifndef _VELOCITY_PARAM_H
#define _VELOCITY_PARAM_H

#include <linux/types.h>

struct device;

/* Each parameter takes one value for all cards or one per card, this many */
#define VELOCITY_MAX_UNITS	8

/* Ring sizes, for the parameters and ethtool -G alike */
#define VELOCITY_RX_RING_MIN	64
#define VELOCITY_RX_RING_MAX	255	/* used as a multiple of 4: 252 */
#define VELOCITY_TX_RING_MIN	16
#define VELOCITY_TX_RING_MAX	256

/* Module parameters: one slot each */
enum velocity_param_id {
	VELOCITY_P_DMA_LENGTH,
	VELOCITY_P_INT_WORKS,
	VELOCITY_P_RX_DESCS,
	VELOCITY_P_TX_DESCS,
	VELOCITY_P_RX_THRESH,
	VELOCITY_P_SPEED_DUPLEX,
	VELOCITY_P_FLOW_CONTROL,
	VELOCITY_P_WOL_OPTS,
	VELOCITY_P_IP_ALIGN,
	VELOCITY_P_RX_COPYBREAK,
	VELOCITY_P_MRDPL,
	VELOCITY_P_AI,
	VELOCITY_P_TXQ_TIMER,
	VELOCITY_P_RXQ_TIMER,
	VELOCITY_P_TX_INTSUP,
	VELOCITY_P_RX_INTSUP,
	VELOCITY_P_TXCSUM,		/* velocityget options kept for old lines */
	VELOCITY_P_TAGGING,
	VELOCITY_P_VID,
	VELOCITY_P_VALPKTLEN,
	VELOCITY_P_NUM
};

/**
 * struct velocity_param_spec - range of one module parameter
 * @name: parameter name as typed on the modprobe command line
 * @min: smallest accepted value
 * @max: largest accepted value
 * @def: value used when none is given or the given one is out of range
 * @align: accepted values are rounded down to a multiple of this
 */
struct velocity_param_spec {
	const char *name;
	int min;
	int max;
	int def;
	int align;
};

extern const struct velocity_param_spec velocity_param_specs[VELOCITY_P_NUM];

/* velocity_param_pick() outcome */
enum velocity_param_result {
	VELOCITY_PARAM_DEFAULT,		/* nothing given */
	VELOCITY_PARAM_PAST_END,	/* a per-card list ends before this card */
	VELOCITY_PARAM_OK,
	VELOCITY_PARAM_ROUNDED,		/* in range, rounded down */
	VELOCITY_PARAM_BAD,		/* out of range, default used */
};

enum velocity_param_result
velocity_param_pick(const struct velocity_param_spec *spec, const int *vals,
		    unsigned int nvals, unsigned int unit, int *out);

/**
 * struct velocity_params - what the parameters ask of one card
 * @dma_length: DCFG0 DMA burst code
 * @rx_thresh: MCFG0 RX FIFO threshold code
 * @mrdpl: PCI Memory Read Multiple asked for
 * @ip_align: copy every frame to align its IP header
 * @tx_csum: start with TX checksum offload on
 * @int_works: frames per direction and poll pass
 * @rx_ring: RX descriptors, a multiple of four
 * @tx_ring: TX descriptors
 * @rx_copybreak: frames up to this size are copied
 * @speed: SPEED_10/100/1000 for one mode only, SPEED_UNKNOWN for every mode
 * @duplex: DUPLEX_HALF/FULL with @speed
 * @pause_autoneg: pause as negotiated (both directions offered)
 * @pause_rx: without @pause_autoneg, honour received PAUSE
 * @pause_tx: without @pause_autoneg, send PAUSE
 * @wolopts: WAKE_* sources armed at probe
 * @rx_frames: RX interrupt suppression threshold, 0 = off
 * @tx_frames: TX interrupt suppression threshold, 0 = off
 * @rx_usecs: RX queue-empty timer in microseconds
 * @tx_usecs: TX queue-empty timer in microseconds
 */
struct velocity_params {
	u8 dma_length;
	u8 rx_thresh;
	bool mrdpl;
	bool ip_align;
	bool tx_csum;
	unsigned int int_works;
	unsigned int rx_ring;
	unsigned int tx_ring;
	unsigned int rx_copybreak;
	int speed;
	u8 duplex;
	bool pause_autoneg;
	bool pause_rx;
	bool pause_tx;
	u32 wolopts;
	u8 rx_frames;
	u8 tx_frames;
	u16 rx_usecs;
	u16 tx_usecs;
};

void velocity_params_get(struct device *dev, unsigned int unit, bool queue_timers,
			 struct velocity_params *p);

#endif /* _VELOCITY_PARAM_H */
