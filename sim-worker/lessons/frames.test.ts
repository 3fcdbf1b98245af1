import { describe, expect, it } from 'vitest';
import { encodeArp, ARP_REPLY, ARP_REQUEST } from '../wire/arp';
import { ALL_NODES, linkLocalFromMac, multicastMac, solicitedNodeAddress } from '../wire/address6';
import { encodeEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from '../wire/ethernet';
import { encodeIcmp } from '../wire/icmp';
import { encodeIcmpv6, NDP_HOP_LIMIT, type Icmpv6Message } from '../wire/icmpv6';
import { encodeIpv4, IP_PROTO_ICMP, IP_PROTO_UDP } from '../wire/ipv4';
import { encodeIpv6, IP_PROTO_ICMPV6 } from '../wire/ipv6';
import { encodeDhcp } from '../wire/dhcp';
import { encodeUdp } from '../wire/udp';
import { frameFacts, frameKind, osiNarration } from './frames';
import type { LessonStep } from './schema';

const A = '02:00:00:00:00:01';
const B = '02:00:00:00:00:02';
const IP_A = 0xc0a80101; // 192.168.1.1
const IP_B = 0xc0a80102; // 192.168.1.2

function arp(op: number): Uint8Array {
  const payload = encodeArp({ op, senderMac: A, senderIp: IP_A, targetMac: op === ARP_REQUEST ? '00:00:00:00:00:00' : B, targetIp: IP_B });
  return encodeEthernet({ dst: op === ARP_REQUEST ? 'ff:ff:ff:ff:ff:ff' : B, src: A, etherType: ETHERTYPE_ARP, payload });
}

function echo(kind: 'echo-request' | 'echo-reply'): Uint8Array {
  const icmp = encodeIcmp({ kind, identifier: 1, sequence: 1, data: new Uint8Array(8) });
  const packet = encodeIpv4({ src: IP_A, dst: IP_B, protocol: IP_PROTO_ICMP, ttl: 64, identification: 1, dontFragment: true, payload: icmp });
  return encodeEthernet({ dst: B, src: A, etherType: ETHERTYPE_IPV4, payload: packet });
}

describe('frameKind', () => {
  it('reads the kind from the bytes', () => {
    expect(frameKind(arp(ARP_REQUEST))).toBe('arp-request');
    expect(frameKind(arp(ARP_REPLY))).toBe('arp-reply');
    expect(frameKind(echo('echo-request'))).toBe('echo-request');
    expect(frameFacts(echo('echo-reply'))).toEqual({ kind: 'echo-reply', macSrc: A, macDst: B, ipSrc: IP_A, ipDst: IP_B, ttl: 64 });
  });

  it('tells the four DHCP messages of DORA apart by their message type option', () => {
    const dhcp = (messageType: 'discover' | 'offer' | 'request' | 'ack' | 'release') => {
      const udp = encodeUdp({ srcPort: 68, dstPort: 67, payload: encodeDhcp({ op: 'request', xid: 7, chaddr: A, options: { messageType } }) }, 0, 0xffffffff);
      const packet = encodeIpv4({ src: 0, dst: 0xffffffff, protocol: IP_PROTO_UDP, ttl: 128, identification: 1, dontFragment: false, payload: udp });
      return encodeEthernet({ dst: 'ff:ff:ff:ff:ff:ff', src: A, etherType: ETHERTYPE_IPV4, payload: packet });
    };
    expect(['discover', 'offer', 'request', 'ack'].map((type) => frameKind(dhcp(type as 'discover')))).toEqual(['dhcp-discover', 'dhcp-offer', 'dhcp-request', 'dhcp-ack']);
    // Not one a lesson names: the facts are there, the kind is not.
    expect(frameFacts(dhcp('release'))).toEqual({ macSrc: A, macDst: 'ff:ff:ff:ff:ff:ff', ipSrc: 0, ipDst: 0xffffffff, ttl: 128 });
  });

  it('gives nothing for bytes that are no frame it knows, without throwing', () => {
    expect(frameKind(new Uint8Array(5))).toBeUndefined();
    expect(frameKind(echo('echo-request').subarray(0, 20))).toBeUndefined();
  });
});

describe('frameKind over IPv6', () => {
  const [llA, llB] = [linkLocalFromMac(A), linkLocalFromMac(B)];
  function icmpv6(message: Icmpv6Message, dst: bigint, dstMac: string, hopLimit = NDP_HOP_LIMIT): Uint8Array {
    const payload = encodeIpv6({ src: llA, dst, nextHeader: IP_PROTO_ICMPV6, hopLimit, payload: encodeIcmpv6(message, llA, dst) });
    return encodeEthernet({ dst: dstMac, src: A, etherType: ETHERTYPE_IPV6, payload });
  }

  it('names neighbour and router discovery, and echo as for IPv4, with the hop limit as the TTL', () => {
    const group = solicitedNodeAddress(llB);
    expect(frameFacts(icmpv6({ kind: 'neighbor-solicitation', target: llB, options: [{ kind: 'source-link-layer', mac: A }] }, group, multicastMac(group))))
      .toEqual({ kind: 'neighbour-solicitation', macSrc: A, macDst: '33:33:ff:00:00:02', ipSrc: llA, ipDst: group, ttl: 255 });
    expect(frameKind(icmpv6({ kind: 'neighbor-advertisement', router: false, solicited: true, override: true, target: llA, options: [] }, llB, B))).toBe('neighbour-advertisement');
    expect(frameKind(icmpv6({ kind: 'router-solicitation', options: [] }, ALL_NODES, multicastMac(ALL_NODES)))).toBe('router-solicitation');
    const advertisement: Icmpv6Message = { kind: 'router-advertisement', curHopLimit: 64, managed: false, other: false, routerLifetime: 1800, reachableTimeMs: 0, retransTimerMs: 0, options: [] };
    expect(frameKind(icmpv6(advertisement, ALL_NODES, multicastMac(ALL_NODES)))).toBe('router-advertisement');
    expect(frameFacts(icmpv6({ kind: 'echo-reply', identifier: 1, sequence: 1, data: new Uint8Array(8) }, llB, B, 63))).toMatchObject({ kind: 'echo-reply', ipSrc: llA, ipDst: llB, ttl: 63 });
  });
});

describe('osiNarration', () => {
  const step = {
    osi: [
      { narration: { 1: 'Bits on copper.' } },
      { frame: 'arp-request', narration: { 2: 'To everyone.' } },
    ],
  } as unknown as LessonStep;

  it('prefers the narration for the frame\'s own kind, then a catch-all one', () => {
    expect(osiNarration(step, arp(ARP_REQUEST), 2)).toBe('To everyone.');
    expect(osiNarration(step, echo('echo-request'), 1)).toBe('Bits on copper.');
    expect(osiNarration(step, echo('echo-request'), 3)).toBeUndefined();
  });
});
