/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VIA Velocity: the differences between the kernels velocity builds for.
 *
 * The driver is written against the current API.  Each entry below names
 * the kernel release that changed an interface the driver uses and how
 * the change is detected: a macro the change added or removed where one
 * exists, LINUX_VERSION_CODE otherwise (Debian 12's sparse rejects
 * __has_include(), so header moves are told apart by version).  No other
 * file tests the kernel version.
 *
 * Floor: 6.1 (netif_napi_add() without a weight, kernel_ethtool_ringparam,
 * DEFINE_SIMPLE_DEV_PM_OPS).  Built and tested: Debian's 6.1, 6.12 and the
 * newest series in trixie-backports (README, "Kernel coverage").
 *
 * Changes that need no entry, checked against the headers of each series:
 *  - 6.11 moved net_device.wol_enabled into dev->ethtool.  Only phylib
 *    reads it and the ethtool core keeps it; the driver never writes it.
 *  - 6.13 made MODULE_IMPORT_NS() take a string: the driver imports none.
 *  - 6.14 made napi_enable() take the netdev instance lock, so it may
 *    sleep: the driver calls it only in process context under RTNL.
 *  - 6.15 removed del_timer*(), 6.16 renamed from_timer(): the driver
 *    uses delayed work, no timer_list.
 */
#ifndef _VELOCITY_COMPAT_H
#define _VELOCITY_COMPAT_H

#include <linux/pci.h>
#include <linux/version.h>

/* 6.12 moved <asm/unaligned.h> to <linux/unaligned.h> (no macro tells) */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* 6.6 split <net/page_pool.h> into page_pool/{types,helpers}.h */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

/*
 * Up to 6.5 the page_pool fragment counter shared a word with the upper
 * half of the DMA address where dma_addr_t is wider than a pointer, and
 * PAGE_POOL_DMA_USE_PP_FRAG_COUNT said so; 6.6 made fragments work
 * everywhere and removed the macro.
 */
#ifdef PAGE_POOL_DMA_USE_PP_FRAG_COUNT
#define VELOCITY_PP_CAN_SPLIT	(!PAGE_POOL_DMA_USE_PP_FRAG_COUNT)
#else
#define VELOCITY_PP_CAN_SPLIT	1
#endif

/* Up to 6.6 a pool had to be created with PP_FLAG_PAGE_FRAG; 6.7 removed it */
#ifdef PP_FLAG_PAGE_FRAG
#define VELOCITY_PP_FLAG_FRAG	PP_FLAG_PAGE_FRAG
#else
#define VELOCITY_PP_FLAG_FRAG	0
#endif

/* 6.8 renamed PCI_IRQ_LEGACY to PCI_IRQ_INTX; 6.12 removed the old name */
#ifdef PCI_IRQ_INTX
#define VELOCITY_PCI_IRQ_INTX	PCI_IRQ_INTX
#else
#define VELOCITY_PCI_IRQ_INTX	PCI_IRQ_LEGACY
#endif

/*
 * 6.9 added per-queue statistics over the netdev netlink family
 * (struct netdev_stat_ops, net_device.stat_ops); before, only the
 * device totals of ndo_get_stats64 exist.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
#include <net/netdev_queues.h>
#define VELOCITY_HAVE_QSTATS	1
#else
#define VELOCITY_HAVE_QSTATS	0
#endif

/**
 * velocity_iomap_bar() - request and map one BAR, device-managed
 * @pdev: the PCI device
 * @bar: BAR number
 * @name: owner name for the resource
 *
 * 6.11 added pcim_iomap_region(); 6.12 deprecated pcim_iomap_regions()
 * and pcim_iomap_table(), which are all 6.1 has.
 *
 * Return: the mapping or an ERR_PTR().
 */
static inline void __iomem *velocity_iomap_bar(struct pci_dev *pdev, int bar,
					       const char *name)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
	return pcim_iomap_region(pdev, bar, name);
#else
	int err = pcim_iomap_regions(pdev, BIT(bar), name);

	return err ? IOMEM_ERR_PTR(err) : pcim_iomap_table(pdev)[bar];
#endif
}

#endif /* _VELOCITY_COMPAT_H */
