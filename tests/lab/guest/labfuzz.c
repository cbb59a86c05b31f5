// SPDX-License-Identifier: GPL-2.0
/*
 * labfuzz: a lab-only, seeded generator of malformed Ethernet frames, sent
 * through an AF_PACKET raw socket (fuzz-rx.sh runs it in the peer's
 * namespace).  Built on the host as a static binary by tests/lab/run and
 * shipped as /lab/labfuzz; never part of the driver.
 *
 *   labfuzz IFACE SEED COUNT DST_MAC SRC_MAC DST_IP SRC_IP VID VLAN_DST_IP VLAN_SRC_IP
 *
 * The same SEED gives the same frames; IFACE "-" only lists them (a dry run,
 * e.g. on the host to see what a seed sends).  Every frame is one of:
 *   raw     random ethertype (some IPv4, ARP, IPv6, 802.3 length) and bytes
 *   vlan    an 802.1Q tag with a random VID (not VID), random inside
 *   qinq    an 802.1ad tag then an 802.1Q tag, random inside
 *   ip      a complete IPv4 UDP, TCP (SYN) or ICMP echo datagram to DST_IP,
 *           good or bad transport checksum (half each)
 *   ipvlan  the same on VLAN VID to VLAN_DST_IP
 *   trunc   IPv4 cut short: inside the IP header, total length past the
 *           frame, or a TCP/UDP header cut short
 * to DST_MAC, broadcast, a random unicast or a random multicast address
 * (never one whose multicast hash bit is that of a group in LABFUZZ_AVOID,
 * a comma-separated list of MACs: the groups the card has joined), 14 to 9018 bytes (without FCS), a few more up to
 * 12000, and some right at the MTU and chip limits.  ip, ipvlan and trunc
 * frames go to DST_MAC from SRC_MAC.
 *
 * One line per frame on stdout: "N LEN DST KIND L4 CSUM" (DST us, bc, uc,
 * mc; L4 udp, tcp, icmp or -; CSUM good, bad or -), then "sent N".
 * Frames go out in bursts of 16 with a 2 ms pause, so the peer's queue
 * never overflows.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXF 12000

static uint64_t rs;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return rs * 2685821657736338717ULL;
}

static unsigned int rn(unsigned int n)
{
	return n ? (unsigned int)((rnd() >> 11) % n) : 0;
}

static void rbytes(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = rnd() >> 56;
}

static int parse_mac(const char *s, uint8_t *m)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &m[0], &m[1], &m[2], &m[3],
		      &m[4], &m[5]) == 6 ? 0 : -1;
}

/* Ethernet CRC-32 (LSB first), top six bits: the multicast hash bit */
static unsigned int mc_bit(const uint8_t *mac)
{
	uint32_t crc = 0xffffffff;
	int i, j;

	for (i = 0; i < 6; i++) {
		uint8_t b = mac[i];

		for (j = 0; j < 8; j++) {
			uint32_t c = ((crc >> 31) ^ b) & 1;

			crc <<= 1;
			b >>= 1;
			if (c)
				crc ^= 0x04c11db7;
		}
	}
	return crc >> 26;
}

static uint32_t csum_add(uint32_t s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += p[i] << 8 | p[i + 1];
	if (n & 1)
		s += p[n - 1] << 8;
	return s;
}

static uint16_t csum_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

static void put16(uint8_t *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v;
}

/* IPv4 header at ip, transport of l4len bytes after it; returns header length */
static void ip_hdr(uint8_t *ip, unsigned int tot, unsigned int proto, uint32_t src, uint32_t dst)
{
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, tot);
	put16(ip + 4, rn(65536));
	ip[6] = 0x40;		/* DF, no fragment */
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, &src, 4);
	memcpy(ip + 16, &dst, 4);
	put16(ip + 10, csum_fold(csum_add(0, ip, 20)));
}

/* Transport header and checksum (bad: off by one somewhere) */
static const char *l4_fill(uint8_t *ip, unsigned int l4len, unsigned int proto, int bad)
{
	uint8_t *l4 = ip + 20;
	unsigned int off;
	uint32_t s;

	rbytes(l4, l4len);
	if (proto == IPPROTO_UDP) {
		put16(l4, 1024 + rn(30000));
		put16(l4 + 2, 40000 + rn(1000));	/* nobody listens there */
		put16(l4 + 4, l4len);
		off = 6;
	} else if (proto == IPPROTO_TCP) {
		put16(l4, 1024 + rn(30000));
		put16(l4 + 2, 40000 + rn(1000));
		l4[12] = 5 << 4;
		l4[13] = 0x02;				/* SYN: a closed port answers RST */
		off = 16;
	} else {
		l4[0] = 8;				/* echo request */
		l4[1] = 0;
		off = 2;
	}
	put16(l4 + off, 0);
	if (proto == IPPROTO_ICMP) {
		s = csum_add(0, l4, l4len);
	} else {
		s = csum_add(0, ip + 12, 8) + proto + l4len;
		s = csum_add(s, l4, l4len);
	}
	s = csum_fold(s);
	if (proto == IPPROTO_UDP && s == 0)
		s = 0xffff;
	if (bad) {
		s ^= 1 << rn(16);
		if (proto == IPPROTO_UDP && s == 0)	/* 0 would mean "no checksum" */
			s = 0x1234;
	}
	put16(l4 + off, s);
	return bad ? "bad" : "good";
}

/* A length for a frame whose headers take at least min bytes */
static unsigned int pick_len(unsigned int min)
{
	static const unsigned int edge[] = {
		1514, 1515, 1518, 1519, 1522, 1523, 1526, 1527, 2043, 2044, 2045, 2048,
		9013, 9014, 9017, 9018, 9022, 9023,
	};
	unsigned int r = rn(100), l;

	if (r < 4)
		l = 9019 + rn(MAXF - 9019 + 1);
	else if (r < 16)
		l = edge[rn(sizeof(edge) / sizeof(edge[0]))];
	else if (r < 40)
		l = 14 + rn(1600);
	else
		l = 14 + rn(9018 - 14 + 1);
	return l < min ? min : l;
}

int main(int argc, char **argv)
{
	static const unsigned int types[] = { 0x0800, 0x0806, 0x86dd, 0x88cc, 0x8808 + 1,
					      0x0042, 0x05dc, 0x9000 };
	static const unsigned int protos[] = { IPPROTO_UDP, IPPROTO_TCP, IPPROTO_ICMP };
	uint8_t dmac[6], smac[6], f[MAXF + 64], m[6];
	uint64_t avoid = 0;
	const char *av;
	uint32_t dip, sip, vdip, vsip;
	struct sockaddr_ll sa = { 0 };
	unsigned int i, n, vid, sent = 0;
	int s, dry;

	if (argc != 11) {
		fprintf(stderr, "usage: %s IFACE SEED COUNT DST_MAC SRC_MAC DST_IP SRC_IP VID VLAN_DST_IP VLAN_SRC_IP\n",
			argv[0]);
		return 2;
	}
	rs = strtoull(argv[2], NULL, 0) * 0x9e3779b97f4a7c15ULL + 1;
	n = strtoul(argv[3], NULL, 0);
	vid = strtoul(argv[8], NULL, 0);
	if (parse_mac(argv[4], dmac) || parse_mac(argv[5], smac) ||
	    inet_pton(AF_INET, argv[6], &dip) != 1 || inet_pton(AF_INET, argv[7], &sip) != 1 ||
	    inet_pton(AF_INET, argv[9], &vdip) != 1 || inet_pton(AF_INET, argv[10], &vsip) != 1) {
		fprintf(stderr, "labfuzz: bad address argument\n");
		return 2;
	}
	for (av = getenv("LABFUZZ_AVOID"); av && *av; av = strchr(av, ',') ? strchr(av, ',') + 1 : "") {
		if (parse_mac(av, m)) {
			fprintf(stderr, "labfuzz: bad MAC in LABFUZZ_AVOID: %s\n", av);
			return 2;
		}
		avoid |= 1ULL << mc_bit(m);
	}
	if (avoid == ~0ULL) {
		fprintf(stderr, "labfuzz: LABFUZZ_AVOID covers every hash bit\n");
		return 2;
	}
	dry = !strcmp(argv[1], "-");
	s = dry ? -1 : socket(AF_PACKET, SOCK_RAW, 0);
	if (!dry && s < 0) {
		perror("labfuzz: socket");
		return 1;
	}
	sa.sll_family = AF_PACKET;
	sa.sll_ifindex = dry ? 0 : if_nametoindex(argv[1]);
	sa.sll_halen = 6;
	if (!dry && !sa.sll_ifindex) {
		fprintf(stderr, "labfuzz: no interface %s\n", argv[1]);
		return 1;
	}

	for (i = 0; i < n; i++) {
		const char *dst = "us", *kind, *l4 = "-", *cs = "-";
		unsigned int k = rn(100), len, off = 14, d = rn(100), proto, t;

		/* destination: ip, ipvlan and trunc always to us */
		memcpy(f, dmac, 6);
		if (d >= 55 && d < 70) {
			memset(f, 0xff, 6);
			dst = "bc";
		} else if (d >= 70 && d < 85) {
			rbytes(f, 6);
			f[0] = (f[0] & ~1) | 2;
			dst = "uc";
		} else if (d >= 85) {
			/* no extra random draws: the stream stays the same whatever the groups */
			rbytes(f, 6);
			f[0] |= 1;
			f[1] &= 0x7f;		/* never broadcast */
			while (avoid >> mc_bit(f) & 1)
				f[5]++;
			dst = "mc";
		}
		rbytes(f + 6, 6);
		f[6] &= ~1;

		if (k < 30) {
			kind = "raw";
			len = pick_len(14);
			t = rn(3) ? types[rn(sizeof(types) / sizeof(types[0]))] : rn(65536);
			if (t == 0x8808)	/* MAC control stops in the MAC */
				t = 0x8809;
			put16(f + 12, t);
			rbytes(f + 14, len - 14);
		} else if (k < 45) {
			kind = "vlan";
			len = pick_len(18);
			put16(f + 12, 0x8100);
			do
				t = 1 + rn(4094);
			while (t == vid);
			put16(f + 14, rn(8) << 13 | t);
			put16(f + 16, rn(2) ? 0x0800 : rn(65536));
			rbytes(f + 18, len - 18);
		} else if (k < 55) {
			kind = "qinq";
			len = pick_len(22);
			put16(f + 12, 0x88a8);
			put16(f + 14, rn(4096));
			put16(f + 16, 0x8100);
			put16(f + 18, rn(4096));
			put16(f + 20, rn(2) ? 0x0800 : rn(65536));
			rbytes(f + 22, len - 22);
		} else if (k < 90) {
			int vl = k >= 80;
			unsigned int l4len;

			memcpy(f, dmac, 6);
			memcpy(f + 6, smac, 6);
			dst = "us";
			kind = vl ? "ipvlan" : "ip";
			if (vl) {
				put16(f + 12, 0x8100);
				put16(f + 14, vid);
				off = 18;
			}
			put16(f + off - 2, 0x0800);
			proto = protos[rn(3)];
			len = pick_len(off + 20 + (proto == IPPROTO_TCP ? 20 : 8));
			if (len > 65535 - 20 + off)
				len = 65535 - 20 + off;
			l4len = len - off - 20;
			ip_hdr(f + off, 20 + l4len, proto, vl ? vsip : sip, vl ? vdip : dip);
			cs = l4_fill(f + off, l4len, proto, rn(2));
			l4 = proto == IPPROTO_UDP ? "udp" : proto == IPPROTO_TCP ? "tcp" : "icmp";
		} else {
			unsigned int how = rn(3);

			memcpy(f, dmac, 6);
			memcpy(f + 6, smac, 6);
			dst = "us";
			kind = "trunc";
			put16(f + 12, 0x0800);
			proto = protos[rn(2)];
			if (how == 0) {
				/* cut inside the IP header */
				ip_hdr(f + 14, 20 + 8 + rn(100), proto, sip, dip);
				len = 14 + 1 + rn(19);
			} else if (how == 1) {
				/* total length past the frame */
				len = 14 + 28 + rn(200);
				ip_hdr(f + 14, len - 14 + 1 + rn(1000), proto, sip, dip);
				rbytes(f + 34, len - 34);
			} else {
				/* transport header cut short, IP total length agrees */
				unsigned int l4len = 1 + rn(proto == IPPROTO_TCP ? 19 : 7);

				len = 14 + 20 + l4len;
				ip_hdr(f + 14, 20 + l4len, proto, sip, dip);
				rbytes(f + 34, l4len);
			}
		}

		memcpy(sa.sll_addr, f, 6);
		if (!dry && sendto(s, f, len, 0, (struct sockaddr *)&sa, sizeof(sa)) != (ssize_t)len) {
			fprintf(stderr, "labfuzz: frame %u (%u bytes): %s\n", i, len, strerror(errno));
			return 1;
		}
		sent++;
		printf("%u %u %s %s %s %s\n", i, len, dst, kind, l4, cs);
		if (!dry && !(sent % 16)) {
			struct timespec ts = { 0, 2000000 };

			nanosleep(&ts, NULL);
		}
	}
	printf("sent %u\n", sent);
	return 0;
}
