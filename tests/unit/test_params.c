// SPDX-License-Identifier: GPL-2.0
/* Module parameter limits and the per-card choice of a value. */
#include <stdlib.h>
#include <string.h>

#include <linux/device.h>
#include <linux/ethtool.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

#include "unit.h"
#include "velocity_chipid.h"
#include "velocity_hw.h"
#include "velocity_param.h"

static const struct velocity_param_spec *spec(enum velocity_param_id id)
{
	return &velocity_param_specs[id];
}

/* The documented range and default of every parameter */
static void check_table(void)
{
	static const struct {
		enum velocity_param_id id;
		const char *name;
		int min, max, def;
	} want[] = {
		{ VELOCITY_P_DMA_LENGTH, "DMA_length", 0, 7, 6 },
		{ VELOCITY_P_INT_WORKS, "int_works", 10, 256, 32 },
		{ VELOCITY_P_RX_DESCS, "RxDescriptors", 64, 255, 252 },
		{ VELOCITY_P_TX_DESCS, "TxDescriptors", 16, 256, 256 },
		{ VELOCITY_P_RX_THRESH, "rx_thresh", 0, 3, 0 },
		{ VELOCITY_P_SPEED_DUPLEX, "speed_duplex", 0, 5, 0 },
		{ VELOCITY_P_FLOW_CONTROL, "flow_control", 1, 5, 1 },
		{ VELOCITY_P_WOL_OPTS, "wol_opts", 0, 7, 0 },
		{ VELOCITY_P_IP_ALIGN, "IP_byte_align", 0, 1, 0 },
		{ VELOCITY_P_RX_COPYBREAK, "rx_copybreak", 0, 1514, 200 },
		{ VELOCITY_P_MRDPL, "EnableMRDPL", 0, 1, 0 },
		{ VELOCITY_P_AI, "EnableAI", 0, 1, 1 },
		{ VELOCITY_P_TXQ_TIMER, "txque_timer", 0, 255, 0x59 },
		{ VELOCITY_P_RXQ_TIMER, "rxque_timer", 0, 255, 0x14 },
		{ VELOCITY_P_TX_INTSUP, "tx_intsup", 0, 255, 31 },
		{ VELOCITY_P_RX_INTSUP, "rx_intsup", 0, 255, 31 },
		{ VELOCITY_P_TXCSUM, "txcsum_offload", 0, 1, 1 },
		{ VELOCITY_P_TAGGING, "enable_tagging", 0, 2, 0 },
		{ VELOCITY_P_VID, "VID_setting", 0, 4094, 0 },
		{ VELOCITY_P_VALPKTLEN, "ValPktLen", 0, 1, 0 },
	};
	unsigned int i;

	CHECK_EQ(ARRAY_SIZE(want), VELOCITY_P_NUM);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		const struct velocity_param_spec *s = spec(want[i].id);

		CHECK(s->name && !strcmp(s->name, want[i].name));
		CHECK_EQ(s->min, want[i].min);
		CHECK_EQ(s->max, want[i].max);
		CHECK_EQ(s->def, want[i].def);
		/* the default must itself be a value the parameter accepts */
		CHECK(s->def >= s->min && s->def <= s->max && s->def % s->align == 0);
	}
}

/* Both ends of every range are accepted, one past either end is not */
static void check_ranges(void)
{
	unsigned int id;
	int v, out;

	for (id = 0; id < VELOCITY_P_NUM; id++) {
		const struct velocity_param_spec *s = spec(id);

		v = s->min;
		CHECK(velocity_param_pick(s, &v, 1, 0, &out) != VELOCITY_PARAM_BAD);
		CHECK(out >= s->min && out <= s->max);
		v = s->max;
		CHECK(velocity_param_pick(s, &v, 1, 0, &out) != VELOCITY_PARAM_BAD);
		CHECK(out >= s->min && out <= s->max);

		v = s->min - 1;
		CHECK_EQ(velocity_param_pick(s, &v, 1, 0, &out), VELOCITY_PARAM_BAD);
		CHECK_EQ(out, s->def);
		v = s->max + 1;
		CHECK_EQ(velocity_param_pick(s, &v, 1, 0, &out), VELOCITY_PARAM_BAD);
		CHECK_EQ(out, s->def);
	}
}

static void check_rounding(void)
{
	const struct velocity_param_spec *rx = spec(VELOCITY_P_RX_DESCS);
	int v, out;

	v = 64;
	CHECK_EQ(velocity_param_pick(rx, &v, 1, 0, &out), VELOCITY_PARAM_OK);
	CHECK_EQ(out, 64);
	v = 67;
	CHECK_EQ(velocity_param_pick(rx, &v, 1, 0, &out), VELOCITY_PARAM_ROUNDED);
	CHECK_EQ(out, 64);
	v = 255;
	CHECK_EQ(velocity_param_pick(rx, &v, 1, 0, &out), VELOCITY_PARAM_ROUNDED);
	CHECK_EQ(out, 252);
	v = 63;
	CHECK_EQ(velocity_param_pick(rx, &v, 1, 0, &out), VELOCITY_PARAM_BAD);
	CHECK_EQ(out, 252);
}

/* One value for all cards, or one value per card */
static void check_units(void)
{
	const struct velocity_param_spec *d = spec(VELOCITY_P_DMA_LENGTH);
	int one[] = { 3 };
	int list[] = { 1, 9, 5 };
	unsigned int unit;
	int out;

	for (unit = 0; unit < 8; unit++) {
		CHECK_EQ(velocity_param_pick(d, one, 0, unit, &out), VELOCITY_PARAM_DEFAULT);
		CHECK_EQ(out, 6);
		CHECK_EQ(velocity_param_pick(d, one, 1, unit, &out), VELOCITY_PARAM_OK);
		CHECK_EQ(out, 3);
	}

	CHECK_EQ(velocity_param_pick(d, list, 3, 0, &out), VELOCITY_PARAM_OK);
	CHECK_EQ(out, 1);
	CHECK_EQ(velocity_param_pick(d, list, 3, 1, &out), VELOCITY_PARAM_BAD);
	CHECK_EQ(out, 6);
	CHECK_EQ(velocity_param_pick(d, list, 3, 2, &out), VELOCITY_PARAM_OK);
	CHECK_EQ(out, 5);
	/* cards past the end of a list get the default */
	CHECK_EQ(velocity_param_pick(d, list, 3, 3, &out), VELOCITY_PARAM_PAST_END);
	CHECK_EQ(out, 6);
}

/* ---- velocity_params_get(): the module's arrays, as modprobe fills them ---- */

extern struct unit_param __start_unit_params[], __stop_unit_params[];

static struct unit_param *param(const char *name)
{
	struct unit_param *p;

	for (p = __start_unit_params; p < __stop_unit_params; p++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

/* As "name=v1,v2,..." on the modprobe line; NULL: as if never given */
static void set(const char *name, const char *list)
{
	struct unit_param *p = param(name);
	char buf[128], *tok, *save;

	CHECK(p != NULL);
	if (!p)
		return;
	*p->num = 0;
	if (!list)
		return;
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok && *p->num < p->max;
	     tok = strtok_r(NULL, ",", &save))
		p->vals[(*p->num)++] = atoi(tok);
}

static unsigned int log_lines(const char *needle)
{
	unsigned int n = 0;
	const char *s;

	for (s = unit_log; (s = strstr(s, needle)); s++)
		n++;
	return n;
}

static void get(unsigned int unit, bool qtimers, struct velocity_params *p)
{
	struct device dev = { "card" };

	unit_log[0] = 0;
	velocity_params_get(&dev, unit, qtimers, p);
}

/* Every parameter is registered under its modprobe name, 8 slots each */
static void check_registered(void)
{
	unsigned int id;

	CHECK_EQ(__stop_unit_params - __start_unit_params, VELOCITY_P_NUM);
	for (id = 0; id < VELOCITY_P_NUM; id++) {
		struct unit_param *p = param(velocity_param_specs[id].name);

		CHECK(p && p->max == VELOCITY_MAX_UNITS);
	}
}

/* The defaults, in ethtool's terms */
static void check_defaults(void)
{
	struct velocity_params p;

	get(0, true, &p);
	CHECK_EQ(unit_log[0], 0);
	CHECK_EQ(p.int_works, 32);
	CHECK_EQ(p.rx_ring, 252);
	CHECK_EQ(p.tx_ring, 256);
	CHECK_EQ(p.speed, (unsigned long long)SPEED_UNKNOWN);
	CHECK(p.pause_autoneg && !p.pause_rx && !p.pause_tx);
	CHECK_EQ(p.wolopts, WAKE_MAGIC);
	CHECK(p.tx_csum);
	CHECK_EQ(p.rx_frames, 31);
	CHECK_EQ(p.rx_usecs, 20);
	CHECK_EQ(p.tx_usecs, 100);
	/* VT3119: no queue timers, no moderation at load */
	get(0, false, &p);
	CHECK_EQ(p.rx_frames, 0);
	CHECK_EQ(p.tx_usecs, 0);
}

/* One line per bad value: name, value, range, default */
static void check_bad_value(void)
{
	struct velocity_params p;

	set("int_works", "5");
	get(0, true, &p);
	CHECK_EQ(p.int_works, 32);
	CHECK_EQ(log_lines("\n"), 1);
	CHECK(strstr(unit_log, "int_works=5 out of range 10-256, using default 32\n"));
	set("int_works", "32");
}

/*
 * Twelve cards, lists of up to 8: each card its own value, the ones past
 * the end the default, with one line naming the lists that ended.
 */
static void check_many_cards(void)
{
	struct velocity_params p;
	unsigned int unit;

	set("int_works", "10,11,12,13,14,15,16,17");
	set("RxDescriptors", "64,128,252");
	set("DMA_length", "3");
	for (unit = 0; unit < 12; unit++) {
		get(unit, true, &p);
		CHECK_EQ(p.int_works, unit < 8 ? 10 + unit : 32);
		CHECK_EQ(p.rx_ring, unit == 0 ? 64 : unit == 1 ? 128 : 252);
		CHECK_EQ(p.dma_length, 3);	/* one value: every card */
		if (unit < 3) {
			CHECK_EQ(unit_log[0], 0);
		} else {
			CHECK_EQ(log_lines("\n"), 1);
			CHECK(strstr(unit_log, "is past the end of the per-card list: "));
			CHECK(strstr(unit_log, "RxDescriptors") != NULL);
			CHECK((strstr(unit_log, "int_works") != NULL) == (unit >= 8));
		}
	}
	get(8, true, &p);
	CHECK(strstr(unit_log, "card 9 is past the end of the per-card list: int_works, RxDescriptors at default\n"));
	set("int_works", "32");
	set("RxDescriptors", "252");
	set("DMA_length", "6");
}

/* velocityget's options that ip and ethtool replaced: one line each */
static void check_legacy(void)
{
	struct velocity_params p;

	set("txcsum_offload", "0");
	get(0, true, &p);
	CHECK(!p.tx_csum);
	CHECK_EQ(unit_log[0], 0);
	set("txcsum_offload", NULL);

	set("enable_tagging", "1");
	set("VID_setting", "5");
	get(0, true, &p);
	CHECK_EQ(log_lines("\n"), 1);
	CHECK(strstr(unit_log, "ip link add link <if> name <if>.5 type vlan id 5"));
	set("enable_tagging", "2");
	get(0, true, &p);
	CHECK(strstr(unit_log, "ethtool -K <if> rx-vlan-filter off"));
	set("enable_tagging", "0");
	get(0, true, &p);
	CHECK_EQ(unit_log[0], 0);
	set("enable_tagging", NULL);
	set("VID_setting", NULL);

	set("ValPktLen", "0");
	get(0, true, &p);
	CHECK_EQ(log_lines("\n"), 1);
	CHECK(strstr(unit_log, "ValPktLen=0"));
	set("ValPktLen", "1");
	get(0, true, &p);
	CHECK_EQ(unit_log[0], 0);
	set("ValPktLen", NULL);
}

/* speed_duplex, flow_control and wol_opts in ethtool's terms */
static void check_translation(void)
{
	struct velocity_params p;

	set("speed_duplex", "5");
	set("flow_control", "3");
	set("wol_opts", "7");
	get(0, true, &p);
	CHECK_EQ(p.speed, SPEED_1000);
	CHECK_EQ(p.duplex, DUPLEX_FULL);
	CHECK(!p.pause_autoneg && p.pause_rx && !p.pause_tx);
	CHECK_EQ(p.wolopts, WAKE_MAGIC | WAKE_PHY | WAKE_ARP | WAKE_UCAST);
	set("speed_duplex", "3");
	set("flow_control", "5");
	get(0, true, &p);
	CHECK_EQ(p.speed, SPEED_10);
	CHECK_EQ(p.duplex, DUPLEX_HALF);
	CHECK(!p.pause_autoneg && !p.pause_rx && !p.pause_tx);
	set("speed_duplex", "0");
	set("flow_control", "1");
	set("wol_opts", "0");

	/* a threshold without its timer is turned off, with one line */
	set("rxque_timer", "0");
	get(0, true, &p);
	CHECK_EQ(p.rx_frames, 0);
	CHECK(strstr(unit_log, "rx_intsup=31 needs rxque_timer > 0, RX suppression off\n"));
	set("rxque_timer", "20");
}

int main(void)
{
	check_table();
	check_ranges();
	check_rounding();
	check_units();
	check_registered();
	check_defaults();
	check_bad_value();
	check_many_cards();
	check_legacy();
	check_translation();
	return unit_result("params");
}
