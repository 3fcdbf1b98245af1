import { describe, expect, it } from 'vitest';
import { Simulation } from '../engine/simulation';
import { lan, NetworkBuilder, routedLine } from '../testing/network-builder';
import { tsharkFields } from '../testing/tshark';
import { appLines } from '../testing/trace-queries';
import { parseEthernet } from '../wire/ethernet';
import { parseIcmp } from '../wire/icmp';
import { parseIpv4 } from '../wire/ipv4';
import { parseUdp } from '../wire/udp';

/** Wireshark's expert severity for a note (PI_NOTE); warnings and errors are higher. */
const NOTE = 0x00400000;

const hop = (n: number, address: string, mark = '') => new RegExp(`^ ${n}  ${address.replace(/\./g, '\\.')} \\(${address.replace(/\./g, '\\.')}\\)(  \\d+\\.\\d{3} ms${mark}){3}$`);

function traced(routers: number, target: string): { sim: Simulation; pc: string } {
  const { doc, pcs } = routedLine(routers);
  const sim = new Simulation(doc);
  expect(sim.act({ kind: 'traceroute', device: pcs[0], target })).toEqual({ ok: true, value: undefined });
  sim.run();
  return { sim, pc: pcs[0] };
}

describe('traceroute', () => {
  it('lists both routers and the destination, and prints like Linux traceroute', () => {
    const { sim, pc } = traced(2, '10.0.2.5');
    // Linux traceroute 2.1.2 printed the same three hops through the same network built from namespaces.
    expect(appLines(sim, pc)).toEqual([
      'traceroute to 10.0.2.5 (10.0.2.5), 30 hops max, 60 byte packets',
      expect.stringMatching(hop(1, '10.0.1.1')),
      expect.stringMatching(hop(2, '10.0.0.2')),
      expect.stringMatching(hop(3, '10.0.2.5')),
    ]);
  });

  it('sends Linux traceroute’s probes: UDP from its own port each, to 33434 upward, TTL 1, 2, 3…, 60 bytes, no DF', () => {
    const { sim, pc } = traced(2, '10.0.2.5');
    const probes = sim.trace.events.filter((e) => e.device === pc && e.type === 'send' && e.protocol === 'UDP').map((e) => {
      const ethernet = parseEthernet(e.frame!.bytes);
      const ip = ethernet.ok ? parseIpv4(ethernet.value.payload) : undefined;
      if (!ip?.ok) throw new Error('not IPv4');
      const udp = parseUdp(ip.value.payload, ip.value.src, ip.value.dst);
      if (!udp.ok) throw new Error(udp.error);
      return { ...udp.value, ttl: ip.value.ttl, df: ip.value.dontFragment, length: ip.value.totalLength };
    });
    // 16 at once (-N 16), then more as hops answer, until the destination's hop is done.
    expect(probes.length).toBeGreaterThanOrEqual(16);
    expect(probes.slice(0, 16).map((p) => [p.ttl, p.dstPort])).toEqual(Array.from({ length: 16 }, (_, i) => [Math.floor(i / 3) + 1, 33434 + i]));
    expect(probes.filter((p) => p.df || p.length !== 60 || !p.checksumOk)).toEqual([]);
    expect(probes[0].payload).toEqual(Uint8Array.from({ length: 32 }, (_, i) => 0x40 + i));
    const ports = probes.map((p) => p.srcPort);
    expect(new Set(ports.slice(0, 16)).size).toBe(16);
    expect(ports.every((port) => port >= 32768 && port <= 60999)).toBe(true);
  });

  it('rate-limits the destination’s port unreachables as Linux does: 6 in a burst', () => {
    const { sim } = traced(2, '10.0.2.5');
    const unreachables = sim.trace.events.filter((e) => e.type === 'send' && e.summary === 'Destination unreachable (Port unreachable)' && e.device === 'pc-2');
    expect(unreachables.length).toBe(6);
  });

  it('marks host unreachable !H and network unreachable !N, and stops there', () => {
    expect(appLines(traced(2, '10.0.2.99').sim, 'pc-1').slice(1)).toEqual([
      expect.stringMatching(hop(1, '10.0.1.1')),
      expect.stringMatching(hop(2, '10.0.0.2')),
      // Router-2 gives up on ARP after 3 requests a second apart, as the real one answered after 3073 ms.
      expect.stringMatching(/^ 3 {2}10\.0\.0\.2 \(10\.0\.0\.2\) {2}3000\.\d{3} ms !H {2}3000\.\d{3} ms !H {2}3000\.\d{3} ms !H$/),
    ]);
    // Linux answers only 2 "no route" errors in a burst; the third probe waits 3× the round trip of the first, then shows *.
    expect(appLines(traced(2, '10.0.3.5').sim, 'pc-1').slice(1)).toEqual([expect.stringMatching(/^ 1 {2}10\.0\.1\.1 \(10\.0\.1\.1\) {2}\d+\.\d{3} ms !N {2}\d+\.\d{3} ms !N \*$/)]);
  });

  it('prints * for silence: after 5 s, or after 3× a round trip from the same hop', () => {
    // Router-1 sends 10.0.2.0/24 to a computer, which (ip_forward off) drops it without a word, as Linux does.
    const net = new NetworkBuilder();
    const pc = net.add('computer');
    const r1 = net.add('router');
    const sink = net.add('computer');
    net.address(pc, '10.0.1.10/24', '10.0.1.1').cable(pc, r1, 'eth0', 'eth0');
    net.address(r1, '10.0.1.1/24').address(r1, '10.0.0.1/30', undefined, 'eth1').address(sink, '10.0.0.2/30').cable(r1, sink, 'eth1', 'eth0');
    net.route(r1, '10.0.2.0/24', '10.0.0.2');
    const sim = new Simulation(net.doc);
    sim.act({ kind: 'traceroute', device: pc, target: '10.0.2.5', maxHops: 3 });
    sim.run();
    const lines = sim.trace.events.filter((e) => e.app && e.device === pc);
    expect(lines.map((e) => e.app!.line).slice(1)).toEqual([expect.stringMatching(hop(1, '10.0.1.1')), ' 2  * * *', ' 3  * * *']);
    expect(lines[2].t).toBeGreaterThanOrEqual(5e9);
    expect(lines[2].layers[0].reason).toBe('hop 2: no answer to any probe within the wait: that router sends no errors, or they were lost or rate-limited');
    // Two "no route" errors, then Linux's rate limit: the third probe is given up after 3× the first one's round trip (+1 ms), not 5 s.
    const { sim: unroutable } = traced(2, '10.0.3.5');
    const last = unroutable.trace.events.filter((e) => e.app && e.device === 'pc-1').at(-1)!;
    expect(last.t).toBeLessThan(5e6);
  });

  it('says so when there is no route at all, as Linux traceroute does', () => {
    const { doc, pcs } = lan(2);
    const sim = new Simulation(doc);
    sim.act({ kind: 'traceroute', device: pcs[0], target: '10.0.0.5' });
    sim.run();
    expect(appLines(sim, pcs[0])).toEqual([
      'traceroute to 10.0.0.5 (10.0.0.5), 30 hops max, 60 byte packets',
      'connect: Network is unreachable',
      '(Network is unreachable: 10.0.0.5 is not in 192.168.1.0/24 and PC-1 has no default gateway)',
    ]);
  });

  it('refuses bad options with a clear message', () => {
    const { doc, pcs, middle } = lan(2);
    const sim = new Simulation(doc);
    expect(sim.act({ kind: 'traceroute', device: middle, target: '192.168.1.2' })).toEqual({ ok: false, error: 'Switch-1 is not a computer, so it cannot run traceroute' });
    expect(sim.act({ kind: 'traceroute', device: pcs[0], target: '192.168.1.2', maxHops: 256 })).toMatchObject({ ok: false, error: expect.stringMatching(/from 1 to 255/) });
    expect(sim.act({ kind: 'traceroute', device: pcs[0], target: '192.168.1.2', queries: 0 })).toMatchObject({ ok: false });
    // Neither an address nor a host name ("x" alone would be a name, looked up by DNS).
    expect(sim.act({ kind: 'traceroute', device: pcs[0], target: 'x y' })).toMatchObject({ ok: false, error: expect.stringMatching(/not an IPv4 address/) });
  });
});

describe('a computer and UDP', () => {
  it('answers a UDP datagram to a closed port with ICMP port unreachable, the way Linux builds it', () => {
    const { doc, pcs } = lan(2);
    const sim = new Simulation(doc);
    sim.act({ kind: 'traceroute', device: pcs[0], target: '192.168.1.2', queries: 1, maxHops: 1 });
    sim.run();
    expect(appLines(sim, pcs[0])[1]).toMatch(/^ 1 {2}192\.168\.1\.2 \(192\.168\.1\.2\) {2}\d+\.\d{3} ms$/);
    const drop = sim.trace.events.find((e) => e.device === pcs[1] && e.type === 'drop' && e.protocol === 'UDP')!;
    expect(drop.layers.at(-1)).toEqual({
      layer: 4, protocol: 'UDP',
      reason: expect.stringMatching(/^port \d+ → 33434: no program on PC-2 listens on port 33434, so the datagram is dropped; 192\.168\.1\.1 is told with an ICMP destination unreachable \(port unreachable\)$/),
    });
    const reply = sim.trace.events.find((e) => e.device === pcs[1] && e.type === 'send' && e.protocol === 'ICMP')!;
    const ethernet = parseEthernet(reply.frame!.bytes);
    const ip = ethernet.ok ? parseIpv4(ethernet.value.payload) : undefined;
    if (!ip?.ok) throw new Error('not IPv4');
    // TOS 0xc0, no DF, TTL 64, from the address the probe was sent to, quoting the whole 60-byte probe.
    expect([ip.value.dscp << 2, ip.value.dontFragment, ip.value.ttl, ip.value.totalLength]).toEqual([0xc0, false, 64, 20 + 8 + 60]);
    expect(parseIcmp(ip.value.payload)).toMatchObject({ ok: true, value: { kind: 'destination-unreachable', code: 3, checksumOk: true } });
    const deliver = sim.trace.events.find((e) => e.device === pcs[0] && e.type === 'deliver')!;
    expect(deliver.layers.at(-1)!.reason).toMatch(/^destination unreachable \(port unreachable\) about UDP port \d+ → 192\.168\.1\.2 port 33434: handed to traceroute$/);
  });

  it('drops a datagram with a damaged checksum without answering', () => {
    const { doc, pcs } = lan(2);
    const sim = new Simulation(doc);
    sim.act({ kind: 'traceroute', device: pcs[0], target: '192.168.1.2', queries: 1, maxHops: 1 });
    sim.run();
    const probe = sim.trace.events.find((e) => e.device === pcs[0] && e.type === 'send' && e.protocol === 'UDP')!;
    const damaged = probe.frame!.bytes.slice();
    damaged[14 + 20 + 8] ^= 1;
    const pc2 = sim.devices.get(pcs[1])!;
    pc2.receive(pc2.nics.get('eth0')!, damaged, 999);
    expect(sim.trace.events.at(-1)!.layers.at(-1)!.reason).toBe('UDP checksum is wrong: the datagram was damaged, so it is dropped (UDP sends no error for that)');
  });
});

describe('a traceroute capture in tshark', () => {
  it('has no malformed packet and no bad checksum, and reads like the real one', () => {
    const { sim } = traced(2, '10.0.2.5');
    const pcap = sim.capture({ kind: 'all' });
    if (!pcap.ok) throw new Error(pcap.error);
    const rows = tsharkFields(pcap.value, ['frame.protocols', 'ip.checksum.status', 'udp.checksum.status', 'icmp.checksum.status', '_ws.malformed', '_ws.expert.severity', '_ws.col.Info']);
    expect(rows.length).toBe(sim.trace.events.filter((e) => e.type === 'send').length);
    for (const [protocols, ip, udp, icmp, malformed, severity] of rows) {
      expect(malformed).toBe('');
      // Wireshark's chats and notes ("Possible traceroute", '"Time To Live" only 1') are in a real capture too; a warning or an error is not.
      expect(severity === '' || Math.max(...severity.split(',').map(Number)) <= NOTE, `${protocols}: expert severity ${severity}`).toBe(true);
      // 1 is "Good"; an ICMP error carries the quoted packet's fields too, which tshark leaves unverified (2).
      for (const status of [ip, udp, icmp]) if (status !== '') expect(status.split(',')[0]).toBe('1');
    }
    const info = rows.map((r) => r[6]);
    // Each frame once per cable it crossed: the first probe on PC-1's cable and Switch-1's cable to Router-1.
    expect(info.filter((i) => /^\d+ → 33434 Len=32$/.test(i))).toHaveLength(2);
    expect(info.filter((i) => i === 'Time-to-live exceeded (Time to live exceeded in transit)').length).toBeGreaterThanOrEqual(6);
    expect(info).toContain('Destination unreachable (Port unreachable)');
  });
});
