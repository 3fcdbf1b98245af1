import { describe, expect, it } from 'vitest';
import type { Edit } from '../document/edits';
import type { DnsRecordDoc, NetworkDocument } from '../document/schema';
import { addService, setDnsServers } from '../document/services-edits';
import { Simulation } from '../engine/simulation';
import { NetworkBuilder } from '../testing/network-builder';
import { appLines, tableRows } from '../testing/trace-queries';
import { tsharkFields } from '../testing/tshark';
import { parseIpv4 } from '../wire/address';
import { type DnsMessage, DNS_UDP_LIMIT, encodeDns, fitDns } from '../wire/dns';
import { DnsTcpReader, frameDnsForTcp } from '../wire/dns-tcp';
import { describeFrame } from '../wire/frame';

/** 40 A records for one name: 12 + 23 (question) + 40 × 16 = 675 bytes, more than UDP's 512. */
const MANY = Array.from({ length: 40 }, (_, i) => `10.0.0.${i === 0 ? 3 : 100 + i}`);

function manyAnswer(additional = 0): DnsMessage {
  const a = (address: string, name = 'many.example.test') => {
    const parsed = parseIpv4(address);
    if (!parsed.ok) throw new Error(parsed.error);
    return { name, ttl: 300, data: { type: 'A' as const, address: parsed.value } };
  };
  return {
    id: 0x1a2b, response: true, recursionDesired: true, questions: [{ name: 'many.example.test', type: 1 }],
    answers: MANY.map((x) => a(x)), authority: [], additional: Array.from({ length: additional }, (_, i) => a(`192.0.2.${i + 1}`, `ns${i}.example.test`)),
  };
}

describe('fitting a DNS answer into 512 bytes of UDP', () => {
  it('cuts whole answer records and sets TC when the answer itself is too long (RFC 1035 §4.2.1, RFC 2181 §9)', () => {
    const fitted = fitDns(manyAnswer(), DNS_UDP_LIMIT);
    expect(fitted.fullLength).toBe(675);
    expect(fitted.message.truncated).toBe(true);
    // 12 + 23 + 29 × 16 = 499 bytes; a 30th record would make 515.
    expect(fitted.message.answers).toHaveLength(29);
    expect(fitted.bytes.length).toBe(499);
    expect(fitted.bytes[2] & 0x02).toBe(0x02);
  });

  it('leaves out additional records first, without TC', () => {
    const small: DnsMessage = { ...manyAnswer(30), answers: manyAnswer().answers.slice(0, 10) };
    const fitted = fitDns(small, DNS_UDP_LIMIT);
    expect(fitted.fullLength).toBeGreaterThan(DNS_UDP_LIMIT);
    expect(fitted.message.truncated).toBe(false);
    expect(fitted.message.answers).toHaveLength(10);
    expect(fitted.message.additional).toHaveLength(0);
  });

  it('leaves a message that fits as it is', () => {
    const one = { ...manyAnswer(), answers: manyAnswer().answers.slice(0, 1) };
    expect(fitDns(one, DNS_UDP_LIMIT)).toEqual({ message: one, bytes: encodeDns(one), fullLength: 51 });
  });
});

describe('DNS over TCP framing (RFC 7766 §8)', () => {
  it('puts the length in 2 bytes before the message', () => {
    const message = encodeDns(manyAnswer());
    const framed = frameDnsForTcp(message);
    expect([...framed.subarray(0, 2)]).toEqual([0x02, 0xa3]);
    expect(framed.subarray(2)).toEqual(message);
  });

  it('reads several messages off a stream, however the segments cut it', () => {
    const first = encodeDns(manyAnswer());
    const second = encodeDns({ ...manyAnswer(), id: 0x1a2c, answers: [] });
    const stream = Uint8Array.from([...frameDnsForTcp(first), ...frameDnsForTcp(second)]);
    for (const cut of [1, 2, 3, 100, 677, 678, 700]) {
      const reader = new DnsTcpReader();
      const messages = [...reader.push(stream.subarray(0, cut)), ...reader.push(stream.subarray(cut))];
      expect(messages).toEqual([first, second]);
    }
    const reader = new DnsTcpReader();
    expect(reader.push(stream.subarray(0, 600))).toEqual([]);
  });
});

/**
 * A switch: PC-1 10.0.0.10 (asks the resolver), the recursive resolver
 * 10.0.0.53, the root server 10.0.0.2 (delegating example.test straight to
 * its server), and example.test's server 10.0.0.3, where many.example.test
 * has 40 A records.
 */
function network(): { doc: NetworkDocument; sw: string; pc: string; resolver: string; root: string; auth: string } {
  const net = new NetworkBuilder();
  const apply = (edit: Edit) => {
    if (!edit.ok) throw new Error(edit.error);
    net.doc = edit.doc;
  };
  const sw = net.add('switch');
  const pc = net.add('computer');
  const [resolver, root, auth] = [0, 1, 2].map(() => net.add('server'));
  for (const [device, address] of [[pc, '10.0.0.10'], [resolver, '10.0.0.53'], [root, '10.0.0.2'], [auth, '10.0.0.3']]) net.address(device, `${address}/24`).cable(device, sw);
  const record = (name: string, type: DnsRecordDoc['type'], value: string): DnsRecordDoc => ({ name, type, value });
  apply(addService(net.doc, resolver, { kind: 'dns', role: 'recursive', rootHints: ['10.0.0.2'] }));
  apply(addService(net.doc, root, { kind: 'dns', role: 'authoritative', zones: [{ origin: '.', records: [
    record('.', 'NS', 'a.root.test.'), record('example.test.', 'NS', 'ns1.example.test.'), record('ns1.example.test.', 'A', '10.0.0.3'),
  ] }] }));
  apply(addService(net.doc, auth, { kind: 'dns', role: 'authoritative', zones: [{ origin: 'example.test.', records: [
    record('example.test.', 'NS', 'ns1.example.test.'), record('ns1.example.test.', 'A', '10.0.0.3'), ...MANY.map((x) => record('many.example.test.', 'A', x)),
  ] }] }));
  apply(setDnsServers(net.doc, pc, ['10.0.0.53']));
  return { doc: net.doc, sw, pc, resolver, root, auth };
}

const TC_RETRY = 'the answer was truncated (TC): asking again over TCP, as RFC 7766 says';
const reasons = (sim: Simulation, device: string) => sim.trace.events.filter((e) => e.device === device && e.protocol === 'DNS').map((e) => e.layers.find((l) => l.layer === 7)?.reason ?? '');

describe('truncation and the TCP fallback', () => {
  it('the resolver and the stub each get a truncated UDP answer, ask again over TCP, and get all 40 records', () => {
    const n = network();
    const sim = new Simulation(n.doc);
    sim.act({ kind: 'ping', device: n.pc, target: 'many.example.test', count: 1 });
    sim.run();
    // named at the authoritative server cut its UDP answer, saying why, then answered over TCP in full.
    const auth = reasons(sim, n.auth);
    expect(auth.some((r) => r.includes('the whole answer is 675 bytes, more than the 512 a UDP answer may hold') && r.includes('only the 29 answer records that fit go, with the TC flag set'))).toBe(true);
    expect(auth.some((r) => /over TCP to 10\.0\.0\.53:\d+, whole \(675 bytes, after its length in 2 bytes/.test(r))).toBe(true);
    // Both clients said why they ask again over TCP.
    expect(reasons(sim, n.resolver).filter((r) => r.includes(TC_RETRY))).toHaveLength(1);
    expect(reasons(sim, n.pc).filter((r) => r.includes(TC_RETRY))).toHaveLength(1);
    // The TCP answers are DNS frames on the wire, with all the records.
    const tcpAnswers = sim.trace.events.filter((e) => e.type === 'send' && e.device !== n.sw && e.protocol === 'DNS' && e.summary.startsWith('Standard query response') && (e.summary.match(/ A 10\./g) ?? []).length === 40);
    expect(new Set(tcpAnswers.map((e) => e.device))).toEqual(new Set([n.auth, n.resolver]));
    // The OSI view shows the 2-byte length, then the message.
    const dns = describeFrame(tcpAnswers[0].frame!.bytes).at(-1)!;
    expect(dns.protocol).toBe('DNS');
    expect(dns.fields[0]).toMatchObject({ name: 'length', offset: 54, length: 2, value: '675 bytes (DNS over TCP puts each message\'s length first, RFC 7766 §8)' });
    expect(dns.fields[1]).toMatchObject({ name: 'id', offset: 56 });
    expect(dns.fields.filter((f) => f.name.startsWith('answer-') && f.name.endsWith('-data'))).toHaveLength(40);
    // The stub resolver returns them all: ping uses the first, the cache holds every one.
    expect(appLines(sim, n.pc)[0]).toBe('PING many.example.test (10.0.0.3) 56(84) bytes of data.');
    expect(tableRows(sim, n.pc, 'dns-cache').map((r) => r[2]).sort()).toEqual([...MANY].sort());
    expect(tableRows(sim, n.resolver, 'dns-server-cache').filter((r) => r[0] === 'many.example.test')).toHaveLength(40);
  });

  it('nslookup asks again over TCP too and prints every address', () => {
    const n = network();
    const sim = new Simulation(n.doc);
    sim.act({ kind: 'nslookup', device: n.pc, name: 'many.example.test' });
    sim.run();
    expect(reasons(sim, n.pc).filter((r) => r.includes(TC_RETRY))).toHaveLength(1);
    const lines = appLines(sim, n.pc);
    expect(lines.filter((l) => l.startsWith('Address: ')).map((l) => l.slice(9))).toEqual(MANY);
    // nslookup closed its connection after the answer: named's side closed too, only TIME_WAIT may remain.
    expect(tableRows(sim, n.resolver, 'sockets').filter((r) => r[0] === 'TCP').map((r) => r[3]).sort()).toEqual(['LISTEN', 'TIME_WAIT']);
  });

  it('captures cleanly: tshark dissects DNS over TCP, none malformed, checksums good', () => {
    const n = network();
    const sim = new Simulation(n.doc);
    sim.act({ kind: 'nslookup', device: n.pc, name: 'many.example.test' });
    sim.run();
    const pcap = sim.capture({ kind: 'all' });
    if (!pcap.ok) throw new Error(pcap.error);
    const rows = tsharkFields(pcap.value, ['frame.protocols', 'dns.flags.truncated', 'dns.count.answers', '_ws.malformed', 'tcp.checksum.status', 'udp.checksum.status']);
    const dns = rows.filter((r) => r[0].includes(':dns'));
    expect(rows.every((r) => r[3] === '')).toBe(true);
    // Each frame is seen on both cables it crosses. Truncated over UDP: the 29 records that fit, to the resolver and to PC-1.
    expect(dns.filter((r) => r[0].includes('udp:dns') && r[1] === '1').map((r) => r[2])).toEqual(['29', '29', '29', '29']);
    const overTcp = dns.filter((r) => r[0].includes('tcp:dns'));
    // tshark takes the second sighting of a TCP segment for a retransmission and dissects only the first: the two queries and the two whole answers.
    expect(overTcp.map((r) => r[2])).toEqual(['0', '40', '0', '40']);
    for (const row of overTcp) expect(row[4]).toBe('1');
  });
});

