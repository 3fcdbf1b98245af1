/**
 * A whole Ethernet frame, layer by layer, for the OSI view and the event list.
 * Never throws: on bytes that make no sense it returns what it could decode,
 * with `problem` set on the layer that went wrong.
 */
import { formatIpv4, macFromBytes } from './address';
import { arpSummary, describeArp, parseArp } from './arp';
import { describeDhcp, dhcpSummary, isDhcpPort, parseDhcp } from './dhcp';
import { describeDns, dnsSummary, isDnsPort, parseDns } from './dns';
import { carriesWholeDnsMessages, describeDnsOverTcp } from './dns-tcp';
import { describeEthernet, ETHERNET_HEADER_LENGTH, ETHERNET_MIN_FRAME, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ethernetProblem, formatEtherType } from './ethernet';
import type { DecodedLayer, Field, OsiLayer } from './fields';
import { describeIpv6Packet, summarizeIpv6 } from './frame6';
import { hex4 } from './hex';
import { describeHttp, startsHttpMessage } from './http';
import { describeIcmp, icmpSummary, icmpTypeName, isIcmpEcho, parseIcmp } from './icmp';
import { describeIpv4, ipProtocolName, IP_PROTO_ICMP, IP_PROTO_TCP, IP_PROTO_UDP, parseIpv4, parseIpv4Header, type Ipv4Packet } from './ipv4';
import { describeTcp, parseTcp, tcpSummary } from './tcp';
import { describeTls, startsTlsRecord } from './tls';
import { describeUdp, parseUdp, udpSummary } from './udp';

export function describeFrame(bytes: Uint8Array): DecodedLayer[] {
  const ethernet = describeEthernet(bytes);
  const layers = [ethernet];
  if (bytes.length < ETHERNET_HEADER_LENGTH) return layers;
  const etherType = (bytes[12] << 8) | bytes[13];
  const start = ETHERNET_HEADER_LENGTH;
  // Where the packet inside the frame ends; anything after it is Ethernet padding or trailer.
  let end = bytes.length;
  if (etherType === ETHERTYPE_ARP) {
    const arp = describeArp(bytes, start);
    layers.push(arp);
    end = start + arp.length;
  } else if (etherType === ETHERTYPE_IPV4) {
    const ip = describeIpv4(bytes, start);
    layers.push(ip);
    end = start + ip.length;
    // Decode the payload even if the packet was cut short: the layer above then says what is missing.
    const header = parseIpv4Header(bytes.subarray(start));
    if (header.ok) layers.push(...describeIpPayload(bytes, start + header.value.headerLength, header.value));
  } else if (etherType === ETHERTYPE_IPV6) {
    const packet = describeIpv6Packet(bytes, start);
    layers.push(...packet);
    end = start + packet[0].length;
  } else if (bytes.length > start) {
    layers.push(dataLayer(3, start, bytes.length - start, `${bytes.length - start} bytes of EtherType ${formatEtherType(etherType)}, not decoded`));
  }
  if (end < bytes.length) ethernet.fields.push(paddingField(bytes, end));
  return layers;
}

function describeIpPayload(bytes: Uint8Array, at: number, ip: Ipv4Packet): DecodedLayer[] {
  const declared = ip.totalLength - ip.headerLength;
  const length = Math.min(declared, bytes.length - at);
  if (length <= 0) return [];
  // Only the first fragment holds the upper header, and no fragment holds the whole message its checksum covers.
  if (isFragment(ip)) return [dataLayer(4, at, length, fragmentSummary(ip))];
  if (ip.protocol === IP_PROTO_ICMP) return [describeIcmp(bytes, at, declared)];
  if (ip.protocol === IP_PROTO_UDP) return describeUdpPayload(bytes, at, declared, ip);
  if (ip.protocol === IP_PROTO_TCP) return describeTcpPayload(bytes, at, declared, ip);
  return [dataLayer(4, at, length, `${declared} bytes of ${ipProtocolName(ip.protocol)} (protocol ${ip.protocol}), not decoded`)];
}

/**
 * TCP, and HTTP or TLS inside when the segment's data begins a message or a
 * record (a segment that continues one stays TCP data, as Wireshark shows a
 * segment of a reassembled PDU); the TCP layer then leaves the data to it.
 */
function describeTcpPayload(bytes: Uint8Array, at: number, declared: number, ip: Ipv4Packet): DecodedLayer[] {
  const tcp = describeTcp(bytes, at, declared, ip.src, ip.dst);
  const data = tcp.fields.find((f) => f.name === 'data');
  const ports = [(bytes[at] << 8) | bytes[at + 1], (bytes[at + 2] << 8) | bytes[at + 3]] as const;
  const describeApp = data && tcpApplication(bytes.subarray(data.offset, data.offset + data.length), ...ports);
  if (!data || !describeApp) return [tcp];
  tcp.fields = tcp.fields.filter((f) => f !== data);
  return [tcp, describeApp(bytes, data.offset, data.length)];
}

/** Which application a TCP segment's data begins: DNS by its port (as Wireshark decides), else read from the data itself: a TLS record header or an HTTP start line. */
function tcpApplication(data: Uint8Array, srcPort: number, dstPort: number): typeof describeTls | undefined {
  if (isDnsPort(srcPort, dstPort) && carriesWholeDnsMessages(data)) return describeDnsOverTcp;
  if (startsTlsRecord(data)) return describeTls;
  if (startsHttpMessage(data)) return describeHttp;
  return undefined;
}

/** UDP, and the application inside when its ports say which (DHCP, DNS); the UDP layer then leaves the data bytes to it. */
function describeUdpPayload(bytes: Uint8Array, at: number, declared: number, ip: Ipv4Packet): DecodedLayer[] {
  const udp = describeUdp(bytes, at, declared, ip.src, ip.dst);
  const data = udp.fields.find((f) => f.name === 'data');
  const srcPort = (bytes[at] << 8) | bytes[at + 1];
  const dstPort = (bytes[at + 2] << 8) | bytes[at + 3];
  const describeApp = !data ? undefined : isDhcpPort(srcPort, dstPort) ? describeDhcp : isDnsPort(srcPort, dstPort) ? describeDns : undefined;
  if (!data || !describeApp) return [udp];
  udp.fields = udp.fields.filter((f) => f !== data);
  return [udp, describeApp(bytes, data.offset, data.length)];
}

function dataLayer(layer: OsiLayer, offset: number, length: number, summary: string): DecodedLayer {
  const field: Field = { name: 'data', label: 'Data', offset, length, value: `${length} bytes` };
  return { layer, protocol: 'Data', offset, length, fields: [field], summary };
}

/** Frames shorter than 60 bytes are padded with zeros (IEEE 802.3 §4.2.3.3); other trailing bytes are a trailer. */
function paddingField(bytes: Uint8Array, end: number): Field {
  const length = bytes.length - end;
  const zeros = bytes.subarray(end).every((b) => b === 0);
  if (zeros && bytes.length <= ETHERNET_MIN_FRAME) {
    return { name: 'padding', label: 'Padding', offset: end, length, value: `${length} zero bytes, filling the frame to the 60-byte minimum` };
  }
  return { name: 'trailer', label: 'Trailer', offset: end, length, value: `${length} bytes after the packet, ignored` };
}

function isFragment(ip: Ipv4Packet): boolean {
  return ip.moreFragments || ip.fragmentOffset > 0;
}

/** As Wireshark's Info column says it. */
function fragmentSummary(ip: Ipv4Packet): string {
  return `Fragmented IP protocol (proto=${ipProtocolName(ip.protocol)} ${ip.protocol}, off=${ip.fragmentOffset}, ID=${hex4(ip.identification)})`;
}

/**
 * The highest protocol in the frame and a one-line summary, like Wireshark's
 * Protocol and Info columns. Cheap: uses the parsers, not the field lists.
 */
export function summarizeFrame(bytes: Uint8Array): { protocol: string; summary: string } {
  const problem = ethernetProblem(bytes);
  if (problem !== undefined) return { protocol: 'Ethernet II', summary: `Malformed: ${problem}` };
  // Every event's summary comes from here: the IPv4 header is read in place, at byte 14.
  const etherType = (bytes[12] << 8) | bytes[13];
  if (etherType === ETHERTYPE_ARP) {
    const arp = parseArp(bytes, ETHERNET_HEADER_LENGTH);
    return { protocol: 'ARP', summary: arp.ok ? arpSummary(arp.value) : `Malformed: ${arp.error}` };
  }
  if (etherType === ETHERTYPE_IPV6) return summarizeIpv6(bytes.subarray(ETHERNET_HEADER_LENGTH));
  if (etherType !== ETHERTYPE_IPV4) {
    return { protocol: 'Ethernet II', summary: `${macFromBytes(bytes, 6)} → ${macFromBytes(bytes, 0)}, EtherType ${formatEtherType(etherType)}` };
  }
  const parsed = parseIpv4(bytes, ETHERNET_HEADER_LENGTH);
  if (!parsed.ok) return { protocol: 'IPv4', summary: `Malformed: ${parsed.error}` };
  const ip = parsed.value;
  const badIp = ip.checksumOk ? '' : ' [bad IP checksum]';
  if (isFragment(ip)) return { protocol: 'IPv4', summary: fragmentSummary(ip) + badIp };
  if (ip.protocol === IP_PROTO_ICMP) {
    const icmp = parseIcmp(ip.bytes, ip.payloadAt, ip.payloadEnd);
    if (!icmp.ok) {
      const summary = ip.payload.length < 8 ? `Malformed: ${icmp.error}` : `${icmpTypeName(ip.payload[0])} (type ${ip.payload[0]}, code ${ip.payload[1]})`;
      return { protocol: 'ICMP', summary: summary + badIp };
    }
    const m = icmp.value;
    // Wireshark adds the TTL to echo lines: it is what ping prints too.
    const ttl = isIcmpEcho(m) ? `, ttl=${ip.ttl}` : '';
    return { protocol: 'ICMP', summary: icmpSummary(m) + ttl + badIp + (m.checksumOk ? '' : ' [bad ICMP checksum]') };
  }
  if (ip.protocol === IP_PROTO_UDP) {
    const udp = parseUdp(ip.payload, ip.src, ip.dst);
    if (!udp.ok) return { protocol: 'UDP', summary: `Malformed: ${udp.error}${badIp}` };
    const badUdp = udp.value.checksumOk ? '' : ' [bad UDP checksum]';
    if (isDhcpPort(udp.value.srcPort, udp.value.dstPort)) {
      const dhcp = parseDhcp(udp.value.payload);
      return { protocol: 'DHCP', summary: (dhcp.ok ? dhcpSummary(dhcp.value) : `Malformed DHCP: ${dhcp.error}`) + badIp + badUdp };
    }
    if (isDnsPort(udp.value.srcPort, udp.value.dstPort)) {
      const dns = parseDns(udp.value.payload);
      return { protocol: 'DNS', summary: (dns.ok ? dnsSummary(dns.value) : `Malformed DNS: ${dns.error}`) + badIp + badUdp };
    }
    return { protocol: 'UDP', summary: udpSummary(udp.value) + badIp + badUdp };
  }
  if (ip.protocol === IP_PROTO_TCP) {
    const tcp = parseTcp(ip.payload, ip.src, ip.dst);
    if (!tcp.ok) return { protocol: 'TCP', summary: `Malformed: ${tcp.error}${badIp}` };
    const badTcp = badIp + (tcp.value.checksumOk ? '' : ' [bad TCP checksum]');
    const describeApp = tcpApplication(tcp.value.payload, tcp.value.srcPort, tcp.value.dstPort);
    if (describeApp) {
      const app = describeApp(tcp.value.payload, 0, tcp.value.payload.length);
      return { protocol: app.protocol, summary: app.summary + badTcp };
    }
    return { protocol: 'TCP', summary: tcpSummary(ip.payload) + badTcp };
  }
  return { protocol: 'IPv4', summary: `${formatIpv4(ip.src)} → ${formatIpv4(ip.dst)} ${ipProtocolName(ip.protocol)} (${ip.payload.length} bytes)${badIp}` };
}
