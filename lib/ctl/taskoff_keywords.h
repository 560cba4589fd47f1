/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_KEYWORDS_H
#define TASKOFF_KEYWORDS_H

/**
 * @file
 * NDIS standardized registry keywords (SPEC §3) over a port configuration:
 * one at a time (taskoffctl keyword, keyword.get/set) or from an INI file
 * (the conf= devarg, config/taskoff.conf).
 *
 * Checksum keywords *IPChecksumOffloadIPv4, *TCPChecksumOffloadIPv4,
 * *TCPChecksumOffloadIPv6, *UDPChecksumOffloadIPv4, *UDPChecksumOffloadIPv6 and
 * the grouped *TCPUDPChecksumOffloadIPv4 / *TCPUDPChecksumOffloadIPv6 (TCP and
 * UDP at once) take 0 disabled, 1 Tx, 2 Rx, 3 Rx & Tx. *LsoV1IPv4, *LsoV2IPv4,
 * *LsoV2IPv6, *RscIPv4, *RscIPv6, *UsoIPv4, *UsoIPv6,
 * *EncapsulatedPacketTaskOffload, *EncapsulatedPacketTaskOffloadNvgre and
 * *EncapsulatedPacketTaskOffloadVxlan take 0 disabled, 1 enabled;
 * *VxlanUDPPortNumber takes 1..65535 (default 4789). Names match without
 * regard to case; the leading '*' may be omitted. A set obeys the same capability and combination
 * rules as offload parameters (taskoff_offload_params.h).
 */

#include <jansson.h>

#include "taskoff_caps.h"
#include "taskoff_config.h"
#include "taskoff_ndis.h"

/** What a keyword is and which values it takes. */
struct taskoff_keyword_info {
	const char *name; /**< with the leading '*' */
	int min, max;
	int default_value;
	const char *values; /**< human description of the values */
};

/** Number of keywords; taskoff_keyword_at(0..count-1) lists them. */
unsigned int taskoff_keyword_count(void);
const struct taskoff_keyword_info *taskoff_keyword_at(unsigned int i);

/** Keyword by name (case-insensitive, '*' optional), or NULL. */
const struct taskoff_keyword_info *taskoff_keyword_find(const char *name);

/** Value of @p kw in @p cfg; -1 for a grouped keyword whose members differ. */
int taskoff_keyword_get(const struct taskoff_keyword_info *kw,
			const struct taskoff_offload_config *cfg);

/** Write @p value (already within min..max) into @p cfg, without any checks. */
void taskoff_keyword_store(const struct taskoff_keyword_info *kw, int value,
			   struct taskoff_offload_config *cfg);

/**
 * Set keyword @p name to @p value on a copy of @p cur, result in @p next
 * (written only on success, may alias @p cur).
 * @return SUCCESS; INVALID_PARAMETER for an unknown keyword, a value outside
 *         its range or a broken combination rule; NOT_SUPPORTED above @p caps.
 */
enum taskoff_ndis_status taskoff_keyword_set(const struct taskoff_hw_caps *caps,
					     const struct taskoff_offload_config *cur,
					     const char *name, long value,
					     struct taskoff_offload_config *next,
					     struct taskoff_ndis_error *err);

/** JSON object of one keyword: {keyword, value (null if mixed), min, max, default, values}. */
json_t *taskoff_keyword_json(const struct taskoff_keyword_info *kw,
			     const struct taskoff_offload_config *cfg);

/** JSON array of every keyword, each as taskoff_keyword_json(). */
json_t *taskoff_keyword_list_json(const struct taskoff_offload_config *cfg);

/** Receives each ignored line of a keyword file. */
typedef void (*taskoff_keyword_report_fn)(void *arg, const char *file, unsigned int line,
					  enum taskoff_ndis_status status, const char *message);

/**
 * Apply the keyword file @p path to the configuration of port @p port_name.
 *
 * INI syntax: `[section]` headers, `*Keyword = value` lines, comments from ';'
 * or '#' to the end of the line. Section [default] (and lines before the first
 * section) applies to every port, a section named like the port (e.g.
 * [net_taskoff0]) to that port only and overrides [default]; other sections are
 * skipped. Malformed lines, unknown keywords, values outside the range and
 * values above @p caps are reported through @p report (NULL: logged as
 * warnings) with their line number, and ignored, and so is every line under a
 * malformed section header. A keyword given twice in the same kind of section
 * ([default], or the port's own) is last-wins: the earlier line is reported,
 * naming the later one. The remaining lines are
 * applied together, so their order does not matter; if together they break a
 * combination rule, they are applied one by one in file order and the lines
 * that would break it are reported and ignored.
 *
 * @return number of lines reported, or -errno when the file cannot be read
 *         (@p cfg is then unchanged).
 */
int taskoff_keyword_file_apply(const char *path, const char *port_name,
			       const struct taskoff_hw_caps *caps,
			       struct taskoff_offload_config *cfg, taskoff_keyword_report_fn report,
			       void *arg);

#endif
