/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VMQ: filter table management (add/remove/list and their errors) and matching
 * on the destination MAC (inner MAC for NVGRE and VXLAN), VLAN, VSID and VNI, ahead of RSS.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <netinet/in.h>

#include <rte_eal.h>
#include <rte_ether.h>

#include "steer_pkt.h"
#include "steer_run.h"
#include "taskoff_config.h"
#include "taskoff_steer.h"
#include "test_eal.h"

static struct rte_mempool *pool;

#define NQ	  8
#define VM_MAC	  "52:54:00:12:34:56"
#define OTHER_MAC "52:54:00:aa:bb:cc"
#define HOST_MAC  "02:00:00:00:00:0b" /* outer destination of NVGRE frames */
#define VSID	  0x123456u

static const uint8_t payload[16] = "0123456789abcdef";

static struct taskoff_vmq_filter filter(const char *mac, int vlan, long vsid, uint16_t queue)
{
	struct taskoff_vmq_filter f = {.queue = queue};

	assert_int_equal(rte_ether_unformat_addr(mac, &f.mac), 0);
	f.match_vlan = vlan >= 0;
	f.vlan_id = vlan >= 0 ? (uint16_t)vlan : 0;
	f.match_vsid = vsid >= 0;
	f.vsid = vsid >= 0 ? (uint32_t)vsid : 0;
	return f;
}

/* TCP/IPv4 frame to @p mac (one VLAN tag when @p vlan >= 0). */
static size_t tcp_frame(uint8_t *out, const char *mac, int vlan)
{
	struct pkt_ip_spec s = {.version = 4,
				.src = "10.0.0.1",
				.dst = "10.0.0.2",
				.proto = IPPROTO_TCP,
				.sport = 40000,
				.dport = 80};
	uint16_t tag = (uint16_t)vlan;
	uint8_t l3[PKT_MAX];
	size_t l3_len = pkt_ip(l3, &s, payload, sizeof(payload));

	return pkt_eth(out, mac, &tag, vlan >= 0 ? 1 : 0, RTE_ETHER_TYPE_IPV4, l3, l3_len);
}

/* NVGRE (outer IPv4 to HOST_MAC) carrying a TCP frame to @p inner_mac. */
static size_t nvgre_frame(uint8_t *out, const char *inner_mac, int inner_vlan, uint32_t vsid)
{
	struct pkt_ip_spec outer = {.version = 4, .src = "192.168.0.1", .dst = "192.168.0.2"};
	uint8_t inner[PKT_MAX];
	size_t inner_len = tcp_frame(inner, inner_mac, inner_vlan);

	return pkt_nvgre(out, HOST_MAC, outer, vsid, inner, inner_len);
}

static struct steer_result run(const struct taskoff_steer *st, bool rss, bool nvgre,
			       const uint8_t *f, size_t len, struct taskoff_counters *cnt)
{
	return steer_run(pool, st, rss, nvgre, f, len, 0, cnt);
}

static void assert_vmq(struct steer_result r, uint16_t queue)
{
	assert_false(r.hashed); /* no spreading inside a VMQ queue */
	assert_int_equal(r.queue, queue);
}

static void add_remove_list_errors(void **state)
{
	struct taskoff_vmq_filter a = filter(VM_MAC, -1, -1, 1);
	struct taskoff_vmq_filter b = filter(VM_MAC, 100, -1, 2);
	struct taskoff_vmq_filter c = filter(VM_MAC, -1, VSID, 3);
	struct taskoff_vmq_filter out[4], f;
	struct taskoff_steer st;

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_vmq_filter_list(&st, NULL, 0), 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &a), 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &b), 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &c), 0);

	/* same identity, other queue; the VLAN id of a filter without VLAN is not identity */
	f = a;
	f.queue = 4;
	f.vlan_id = 77;
	assert_int_equal(taskoff_vmq_filter_add(&st, &f), -EEXIST);
	/* invalid fields */
	f = filter(OTHER_MAC, -1, -1, NQ);
	assert_int_equal(taskoff_vmq_filter_add(&st, &f), -EINVAL);
	f = filter(OTHER_MAC, 4096, -1, 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &f), -EINVAL);
	f = filter(OTHER_MAC, -1, 0x1000000, 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &f), -EINVAL);
	assert_int_equal(taskoff_vmq_filter_add(&st, NULL), -EINVAL);
	assert_int_equal(taskoff_vmq_filter_remove(&st, NULL), -EINVAL);
	f = filter(VM_MAC, 101, -1, 2);
	assert_int_equal(taskoff_vmq_filter_remove(&st, &f), -ENOENT);

	/* list in insertion order, canonical fields */
	assert_int_equal(taskoff_vmq_filter_list(&st, out, 4), 3);
	assert_memory_equal(out[0].mac.addr_bytes, a.mac.addr_bytes, 6);
	assert_false(out[0].match_vlan);
	assert_int_equal(out[0].queue, 1);
	assert_true(out[1].match_vlan);
	assert_int_equal(out[1].vlan_id, 100);
	assert_true(out[2].match_vsid);
	assert_int_equal(out[2].vsid, VSID);
	assert_int_equal(out[2].queue, 3);

	/* remove the middle one (queue ignored); order of the rest kept */
	f = b;
	f.queue = 0;
	assert_int_equal(taskoff_vmq_filter_remove(&st, &f), 0);
	assert_int_equal(taskoff_vmq_filter_remove(&st, &f), -ENOENT);
	memset(out, 0, sizeof(out));
	assert_int_equal(taskoff_vmq_filter_list(&st, out, 1), 2); /* copies only 1 */
	assert_int_equal(out[0].queue, 1);
	assert_int_equal(out[1].queue, 0);
	assert_int_equal(taskoff_vmq_filter_list(&st, out, 4), 2);
	assert_int_equal(out[1].queue, 3);
}

static void table_is_bounded(void **state)
{
	struct taskoff_vmq_filter f = filter(VM_MAC, -1, -1, 0);
	struct taskoff_steer st;
	unsigned int i;

	taskoff_steer_init(&st, NQ);
	for (i = 0; i < TASKOFF_VMQ_FILTER_MAX; i++) {
		f.mac.addr_bytes[4] = (uint8_t)(i >> 8);
		f.mac.addr_bytes[5] = (uint8_t)i;
		f.queue = i % NQ;
		assert_int_equal(taskoff_vmq_filter_add(&st, &f), 0);
	}
	f.mac.addr_bytes[3] ^= 0xff;
	assert_int_equal(taskoff_vmq_filter_add(&st, &f), -ENOSPC);
	/* a duplicate is still reported as such when the table is full */
	f.mac.addr_bytes[3] ^= 0xff;
	assert_int_equal(taskoff_vmq_filter_add(&st, &f), -EEXIST);
	assert_int_equal(taskoff_vmq_filter_remove(&st, &f), 0);
	f.mac.addr_bytes[3] ^= 0xff;
	assert_int_equal(taskoff_vmq_filter_add(&st, &f), 0);
	assert_int_equal(taskoff_vmq_filter_list(&st, NULL, 0), TASKOFF_VMQ_FILTER_MAX);
}

static void mac_match_takes_precedence_over_rss(void **state)
{
	struct taskoff_vmq_filter a = filter(VM_MAC, -1, -1, 6);
	struct taskoff_counters cnt = {0};
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;
	struct steer_result r;

	taskoff_steer_init(&st, NQ);
	len = tcp_frame(f, OTHER_MAC, -1);
	r = run(&st, true, true, f, len, &cnt);
	assert_true(r.hashed);
	assert_int_not_equal(r.queue, 6); /* the frame would not land on 6 by RSS */
	assert_int_equal(taskoff_vmq_filter_add(&st, &a), 0);
	len = tcp_frame(f, VM_MAC, -1);
	assert_vmq(run(&st, true, true, f, len, &cnt), 6);
	assert_vmq(run(&st, false, false, f, len, &cnt), 6); /* with RSS off as well */
	len = tcp_frame(f, OTHER_MAC, -1);
	assert_int_equal(run(&st, true, true, f, len, &cnt).queue, r.queue);
	assert_int_equal(run(&st, false, true, f, len, &cnt).queue, 0);
	assert_int_equal(cnt.v[TASKOFF_CNT_VMQ_MATCHED], 2);
	assert_int_equal(cnt.v[TASKOFF_CNT_RSS_HASHED], 2);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void vlan_filter(void **state)
{
	struct taskoff_vmq_filter v = filter(VM_MAC, 100, -1, 4), any;
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_vmq_filter_add(&st, &v), 0);
	len = tcp_frame(f, VM_MAC, 100);
	assert_vmq(run(&st, false, false, f, len, NULL), 4);
	len = tcp_frame(f, VM_MAC, 0x7000 | 100); /* priority bits are not the VLAN id */
	assert_vmq(run(&st, false, false, f, len, NULL), 4);
	len = tcp_frame(f, VM_MAC, 200);
	assert_int_equal(run(&st, false, false, f, len, NULL).queue, 0);
	len = tcp_frame(f, VM_MAC, -1);
	assert_int_equal(run(&st, false, false, f, len, NULL).queue, 0);
	/* a MAC-only filter takes the rest; the VLAN filter stays more specific even
	 * when it comes later in the table */
	assert_int_equal(taskoff_vmq_filter_remove(&st, &v), 0);
	any = filter(VM_MAC, -1, -1, 2);
	assert_int_equal(taskoff_vmq_filter_add(&st, &any), 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &v), 0);
	assert_vmq(run(&st, false, false, f, len, NULL), 2);
	len = tcp_frame(f, VM_MAC, 100);
	assert_vmq(run(&st, false, false, f, len, NULL), 4);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void nvgre_matches_inner_mac(void **state)
{
	struct taskoff_vmq_filter inner = filter(VM_MAC, -1, -1, 5);
	struct taskoff_vmq_filter outer = filter(HOST_MAC, -1, -1, 1);
	struct taskoff_counters cnt = {0};
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_vmq_filter_add(&st, &inner), 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &outer), 0);
	len = nvgre_frame(f, VM_MAC, -1, VSID);
	assert_vmq(run(&st, true, true, f, len, &cnt), 5);
	/* NVGRE offload off: only the outer header counts */
	assert_vmq(run(&st, true, false, f, len, &cnt), 1);
	/* another inner MAC does not fall back to the outer filter */
	assert_int_equal(taskoff_vmq_filter_remove(&st, &inner), 0);
	assert_true(run(&st, true, true, f, len, &cnt).hashed);
	assert_int_equal(cnt.v[TASKOFF_CNT_VMQ_MATCHED], 2);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* The receiver asks taskoff_config_nvgre_enabled, the condition transmit uses:
 * with *EncapsulatedPacketTaskOffloadNvgre=0 (encap switch on) an NVGRE frame
 * matches on its outer MAC and no VSID filter sees it. */
static void nvgre_vmq_follows_the_transmit_condition(void **state)
{
	struct taskoff_vmq_filter inner = filter(VM_MAC, -1, VSID, 5);
	struct taskoff_vmq_filter outer = filter(HOST_MAC, -1, -1, 1);
	struct taskoff_offload_config cfg;
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_vmq_filter_add(&st, &inner), 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &outer), 0);
	len = nvgre_frame(f, VM_MAC, -1, VSID);
	taskoff_offload_config_default(&cfg);
	assert_vmq(run(&st, false, taskoff_config_nvgre_enabled(&cfg), f, len, NULL), 5);
	cfg.encap_types = 0;
	assert_vmq(run(&st, false, taskoff_config_nvgre_enabled(&cfg), f, len, NULL), 1);
	cfg.encap_types = TASKOFF_ENCAP_GRE_MAC;
	cfg.encap_enabled = false;
	assert_vmq(run(&st, false, taskoff_config_nvgre_enabled(&cfg), f, len, NULL), 1);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void vsid_filter(void **state)
{
	struct taskoff_vmq_filter tenant = filter(VM_MAC, -1, VSID, 7);
	struct taskoff_vmq_filter any = filter(VM_MAC, -1, -1, 3);
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_vmq_filter_add(&st, &tenant), 0);
	len = nvgre_frame(f, VM_MAC, -1, VSID);
	assert_vmq(run(&st, true, true, f, len, NULL), 7);
	len = nvgre_frame(f, VM_MAC, -1, VSID + 1);
	assert_true(run(&st, true, true, f, len, NULL).hashed);
	len = tcp_frame(f, VM_MAC, -1); /* plain frame: no VSID to match */
	assert_true(run(&st, true, true, f, len, NULL).hashed);
	/* MAC-only first in the table: the VSID filter stays preferred for its tenant */
	assert_int_equal(taskoff_vmq_filter_remove(&st, &tenant), 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &any), 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &tenant), 0);
	assert_vmq(run(&st, true, true, f, len, NULL), 3);
	len = nvgre_frame(f, VM_MAC, -1, VSID);
	assert_vmq(run(&st, true, true, f, len, NULL), 7);
	len = nvgre_frame(f, VM_MAC, -1, 0xabcdef);
	assert_vmq(run(&st, true, true, f, len, NULL), 3);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* Both a VLAN and a VSID filter match: the VSID (tenant) filter wins; both together win over
 * either. */
static void vsid_beats_vlan(void **state)
{
	struct taskoff_vmq_filter both = filter(VM_MAC, 10, VSID, 1);
	struct taskoff_vmq_filter vlan = filter(VM_MAC, 10, -1, 2);
	struct taskoff_vmq_filter tenant = filter(VM_MAC, -1, VSID, 3);
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_vmq_filter_add(&st, &vlan), 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &tenant), 0);
	len = nvgre_frame(f, VM_MAC, 10, VSID);
	assert_vmq(run(&st, true, true, f, len, NULL), 3);
	assert_int_equal(taskoff_vmq_filter_add(&st, &both), 0);
	assert_vmq(run(&st, true, true, f, len, NULL), 1);
	len = nvgre_frame(f, VM_MAC, 10, VSID + 1);
	assert_vmq(run(&st, true, true, f, len, NULL), 2);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* An NVGRE frame cut inside its inner Ethernet header is matched on the outer MAC and the VSID. */
static void nvgre_without_inner_ethernet(void **state)
{
	struct taskoff_vmq_filter outer_tenant = filter(HOST_MAC, -1, VSID, 2);
	struct taskoff_counters cnt = {0};
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len, cut;

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_vmq_filter_add(&st, &outer_tenant), 0);
	len = nvgre_frame(f, VM_MAC, -1, VSID);
	for (cut = 14 + 20 + 8; cut < 14 + 20 + 8 + 14; cut++)
		assert_vmq(run(&st, true, true, f, cut, &cnt), 2);
	assert_int_equal(cnt.v[TASKOFF_CNT_STEER_MALFORMED], 14);
	/* with the inner header complete, the inner MAC decides */
	assert_true(run(&st, true, true, f, len, &cnt).hashed);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* ---- VXLAN: inner MAC + VNI, as NVGRE's inner MAC + VSID ---- */

#define VNI 42u

static const struct taskoff_steer_tunnels tun_vxlan = {
    .nvgre = true, .vxlan = true, .vxlan_port = TASKOFF_VXLAN_DEFAULT_PORT};

static struct taskoff_vmq_filter vni_filter(const char *mac, int vlan, uint32_t vni, uint16_t queue)
{
	struct taskoff_vmq_filter f = filter(mac, vlan, -1, queue);

	f.match_vni = true;
	f.vni = vni;
	return f;
}

/* VXLAN (outer IPv4 or IPv6 to HOST_MAC, UDP to 4789) carrying a TCP frame to @p inner_mac. */
static size_t vxlan_frame(uint8_t *out, int outer_version, const char *inner_mac, int inner_vlan,
			  uint32_t vni)
{
	struct pkt_ip_spec outer = {.version = outer_version,
				    .src = outer_version == 4 ? "192.168.0.1" : "2001:db8::1",
				    .dst = outer_version == 4 ? "192.168.0.2" : "2001:db8::2",
				    .sport = 49152,
				    .dport = TASKOFF_VXLAN_DEFAULT_PORT};
	uint8_t inner[PKT_MAX];
	size_t inner_len = tcp_frame(inner, inner_mac, inner_vlan);

	return pkt_vxlan(out, HOST_MAC, outer, vni, inner, inner_len);
}

static struct steer_result run_tun(const struct taskoff_steer *st, bool rss,
				   struct taskoff_steer_tunnels tun, const uint8_t *f, size_t len,
				   struct taskoff_counters *cnt)
{
	return steer_run_tun(pool, st, rss, tun, f, len, 0, cnt);
}

/* A VNI filter takes VXLAN frames to its inner MAC with its VNI, over IPv4 and IPv6 outer;
 * another VNI, an NVGRE frame with that number as VSID, or VXLAN off do not match. */
static void vxlan_matches_inner_mac_and_vni(void **state)
{
	struct taskoff_vmq_filter tenant = vni_filter(VM_MAC, -1, VNI, 5);
	struct taskoff_vmq_filter outer = filter(HOST_MAC, -1, -1, 1);
	struct taskoff_counters cnt = {0};
	struct taskoff_steer_tunnels off = tun_vxlan;
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;
	int v;

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_vmq_filter_add(&st, &tenant), 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &outer), 0);
	for (v = 4; v <= 6; v += 2) {
		len = vxlan_frame(f, v, VM_MAC, -1, VNI);
		assert_vmq(run_tun(&st, true, tun_vxlan, f, len, &cnt), 5);
		assert_vmq(run_tun(&st, false, tun_vxlan, f, len, &cnt), 5);
		/* another VNI: not this tenant, and no fall back to the outer MAC */
		len = vxlan_frame(f, v, VM_MAC, -1, VNI + 1);
		assert_true(run_tun(&st, true, tun_vxlan, f, len, &cnt).hashed);
		/* another inner MAC, same VNI */
		len = vxlan_frame(f, v, OTHER_MAC, -1, VNI);
		assert_true(run_tun(&st, true, tun_vxlan, f, len, &cnt).hashed);
	}
	assert_int_equal(cnt.v[TASKOFF_CNT_VMQ_MATCHED], 4);
	/* VXLAN off: the outer MAC decides */
	off.vxlan = false;
	len = vxlan_frame(f, 4, VM_MAC, -1, VNI);
	assert_vmq(run_tun(&st, true, off, f, len, NULL), 1);
	/* an NVGRE frame whose VSID has the same number is another tenant's */
	len = nvgre_frame(f, VM_MAC, -1, VNI);
	assert_true(run_tun(&st, true, tun_vxlan, f, len, NULL).hashed);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* A VSID filter does not take VXLAN frames; MAC-only filters see the inner MAC of both
 * tunnels; the tunnel-id filter wins over MAC-only, and with the VLAN over both. */
static void vni_and_vsid_are_distinct(void **state)
{
	struct taskoff_vmq_filter vsid = filter(VM_MAC, -1, VNI, 2);
	struct taskoff_vmq_filter any = filter(VM_MAC, -1, -1, 3);
	struct taskoff_vmq_filter vni = vni_filter(VM_MAC, -1, VNI, 4);
	struct taskoff_vmq_filter vni_vlan = vni_filter(VM_MAC, 10, VNI, 6);
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_vmq_filter_add(&st, &vsid), 0);
	len = vxlan_frame(f, 6, VM_MAC, -1, VNI);
	assert_true(run_tun(&st, true, tun_vxlan, f, len, NULL).hashed);
	assert_int_equal(taskoff_vmq_filter_add(&st, &any), 0);
	assert_vmq(run_tun(&st, true, tun_vxlan, f, len, NULL), 3);
	assert_int_equal(taskoff_vmq_filter_add(&st, &vni), 0);
	assert_vmq(run_tun(&st, true, tun_vxlan, f, len, NULL), 4);
	len = nvgre_frame(f, VM_MAC, -1, VNI);
	assert_vmq(run_tun(&st, true, tun_vxlan, f, len, NULL), 2);
	assert_int_equal(taskoff_vmq_filter_add(&st, &vni_vlan), 0);
	len = vxlan_frame(f, 4, VM_MAC, 10, VNI);
	assert_vmq(run_tun(&st, true, tun_vxlan, f, len, NULL), 6);
	len = vxlan_frame(f, 4, VM_MAC, 11, VNI);
	assert_vmq(run_tun(&st, true, tun_vxlan, f, len, NULL), 4);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* VNI filters in the table: range, VSID and VNI together refused, identity includes the VNI. */
static void vni_filter_table(void **state)
{
	struct taskoff_vmq_filter a = vni_filter(VM_MAC, -1, VNI, 1);
	struct taskoff_vmq_filter b = filter(VM_MAC, -1, VNI, 2);
	struct taskoff_vmq_filter out[4], f;
	struct taskoff_steer st;

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_vmq_filter_add(&st, &a), 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &b), 0); /* VSID 42 is another identity */
	f = a;
	f.queue = 3;
	assert_int_equal(taskoff_vmq_filter_add(&st, &f), -EEXIST);
	f = vni_filter(VM_MAC, -1, TASKOFF_VNI_MAX + 1, 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &f), -EINVAL);
	f = vni_filter(VM_MAC, -1, TASKOFF_VNI_MAX, 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &f), 0);
	f = vni_filter(OTHER_MAC, -1, 7, 0);
	f.match_vsid = true;
	f.vsid = 7;
	assert_int_equal(taskoff_vmq_filter_add(&st, &f), -EINVAL);
	/* the VNI of a filter without match_vni is not identity and lists as 0 */
	f = filter(OTHER_MAC, -1, -1, 5);
	f.vni = 99;
	assert_int_equal(taskoff_vmq_filter_add(&st, &f), 0);
	assert_int_equal(taskoff_vmq_filter_list(&st, out, 4), 4);
	assert_true(out[0].match_vni);
	assert_int_equal(out[0].vni, VNI);
	assert_false(out[0].match_vsid);
	assert_false(out[1].match_vni);
	assert_true(out[1].match_vsid);
	assert_int_equal(out[2].vni, TASKOFF_VNI_MAX);
	assert_false(out[3].match_vni);
	assert_int_equal(out[3].vni, 0);
	/* remove by identity: the VNI filter goes, the VSID filter stays */
	f = vni_filter(VM_MAC, -1, VNI, 0);
	assert_int_equal(taskoff_vmq_filter_remove(&st, &f), 0);
	assert_int_equal(taskoff_vmq_filter_remove(&st, &f), -ENOENT);
	assert_int_equal(taskoff_vmq_filter_list(&st, out, 4), 3);
	assert_true(out[0].match_vsid);
}

/* A VXLAN frame cut inside its inner Ethernet header is matched on the outer MAC and the
 * VNI; cut inside the VXLAN header, on the outer MAC without a VNI. */
static void vxlan_without_inner_ethernet(void **state)
{
	struct taskoff_vmq_filter outer_tenant = vni_filter(HOST_MAC, -1, VNI, 2);
	struct taskoff_vmq_filter outer_any = filter(HOST_MAC, -1, -1, 1);
	const size_t vxlan_off = 14 + 20 + 8;
	struct taskoff_counters cnt = {0};
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len, cut;

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_vmq_filter_add(&st, &outer_tenant), 0);
	assert_int_equal(taskoff_vmq_filter_add(&st, &outer_any), 0);
	len = vxlan_frame(f, 4, VM_MAC, -1, VNI);
	for (cut = vxlan_off; cut < vxlan_off + 8; cut++)
		assert_vmq(run_tun(&st, true, tun_vxlan, f, cut, &cnt), 1);
	for (; cut < vxlan_off + 8 + 14; cut++)
		assert_vmq(run_tun(&st, true, tun_vxlan, f, cut, &cnt), 2);
	assert_int_equal(cnt.v[TASKOFF_CNT_STEER_MALFORMED], 8 + 14);
	/* with the inner header complete, the inner MAC decides */
	assert_true(run_tun(&st, true, tun_vxlan, f, len, &cnt).hashed);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

static void truncated_frames_never_match(void **state)
{
	struct taskoff_vmq_filter a = filter(VM_MAC, -1, -1, 3);
	struct taskoff_steer st;
	uint8_t f[PKT_MAX];
	size_t len, cut;

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_vmq_filter_add(&st, &a), 0);
	len = tcp_frame(f, VM_MAC, 100);
	for (cut = 0; cut < 14; cut++)
		assert_int_equal(run(&st, true, true, f, cut, NULL).queue, 0);
	/* the Ethernet header is there but the VLAN tag is cut: malformed, queue 0 */
	for (; cut < 18; cut++)
		assert_int_equal(run(&st, true, true, f, cut, NULL).queue, 0);
	assert_vmq(run(&st, true, true, f, len, NULL), 3);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

/* The state is a plain struct: a memcpy'd copy steers the same, and later changes
 * to the original do not reach the copy. */
static void steer_state_is_copyable(void **state)
{
	struct taskoff_vmq_filter a = filter(VM_MAC, -1, -1, 3);
	struct taskoff_steer st, copy;
	uint8_t f[PKT_MAX];
	size_t len;

	taskoff_steer_init(&st, NQ);
	assert_int_equal(taskoff_vmq_filter_add(&st, &a), 0);
	memcpy(&copy, &st, sizeof(st));
	assert_int_equal(taskoff_vmq_filter_remove(&st, &a), 0);
	len = tcp_frame(f, VM_MAC, -1);
	assert_vmq(run(&copy, true, true, f, len, NULL), 3);
	assert_true(run(&st, true, true, f, len, NULL).hashed);
	assert_int_equal(test_mempool_in_use(pool), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(add_remove_list_errors),
	    cmocka_unit_test(table_is_bounded),
	    cmocka_unit_test(mac_match_takes_precedence_over_rss),
	    cmocka_unit_test(vlan_filter),
	    cmocka_unit_test(nvgre_matches_inner_mac),
	    cmocka_unit_test(nvgre_vmq_follows_the_transmit_condition),
	    cmocka_unit_test(vsid_filter),
	    cmocka_unit_test(vsid_beats_vlan),
	    cmocka_unit_test(nvgre_without_inner_ethernet),
	    cmocka_unit_test(vxlan_matches_inner_mac_and_vni),
	    cmocka_unit_test(vni_and_vsid_are_distinct),
	    cmocka_unit_test(vni_filter_table),
	    cmocka_unit_test(vxlan_without_inner_ethernet),
	    cmocka_unit_test(truncated_frames_never_match),
	    cmocka_unit_test(steer_state_is_copyable),
	};

	if (test_eal_init("test_steer_vmq") != 0)
		return 1;
	pool = test_pktmbuf_pool("steer_vmq", 1023, 2048);
	if (pool == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL) || rte_eal_cleanup();
}
