#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/).

Valid packets built with scapy, wrapped in each target's input format (see the
comment at the top of each fuzz_*.c and fuzz_tx_input.h). Run from anywhere:
    /usr/bin/python3 tests/fuzz/gen_corpus.py
Files whose name starts with "crash-" or "found-" are reproducers kept by hand
and are left alone.
"""
import os
import struct

from scapy.all import (GRE, IP, TCP, UDP, Dot1Q, Ether, IPv6, IPv6ExtHdrHopByHop,
                       IPv6ExtHdrFragment, Raw, raw)
from scapy.layers.vxlan import VXLAN

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, 'corpus')

# fuzz_tx_flags() selector bits
IP_CKSUM, L4_TCP, L4_UDP = 0x1, 1 << 1, 3 << 1
TCP_SEG, UDP_SEG, OUTER_IP_CKSUM = 0x8, 0x10, 0x20
TUN_GRE, TUN_VXLAN, OUTER_UDP_CKSUM = 1 << 7, 2 << 7, 0x40
IPV4, IPV6, OUTER_IPV4, OUTER_IPV6 = 0x400, 0x800, 0x1000, 0x2000

MAC_A, MAC_B = '02:00:00:00:00:01', '02:00:00:00:00:02'


def payload(n, seed=0):
    return Raw(bytes((seed + i * 7) & 0xff for i in range(n)))


def nvgre(inner, vsid=0x123456, flow=0x01, outer6=False):
    ip = IPv6(src='2001:db8::a', dst='2001:db8::b') if outer6 else \
        IP(src='192.0.2.10', dst='192.0.2.20', id=7)
    return (Ether(src=MAC_A, dst=MAC_B) / ip /
            GRE(key_present=1, proto=0x6558, key=(vsid << 8) | flow) / inner)


def vxlan(inner, vni=42, outer6=False, port=4789):
    ip = IPv6(src='2001:db8::a', dst='2001:db8::b') if outer6 else \
        IP(src='192.0.2.10', dst='192.0.2.20', id=7)
    return (Ether(src=MAC_A, dst=MAC_B) / ip / UDP(sport=49152, dport=port) /
            VXLAN(flags=0x08, vni=vni) / inner)


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


# ---- TX (tx_parse and tx_burst share the format) --------------------------

def tx_record(pkt, sel, l2, l3, l4=0, ol2=0, ol3=0, segsz=0, cuts=()):
    b = raw(pkt)
    return (struct.pack('>HBHBBHH', sel, l2, l3, l4, ol2, ol3, segsz) +
            bytes([len(cuts)]) + b''.join(struct.pack('>H', c) for c in cuts) +
            struct.pack('>H', len(b)) + b)


def tx_input(records, cfg_mask=0, max_frames=0):
    return struct.pack('>HB', cfg_mask, max_frames) + b''.join(records)


def tx_seeds():
    v4 = Ether(src=MAC_A, dst=MAC_B) / IP(src='10.0.0.1', dst='10.0.0.2', id=100)
    v6 = Ether(src=MAC_A, dst=MAC_B) / IPv6(src='2001:db8::1', dst='2001:db8::2')
    tcp = TCP(sport=1234, dport=80, seq=1000, ack=1, flags='A')
    tcp_opts = TCP(sport=1234, dport=80, seq=5, flags='PA',
                   options=[('NOP', None), ('NOP', None), ('Timestamp', (1, 2))])
    udp = UDP(sport=5000, dport=6000)
    inner4 = Ether(src=MAC_B, dst=MAC_A) / IP(src='10.1.0.1', dst='10.1.0.2', id=9)
    seeds = {
        'csum_ipv4_tcp': [tx_record(v4 / tcp / payload(100), IP_CKSUM | L4_TCP | IPV4, 14, 20, 20)],
        'csum_ipv6_udp': [tx_record(v6 / udp / payload(60), L4_UDP | IPV6, 14, 40, 8)],
        'tso_ipv4': [tx_record(v4 / tcp / payload(3000), IP_CKSUM | L4_TCP | TCP_SEG | IPV4,
                               14, 20, 20, segsz=1000, cuts=(40, 1500))],
        'tso_ipv4_options': [tx_record(
            Ether(src=MAC_A, dst=MAC_B) / IP(src='10.0.0.1', dst='10.0.0.2',
                                             options=[b'\x94\x04\x00\x00']) /
            tcp_opts / payload(2500), IP_CKSUM | L4_TCP | TCP_SEG | IPV4, 14, 24, 32,
            segsz=900, cuts=(20,))],
        'tso_ipv6': [tx_record(v6 / tcp / payload(2000), L4_TCP | TCP_SEG | IPV6, 14, 40, 20,
                               segsz=700)],
        'tso_ipv6_hbh': [tx_record(
            v6 / IPv6ExtHdrHopByHop() / tcp / payload(1800), L4_TCP | TCP_SEG | IPV6, 14, 48,
            20, segsz=600, cuts=(60,))],
        'uso_ipv4': [tx_record(v4 / udp / payload(2500), IP_CKSUM | L4_UDP | UDP_SEG | IPV4,
                               14, 20, 8, segsz=800)],
        'uso_ipv6': [tx_record(v6 / udp / payload(1500), L4_UDP | UDP_SEG | IPV6, 14, 40, 8,
                               segsz=500, cuts=(30, 70, 700))],
        'nvgre_tso': [tx_record(
            nvgre(inner4 / tcp / payload(2400)),
            IP_CKSUM | L4_TCP | TCP_SEG | IPV4 | TUN_GRE | OUTER_IPV4 | OUTER_IP_CKSUM,
            8 + 14, 20, 20, ol2=14, ol3=20, segsz=800)],
        'nvgre6_csum': [tx_record(
            nvgre(inner4 / udp / payload(80), outer6=True),
            IP_CKSUM | L4_UDP | IPV4 | TUN_GRE | OUTER_IPV6, 8 + 14, 20, 8, ol2=14, ol3=40)],
        'vlan_csum': [tx_record(Ether(src=MAC_A, dst=MAC_B) / Dot1Q(vlan=5) /
                                IP(src='10.0.0.1', dst='10.0.0.2') / tcp / payload(40),
                                IP_CKSUM | L4_TCP | IPV4, 18, 20, 20)],
        # VXLAN (what testpmd's csum engine asks): l2 = UDP 8 + VXLAN 8 + inner Ethernet 14
        'vxlan_tso': [tx_record(
            vxlan(inner4 / tcp / payload(2400)),
            IP_CKSUM | L4_TCP | TCP_SEG | IPV4 | TUN_VXLAN | OUTER_IPV4 | OUTER_IP_CKSUM |
            OUTER_UDP_CKSUM, 16 + 14, 20, 20, ol2=14, ol3=20, segsz=1000)],
        'vxlan6_tso_ipv6': [tx_record(
            vxlan(Ether(src=MAC_A, dst=MAC_B) / IPv6(src='2001:db8::1', dst='2001:db8::2') /
                  tcp / payload(2000), outer6=True),
            L4_TCP | TCP_SEG | IPV6 | TUN_VXLAN | OUTER_IPV6, 16 + 14, 40, 20, ol2=14, ol3=40,
            segsz=700, cuts=(61, 95))],
        'vxlan_uso': [tx_record(
            vxlan(inner4 / udp / payload(2500)),
            IP_CKSUM | L4_UDP | UDP_SEG | IPV4 | TUN_VXLAN | OUTER_IPV4 | OUTER_IP_CKSUM,
            16 + 14, 20, 8, ol2=14, ol3=20, segsz=800)],
        'vxlan_csum': [tx_record(
            vxlan(inner4 / udp / payload(81)),
            IP_CKSUM | L4_UDP | IPV4 | TUN_VXLAN | OUTER_IPV4 | OUTER_UDP_CKSUM,
            16 + 14, 20, 8, ol2=14, ol3=20, cuts=(45,))],
        'vxlan_other_port': [tx_record(
            vxlan(inner4 / tcp / payload(2400), port=4790),
            IP_CKSUM | L4_TCP | TCP_SEG | IPV4 | TUN_VXLAN | OUTER_IPV4,
            16 + 14, 20, 20, ol2=14, ol3=20, segsz=1000)],
        'passthrough': [tx_record(v4 / udp / payload(30), IPV4, 14, 20, 8)],
        'ipv6_fragment': [tx_record(v6 / IPv6ExtHdrFragment() / tcp / payload(50),
                                    L4_TCP | IPV6, 14, 48, 20)],
    }
    for name, recs in seeds.items():
        write('tx_parse', name, tx_input(recs))
        write('tx_burst', name, tx_input(recs))
    burst = (seeds['csum_ipv4_tcp'] + seeds['tso_ipv6'] + seeds['passthrough'] +
             seeds['uso_ipv4'])
    write('tx_burst', 'burst_mixed', tx_input(burst, max_frames=2))
    write('tx_burst', 'burst_shared', tx_input(burst, max_frames=0x80))
    write('tx_burst', 'tso_disabled_small_limits', tx_input(seeds['tso_ipv4'], cfg_mask=0x1040))


# ---- RX ----------------------------------------------------------------

def rx_frame(pkt, cuts=()):
    b = raw(pkt)
    return (bytes([len(cuts)]) + b''.join(struct.pack('>H', c) for c in cuts) +
            struct.pack('>H', len(b)) + b)


def tcp_flow(l3, n, size, ts=False, seq=1000):
    frames = []
    for i in range(n):
        opts = [('NOP', None), ('NOP', None), ('Timestamp', (100 + i, 50))] if ts else []
        frames.append(l3 / TCP(sport=40000, dport=443, seq=seq + i * size, ack=777,
                               flags='A', window=512, options=opts) / payload(size, i))
    return frames


def rx_seeds():
    e = Ether(src=MAC_A, dst=MAC_B)
    v4 = e / IP(src='10.0.0.1', dst='10.0.0.2', ttl=64)
    v6 = e / IPv6(src='2001:db8::1', dst='2001:db8::2')
    inner = Ether(src=MAC_B, dst=MAC_A) / IP(src='10.1.0.1', dst='10.1.0.2')
    seeds = {
        'rsc_ipv4': (0, [rx_frame(f) for f in tcp_flow(v4, 4, 500)]),
        'rsc_ipv4_ts_split': (0, [rx_frame(f, (30,)) for f in tcp_flow(v4, 3, 400, ts=True)]),
        'rsc_ipv6': (0, [rx_frame(f) for f in tcp_flow(v6, 3, 600)]),
        'nvgre_decap_rsc': (0, [rx_frame(nvgre(f)) for f in tcp_flow(inner, 3, 300)]),
        'mixed_udp_badcsum': (0, [rx_frame(v4 / UDP(sport=1, dport=2) / payload(100)),
                                  rx_frame(v4 / TCP(sport=5, dport=6, chksum=0x1234) /
                                           payload(50))]),
        'two_flows_out_cap': (0x80, [rx_frame(f) for pair in zip(
            tcp_flow(v4, 3, 200), tcp_flow(v6, 3, 200)) for f in pair]),
        # bit6 | bit7: hold mode, the frames arrive as two bursts with SCUs held across
        'rsc_held_across_two_bursts': (0xc0, [rx_frame(f) for pair in zip(
            tcp_flow(v4, 4, 300), tcp_flow(v6, 4, 300, ts=False, seq=9000)) for f in pair]),
    }
    for name, (mode, frames) in seeds.items():
        write('rx', name, bytes([mode]) + b''.join(frames))
    vsids = bytes([0x20 | 0x40, 1]) + struct.pack('>I', 0x123456)
    write('rx', 'nvgre_decap_vsid_list', vsids +
          b''.join(rx_frame(nvgre(f)) for f in tcp_flow(inner, 2, 300)))


# ---- steering --------------------------------------------------------------

def steer_input(frame, flags=0x07, hash_bits=0x3f, nb_queues=8, filters=(), cuts=(),
                vxlan_port=None):
    b = bytes([nb_queues, flags, hash_bits])
    if flags & 0x80:
        b += struct.pack('>H', vxlan_port)
    b += bytes([len(filters)])
    for mac, match, vlan, vsid, queue in filters:
        b += bytes.fromhex(mac.replace(':', '')) + struct.pack('>BHIH', match, vlan, vsid, queue)
    b += bytes([len(cuts)]) + b''.join(struct.pack('>H', c) for c in cuts)
    return b + raw(frame)


def steer_seeds():
    e = Ether(src=MAC_A, dst=MAC_B)
    inner = Ether(src=MAC_B, dst='02:00:00:00:00:99') / IP(src='10.1.0.1', dst='10.1.0.2')
    seeds = {
        'ipv4_tcp': steer_input(e / IP(src='66.9.149.187', dst='161.142.100.80') /
                                TCP(sport=2794, dport=1766)),
        'ipv6_udp': steer_input(e / IPv6(src='3ffe:2501:200:1fff::7', dst='3ffe:2501:200:3::1') /
                                UDP(sport=2794, dport=1766), cuts=(20,)),
        'vlan_ipv4': steer_input(e / Dot1Q(vlan=10) / IP(src='1.2.3.4', dst='5.6.7.8') /
                                 UDP(sport=1, dport=2),
                                 filters=[(MAC_B, 1, 10, 0, 3)]),
        'ipv6_hbh_tcp': steer_input(e / IPv6(src='2001:db8::1', dst='2001:db8::2') /
                                    IPv6ExtHdrHopByHop() / TCP(sport=7, dport=8)),
        'ipv4_fragment': steer_input(e / IP(src='1.1.1.1', dst='2.2.2.2', flags='MF') /
                                     payload(40)),
        'nvgre_vmq': steer_input(nvgre(inner / TCP(sport=9, dport=10)),
                                 filters=[('02:00:00:00:00:99', 2, 0, 0x123456, 5),
                                          (MAC_B, 0, 0, 0, 1)]),
        # flags 0x40: VXLAN on (port 4789); filter match bit 4: VNI
        'vxlan_vmq': steer_input(vxlan(inner / TCP(sport=9, dport=10)), flags=0x47,
                                 filters=[('02:00:00:00:00:99', 4, 0, 42, 5),
                                          ('02:00:00:00:00:99', 2, 0, 42, 6),
                                          (MAC_B, 0, 0, 0, 1)]),
        # 0x80: the VXLAN port follows; IPv6 outer, inner UDP, split inside the VXLAN header
        'vxlan6_port_udp': steer_input(vxlan(inner / UDP(sport=7, dport=8), outer6=True,
                                             port=4790),
                                       flags=0xc7, vxlan_port=4790, cuts=(60,)),
        'key_and_reta': (bytes([4, 0x01 | 0x10 | 0x20 | 0x08, 0x3f]) + bytes(range(40)) +
                         bytes([0]) + bytes([2]) + struct.pack('>HHHH', 3, 2, 100, 1) +
                         bytes([0]) + raw(e / IP(src='9.9.9.9', dst='8.8.8.8') /
                                          UDP(sport=53, dport=53))),
    }
    for name, data in seeds.items():
        write('steer', name, data)


# ---- keyword files and control protocol -------------------------------------

def text_seeds():
    kw = {
        'sections': ('\n[default]\n*LsoV2IPv4 = 0\n*TCPChecksumOffloadIPv4 = 3\n'
                     '[net_taskoff0]\n*RscIPv4 = 0 ; per port\n[other]\n*UsoIPv4 = 0\n'),
        'caps_and_groups': ('no-rsc:lso-max=65536\n# comment\n*UsoIPv4 = 1\n'
                            '*TCPUDPChecksumOffloadIPv6 = 2\n*EncapsulatedPacketTaskOffloadNvgre=1\n'
                            'lsov2ipv6 = 1\n'),
        'bad_lines': ('no-csum-tx\n[default\n*Bogus = 1\n*RscIPv6 = 9\n= 3\n*LsoV1IPv4\n'
                      '*TCPUDPChecksumOffloadIPv4 = 3\n*IPChecksumOffloadIPv4 = 0x1\n'),
        'combination': ('min-segments=4,uso-max=4096\n[default]\n*LsoV2IPv4=1\n'
                        '*TCPChecksumOffloadIPv4=0\n*EncapsulatedPacketTaskOffload=1\n'
                        '*EncapsulatedPacketTaskOffloadNvgre=0\n'),
    }
    for name, text in kw.items():
        write('keywords', name, text.encode())
    req = '{"jsonrpc":"2.0","id":%d,"method":"%s","params":%s}'
    ctl = {
        'read_only': [req % (1, 'port.list', '{}'),
                      req % (2, 'offload.hardware_capabilities', '{"port":"net_taskoff0"}'),
                      req % (3, 'offload.current_config', '{"port":0}'),
                      req % (4, 'stats.get', '{"port":"net_taskoff0"}'),
                      req % (5, 'keyword.list', '{"port":"net_taskoff0"}')],
        'set_parameters': [
            req % (1, 'events.subscribe', '{"port":"net_taskoff0"}'),
            req % (2, 'offload.set_parameters',
                   '{"port":"net_taskoff0","parameters":{"LsoV2IPv4":"off",'
                   '"TCPIPv4Checksum":"tx","UdpSegmentationOffloadIPv6":2}}'),
            req % (3, 'offload.set_encapsulation',
                   '{"port":"net_taskoff0","EncapsulatedPacketTaskOffload":"on",'
                   '"EncapsulationTypes":["nvgre"]}'),
            req % (4, 'events.unsubscribe', '{}')],
        'keywords': [req % (1, 'keyword.get', '{"port":"net_taskoff0","keyword":"*RscIPv4"}'),
                     req % (2, 'keyword.set',
                            '{"port":"net_taskoff0","keyword":"LsoV2IPv6","value":0}'),
                     req % (3, 'keyword.set',
                            '{"port":"net_taskoff0","keyword":"*TCPUDPChecksumOffloadIPv4",'
                            '"value":"3"}')],
        'steering_ops': [req % (1, 'rss.get', '{"port":"net_taskoff0"}'),
                         req % (2, 'rss.set', '{"port":"net_taskoff0","key":"00","rc":-22}'),
                         req % (3, 'vmq.filter_add',
                                '{"port":"net_taskoff0","mac":"02:00:00:00:00:01","queue":1}'),
                         req % (4, 'vmq.filter_remove', '{"port":"net_taskoff0","id":0,"rc":-2}'),
                         req % (5, 'vmq.filter_list', '{"port":"net_taskoff0"}')],
        'malformed': ['{"jsonrpc":"2.0","method":"port.list"}', '{"id":1}', '[1,2]', '{',
                      '{"jsonrpc":"2.0","id":[1],"method":"x"}',
                      '{"jsonrpc":"2.0","id":"a","method":"nope","params":{}}',
                      '{"jsonrpc":"2.0","id":1,"method":"port.list","params":[]}'],
        # error messages are cut at 255 bytes: never inside a character
        'utf8_truncation': ['{"jsonrpc":"2.0","id":1,"method":"%s"}' % ('\u00e9' * 120),
                            '{"jsonrpc":"2.0","id":2,"method":"%s"}' % ('\\u00e9' * 120),
                            '{"jsonrpc":"2.0","id":3,"method":"%s"}' % ('\u20ac' * 90),
                            '{"jsonrpc":"2.0","id":4,"method":"%s"}' % ('\U0001f600' * 70),
                            '{"jsonrpc":"2.0","id":5,"method":"x%s"}' % ('\u20ac' * 90)],
    }
    for name, lines in ctl.items():
        write('ctl', name, ('\n'.join(lines) + '\n').encode())


if __name__ == '__main__':
    tx_seeds()
    rx_seeds()
    steer_seeds()
    text_seeds()
