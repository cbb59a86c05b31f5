// SPDX-License-Identifier: GPL-2.0
/*
 * lab_xmit: a lab-only raw frame sender, never shipped with the driver.
 *
 * The guest's userspace (busybox, iproute2) cannot send a hand-made frame
 * such as an 802.3x PAUSE.  Each write to the "send" parameter sends one:
 *
 *   echo "eth0 0180c2000001 525400563499 8808 0001ffff" \
 *       >/sys/module/lab_xmit/parameters/send
 *
 * The interface is looked up in every network namespace (the lab's
 * reference NIC lives in its own); the hex digits, spaces ignored, are the
 * frame from the destination address on, zero-padded to 60 bytes.
 */
#include <linux/ctype.h>
#include <linux/etherdevice.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>

#define LAB_XMIT_MAX	256

static int lab_sent;
module_param_named(sent, lab_sent, int, 0444);
MODULE_PARM_DESC(sent, "frames sent so far");

static struct net_device *lab_find(const char *name)
{
	struct net_device *dev = NULL;
	struct net *net;

	rtnl_lock();
	for_each_net(net) {
		dev = dev_get_by_name(net, name);
		if (dev)
			break;
	}
	rtnl_unlock();
	return dev;
}

/* One hex digit; hex_to_bin() moved to <linux/hex.h> in later kernels. */
static int lab_hex(char c)
{
	if (isdigit(c))
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int lab_send_set(const char *val, const struct kernel_param *kp)
{
	u8 frame[LAB_XMIT_MAX];
	char name[IFNAMSIZ];
	struct net_device *dev;
	unsigned int len = 0;
	struct sk_buff *skb;
	const char *p;
	int n, hi, lo;

	if (sscanf(val, "%15s %n", name, &n) != 1)
		return -EINVAL;
	for (p = val + n; *p && *p != '\n'; ) {
		if (*p == ' ') {
			p++;
			continue;
		}
		hi = lab_hex(p[0]);
		lo = p[1] ? lab_hex(p[1]) : -1;
		if (hi < 0 || lo < 0 || len == LAB_XMIT_MAX)
			return -EINVAL;
		frame[len++] = hi << 4 | lo;
		p += 2;
	}
	if (len < ETH_HLEN)
		return -EINVAL;
	if (len < ETH_ZLEN) {
		memset(frame + len, 0, ETH_ZLEN - len);
		len = ETH_ZLEN;
	}

	dev = lab_find(name);
	if (!dev)
		return -ENODEV;
	skb = alloc_skb(len + NET_IP_ALIGN, GFP_KERNEL);
	if (!skb) {
		dev_put(dev);
		return -ENOMEM;
	}
	skb_reserve(skb, NET_IP_ALIGN);
	skb_put_data(skb, frame, len);
	skb->dev = dev;
	skb_reset_mac_header(skb);
	skb->protocol = eth_hdr(skb)->h_proto;
	n = dev_queue_xmit(skb);
	dev_put(dev);
	if (n)
		return -EIO;
	lab_sent++;
	return 0;
}

static const struct kernel_param_ops lab_send_ops = {
	.set = lab_send_set,
};
module_param_cb(send, &lab_send_ops, NULL, 0200);
MODULE_PARM_DESC(send, "IFNAME HEX...: send that frame on IFNAME");

MODULE_DESCRIPTION("lab only: send hand-made frames");
MODULE_LICENSE("GPL");
