import { describe, expect, it } from 'vitest';
import { tsharkFields } from '../testing/tshark';
import { BROADCAST_MAC } from './address';
import { describeDhcp, type DhcpMessage, type DhcpOptions, dhcpSummary, encodeDhcp, OPTION, parseDhcp } from './dhcp';
import { encodeEthernet, ETHERTYPE_IPV4 } from './ethernet';
import { describeFrame, summarizeFrame } from './frame';
import { encodeIpv4, IP_PROTO_UDP } from './ipv4';
import { writePcap } from './pcap';
import { encodeUdp } from './udp';

const hex = (text: string) => text.trim().split(/\s+/).map((b) => parseInt(b, 16));
const zeros = (n: number) => new Array<number>(n).fill(0);

/**
 * A DHCPDISCOVER as ISC dhclient 4.4 on Debian sends it, written out field by
 * field from RFC 2131 §2 and RFC 2132: BOOTREQUEST, Ethernet, 6-byte MAC, no
 * hops, xid 0x3903f326, 0 s, no broadcast flag, all four addresses 0.0.0.0,
 * chaddr 02:00:00:00:00:0a padded to 16 bytes, no sname or file, the cookie,
 * then options 53 (Discover), 12 (host name "PC-1"), 55 (Debian's default
 * request list from /etc/dhcp/dhclient.conf: 1 28 2 3 15 6 119 12 44 47 26 121 42),
 * 255, and zero padding to BOOTP's 300 bytes (RFC 1542 §3.3).
 */
const DISCOVER = Uint8Array.from([
  ...hex('01 01 06 00  39 03 f3 26  00 00 00 00'),
  ...zeros(16),
  ...hex('02 00 00 00 00 0a'), ...zeros(10),
  ...zeros(64 + 128),
  ...hex('63 82 53 63'),
  ...hex('35 01 01'),
  ...hex('0c 04 50 43 2d 31'),
  ...hex('37 0d 01 1c 02 03 0f 06 77 0c 2c 2f 1a 79 2a'),
  ...hex('ff'),
  ...zeros(300 - 240 - 3 - 6 - 15 - 1),
]);
const DEBIAN_REQUEST_LIST = [1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42];

/** The server's ACK: yiaddr 192.168.1.100, and its options in the order this encoder writes them. */
const ACK = Uint8Array.from([
  ...hex('02 01 06 00  39 03 f3 26  00 00 00 00'),
  ...zeros(4), ...hex('c0 a8 01 64'), ...zeros(8),
  ...hex('02 00 00 00 00 0a'), ...zeros(10),
  ...zeros(64 + 128),
  ...hex('63 82 53 63'),
  ...hex('35 01 05'),
  ...hex('36 04 c0 a8 01 01'),
  ...hex('33 04 00 01 51 80'),
  ...hex('3a 04 00 00 a8 c0'),
  ...hex('3b 04 00 01 27 50'),
  ...hex('01 04 ff ff ff 00'),
  ...hex('03 04 c0 a8 01 01'),
  ...hex('06 08 c0 a8 01 01 08 08 08 08'),
  ...hex('ff'),
  ...zeros(300 - 240 - 3 - 6 * 6 - 10 - 1),
]);

const CLIENT = '02:00:00:00:00:0a';

/** The frame dhclient puts on the wire: 0.0.0.0:68 → 255.255.255.255:67, TOS 0x10, TTL 128, id 0 (ISC dhcp's own IP header). */
function discoverFrame(): Uint8Array {
  const udp = encodeUdp({ srcPort: 68, dstPort: 67, payload: DISCOVER }, 0, 0xffffffff);
  const ip = encodeIpv4({ src: 0, dst: 0xffffffff, protocol: IP_PROTO_UDP, ttl: 128, identification: 0, dscp: 4, payload: udp });
  return encodeEthernet({ dst: BROADCAST_MAC, src: CLIENT, etherType: ETHERTYPE_IPV4, payload: ip });
}

describe('DHCP (RFC 2131, RFC 2132)', () => {
  it('encodes a DISCOVER byte for byte', () => {
    expect(DISCOVER.length).toBe(300);
    const bytes = encodeDhcp({ op: 'request', xid: 0x3903f326, chaddr: CLIENT, options: { messageType: 'discover', hostname: 'PC-1', parameterRequestList: DEBIAN_REQUEST_LIST } });
    expect(bytes).toEqual(DISCOVER);
  });

  it('parses the DISCOVER back', () => {
    expect(parseDhcp(DISCOVER)).toEqual({
      ok: true,
      value: {
        op: 'request', hops: 0, xid: 0x3903f326, secs: 0, broadcast: false, ciaddr: 0, yiaddr: 0, siaddr: 0, giaddr: 0, chaddr: CLIENT,
        options: { messageType: 'discover', hostname: 'PC-1', parameterRequestList: DEBIAN_REQUEST_LIST },
      },
    });
  });

  it('encodes and parses an ACK with lease, T1, T2, mask, router and DNS', () => {
    const options: DhcpOptions = { messageType: 'ack', serverId: 0xc0a80101, leaseSeconds: 86400, renewalSeconds: 43200, rebindingSeconds: 75600, subnetMask: 0xffffff00, routers: [0xc0a80101], dns: [0xc0a80101, 0x08080808] };
    const message: DhcpMessage = { op: 'reply', xid: 0x3903f326, yiaddr: 0xc0a80164, chaddr: CLIENT, options };
    expect(encodeDhcp(message)).toEqual(ACK);
    const parsed = parseDhcp(ACK);
    expect(parsed.ok && parsed.value.options).toEqual(message.options);
    expect(parsed.ok && parsed.value.yiaddr).toBe(0xc0a80164);
    expect(dhcpSummary({ xid: 0x3903f326, options: { messageType: 'ack' } })).toBe('DHCP ACK - Transaction ID 0x3903f326');
  });

  it('keeps options it does not read, skips pads, and carries a NAK message and a client id', () => {
    const bytes = encodeDhcp({ op: 'reply', xid: 1, chaddr: CLIENT, broadcast: true, options: { messageType: 'nak', message: 'address not available', clientId: Uint8Array.of(1, 2, 0, 0, 0, 0, 10), other: [{ code: 15, data: Uint8Array.of(0x6c, 0x61, 0x6e) }] } });
    expect(bytes[10]).toBe(0x80);
    const padded = bytes.slice();
    // A pad option before the first option is skipped.
    padded.copyWithin(241, 240, 299);
    padded[240] = OPTION.pad;
    for (const version of [bytes, padded]) {
      const parsed = parseDhcp(version);
      expect(parsed).toMatchObject({ ok: true, value: { broadcast: true, options: { messageType: 'nak', message: 'address not available', other: [{ code: 15, data: Uint8Array.of(0x6c, 0x61, 0x6e) }] } } });
      expect(parsed.ok && Array.from(parsed.value.options.clientId!)).toEqual([1, 2, 0, 0, 0, 0, 10]);
    }
  });

  it('refuses what is not DHCP, in words', () => {
    expect(parseDhcp(DISCOVER.subarray(0, 100))).toEqual({ ok: false, error: 'A DHCP message is at least 240 bytes (the BOOTP header and the magic cookie), but only 100 arrived' });
    const bootp = DISCOVER.slice();
    bootp[236] = 0;
    expect(parseDhcp(bootp)).toEqual({ ok: false, error: 'The magic cookie is 0.130.83.99, not 99.130.83.99, so this is plain BOOTP, not DHCP' });
    const runaway = DISCOVER.slice(0, 250);
    expect(parseDhcp(runaway)).toEqual({ ok: false, error: 'Option 55 (Parameter request list) runs past the end of the message' });
    const endless = DISCOVER.slice(0, 264);
    expect(parseDhcp(endless)).toEqual({ ok: false, error: 'The options have no end option (255)' });
    const badType = DISCOVER.slice();
    badType[242] = 9;
    expect(parseDhcp(badType)).toEqual({ ok: false, error: 'Option 53 says message type 9, which is not one of 1 to 8' });
    const badMask = encodeDhcp({ op: 'reply', xid: 1, chaddr: CLIENT, options: { other: [{ code: 1, data: Uint8Array.of(255, 255, 255) }] } });
    expect(parseDhcp(badMask)).toEqual({ ok: false, error: 'Option 1 (Subnet mask) should hold an address, but it holds 3 bytes' });
  });

  it('describes every field with its offset in the frame, for the OSI view and the hex dump', () => {
    const frame = discoverFrame();
    const layer = describeDhcp(frame, 42, DISCOVER.length);
    expect(layer).toMatchObject({ layer: 7, protocol: 'DHCP', offset: 42, length: 300, summary: 'DHCP Discover - Transaction ID 0x3903f326' });
    expect(layer.problem).toBeUndefined();
    const rows = layer.fields.map((f) => [f.name, f.offset - 42, f.length, f.value]);
    expect(rows.slice(0, 4)).toEqual([['op', 0, 1, '1 (Boot request)'], ['htype', 1, 1, '1 (Ethernet)'], ['hlen', 2, 1, '6'], ['hops', 3, 1, '0']]);
    expect(rows).toContainEqual(['xid', 4, 4, '0x3903f326']);
    expect(rows).toContainEqual(['flags', 10, 2, '0x0000 (unicast replies)']);
    expect(rows).toContainEqual(['chaddr', 28, 6, CLIENT]);
    expect(rows).toContainEqual(['cookie', 236, 4, 'DHCP']);
    expect(rows.slice(-5)).toEqual([
      ['option-53', 240, 3, '1 (Discover)'],
      ['option-12', 243, 6, '"PC-1"'],
      ['option-55', 249, 15, '1 (Subnet mask), 28 (Broadcast address), 2 (Unknown), 3 (Router), 15 (Domain name), 6 (Domain name server), 119 (Domain search), 12 (Host name), 44 (Unknown), 47 (Unknown), 26 (Unknown), 121 (Classless static route), 42 (NTP servers)'],
      ['option-255', 264, 1, 'end of options'],
      ['padding', 265, 35, '35 bytes'],
    ]);
    // Every byte of the message belongs to exactly one field.
    const covered = layer.fields.reduce((sum, f) => sum + f.length, 0);
    expect(covered).toBe(300);
  });

  it('shows as DHCP at layer 7 in the frame decoder and the event list', () => {
    const frame = discoverFrame();
    expect(summarizeFrame(frame)).toEqual({ protocol: 'DHCP', summary: 'DHCP Discover - Transaction ID 0x3903f326' });
    const layers = describeFrame(frame);
    expect(layers.map((l) => l.protocol)).toEqual(['Ethernet II', 'IPv4', 'UDP', 'DHCP']);
    // The UDP layer leaves its data to the DHCP fields, so no byte has two owners.
    expect(layers[2].fields.map((f) => f.name)).toEqual(['src-port', 'dst-port', 'length', 'checksum']);
  });

  it('reads in tshark as we read it', () => {
    const rows = tsharkFields(writePcap([{ t: 0, bytes: discoverFrame() }]), [
      'dhcp.type', 'dhcp.id', 'dhcp.hw.mac_addr', 'dhcp.option.dhcp', 'dhcp.option.hostname', 'ip.checksum.status', 'udp.checksum.status', '_ws.malformed', '_ws.col.Info',
    ]);
    // Checksum status 1 is "Good".
    expect(rows).toEqual([['1', '0x3903f326', CLIENT, '1', 'PC-1', '1', '1', '', 'DHCP Discover - Transaction ID 0x3903f326']]);
  });
});
