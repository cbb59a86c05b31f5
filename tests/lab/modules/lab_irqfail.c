// SPDX-License-Identifier: GPL-2.0
/*
 * lab_irqfail: a lab-only fault injector, never shipped with the driver.
 *
 * Makes request_threaded_irq() fail for an IRQ requested under a given
 * name (a network driver passes its interface name), a given number of
 * times, without running it: nothing is registered, nothing leaks.  Debian
 * 12's kernel has no fault-injection framework (CONFIG_FAULT_INJECTION and
 * CONFIG_FUNCTION_ERROR_INJECTION are off) but has kprobes, so a kprobe on
 * the function's entry sends the call to a stub that returns the error
 * straight to the caller, as bpf_override_return() does.
 *
 *   modprobe lab_irqfail name=eth0 count=1 err=-16
 *   cat /sys/module/lab_irqfail/parameters/hits
 *
 * x86-64 only (argument registers and the ftrace trampoline's regs->ip).
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/string.h>

static char name[IFNAMSIZ];
module_param_string(name, name, sizeof(name), 0644);
MODULE_PARM_DESC(name, "fail request_threaded_irq() for this devname");

static int count;
module_param(count, int, 0644);
MODULE_PARM_DESC(count, "how many more calls to fail");

static int err = -EBUSY;
module_param(err, int, 0644);
MODULE_PARM_DESC(err, "the error returned");

static int hits;
module_param(hits, int, 0444);
MODULE_PARM_DESC(hits, "calls failed so far");

/* Entered in place of request_threaded_irq(), with its caller's stack */
static noinline int lab_irqfail_return(void)
{
	return READ_ONCE(err);
}

static int lab_irqfail_pre(struct kprobe *p, struct pt_regs *regs)
{
	/* request_threaded_irq(irq, handler, thread_fn, flags, devname, dev_id) */
	const char *devname = (const char *)regs->r8;

	if (READ_ONCE(count) <= 0 || !devname || strcmp(devname, name))
		return 0;
	WRITE_ONCE(count, count - 1);
	WRITE_ONCE(hits, hits + 1);
	pr_info("lab_irqfail: request_threaded_irq(%d, ..., \"%s\") fails with %d\n",
		(int)regs->di, devname, READ_ONCE(err));
	regs->ip = (unsigned long)lab_irqfail_return;
	return 1;
}

/*
 * Never called (the pre-handler skips the probed instruction when it acts),
 * but its presence keeps the probe from being jump-optimised: an optimised
 * kprobe ignores a new regs->ip (Documentation/trace/kprobes.rst).  Debian's
 * stock kernels probe a function entry through ftrace and never optimise; the
 * lab's debug kernel has no ftrace, so there the probe is an int3, optimised.
 */
static void lab_irqfail_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
}

static struct kprobe lab_irqfail_kp = {
	.symbol_name	= "request_threaded_irq",
	.pre_handler	= lab_irqfail_pre,
	.post_handler	= lab_irqfail_post,
};

static int __init lab_irqfail_init(void)
{
	return register_kprobe(&lab_irqfail_kp);
}

static void __exit lab_irqfail_exit(void)
{
	unregister_kprobe(&lab_irqfail_kp);
}

module_init(lab_irqfail_init);
module_exit(lab_irqfail_exit);
MODULE_DESCRIPTION("lab only: make request_threaded_irq() fail on demand");
MODULE_LICENSE("GPL");
