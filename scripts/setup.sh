#!/bin/bash
# TaskOff machine set-up: packages, DPDK driver SDK headers, hugepages.
# Run as root. Idempotent; silent when there is nothing to do.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SDK_DIR="$ROOT/.sdk"
HUGE_MB="${TASKOFF_HUGE_MB:-1024}"

PACKAGES=(
	dpdk dpdk-dev libdpdk-dev libnuma-dev meson ninja-build pkg-config
	python3-pyelftools dpkg-dev gcc make
	libjansson-dev libcmocka-dev
	python3-scapy tshark tcpdump iperf3 socat iproute2 ethtool
	clang clang-format libclang-rt-14-dev valgrind linux-perf procps util-linux git
	openvswitch-switch-dpdk
)
OVS_DPDK_VSWITCHD=/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk

log() { echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root"

missing_packages() {
	local p
	for p in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
	done
}

install_packages() {
	local missing
	missing="$(missing_packages)"
	[ -n "$missing" ] || return 0
	log "installing: $(echo $missing | tr '\n' ' ')"
	export DEBIAN_FRONTEND=noninteractive
	echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
	apt-get update -qq >/dev/null
	# Package scripts must not start daemons here (openvswitch-switch would start the
	# system ovsdb-server/ovs-vswitchd through invoke-rc.d, uuid-runtime uuidd): the OVS
	# test runs its own in private directories. A policy-rc.d that says "no" for the
	# install, unless the machine already has one.
	local policy=/usr/sbin/policy-rc.d own_policy=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		own_policy=1
	fi
	local rc=0
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null || rc=$?
	[ "$own_policy" -eq 0 ] || rm -f "$policy"
	[ "$rc" -eq 0 ] || die "apt-get install failed ($rc)"
}

# Open vSwitch: the DPDK build of ovs-vswitchd is the one /usr/sbin/ovs-vswitchd runs
# (Debian gives it a lower priority than the plain one), and the system service stays
# off at boot on a systemd machine (tests start their own daemons).
setup_ovs() {
	[ -x "$OVS_DPDK_VSWITCHD" ] || die "$OVS_DPDK_VSWITCHD missing"
	if [ "$(readlink -f /usr/sbin/ovs-vswitchd)" != "$OVS_DPDK_VSWITCHD" ]; then
		update-alternatives --quiet --set ovs-vswitchd "$OVS_DPDK_VSWITCHD"
	fi
	if [ -d /run/systemd/system ] && systemctl -q is-enabled openvswitch-switch 2>/dev/null; then
		systemctl -q disable openvswitch-switch
	fi
}

# Derive deb-src entries from the existing deb entries (no mirror written here).
ensure_deb_src() {
	local out=/etc/apt/sources.list.d/taskoff-deb-src.sources
	grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/ && return 0
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		sed -e 's/^Types:.*$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >"$out"
	elif [ -f /etc/apt/sources.list ]; then
		grep -E '^deb ' /etc/apt/sources.list | sed -e 's/^deb /deb-src /' \
			>/etc/apt/sources.list.d/taskoff-deb-src.list
	else
		die "no apt source entry found to derive a deb-src entry from"
	fi
	apt-get update -qq >/dev/null
}

# Driver SDK headers from the Debian source package of the installed DPDK.
fetch_sdk_headers() {
	local pc_ver deb_ver stamp tmp orig
	pc_ver="$(pkg-config --modversion libdpdk)"
	deb_ver="$(dpkg-query -W -f='${Version}' libdpdk-dev)"
	stamp="$SDK_DIR/.version"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pc_ver" ]; then
		return 0
	fi
	ensure_deb_src
	log "fetching DPDK $deb_ver source for driver SDK headers"
	tmp="$(mktemp -d)"
	trap 'rm -rf "$tmp"' RETURN
	(cd "$tmp" && apt-get source --download-only -qq "dpdk=$deb_ver" >/dev/null 2>&1) ||
		die "apt-get source dpdk=$deb_ver failed"
	orig="$(ls "$tmp"/dpdk_*.orig.tar.* 2>/dev/null | head -1)"
	[ -n "$orig" ] || die "no orig tarball for dpdk $deb_ver"
	local src_ver="${deb_ver%-*}"
	src_ver="${src_ver#*:}"
	[ "$src_ver" = "$pc_ver" ] ||
		die "DPDK source $src_ver does not match installed libdpdk $pc_ver"
	rm -rf "$SDK_DIR"
	mkdir -p "$SDK_DIR/include"
	tar -xf "$orig" -C "$tmp" --wildcards \
		'*/lib/ethdev/ethdev_driver.h' '*/lib/ethdev/ethdev_vdev.h' \
		'*/lib/ethdev/rte_flow_driver.h' '*/drivers/bus/vdev/bus_vdev_driver.h' \
		'*/lib/eal/include/dev_driver.h' '*/lib/eal/include/bus_driver.h' \
		'*/lib/gso/*' '*/lib/gro/*'
	local top
	top="$(find "$tmp" -maxdepth 1 -type d -name 'dpdk*' | head -1)"
	cp "$top/lib/ethdev/ethdev_driver.h" "$top/lib/ethdev/ethdev_vdev.h" \
		"$top/lib/ethdev/rte_flow_driver.h" "$top/drivers/bus/vdev/bus_vdev_driver.h" \
		"$top/lib/eal/include/dev_driver.h" "$top/lib/eal/include/bus_driver.h" \
		"$SDK_DIR/include/"
	echo "$pc_ver" >"$stamp"
}

setup_hugepages() {
	local want=$((HUGE_MB / 2)) have
	have="$(cat /proc/sys/vm/nr_hugepages)"
	if [ "$have" -lt "$want" ]; then
		echo "$want" >/proc/sys/vm/nr_hugepages || true
		have="$(cat /proc/sys/vm/nr_hugepages)"
		[ "$have" -ge "$want" ] || log "warning: only $have of $want 2 MB hugepages reserved"
	fi
	if ! grep -qs ' hugetlbfs ' /proc/mounts; then
		mkdir -p /dev/hugepages
		mount -t hugetlbfs nodev /dev/hugepages
	fi
}

install_packages
setup_ovs
fetch_sdk_headers
setup_hugepages
