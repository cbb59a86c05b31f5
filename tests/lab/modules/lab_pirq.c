// SPDX-License-Identifier: GPL-2.0
/*
 * lab_pirq: the part of a firmware's S3 resume that SeaBIOS leaves out, for
 * guests booted with acpi=noirq (the debug kernel: tests/lab/run).
 *
 * QEMU resets the whole machine when it wakes from S3, which returns the PIIX3's
 * PCI interrupt routing registers (PIRQRC[A-D], config 0x60-0x63 of the ISA
 * bridge) to "disabled".  SeaBIOS's resume path jumps to the OS without setting
 * them again.  With ACPI interrupt routing Linux restores them itself (_SRS of
 * the interrupt link devices at resume); with acpi=noirq nothing does, and no
 * PCI INTx reaches a CPU after the first suspend: every NIC loses its
 * interrupts.  This module saves the four registers at load and writes them
 * back once the system has resumed (a PM notifier: the syscore interface
 * that would run earlier changed form within 6.12).  That is later than a
 * real board's firmware restores its chipset, but PCI INTx is level
 * triggered: what the devices raised meanwhile is delivered then.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/suspend.h>

#define LAB_PIRQRC	0x60	/* PIRQRC[A-D]: four bytes */

static struct pci_dev *lab_isa;
static u8 lab_route[4];

static int lab_pirq_notify(struct notifier_block *nb, unsigned long event, void *unused)
{
	int i;

	if (event != PM_POST_SUSPEND)
		return NOTIFY_DONE;
	for (i = 0; i < 4; i++)
		pci_write_config_byte(lab_isa, LAB_PIRQRC + i, lab_route[i]);
	return NOTIFY_OK;
}

static struct notifier_block lab_pirq_nb = {
	.notifier_call = lab_pirq_notify,
};

static int __init lab_pirq_init(void)
{
	int i;

	lab_isa = pci_get_device(PCI_VENDOR_ID_INTEL, PCI_DEVICE_ID_INTEL_82371SB_0, NULL);
	if (!lab_isa)
		return -ENODEV;
	for (i = 0; i < 4; i++)
		pci_read_config_byte(lab_isa, LAB_PIRQRC + i, &lab_route[i]);
	register_pm_notifier(&lab_pirq_nb);
	pr_info("lab_pirq: PIRQ routing %02x %02x %02x %02x restored at each resume\n",
		lab_route[0], lab_route[1], lab_route[2], lab_route[3]);
	return 0;
}

static void __exit lab_pirq_exit(void)
{
	unregister_pm_notifier(&lab_pirq_nb);
	pci_dev_put(lab_isa);
}

module_init(lab_pirq_init);
module_exit(lab_pirq_exit);
MODULE_DESCRIPTION("lab only: restore the PIIX3 PCI interrupt routing after S3");
MODULE_LICENSE("GPL");
