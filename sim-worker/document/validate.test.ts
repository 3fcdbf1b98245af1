import { describe, expect, it } from 'vitest';
import type { NetworkDocument } from './schema';
import { parseDocumentText, validateDocument, type Problem } from './validate';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** A small valid network: two PCs on a switch. Tests break one thing at a time in a copy. */
function network(): NetworkDocument {
  return {
    format: 'flintnet',
    version: 1,
    devices: [
      { id: 'pc-a', kind: 'computer', name: 'PC-A', position: { x: 0, y: 0 }, interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:0a', ipv4: '192.168.1.10/24', gateway: '192.168.1.1' }] },
      { id: 'pc-b', kind: 'computer', name: 'PC-B', position: { x: 0, y: 200 }, interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:0b', ipv4: '192.168.1.11/24' }] },
      { id: 'sw1', kind: 'switch', name: 'Switch-1', position: { x: 200, y: 100 }, interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }] },
    ],
    links: [
      { id: 'l1', a: { device: 'pc-a', interface: 'eth0' }, b: { device: 'sw1', interface: 'p1' }, medium: 'copper', bandwidthBps: 1e9, delayNs: 1000 },
      { id: 'l2', a: { device: 'pc-b', interface: 'eth0' }, b: { device: 'sw1', interface: 'p2' }, medium: 'copper', bandwidthBps: 1e9, delayNs: 1000 },
    ],
  };
}

/** The problems of a document changed by `edit` (on a plain JSON copy, so anything can be broken). */
function problemsAfter(edit: (doc: any) => void): Problem[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const doc = structuredClone(network());
  edit(doc);
  const result = validateDocument(deepFreeze(doc));
  if (result.ok) throw new Error('expected the document to be refused');
  return result.problems;
}

describe('validateDocument', () => {
  it('accepts a valid network and returns an equal, separate copy', () => {
    const doc = deepFreeze(network());
    const result = validateDocument(doc);
    expect(result).toEqual({ ok: true, value: doc });
    if (result.ok) expect(result.value.devices[0]).not.toBe(doc.devices[0]);
  });

  it('round-trips through JSON text', () => {
    expect(parseDocumentText(JSON.stringify(network(), null, 2))).toEqual({ ok: true, value: network() });
    expect(parseDocumentText(`\uFEFF${JSON.stringify(network())}`).ok).toBe(true);
  });

  it('drops unknown fields but keeps the network (forward compatible)', () => {
    const doc = { ...network(), savedBy: 'a newer app', devices: network().devices.map((d) => ({ ...d, colour: 'red' })) };
    const result = validateDocument(doc);
    expect(result).toEqual({ ok: true, value: network() });
    if (result.ok) expect(Object.keys(result.value)).toEqual(['format', 'version', 'devices', 'links']);
  });

  it('writes MACs and addresses in canonical form', () => {
    const doc = structuredClone(network());
    doc.devices[0].interfaces[0] = { name: 'eth0', mac: '02-00-00-00-00-0A', ipv4: ' 192.168.001.010/24', gateway: '192.168.1.001' };
    const result = validateDocument(doc);
    expect(result.ok && result.value.devices[0].interfaces[0]).toEqual({ name: 'eth0', mac: '02:00:00:00:00:0a', ipv4: '192.168.1.10/24', gateway: '192.168.1.1' });
  });

  it('says a file that is not JSON is not JSON', () => {
    const result = parseDocumentText('{ "format": "flintnet", ');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].path).toBe('$');
    expect(result.problems[0].message).toMatch(/^This file is not valid JSON, so it cannot be a Flintnet network \(.+\)$/);
  });

  it('refuses a foreign file with one problem naming what it found', () => {
    expect(validateDocument({ format: 'drawio', version: 1 })).toEqual({
      ok: false,
      problems: [{ path: '$.format', message: 'This is not a Flintnet network: its "format" is "drawio", where a Flintnet file says "flintnet"' }],
    });
    expect(validateDocument({ nodes: [] })).toMatchObject({ ok: false, problems: [{ path: '$.format', message: expect.stringContaining('it has no "format" field') }] });
    expect(validateDocument([1, 2])).toMatchObject({ ok: false, problems: [{ path: '$', message: 'This is not a Flintnet network: the file holds a list instead of a network object' }] });
    expect(validateDocument(null).ok).toBe(false);
  });

  it('refuses a newer version', () => {
    expect(problemsAfter((doc) => (doc.version = 3))).toEqual([
      { path: '$.version', message: 'This network was saved by a newer Flintnet (format version 3); this version opens versions up to 1' },
    ]);
    expect(problemsAfter((doc) => (doc.version = '1'))).toEqual([{ path: '$.version', message: '"version" should be a whole number from 1 up, not "1"' }]);
  });

  it('reports missing fields', () => {
    expect(validateDocument({ format: 'flintnet', version: 1 })).toEqual({
      ok: false,
      problems: [
        { path: '$.devices', message: '"devices" is missing: it should be a list of devices' },
        { path: '$.links', message: '"links" is missing: it should be a list of cables (it may be empty: [])' },
      ],
    });
    const problems = problemsAfter((doc) => {
      delete doc.devices[1].position;
      delete doc.devices[2].interfaces;
      delete doc.links[0].delayNs;
    });
    expect(problems.map((p) => p.path)).toEqual(['$.devices[1].position', '$.devices[2].interfaces', '$.links[0].delayNs']);
    expect(problems[0].message).toMatch(/^PC-B: "position" is missing/);
    expect(problems[1].message).toBe('Switch-1: "interfaces" is missing: it should be a list of interfaces, like [{"name": "eth0"}]');
    expect(problems[2].message).toMatch(/^Link "l1": "delayNs" is missing/);
  });

  it('checks device ids, names and kinds', () => {
    const problems = problemsAfter((doc) => {
      doc.devices[1].id = 'pc-a';
      doc.devices[1].name = 'pc-a';
      doc.devices[2].kind = 'firewall';
      doc.devices.push({ id: 'x', kind: 'hub', name: 'my hub', position: { x: 1, y: 1 }, interfaces: [] });
    });
    expect(problems).toEqual([
      { path: '$.devices[2].kind', message: 'Switch-1: "firewall" is not a kind of device this version of Flintnet knows (computer, switch, hub, router, home-router, isp, vm, server)' },
      { path: '$.devices[3].name', message: 'my hub: "my hub" cannot be a hostname: use only letters, digits and hyphens, like PC-1' },
      { path: '$.devices[1].id', message: 'pc-a: devices 1 and 2 both have the id "pc-a": ids must be unique' },
      { path: '$.devices[1].name', message: '"pc-a" is taken: PC-A already has that name (capital letters do not count)' },
      { path: '$.links[1].a.device', message: 'Link "l2": There is no device with id "pc-b"' },
    ]);
  });

  it('checks interfaces: names, MACs on computers, at least one on a computer', () => {
    const problems = problemsAfter((doc) => {
      doc.devices[2].interfaces[2].name = 'p1';
      delete doc.devices[1].interfaces[0].mac;
      doc.devices.push({ id: 'pc-c', kind: 'computer', name: 'PC-C', position: { x: 1, y: 1 }, interfaces: [] });
    });
    expect(problems).toEqual([
      { path: '$.devices[1].interfaces[0].mac', message: 'PC-B eth0: PC-B needs a MAC address on every interface, like 02:00:00:00:00:0a' },
      { path: '$.devices[2].interfaces[2].name', message: 'Switch-1 has two interfaces called "p1": each needs its own name' },
      { path: '$.devices[3].interfaces', message: 'PC-C: a computer needs at least one interface, like eth0' },
    ]);
  });

  it('reports a bad MAC and a duplicate MAC at the second use', () => {
    expect(problemsAfter((doc) => (doc.devices[0].interfaces[0].mac = '02:00:00:00:0a'))).toEqual([
      { path: '$.devices[0].interfaces[0].mac', message: 'PC-A eth0: "02:00:00:00:0a" is not a MAC address: write six pairs of hex digits, like 02:00:00:00:00:0a' },
    ]);
    expect(problemsAfter((doc) => (doc.devices[1].interfaces[0].mac = '02:00:00:00:00:0A'))).toEqual([
      { path: '$.devices[1].interfaces[0].mac', message: 'PC-B eth0: 02:00:00:00:00:0a is already used by PC-A eth0: every network card needs its own MAC address' },
    ]);
    expect(problemsAfter((doc) => (doc.devices[1].interfaces[0].mac = '01:00:5e:00:00:01'))[0].message).toMatch(/group \(multicast\) address/);
  });

  it('checks IPv4 addresses: syntax, prefix, host address, duplicates', () => {
    const at = '$.devices[1].interfaces[0].ipv4';
    expect(problemsAfter((doc) => (doc.devices[1].interfaces[0].ipv4 = '192.168.1.300/24'))).toEqual([
      { path: at, message: 'PC-B eth0: "192.168.1.300" is not an IPv4 address: write four numbers from 0 to 255, like 192.168.1.10' },
    ]);
    expect(problemsAfter((doc) => (doc.devices[1].interfaces[0].ipv4 = '192.168.1.11'))[0].message).toBe(
      'PC-B eth0: "192.168.1.11" needs a prefix length to say how big its network is: add one like /24 (192.168.1.11/24)',
    );
    expect(problemsAfter((doc) => (doc.devices[1].interfaces[0].ipv4 = '192.168.1.255/24'))[0].message).toMatch(/broadcast address/);
    expect(problemsAfter((doc) => (doc.devices[1].interfaces[0].ipv4 = '127.0.0.2/8'))[0].message).toMatch(/loopback/);
    expect(problemsAfter((doc) => (doc.devices[1].interfaces[0].ipv4 = '192.168.1.10/25'))).toEqual([
      { path: at, message: 'PC-B eth0: 192.168.1.10 is already used by PC-A eth0: two interfaces in one network cannot share an address (behind different NATs they can)' },
    ]);
  });

  it('checks the gateway against the interface address', () => {
    const at = '$.devices[0].interfaces[0].gateway';
    expect(problemsAfter((doc) => (doc.devices[0].interfaces[0].gateway = '10.0.0.1'))).toEqual([
      { path: at, message: 'PC-A eth0: 10.0.0.1 is not in 192.168.1.0/24, so PC-A could not reach it' },
    ]);
    expect(problemsAfter((doc) => (doc.devices[0].interfaces[0].gateway = '192.168.1.10'))[0].message).toMatch(/own address/);
    expect(problemsAfter((doc) => (doc.devices[0].interfaces[0].gateway = 'router'))[0].message).toMatch(/is not an IPv4 address/);
    expect(problemsAfter((doc) => delete doc.devices[0].interfaces[0].ipv4)).toEqual([
      { path: at, message: 'PC-A eth0: Give this interface an IPv4 address first: the gateway 192.168.1.1 must be in its network' },
    ]);
  });

  it('refuses addresses on switch and hub ports', () => {
    expect(problemsAfter((doc) => (doc.devices[2].interfaces[0].ipv4 = '192.168.1.2/24'))).toEqual([
      { path: '$.devices[2].interfaces[0].ipv4', message: 'Switch-1 p1: Switch-1 is a switch: its ports only pass frames along, so they take no IP address or gateway' },
    ]);
  });

  it('checks that cables join existing interfaces, one cable each', () => {
    expect(problemsAfter((doc) => (doc.links[1].b.device = 'sw9'))).toEqual([{ path: '$.links[1].b.device', message: 'Link "l2": There is no device with id "sw9"' }]);
    expect(problemsAfter((doc) => (doc.links[1].b.interface = 'p9'))).toEqual([{ path: '$.links[1].b.interface', message: 'Link "l2": Switch-1 has no interface "p9"' }]);
    expect(problemsAfter((doc) => (doc.links[1].b.interface = 'p1'))).toEqual([{ path: '$.links[1].b', message: 'Link "l2": Switch-1 p1 already has a cable: remove it first' }]);
    expect(problemsAfter((doc) => (doc.links[1].b = { device: 'pc-b', interface: 'eth0' }))).toEqual([
      { path: '$.links[1]', message: 'Link "l2": a cable cannot go from PC-B eth0 back to itself' },
    ]);
    expect(problemsAfter((doc) => (doc.links[1].id = 'l1'))).toEqual([{ path: '$.links[1].id', message: 'Link "l1": another link already has the id "l1": ids must be unique' }]);
  });

  it('checks cable properties', () => {
    const problems = problemsAfter((doc) => Object.assign(doc.links[0], { medium: 'fiber', bandwidthBps: 0, delayNs: 1.5 }));
    expect(problems.map((p) => p.path)).toEqual(['$.links[0].medium', '$.links[0].bandwidthBps', '$.links[0].delayNs']);
    expect(problems.map((p) => p.message)).toEqual([
      'Link "l1": "fiber" is not a kind of cable this version of Flintnet knows (copper, fibre, long-haul-fibre, undersea, geo-satellite, leo-satellite)',
      'Link "l1": The bandwidth must be a whole number of bits per second from 1 kbit/s (1000) to 1 Tbit/s (1000000000000)',
      'Link "l1": The delay must be a whole number of nanoseconds from 0 to 10 s (10000000000)',
    ]);
  });

  it('accepts every link medium with its own bandwidth and delay', () => {
    for (const medium of ['fibre', 'long-haul-fibre', 'undersea', 'geo-satellite', 'leo-satellite'] as const) {
      const doc = structuredClone(network());
      Object.assign(doc.links[0], { medium, bandwidthBps: 50_000_000, delayNs: 250_000_000 });
      const result = validateDocument(doc);
      expect(result.ok && result.value.links[0]).toMatchObject({ medium, bandwidthBps: 50_000_000, delayNs: 250_000_000 });
    }
  });

  it('allows two cables between the same two switches', () => {
    const doc = structuredClone(network());
    doc.devices.push({ id: 'sw2', kind: 'switch', name: 'Switch-2', position: { x: 400, y: 100 }, interfaces: [{ name: 'p1' }, { name: 'p2' }] });
    for (const i of [1, 2]) doc.links.push({ id: `t${i}`, a: { device: 'sw1', interface: `p${i + 1}` }, b: { device: 'sw2', interface: `p${i}` }, medium: 'copper', bandwidthBps: 1e9, delayNs: 0 });
    doc.links.splice(1, 1); // frees sw1 p2
    expect(validateDocument(doc).ok).toBe(true);
  });

  it('reports every problem at once, in document order', () => {
    const problems = problemsAfter((doc) => {
      doc.devices[0].interfaces[0].mac = 'nope';
      doc.devices[1].interfaces[0].ipv4 = '192.168.1.10/24';
      doc.devices[1].interfaces[0].gateway = '10.0.0.1';
      doc.links[1].b.device = 'sw-z';
      doc.links.push({ id: 'l3', a: { device: 'pc-b', interface: 'eth0' }, b: { device: 'sw1', interface: 'p3' }, medium: 'copper', bandwidthBps: 1e9, delayNs: 0 });
    });
    expect(problems.map((p) => p.path)).toEqual([
      '$.devices[0].interfaces[0].mac',
      '$.devices[1].interfaces[0].ipv4',
      '$.devices[1].interfaces[0].gateway',
      '$.links[1].b.device',
      '$.links[2].a',
    ]);
  });

  it('never throws on odd input', () => {
    for (const input of [undefined, 0, 'flintnet', { format: 'flintnet', version: 1, devices: [null, 7, []], links: [null, { a: 1, b: [] }] }]) {
      expect(validateDocument(input).ok).toBe(false);
    }
    const odd = problemsAfter((doc) => (doc.devices[0].interfaces[0].mac = { a: 1 }));
    expect(odd[0].message).toBe('PC-A eth0: "{"a":1}" is not a MAC address: write six pairs of hex digits, like 02:00:00:00:00:0a');
  });
});

describe('validateDocument: routers and static routes', () => {
  /** R1 between 10.0.1.0/24 (eth0) and 10.0.0.0/30 (eth1), with eth2 unaddressed. */
  function routed(routes: unknown[]): unknown {
    const doc = structuredClone(network()) as unknown as { devices: unknown[] };
    doc.devices.push({
      id: 'r1', kind: 'router', name: 'R1', position: { x: 400, y: 0 },
      interfaces: [
        { name: 'eth0', mac: '02:00:00:00:01:00', ipv4: '10.0.1.1/24' },
        { name: 'eth1', mac: '02:00:00:00:01:01', ipv4: '10.0.0.1/30' },
        { name: 'eth2', mac: '02:00:00:00:01:02' },
      ],
      routes,
    });
    return doc;
  }
  const problemsOf = (input: unknown): Problem[] => {
    const result = validateDocument(input);
    if (result.ok) throw new Error('expected the document to be refused');
    return result.problems;
  };

  it('accepts a router with routes, in canonical form', () => {
    const result = validateDocument(routed([
      { destination: '10.0.2.0/24', via: '10.0.0.2' },
      { destination: 'default', via: '10.0.1.254', interface: 'eth0', metric: '100' },
      { destination: '10.0.2.0/24', via: '10.0.1.2', metric: 5 },
    ]));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.devices[3]).toMatchObject({ kind: 'router', name: 'R1' });
    expect(result.value.devices[3].routes).toEqual([
      { destination: '10.0.2.0/24', via: '10.0.0.2' },
      { destination: '0.0.0.0/0', via: '10.0.1.254', interface: 'eth0', metric: 100 },
      { destination: '10.0.2.0/24', via: '10.0.1.2', metric: 5 },
    ]);
    expect(validateDocument(result.value)).toEqual(result);
  });

  it('says what is wrong with each route, at its path', () => {
    const problems = problemsOf(routed([
      { destination: '10.0.2.5/24', via: '10.0.0.2' },
      { destination: '10.0.3.0/24', via: '10.0.9.1' },
      { destination: '10.0.4.0/24', via: '10.0.0.2', interface: 'eth7' },
      { destination: '10.0.5.0/24', via: '10.0.0.2', metric: -1 },
      { destination: '10.0.2.0/24', via: '10.0.0.2' },
      { destination: '10.0.2.0/24', via: '10.0.0.2', metric: 7 },
      { destination: '10.0.6.0', via: '10.0.0.1' },
      { destination: '10.0.7.0/24', via: '10.0.1.9', interface: 'eth1' },
      { destination: '10.0.8.0/24', via: '10.0.1.9', interface: 'eth2' },
      'nope',
    ]));
    expect(problems).toEqual([
      { path: '$.devices[3].routes[0].destination', message: 'R1: 10.0.2.5/24 is not a network address: with /24 the last 8 bits (the host part) must be 0, but here they are 0.0.0.5. Write 10.0.2.0/24' },
      { path: '$.devices[3].routes[1].via', message: "R1: 10.0.9.1 is not on any of R1's networks, so R1 could not reach it" },
      { path: '$.devices[3].routes[2].interface', message: 'R1: R1 has no interface "eth7"' },
      { path: '$.devices[3].routes[3].metric', message: 'R1: The metric must be a whole number from 0 to 4294967295, like 10 (among routes of the same length, the lowest wins), not -1' },
      { path: '$.devices[3].routes[5]', message: 'R1: R1 already has a route to 10.0.2.0/24 via 10.0.0.2' },
      { path: '$.devices[3].routes[6].destination', message: 'R1: "10.0.6.0" needs a prefix length to say how big the network is: add one like /24 (10.0.6.0/24)' },
      { path: '$.devices[3].routes[6].via', message: "R1: 10.0.0.1 is R1's own address (eth1): the next router is another device on one of its networks" },
      { path: '$.devices[3].routes[7].via', message: "R1: 10.0.1.9 is not on eth1's network 10.0.0.0/30, so R1 could not reach it through eth1" },
      { path: '$.devices[3].routes[8].via', message: 'R1: eth2 has no IPv4 address, so R1 could not reach 10.0.1.9 through it' },
      { path: '$.devices[3].routes[9]', message: 'R1: A route should be an object like {"destination": "10.0.2.0/24", "via": "10.0.0.2"}' },
    ]);
  });

  it('takes routes on computers too, but not on switches or hubs', () => {
    const doc = structuredClone(network());
    doc.devices[0].routes = [{ destination: '10.0.0.0/8', via: '192.168.1.11' }];
    expect(validateDocument(doc)).toEqual({ ok: true, value: doc });
    expect(problemsAfter((d) => (d.devices[2].routes = [{ destination: '10.0.0.0/8', via: '192.168.1.11' }]))).toEqual([
      { path: '$.devices[2].routes', message: 'Switch-1: Switch-1 is a switch: it does not route packets, so it takes no routes' },
    ]);
    expect(problemsAfter((d) => (d.devices[0].routes = 'all'))[0].message).toMatch(/^PC-A: "routes" should be a list of routes/);
  });

  it('wants MACs on router interfaces, at least one interface, and no gateway', () => {
    const doc = routed([]) as { devices: { interfaces: Record<string, unknown>[] }[] };
    doc.devices[3].interfaces[0].gateway = '10.0.1.254';
    delete doc.devices[3].interfaces[1].mac;
    expect(problemsOf(doc)).toEqual([
      { path: '$.devices[3].interfaces[0].gateway', message: 'R1 eth0: R1 is a router: its interfaces take no gateway. Give it a route instead (0.0.0.0/0 is the default route)' },
      { path: '$.devices[3].interfaces[1].mac', message: 'R1 eth1: R1 needs a MAC address on every interface, like 02:00:00:00:00:0a' },
    ]);
    doc.devices[3].interfaces = [];
    expect(problemsOf(doc)).toEqual([{ path: '$.devices[3].interfaces', message: 'R1: a router needs at least one interface, like eth0' }]);
  });
});
