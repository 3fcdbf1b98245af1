import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NetworkDocument } from '../document/schema';
import { addService, setDnsServers } from '../document/services-edits';
import { parseDocumentText } from '../document/validate';
import { Simulation } from '../engine/simulation';
import { NetworkBuilder } from '../testing/network-builder';
import { appLines, tableRows } from '../testing/trace-queries';

function example(): NetworkDocument {
  const parsed = parseDocumentText(readFileSync('public/examples/home-reaches-a-web-site.json', 'utf8'));
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return parsed.value;
}

const idOf = (doc: NetworkDocument, name: string) => doc.devices.find((d) => d.name === name)!.id;

describe('the stub resolver', () => {
  it('behind a home router, asks the DNS server DHCP handed out (option 6), through NAT', () => {
    const doc = example();
    const laptop = idOf(doc, 'Laptop');
    const sim = new Simulation(doc);
    sim.run();
    sim.act({ kind: 'ping', device: laptop, target: 'www.example.test', count: 1 });
    sim.run();
    const lines = appLines(sim, laptop);
    expect(lines).toContain('PING www.example.test (198.51.100.80) 56(84) bytes of data.');
    expect(lines).toContainEqual(expect.stringMatching(/^1 packets transmitted, 1 received, 0% packet loss, time \d+ms$/));
    expect(tableRows(sim, laptop, 'dns-cache').map((r) => r.slice(0, 3))).toEqual([['www.example.test', 'A', '198.51.100.80']]);
    // The query left the laptop for 203.0.113.53 and reached the resolver from the home router's public address.
    const atResolver = sim.trace.events.find((e) => e.device === idOf(doc, 'Resolver') && e.type === 'deliver' && e.protocol === 'DNS')!;
    expect(atResolver.layers.find((l) => l.layer === 3)!.reason).toMatch(/^from 192\.0\.2\.1\d\d to me/);
  });

  it('moves on to the next server when one does not answer, and says so when none does', () => {
    const net = new NetworkBuilder();
    const sw = net.add('switch');
    const pc = net.add('computer');
    const quiet = net.add('computer');
    const dns = net.add('server');
    net.address(pc, '10.0.0.10/24').cable(pc, sw);
    net.address(quiet, '10.0.0.20/24').cable(quiet, sw);
    net.address(dns, '10.0.0.53/24').cable(dns, sw);
    const served = addService(net.doc, dns, { kind: 'dns', role: 'authoritative', zones: [{ origin: 'lan.test.', records: [
      { name: 'lan.test.', type: 'NS', value: 'ns.lan.test.' }, { name: 'printer.lan.test.', type: 'A', value: '10.0.0.30' },
    ] }] });
    if (!served.ok) throw new Error(served.error);
    // 10.0.0.20 runs no DNS server: it answers port unreachable, and the resolver tries 10.0.0.53.
    const both = setDnsServers(served.doc, pc, ['10.0.0.20', '10.0.0.53']);
    if (!both.ok) throw new Error(both.error);
    const sim = new Simulation(both.doc);
    sim.act({ kind: 'ping', device: pc, target: 'printer.lan.test', count: 1, timeoutMs: 100 });
    sim.run();
    expect(appLines(sim, pc)[0]).toBe('PING printer.lan.test (10.0.0.30) 56(84) bytes of data.');
    const queries = sim.trace.events.filter((e) => e.device === pc && e.type === 'send' && e.protocol === 'DNS');
    expect(queries.map((e) => e.layers.find((l) => l.layer === 7)!.reason.replace(/0x[0-9a-f]{4}/, 'ID'))).toEqual([
      'query ID: printer.lan.test A, recursion desired: PC-1 wants the A record of printer.lan.test and asks 10.0.0.20 (the first DNS server in its list) to find it, recursively',
      'query ID: printer.lan.test A, recursion desired: PC-1 wants the A record of printer.lan.test and asks 10.0.0.53 (the next in its list, round 1 of 2, since the one before gave no usable answer) to find it, recursively',
    ]);
    // Only the silent server: two tries, 5 s each (resolv.conf's timeout and attempts), then getaddrinfo's words.
    const silent = setDnsServers(served.doc, pc, ['10.0.0.99']);
    if (!silent.ok) throw new Error(silent.error);
    const lonely = new Simulation(silent.doc);
    lonely.act({ kind: 'ping', device: pc, target: 'printer.lan.test' });
    lonely.run();
    expect(appLines(lonely, pc)).toEqual(['ping: printer.lan.test: Temporary failure in name resolution']);
  });

  it('a computer with no DNS server cannot look names up, and says why', () => {
    const net = new NetworkBuilder();
    const pc = net.add('computer');
    net.address(pc, '10.0.0.10/24');
    const sim = new Simulation(net.doc);
    expect(sim.act({ kind: 'ping', device: pc, target: 'www.example.test' })).toEqual({ ok: true, value: undefined });
    sim.run();
    expect(appLines(sim, pc)).toEqual(['ping: www.example.test: Temporary failure in name resolution']);
    expect(sim.trace.events.at(-2)!.layers[0].reason).toBe('PC-1 has no DNS server to ask: set its DNS servers, or take them from a DHCP server');
  });
});
