import { describe, expect, it } from 'vitest';
import type { Edit } from '../document/edits';
import type { DnsRecordDoc, NetworkDocument } from '../document/schema';
import { addService, setDnsServers } from '../document/services-edits';
import { Simulation } from '../engine/simulation';
import { NetworkBuilder } from '../testing/network-builder';
import { appLines, tableRows } from '../testing/trace-queries';
import { tsharkFields } from '../testing/tshark';

/**
 * PC-1 10.0.1.10 ── R1 ── the resolver 10.0.2.53
 *                   └── a switch: the root server 192.0.2.10, the .test
 *                       server 192.0.2.20, example.test's server 192.0.2.30,
 *                       and the web server 192.0.2.80.
 */
function internet(): { doc: NetworkDocument; pc: string; resolver: string; root: string; tld: string; auth: string; web: string } {
  const net = new NetworkBuilder();
  const apply = (edit: Edit) => {
    if (!edit.ok) throw new Error(edit.error);
    net.doc = edit.doc;
  };
  const router = net.add('router');
  const lan = net.add('switch');
  const servers = net.add('switch');
  const pc = net.add('computer');
  const [resolver, root, tld, auth, web] = ['resolver', 'root', 'tld', 'auth', 'web'].map(() => net.add('server'));
  net.address(router, '10.0.1.1/24', undefined, 'eth0').address(router, '10.0.2.1/24', undefined, 'eth1').address(router, '192.0.2.1/24', undefined, 'eth2');
  net.cable(router, lan, 'eth0');
  net.cable(router, resolver, 'eth1', 'eth0');
  net.cable(router, servers, 'eth2');
  net.address(pc, '10.0.1.10/24', '10.0.1.1').cable(pc, lan);
  net.address(resolver, '10.0.2.53/24', '10.0.2.1');
  for (const [server, address] of [[root, '192.0.2.10'], [tld, '192.0.2.20'], [auth, '192.0.2.30'], [web, '192.0.2.80']]) {
    net.address(server, `${address}/24`, '192.0.2.1').cable(server, servers);
  }
  const record = (name: string, type: DnsRecordDoc['type'], value: string, ttl?: number): DnsRecordDoc => ({ name, type, value, ...(ttl !== undefined && { ttl }) });
  apply(addService(net.doc, resolver, { kind: 'dns', role: 'recursive', rootHints: ['192.0.2.10'] }));
  apply(addService(net.doc, root, {
    kind: 'dns', role: 'authoritative', zones: [{ origin: '.', records: [
      record('.', 'NS', 'a.root.test.'), record('test.', 'NS', 'ns.nic.test.', 172800), record('ns.nic.test.', 'A', '192.0.2.20', 172800),
    ] }],
  }));
  apply(addService(net.doc, tld, {
    kind: 'dns', role: 'authoritative', zones: [{ origin: 'test.', records: [
      record('test.', 'NS', 'ns.nic.test.'), record('ns.nic.test.', 'A', '192.0.2.20'),
      record('example.test.', 'NS', 'ns1.example.test.', 86400), record('ns1.example.test.', 'A', '192.0.2.30', 86400),
    ] }],
  }));
  apply(addService(net.doc, auth, {
    kind: 'dns', role: 'authoritative', zones: [{ origin: 'example.test.', records: [
      record('example.test.', 'NS', 'ns1.example.test.'), record('ns1.example.test.', 'A', '192.0.2.30'),
      record('www.example.test.', 'A', '192.0.2.80', 600), record('alias.example.test.', 'CNAME', 'www.example.test.'),
      { name: 'example.test.', type: 'MX', value: 'mail.example.test.', preference: 10 },
    ] }],
  }));
  apply(setDnsServers(net.doc, pc, ['10.0.2.53']));
  return { doc: net.doc, pc, resolver, root, tld, auth, web };
}

/** "resolver → 192.0.2.10: Standard query … A www.example.test": the DNS frames a device put on the wire, in order. */
function dnsSent(sim: Simulation, device: string): string[] {
  return sim.trace.events.filter((e) => e.device === device && e.type === 'send' && e.protocol === 'DNS').map((e) => e.summary.replace(/0x[0-9a-f]{4}/, 'ID'));
}

describe('DNS from the root down', () => {
  it('a resolver walks root → TLD → authoritative, following each referral, and nslookup shows the answer', () => {
    const n = internet();
    const sim = new Simulation(n.doc);
    expect(sim.act({ kind: 'nslookup', device: n.pc, name: 'www.example.test' })).toEqual({ ok: true, value: undefined });
    sim.run();
    expect(dnsSent(sim, n.resolver)).toEqual([
      'Standard query ID A www.example.test',
      'Standard query ID A www.example.test',
      'Standard query ID A www.example.test',
      'Standard query response ID A www.example.test A 192.0.2.80',
    ]);
    expect(dnsSent(sim, n.root)).toEqual(['Standard query response ID A www.example.test NS ns.nic.test A 192.0.2.20']);
    expect(dnsSent(sim, n.tld)).toEqual(['Standard query response ID A www.example.test NS ns1.example.test A 192.0.2.30']);
    expect(dnsSent(sim, n.auth)).toEqual(['Standard query response ID A www.example.test A 192.0.2.80']);
    // Each query says whom it asks and why.
    const reasons = sim.trace.events.filter((e) => e.device === n.resolver && e.type === 'send' && e.protocol === 'DNS').map((e) => e.layers.find((l) => l.layer === 7)!.reason);
    expect(reasons[0]).toContain('asking the root server 192.0.2.10: nothing in the cache is closer');
    expect(reasons[1]).toContain('asking ns.nic.test (192.0.2.20), a server for test: 192.0.2.10 referred it to test\'s servers ns.nic.test');
    expect(reasons[2]).toContain('asking ns1.example.test (192.0.2.30), a server for example.test');
    expect(reasons[3]).toContain('with authority; the answer is cached for 600 s; the client gets it with RA');
    expect(appLines(sim, n.pc)).toEqual([
      'Server:\t\t10.0.2.53', 'Address:\t10.0.2.53#53', 'Non-authoritative answer:', 'Name:\twww.example.test', 'Address: 192.0.2.80',
    ]);
    expect(tableRows(sim, n.resolver, 'dns-server-cache').map((r) => r.slice(0, 3))).toEqual(expect.arrayContaining([
      ['test', 'NS', 'ns.nic.test.'], ['ns.nic.test', 'A', '192.0.2.20'], ['example.test', 'NS', 'ns1.example.test.'], ['www.example.test', 'A', '192.0.2.80'],
    ]));
  });

  it('asked again, the resolver answers from its cache, and the computer from its own', () => {
    const n = internet();
    const sim = new Simulation(n.doc);
    sim.act({ kind: 'nslookup', device: n.pc, name: 'www.example.test' });
    sim.run();
    const queriesBefore = dnsSent(sim, n.resolver).length;
    // ping's own lookup: the computer's cache is empty (nslookup bypasses it), the resolver's is not.
    sim.act({ kind: 'ping', device: n.pc, target: 'www.example.test', count: 1 });
    sim.run();
    expect(dnsSent(sim, n.resolver).slice(queriesBefore)).toEqual(['Standard query response ID A www.example.test A 192.0.2.80']);
    const cached = sim.trace.events.filter((e) => e.device === n.resolver && e.type === 'send' && e.protocol === 'DNS').at(-1)!;
    expect(cached.layers.find((l) => l.layer === 7)!.reason).toMatch(/is in the cache \(\d+ s left\): answered without asking anyone/);
    expect(tableRows(sim, n.pc, 'dns-cache').map((r) => r.slice(0, 3))).toEqual([['www.example.test', 'A', '192.0.2.80']]);
    // Then the computer answers itself: no DNS frame at all.
    const framesBefore = sim.trace.events.filter((e) => e.protocol === 'DNS' && e.frame).length;
    sim.act({ kind: 'ping', device: n.pc, target: 'www.example.test', count: 1 });
    sim.run();
    expect(sim.trace.events.filter((e) => e.protocol === 'DNS' && e.frame).length).toBe(framesBefore);
    const lines = appLines(sim, n.pc);
    expect(lines).toContain('PING www.example.test (192.0.2.80) 56(84) bytes of data.');
    expect(lines).toContain('--- www.example.test ping statistics ---');
    expect(lines.filter((l) => l.startsWith('64 bytes from 192.0.2.80'))).toHaveLength(2);
  });

  it('NXDOMAIN comes with the SOA, is cached negatively, and ping says the name is not known', () => {
    const n = internet();
    const sim = new Simulation(n.doc);
    sim.act({ kind: 'ping', device: n.pc, target: 'nx.example.test' });
    sim.run();
    expect(appLines(sim, n.pc)).toEqual(['ping: nx.example.test: Name or service not known']);
    expect(dnsSent(sim, n.auth)).toEqual(['Standard query response ID No such name A nx.example.test SOA ns1.example.test']);
    expect(tableRows(sim, n.resolver, 'dns-server-cache').map((r) => r.slice(0, 3))).toContainEqual(['nx.example.test', 'any', 'NXDOMAIN: no such name']);
    expect(tableRows(sim, n.pc, 'dns-cache').map((r) => r.slice(0, 3))).toEqual([['nx.example.test', 'any', 'NXDOMAIN: no such name']]);
    // Another computer asking the resolver gets the negative answer from its cache; nslookup prints it as nslookup does.
    const queries = dnsSent(sim, n.resolver).length;
    sim.act({ kind: 'nslookup', device: n.web, name: 'nx.example.test' });
    expect(sim.act({ kind: 'nslookup', device: n.pc, name: 'nx.example.test' })).toEqual({ ok: true, value: undefined });
    sim.run();
    expect(dnsSent(sim, n.resolver).slice(queries)).toEqual(['Standard query response ID No such name A nx.example.test SOA ns1.example.test']);
    expect(appLines(sim, n.pc).slice(-3)).toEqual(['Server:\t\t10.0.2.53', 'Address:\t10.0.2.53#53', "** server can't find nx.example.test: NXDOMAIN"]);
    // After the negative TTL (the SOA minimum, 300 s) the resolver asks again.
    sim.run({ untilNs: sim.now + 301e9 });
    const before = dnsSent(sim, n.resolver).length;
    sim.act({ kind: 'ping', device: n.pc, target: 'nx.example.test' });
    sim.run();
    expect(dnsSent(sim, n.resolver).length - before).toBe(2);
  });

  it('follows a CNAME, and answers NODATA for a type a name lacks', () => {
    const n = internet();
    const sim = new Simulation(n.doc);
    sim.act({ kind: 'nslookup', device: n.pc, name: 'alias.example.test' });
    sim.run();
    expect(dnsSent(sim, n.auth)).toEqual(['Standard query response ID A alias.example.test CNAME www.example.test A 192.0.2.80']);
    expect(appLines(sim, n.pc)).toEqual([
      'Server:\t\t10.0.2.53', 'Address:\t10.0.2.53#53', 'Non-authoritative answer:', 'alias.example.test\tcanonical name = www.example.test.', 'Name:\twww.example.test', 'Address: 192.0.2.80',
    ]);
    sim.act({ kind: 'nslookup', device: n.pc, name: 'www.example.test', type: 'MX' });
    sim.act({ kind: 'nslookup', device: n.pc, name: 'example.test', type: 'MX' });
    sim.run();
    const lines = appLines(sim, n.pc);
    expect(lines).toContain("*** Can't find www.example.test: No answer");
    expect(lines).toContain('example.test\tmail exchanger = 10 mail.example.test.');
  });

  it('asked directly, an authoritative server answers with AA; a name outside its zones is refused', () => {
    const n = internet();
    const edit = setDnsServers(n.doc, n.pc, ['192.0.2.30']);
    if (!edit.ok) throw new Error(edit.error);
    const sim = new Simulation(edit.doc);
    sim.act({ kind: 'nslookup', device: n.pc, name: 'www.example.test' });
    sim.run();
    expect(appLines(sim, n.pc)).toEqual(['Server:\t\t192.0.2.30', 'Address:\t192.0.2.30#53', 'Name:\twww.example.test', 'Address: 192.0.2.80']);
    sim.act({ kind: 'nslookup', device: n.pc, name: 'www.other.test' });
    sim.run();
    expect(appLines(sim, n.pc).at(-1)).toBe("** server can't find www.other.test: REFUSED");
  });

  it('traceroute by name, and refuses what is not a name or an address', () => {
    const n = internet();
    const sim = new Simulation(n.doc);
    sim.act({ kind: 'traceroute', device: n.pc, target: 'www.example.test', queries: 1 });
    sim.run();
    expect(appLines(sim, n.pc)[0]).toBe('traceroute to www.example.test (192.0.2.80), 30 hops max, 60 byte packets');
    expect(sim.act({ kind: 'ping', device: n.pc, target: '10.0.300.1' }).ok).toBe(false);
    expect(sim.act({ kind: 'nslookup', device: n.pc, name: 'bad..name' })).toEqual({ ok: false, error: 'The name to look up "bad..name" has an empty label (two dots in a row, or a dot at the start)' });
    expect(sim.act({ kind: 'nslookup', device: n.resolver, name: 'www.example.test' })).toEqual({ ok: false, error: 'Server-1 has no DNS server to ask: set its DNS servers, or take them from a DHCP server' });
  });

  it('captures cleanly: tshark dissects every DNS message, none malformed', () => {
    const n = internet();
    const sim = new Simulation(n.doc);
    sim.act({ kind: 'nslookup', device: n.pc, name: 'alias.example.test' });
    sim.act({ kind: 'ping', device: n.pc, target: 'nx.example.test' });
    sim.run();
    const pcap = sim.capture({ kind: 'all' });
    if (!pcap.ok) throw new Error(pcap.error);
    const rows = tsharkFields(pcap.value, ['frame.protocols', 'dns.flags.response', 'udp.checksum.status', 'ip.checksum.status', '_ws.malformed', '_ws.expert.severity']).filter((r) => r[0].includes(':dns'));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row.slice(2, 5)).toEqual(['1', '1', '']);
  });
});
