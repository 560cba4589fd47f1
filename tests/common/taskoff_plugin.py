#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The one place that decides how a DPDK process gets the net_taskoff plugin.

Once `meson install -C build` has put librte_net_taskoff.so into DPDK's plugin
directory, EAL loads that copy into every DPDK process: passing `-d` with the
build tree's copy as well would load a second copy (it stays unregistered,
see drivers/net/taskoff/taskoff_plugin.c, but it is never what we want). So:
  - installed and byte-identical to the build: no EAL argument;
  - installed but a different build: refuse, naming both files (a stale
    install would silently be what every test exercises);
  - not installed: `-d <build copy>`.
TASKOFF_PLUGIN=build forces `-d <build copy>` whatever is installed, for
builds that are not meant to be installed (the ASan stage of scripts/test.sh):
the installed copy is then loaded too and stays unregistered.

As a program: `taskoff_plugin.py BUILD_SO [INSTALLED_SO]` prints the EAL
arguments, one per line (scripts/plugin.sh uses it).
"""
import filecmp
import os
import subprocess
import sys

PLUGIN_NAME = "librte_net_taskoff.so"


class PluginError(Exception):
    pass


def dpdk_plugin_dir():
    """RTE_EAL_PMD_PATH of the system DPDK, read from its build config."""
    cflags = subprocess.run(["pkg-config", "--cflags", "libdpdk"], capture_output=True,
                            text=True, check=True).stdout.split()
    out = subprocess.run(["cc", *cflags, "-E", "-dM", "-x", "c", "-"],
                         input="#include <rte_build_config.h>\n", capture_output=True,
                         text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("#define RTE_EAL_PMD_PATH "):
            return line.split(None, 2)[2].strip().strip('"')
    raise PluginError("the system DPDK does not define RTE_EAL_PMD_PATH")


def installed_path():
    path = os.environ.get("TASKOFF_PMD_INSTALLED")
    return path if path else os.path.join(dpdk_plugin_dir(), PLUGIN_NAME)


def build_path():
    path = os.environ.get("TASKOFF_PMD")
    if not path or not os.path.exists(path):
        raise PluginError("TASKOFF_PMD does not name the built %s" % PLUGIN_NAME)
    return os.path.abspath(path)


def eal_plugin_args(build=None, installed=None):
    """EAL arguments that give the process exactly one copy of the plugin."""
    build = os.path.abspath(build) if build else build_path()
    installed = installed or installed_path()
    if os.environ.get("TASKOFF_PLUGIN") == "build" or not os.path.exists(installed):
        return ["-d", build]
    if filecmp.cmp(build, installed, shallow=False):
        return []
    raise PluginError("%s is installed but is not the build in %s: run "
                      "`meson install -C build` (or `ninja -C build uninstall`)"
                      % (installed, build))


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write("usage: taskoff_plugin.py BUILD_SO [INSTALLED_SO]\n")
        return 2
    try:
        args = eal_plugin_args(argv[1], argv[2] if len(argv) == 3 else None)
    except PluginError as e:
        sys.stderr.write("taskoff plugin: %s\n" % e)
        return 1
    for a in args:
        print(a)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
