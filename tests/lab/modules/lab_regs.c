// SPDX-License-Identifier: GPL-2.0
/*
 * lab_regs: a lab-only register poke for a PCI device another driver owns,
 * never shipped with the driver.
 *
 * Debian's kernel forbids /dev/mem access to a region a driver has claimed
 * (CONFIG_IO_STRICT_DEVMEM), so busybox devmem cannot reach the card's
 * registers while the driver under test is bound.  This module maps the
 * BAR itself and takes one access per write to its "io" parameter:
 *
 *   modprobe lab_regs dev=0000:00:04.0 bar=1
 *   echo "w8 0x09 0x40" > /sys/module/lab_regs/parameters/io    write a byte
 *   echo "r32 0x24" > /sys/module/lab_regs/parameters/io        read a dword
 *   cat /sys/module/lab_regs/parameters/io                      its value
 */
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/pci.h>

static char dev[32];
module_param_string(dev, dev, sizeof(dev), 0444);
MODULE_PARM_DESC(dev, "PCI device, domain:bus:slot.function");

static int bar = 1;
module_param(bar, int, 0444);
MODULE_PARM_DESC(bar, "memory BAR to map");

static void __iomem *lab_mmio;
static resource_size_t lab_len;
static u32 lab_last;

static int lab_io_set(const char *val, const struct kernel_param *kp)
{
	char op[4];
	unsigned int off, v = 0;
	int n;

	n = sscanf(val, "%3s %i %i", op, &off, &v);
	if (n < 2 || off >= lab_len)
		return -EINVAL;
	if (op[0] == 'w' && n != 3)
		return -EINVAL;

	if (!strcmp(op, "r8"))
		lab_last = readb(lab_mmio + off);
	else if (!strcmp(op, "r16"))
		lab_last = readw(lab_mmio + off);
	else if (!strcmp(op, "r32"))
		lab_last = readl(lab_mmio + off);
	else if (!strcmp(op, "w8"))
		writeb(v, lab_mmio + off);
	else if (!strcmp(op, "w16"))
		writew(v, lab_mmio + off);
	else if (!strcmp(op, "w32"))
		writel(v, lab_mmio + off);
	else
		return -EINVAL;
	return 0;
}

static int lab_io_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "0x%x\n", lab_last);
}

static const struct kernel_param_ops lab_io_ops = {
	.set = lab_io_set,
	.get = lab_io_get,
};
module_param_cb(io, &lab_io_ops, NULL, 0644);
MODULE_PARM_DESC(io, "one access: r8|r16|r32 OFF, or w8|w16|w32 OFF VALUE");

static int __init lab_regs_init(void)
{
	unsigned int domain, busn, slot, fn;
	struct pci_dev *pdev;
	resource_size_t start;

	if (sscanf(dev, "%x:%x:%x.%x", &domain, &busn, &slot, &fn) != 4)
		return -EINVAL;
	pdev = pci_get_domain_bus_and_slot(domain, busn, PCI_DEVFN(slot, fn));
	if (!pdev)
		return -ENODEV;
	start = pci_resource_start(pdev, bar);
	lab_len = pci_resource_len(pdev, bar);
	pci_dev_put(pdev);
	if (!start || !lab_len)
		return -ENODEV;
	lab_mmio = ioremap(start, lab_len);
	return lab_mmio ? 0 : -ENOMEM;
}

static void __exit lab_regs_exit(void)
{
	iounmap(lab_mmio);
}

module_init(lab_regs_init);
module_exit(lab_regs_exit);
MODULE_DESCRIPTION("lab only: register access to a device another driver owns");
MODULE_LICENSE("GPL");
