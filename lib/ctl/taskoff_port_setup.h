/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFF_PORT_SETUP_H
#define TASKOFF_PORT_SETUP_H

/**
 * @file
 * A port's starting point, from its devargs: hardware capabilities (caps=)
 * and the initial configuration (everything the capabilities allow, then the
 * keyword file conf=).
 */

#include "taskoff_caps.h"
#include "taskoff_config.h"

/**
 * Fill @p caps from TaskOff's defaults minus @p caps_spec (may be NULL) and
 * @p cfg from @p caps, then apply keyword file @p conf_path (may be NULL) for
 * port @p port_name. Bad lines of the file are logged with their line number
 * and ignored (SPEC §3).
 * @return 0; -EINVAL for an invalid caps list (logged, naming the bad item);
 *         -errno when the keyword file cannot be read (logged). @p caps and
 *         @p cfg are usable (defaults / caps only) even on error.
 */
int taskoff_port_offload_setup(const char *port_name, const char *caps_spec, const char *conf_path,
			       struct taskoff_hw_caps *caps, struct taskoff_offload_config *cfg);

#endif
