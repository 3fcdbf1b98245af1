import { describe, expect, it } from 'vitest';
import { tsharkFields } from '../testing/tshark';
import { parseIpv6 } from './address6';
import { describeDns, dnsSummary, type DnsMessage, encodeDns, parseDns, readDnsName } from './dns';
import { encodeEthernet, ETHERTYPE_IPV4 } from './ethernet';
import { describeFrame, summarizeFrame } from './frame';
import { encodeIpv4, IP_PROTO_UDP } from './ipv4';
import { writePcap } from './pcap';
import { encodeUdp } from './udp';

const hex = (text: string) => text.trim().split(/\s+/).map((b) => parseInt(b, 16));
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
/** www.example.test written out as labels (RFC 1035 §3.1). */
const WWW_EXAMPLE_TEST = [3, ...ascii('www'), 7, ...ascii('example'), 4, ...ascii('test'), 0];

/**
 * The query a Linux stub resolver (glibc's res_send) sends for
 * www.example.test A, field by field from RFC 1035 §4.1: ID 0x1a2b, flags
 * 0x0100 (a standard query, recursion desired), one question, no records;
 * the name, type A (1), class IN (1).
 */
const QUERY = Uint8Array.from([
  ...hex('1a 2b  01 00  00 01  00 00  00 00  00 00'),
  ...WWW_EXAMPLE_TEST,
  ...hex('00 01  00 01'),
]);

/**
 * A recursive resolver's answer: flags 0x8180 (response, recursion desired
 * and available, no error), the question again, then one A record whose
 * name is a pointer to the question's name at byte 12 (0xc00c), TTL 3600,
 * 4 data bytes: 203.0.113.80.
 */
const RESPONSE = Uint8Array.from([
  ...hex('1a 2b  81 80  00 01  00 01  00 00  00 00'),
  ...WWW_EXAMPLE_TEST,
  ...hex('00 01  00 01'),
  ...hex('c0 0c  00 01  00 01  00 00 0e 10  00 04  cb 00 71 50'),
]);

/**
 * An authoritative answer through a CNAME, compressed as BIND writes it:
 * www.example.test CNAME web.example.test, whose data is the label "web"
 * then a pointer to "example.test" inside the question (byte 16, 0xc010);
 * the A record's name is a pointer to that data (byte 46, 0xc02e).
 */
const CNAME_RESPONSE = Uint8Array.from([
  ...hex('1a 2b  84 00  00 01  00 02  00 00  00 00'),
  ...WWW_EXAMPLE_TEST,
  ...hex('00 01  00 01'),
  ...hex('c0 0c  00 05  00 01  00 00 0e 10  00 06'), 3, ...ascii('web'), ...hex('c0 10'),
  ...hex('c0 2e  00 01  00 01  00 00 01 2c  00 04  cb 00 71 50'),
]);

const query: DnsMessage = { id: 0x1a2b, response: false, recursionDesired: true, questions: [{ name: 'www.example.test', type: 1 }], answers: [], authority: [], additional: [] };

function frame(payload: Uint8Array, fromServer: boolean): Uint8Array {
  const [client, server] = [0xc0a8010a, 0xc0000235];
  const [src, dst] = fromServer ? [server, client] : [client, server];
  const udp = encodeUdp({ srcPort: fromServer ? 53 : 41000, dstPort: fromServer ? 41000 : 53, payload }, src, dst);
  const ip = encodeIpv4({ src, dst, protocol: IP_PROTO_UDP, ttl: 64, identification: 1, payload: udp });
  return encodeEthernet({ dst: '02:00:00:00:00:02', src: '02:00:00:00:00:01', etherType: ETHERTYPE_IPV4, payload: ip });
}

describe('DNS messages (RFC 1035)', () => {
  it('encodes a query byte for byte', () => {
    expect(encodeDns(query)).toEqual(QUERY);
    expect(parseDns(QUERY)).toEqual({ ok: true, value: { ...query, opcode: 0, authoritative: false, truncated: false, recursionAvailable: false, rcode: 0 } });
  });

  it('encodes a response, compressing the answer name to a pointer at the question', () => {
    const response: DnsMessage = {
      ...query, response: true, recursionAvailable: true,
      answers: [{ name: 'www.example.test', ttl: 3600, data: { type: 'A', address: 0xcb007150 } }],
    };
    expect(encodeDns(response)).toEqual(RESPONSE);
    const parsed = parseDns(RESPONSE);
    expect(parsed.ok && parsed.value.answers).toEqual(response.answers);
    expect(dnsSummary(response)).toBe('Standard query response 0x1a2b A www.example.test A 203.0.113.80');
  });

  it('compresses inside record data and follows pointers to pointers', () => {
    const response: DnsMessage = {
      id: 0x1a2b, response: true, authoritative: true, questions: [{ name: 'www.example.test', type: 1 }], authority: [], additional: [],
      answers: [
        { name: 'www.example.test', ttl: 3600, data: { type: 'CNAME', host: 'web.example.test' } },
        { name: 'web.example.test', ttl: 300, data: { type: 'A', address: 0xcb007150 } },
      ],
    };
    expect(encodeDns(response)).toEqual(CNAME_RESPONSE);
    const parsed = parseDns(CNAME_RESPONSE);
    expect(parsed.ok && parsed.value.answers).toEqual(response.answers);
    expect(readDnsName(CNAME_RESPONSE, 52)).toEqual({ ok: true, value: { name: 'web.example.test', end: 54 } });
  });

  it('round-trips every record type it knows: NS, MX, TXT, AAAA, SOA', () => {
    const message: DnsMessage = {
      id: 7, response: true, rcode: 3, questions: [{ name: 'nx.example.test', type: 28 }],
      answers: [
        { name: 'example.test', ttl: 60, data: { type: 'MX', preference: 10, exchange: 'mail.example.test' } },
        { name: 'example.test', ttl: 60, data: { type: 'TXT', texts: ['v=spf1 -all', 'second'] } },
        { name: 'v6.example.test', ttl: 60, data: { type: 'AAAA', address: (parseIpv6('2001:db8::80') as { ok: true; value: bigint }).value } },
      ],
      authority: [{ name: 'example.test', ttl: 300, data: { type: 'SOA', mname: 'ns1.example.test', rname: 'hostmaster.example.test', serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 300 } }],
      additional: [{ name: 'ns1.example.test', ttl: 60, data: { type: 'NS', host: 'ns1.example.test' } }],
    };
    const parsed = parseDns(encodeDns(message));
    expect(parsed.ok && [parsed.value.answers, parsed.value.authority, parsed.value.additional]).toEqual([message.answers, message.authority, message.additional]);
    expect(dnsSummary(message)).toBe('Standard query response 0x0007 No such name AAAA nx.example.test MX 10 mail.example.test TXT AAAA 2001:db8::80 SOA ns1.example.test NS ns1.example.test');
  });

  it('refuses pointer loops and damaged names, in words', () => {
    const selfLoop = Uint8Array.from([...hex('00 01 01 00 00 01 00 00 00 00 00 00'), ...hex('c0 0c 00 01 00 01')]);
    expect(parseDns(selfLoop)).toEqual({ ok: false, error: 'The name at byte 12 has a compression pointer to byte 12, which is not before it: a pointer loop, refused' });
    // A label, then a pointer back to that label: each jump must land further back, so this loop is caught too.
    const labelLoop = Uint8Array.from([...hex('00 01 01 00 00 01 00 00 00 00 00 00'), 1, 0x61, ...hex('c0 0c 00 01 00 01')]);
    expect(parseDns(labelLoop).ok).toBe(false);
    expect(parseDns(QUERY.subarray(0, 20))).toEqual({ ok: false, error: 'The name at byte 12 has a label running past the end of the message' });
    expect(parseDns(QUERY.subarray(0, 8))).toEqual({ ok: false, error: 'A DNS header is 12 bytes, but only 8 arrived' });
    const badA = RESPONSE.slice();
    badA[RESPONSE.length - 5] = 3;
    expect(parseDns(badA.subarray(0, RESPONSE.length - 1))).toEqual({ ok: false, error: 'The A record for www.example.test should hold an IPv4 address (4 bytes), but its data is 3 bytes' });
  });

  it('describes every field with its offset, for the OSI view', () => {
    const bytes = frame(RESPONSE, true);
    const layer = describeDns(bytes, 42, RESPONSE.length);
    expect(layer).toMatchObject({ layer: 7, protocol: 'DNS', summary: 'Standard query response 0x1a2b A www.example.test A 203.0.113.80' });
    expect(layer.problem).toBeUndefined();
    const rows = layer.fields.map((f) => [f.name, f.offset - 42, f.length, f.value]);
    expect(rows).toContainEqual(['id', 0, 2, '0x1a2b']);
    expect(rows).toContainEqual(['rcode', 2, 2, '0 (No error)']);
    expect(rows).toContainEqual(['question-1', 12, 22, 'www.example.test: type A, class IN']);
    expect(rows).toContainEqual(['answer-1-name', 34, 2, 'www.example.test']);
    expect(rows).toContainEqual(['answer-1-data', 46, 4, '203.0.113.80']);
    expect(describeFrame(bytes).map((l) => l.protocol)).toEqual(['Ethernet II', 'IPv4', 'UDP', 'DNS']);
    expect(summarizeFrame(bytes)).toEqual({ protocol: 'DNS', summary: 'Standard query response 0x1a2b A www.example.test A 203.0.113.80' });
  });

  it('reads in tshark as we read it, Info column included', () => {
    const referral: DnsMessage = {
      id: 0xbeef, response: true, questions: [{ name: 'www.example.test', type: 1 }], answers: [],
      authority: [{ name: 'test', ttl: 172800, data: { type: 'NS', host: 'ns.nic.test' } }],
      additional: [{ name: 'ns.nic.test', ttl: 172800, data: { type: 'A', address: 0xc0000235 } }],
    };
    const nxdomain: DnsMessage = {
      id: 0x0bad, response: true, authoritative: true, rcode: 3, questions: [{ name: 'nx.example.test', type: 1 }], answers: [],
      authority: [{ name: 'example.test', ttl: 300, data: { type: 'SOA', mname: 'ns1.example.test', rname: 'hostmaster.example.test', serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 300 } }],
      additional: [],
    };
    const mail: DnsMessage = {
      id: 0x0ace, response: true, questions: [{ name: 'example.test', type: 15 }], authority: [], additional: [],
      answers: [
        { name: 'example.test', ttl: 60, data: { type: 'MX', preference: 10, exchange: 'mail.example.test' } },
        { name: 'example.test', ttl: 60, data: { type: 'TXT', texts: ['v=spf1 -all'] } },
        { name: 'example.test', ttl: 60, data: { type: 'AAAA', address: (parseIpv6('2001:db8::80') as { ok: true; value: bigint }).value } },
      ],
    };
    const messages = [QUERY, RESPONSE, CNAME_RESPONSE, encodeDns(referral), encodeDns(nxdomain), encodeDns(mail)];
    const pcap = writePcap(messages.map((m, i) => ({ t: i * 1000, bytes: frame(m, i > 0) })));
    const rows = tsharkFields(pcap, ['dns.id', 'dns.flags.response', 'dns.qry.name', 'dns.a', 'udp.checksum.status', '_ws.malformed', '_ws.col.Info']);
    expect(rows.map((r) => r.slice(0, 6))).toEqual([
      ['0x1a2b', '0', 'www.example.test', '', '1', ''],
      ['0x1a2b', '1', 'www.example.test', '203.0.113.80', '1', ''],
      ['0x1a2b', '1', 'www.example.test', '203.0.113.80', '1', ''],
      ['0xbeef', '1', 'www.example.test', '192.0.2.53', '1', ''],
      ['0x0bad', '1', 'nx.example.test', '', '1', ''],
      ['0x0ace', '1', 'example.test', '', '1', ''],
    ]);
    // Our summary is Wireshark's Info column.
    expect(rows.map((r) => r[6])).toEqual(messages.map((m) => dnsSummary((parseDns(m) as { ok: true; value: DnsMessage }).value)));
  });
});
