/* SPDX-License-Identifier: BSD-3-Clause */
/* caps= and conf= devargs → hardware capabilities and initial configuration. */
#include <errno.h>
#include <string.h>

#include "taskoff_keywords.h"
#include "taskoff_log.h"
#include "taskoff_port_setup.h"

int taskoff_port_offload_setup(const char *port_name, const char *caps_spec, const char *conf_path,
			       struct taskoff_hw_caps *caps, struct taskoff_offload_config *cfg)
{
	struct taskoff_ndis_error err;
	int rc;

	taskoff_hw_caps_default(caps);
	if (taskoff_hw_caps_parse(caps, caps_spec, &err) != TASKOFF_NDIS_SUCCESS) {
		TASKOFF_LOG(ERR, "%s: caps=%s: %s (%s)", port_name, caps_spec, err.message,
			    taskoff_ndis_status_name(err.status));
		taskoff_offload_config_from_caps(caps, cfg);
		return -EINVAL;
	}
	taskoff_offload_config_from_caps(caps, cfg);
	if (conf_path == NULL)
		return 0;
	rc = taskoff_keyword_file_apply(conf_path, port_name, caps, cfg, NULL, NULL);
	if (rc < 0) {
		TASKOFF_LOG(ERR, "%s: conf=%s: %s", port_name, conf_path, strerror(-rc));
		return rc;
	}
	if (rc > 0)
		TASKOFF_LOG(WARNING, "%s: conf=%s: %d line(s) ignored", port_name, conf_path, rc);
	return 0;
}
