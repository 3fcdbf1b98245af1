import { describe, expect, it } from 'vitest';
import {
  addDevice, addInterface, addRoute, checkInterface, checkNewRoute, connect, moveDevice, removeDevice, removeLink, removeRoute, renameDevice, setInterface, setRoutes, type Edit,
} from './edits';
import { emptyDocument, type DeviceKind, type NetworkDocument } from './schema';
import { validateDocument } from './validate';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The document of a successful edit, frozen so the next edit would throw if it mutated it; and always still valid. */
function done(edit: Edit): NetworkDocument {
  if (!edit.ok) throw new Error(edit.error);
  expect(validateDocument(edit.doc)).toEqual({ ok: true, value: edit.doc });
  return deepFreeze(edit.doc);
}

function errorOf(edit: Edit): string {
  if (edit.ok) throw new Error('expected the edit to be refused');
  return edit.error;
}

function build(...kinds: DeviceKind[]): NetworkDocument {
  return kinds.reduce((doc, kind) => done(addDevice(doc, kind)), deepFreeze(emptyDocument()));
}

/** PC-1 and PC-2 cabled to Switch-1, addressed in 192.168.1.0/24. */
function lan(): NetworkDocument {
  let doc = build('computer', 'computer', 'switch');
  doc = done(connect(doc, { device: 'pc-1' }, { device: 'switch-1' }));
  doc = done(connect(doc, { device: 'pc-2' }, { device: 'switch-1' }));
  doc = done(setInterface(doc, 'pc-1', 'eth0', { ipv4: '192.168.1.1/24' }));
  return done(setInterface(doc, 'pc-2', 'eth0', { ipv4: '192.168.1.2/24', gateway: '192.168.1.1' }));
}

describe('addDevice', () => {
  it('names each kind with its lowest free number and gives it stable ids', () => {
    const doc = build('computer', 'computer', 'switch', 'hub');
    expect(doc.devices.map((d) => [d.id, d.name])).toEqual([
      ['pc-1', 'PC-1'],
      ['pc-2', 'PC-2'],
      ['switch-1', 'Switch-1'],
      ['hub-1', 'Hub-1'],
    ]);
    const again = done(addDevice(done(removeDevice(doc, 'pc-1')), 'computer'));
    expect(again.devices.at(-1)).toMatchObject({ id: 'pc-1', name: 'PC-1' });
  });

  it('returns the new id and never takes an id already in the document', () => {
    const doc = done(renameDevice(build('computer'), 'pc-1', 'Lab'));
    const added = addDevice(doc, 'computer');
    expect(added).toMatchObject({ ok: true, deviceId: 'pc-2' });
    expect(added.ok && added.doc.devices[1].name).toBe('PC-1');
    const handMade = deepFreeze({ ...emptyDocument(), devices: [{ id: 'pc-2', kind: 'computer' as const, name: 'PC-1', position: { x: 0, y: 0 }, interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:01' }] }] });
    expect(done(addDevice(handMade, 'computer')).devices[1]).toMatchObject({ id: 'pc-3', name: 'PC-2' });
  });

  it('gives computers eth0 with a fresh MAC, switches eight ports and hubs four', () => {
    const doc = build('computer', 'computer', 'switch', 'hub');
    expect(doc.devices[0].interfaces).toEqual([{ name: 'eth0', mac: '02:00:00:00:00:01' }]);
    expect(doc.devices[1].interfaces).toEqual([{ name: 'eth0', mac: '02:00:00:00:00:02' }]);
    expect(doc.devices[2].interfaces.map((i) => i.name)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8']);
    expect(doc.devices[3].interfaces).toEqual([{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }, { name: 'p4' }]);
    const taken = done(setInterface(build('computer'), 'pc-1', 'eth0', { mac: '02:00:00:00:00:02' }));
    expect(done(addDevice(taken, 'computer')).devices[1].interfaces[0].mac).toBe('02:00:00:00:00:01');
  });

  it('places devices in free grid spots, left to right, each kind on its row: ISPs, routers, switches and hubs, then computers', () => {
    const doc = build('computer', 'computer', 'computer', 'computer', 'computer', 'computer', 'computer', 'switch');
    expect(doc.devices.map((d) => d.position)).toEqual([0, 180, 360, 540, 720, 900].map((x) => ({ x, y: 540 })).concat({ x: 0, y: 1260 }, { x: 0, y: 360 }));
    // Two LANs and a router: each switch right below the router's row, so neither cable to it passes behind the other switch.
    const lans = build('switch', 'switch', 'router', 'isp');
    expect(lans.devices.map((d) => d.position)).toEqual([{ x: 0, y: 360 }, { x: 180, y: 360 }, { x: 0, y: 180 }, { x: 0, y: 0 }]);
    const near = done(addDevice(deepFreeze(emptyDocument()), 'hub', { x: 100, y: 390 }));
    expect(done(addDevice(near, 'hub')).devices[1].position).toEqual({ x: 360, y: 360 });
  });

  it('refuses a bad kind or position', () => {
    expect(errorOf(addDevice(emptyDocument(), 'firewall' as DeviceKind))).toBe('"firewall" is not a kind of device: use one of computer, switch, hub, router, home-router, isp, vm, server');
    expect(errorOf(addDevice(emptyDocument(), 'hub', { x: NaN, y: 0 }))).toMatch(/x and y/);
  });
});

describe('removing, moving and renaming devices', () => {
  it('removes a device with its cables, sharing what did not change', () => {
    const doc = lan();
    const after = done(removeDevice(doc, 'pc-1'));
    expect(after.devices.map((d) => d.id)).toEqual(['pc-2', 'switch-1']);
    expect(after.links.map((l) => l.id)).toEqual(['l2']);
    expect(after.devices[0]).toBe(doc.devices[1]);
    expect(after.links[0]).toBe(doc.links[1]);
    expect(errorOf(removeDevice(doc, 'pc-9'))).toBe('There is no device with id "pc-9"');
  });

  it('moves a device', () => {
    const doc = lan();
    const after = done(moveDevice(doc, 'pc-2', { x: -40, y: 500 }));
    expect(after.devices[1].position).toEqual({ x: -40, y: 500 });
    expect(after.devices[0]).toBe(doc.devices[0]);
    expect(after.links).toBe(doc.links);
    expect(errorOf(moveDevice(doc, 'pc-2', { x: 1, y: Infinity }))).toMatch(/x and y/);
  });

  it('renames a device, trimmed, refusing bad or taken names', () => {
    const doc = lan();
    expect(done(renameDevice(doc, 'pc-1', '  Web-Server ')).devices[0].name).toBe('Web-Server');
    expect(done(renameDevice(doc, 'pc-1', 'pc-1')).devices[0].name).toBe('pc-1');
    expect(errorOf(renameDevice(doc, 'pc-1', '   '))).toBe('A device needs a name, like PC-1');
    expect(errorOf(renameDevice(doc, 'pc-1', 'my pc'))).toBe('"my pc" cannot be a hostname: use only letters, digits and hyphens, like PC-1');
    expect(errorOf(renameDevice(doc, 'pc-1', '-pc'))).toMatch(/must not start or end with a hyphen/);
    expect(errorOf(renameDevice(doc, 'pc-1', 'x'.repeat(64)))).toMatch(/at most 63 characters/);
    expect(errorOf(renameDevice(doc, 'pc-1', 'switch-1'))).toBe('"switch-1" is taken: Switch-1 already has that name (capital letters do not count)');
  });
});

describe('cables', () => {
  it('connects the first free interfaces with copper defaults', () => {
    const doc = lan();
    expect(doc.links).toEqual([
      { id: 'l1', a: { device: 'pc-1', interface: 'eth0' }, b: { device: 'switch-1', interface: 'p1' }, medium: 'copper', bandwidthBps: 1_000_000_000, delayNs: 1_000 },
      { id: 'l2', a: { device: 'pc-2', interface: 'eth0' }, b: { device: 'switch-1', interface: 'p2' }, medium: 'copper', bandwidthBps: 1_000_000_000, delayNs: 1_000 },
    ]);
    const hub = done(addDevice(doc, 'hub'));
    const edit = connect(hub, { device: 'hub-1', interface: 'p3' }, { device: 'switch-1', interface: 'p8' });
    expect(edit).toMatchObject({ ok: true, linkId: 'l3' });
    expect(done(edit).links[2]).toMatchObject({ a: { device: 'hub-1', interface: 'p3' }, b: { device: 'switch-1', interface: 'p8' } });
  });

  it('allows two cables between the same two switches', () => {
    let doc = build('switch', 'switch');
    doc = done(connect(doc, { device: 'switch-1' }, { device: 'switch-2' }));
    doc = done(connect(doc, { device: 'switch-1' }, { device: 'switch-2' }));
    expect(doc.links.map((l) => [l.a.interface, l.b.interface])).toEqual([
      ['p1', 'p1'],
      ['p2', 'p2'],
    ]);
  });

  it('refuses cables it cannot make', () => {
    const doc = done(addDevice(lan(), 'computer'));
    expect(errorOf(connect(doc, { device: 'switch-1' }, { device: 'switch-1' }))).toBe('A cable needs two different devices');
    expect(errorOf(connect(doc, { device: 'pc-9' }, { device: 'switch-1' }))).toBe('There is no device with id "pc-9"');
    expect(errorOf(connect(doc, { device: 'pc-3', interface: 'eth1' }, { device: 'switch-1' }))).toBe('PC-3 has no interface "eth1"');
    expect(errorOf(connect(doc, { device: 'pc-3' }, { device: 'switch-1', interface: 'p1' }))).toBe('Switch-1 p1 already has a cable: remove it first');
    expect(errorOf(connect(doc, { device: 'pc-1' }, { device: 'pc-3' }))).toBe('PC-1 has no free interface: remove one of its cables first');
  });

  it('removes a cable', () => {
    const doc = lan();
    const after = done(removeLink(doc, 'l1'));
    expect(after.links).toEqual([doc.links[1]]);
    expect(after.devices).toBe(doc.devices);
    expect(errorOf(removeLink(doc, 'l7'))).toBe('There is no cable with id "l7"');
    expect(done(connect(after, { device: 'pc-1' }, { device: 'switch-1' })).links[1]).toMatchObject({ id: 'l1', b: { interface: 'p1' } });
  });
});

describe('interface addresses', () => {
  it('reports nothing for a good patch', () => {
    expect(checkInterface(lan(), 'pc-2', 'eth0', { ipv4: '192.168.1.20/24' })).toEqual({});
  });

  it('gives one inline message per bad field', () => {
    const doc = lan();
    expect(checkInterface(doc, 'pc-2', 'eth0', { mac: 'zz', ipv4: '192.168.1.20', gateway: 'gw' })).toEqual({
      mac: '"zz" is not a MAC address: write six pairs of hex digits, like 02:00:00:00:00:0a',
      ipv4: '"192.168.1.20" needs a prefix length to say how big its network is: add one like /24 (192.168.1.20/24)',
      gateway: '"gw" is not an IPv4 address: write four numbers from 0 to 255, like 192.168.1.10',
    });
    expect(checkInterface(doc, 'pc-1', 'eth0', { ipv4: '192.168.1.2/24', mac: '02:00:00:00:00:02' })).toEqual({
      mac: '02:00:00:00:00:02 is already used by PC-2 eth0: every network card needs its own MAC address',
      ipv4: '192.168.1.2 is already used by PC-2 eth0: two interfaces in one network cannot share an address (behind different NATs they can)',
    });
    expect(checkInterface(doc, 'pc-1', 'eth0', { ipv4: '192.168.1.0/24' }).ipv4).toBe("192.168.1.0/24 is the network's own address, not a host's: try 192.168.1.1/24");
    expect(checkInterface(doc, 'pc-1', 'eth0', { ipv4: '192.168.1.255/24' }).ipv4).toMatch(/broadcast/);
    expect(checkInterface(doc, 'pc-1', 'eth0', { gateway: '10.0.0.1' })).toEqual({ gateway: '10.0.0.1 is not in 192.168.1.0/24, so PC-1 could not reach it' });
    expect(checkInterface(doc, 'pc-1', 'eth0', { gateway: '192.168.1.1' }).gateway).toMatch(/^192\.168\.1\.1 is this interface's own address/);
    expect(checkInterface(doc, 'pc-1', 'eth0', { gateway: '192.168.1.255' }).gateway).toBe("192.168.1.255 is the network or broadcast address of 192.168.1.0/24, not a router's");
    expect(checkInterface(doc, 'pc-1', 'eth0', { mac: '' }).mac).toMatch(/^PC-1 needs a MAC address/);
  });

  it('judges the gateway against the new address, and wants an address first', () => {
    const doc = lan();
    expect(checkInterface(doc, 'pc-2', 'eth0', { ipv4: '10.0.0.2/8' })).toEqual({ gateway: '192.168.1.1 is not in 10.0.0.0/8, so PC-2 could not reach it' });
    expect(checkInterface(doc, 'pc-2', 'eth0', { ipv4: '10.0.0.2/8', gateway: '10.0.0.1' })).toEqual({});
    const fresh = build('computer');
    expect(checkInterface(fresh, 'pc-1', 'eth0', { gateway: '10.0.0.1' })).toEqual({ gateway: 'Give this interface an IPv4 address first: the gateway 10.0.0.1 must be in its network' });
  });

  it('refuses addresses on switch ports', () => {
    expect(checkInterface(lan(), 'switch-1', 'p3', { ipv4: '192.168.1.9/24' })).toEqual({
      ipv4: 'Switch-1 is a switch: its ports only pass frames along, so they take no IP address or gateway',
    });
  });

  it('applies a patch in canonical form', () => {
    const doc = lan();
    const after = done(setInterface(doc, 'pc-1', 'eth0', { mac: '02-00-00-00-AA-01', ipv4: ' 192.168.1.010/24 ' }));
    expect(after.devices[0].interfaces).toEqual([{ name: 'eth0', mac: '02:00:00:00:aa:01', ipv4: '192.168.1.10/24' }]);
    expect(after.devices[1]).toBe(doc.devices[1]);
    expect(after.links).toBe(doc.links);
  });

  it('clears the gateway along with the address', () => {
    const doc = lan();
    expect(done(setInterface(doc, 'pc-2', 'eth0', { ipv4: '' })).devices[1].interfaces[0]).toEqual({ name: 'eth0', mac: '02:00:00:00:00:02' });
    expect(done(setInterface(doc, 'pc-2', 'eth0', { gateway: '' })).devices[1].interfaces[0]).toEqual({ name: 'eth0', mac: '02:00:00:00:00:02', ipv4: '192.168.1.2/24' });
  });

  it('refuses a bad patch whole, with every message', () => {
    const doc = lan();
    expect(errorOf(setInterface(doc, 'pc-2', 'eth0', { mac: '02:00:00:00:00:03', ipv4: '192.168.1.1/24', gateway: '10.0.0.1' }))).toBe(
      'PC-2 eth0: 192.168.1.1 is already used by PC-1 eth0: two interfaces in one network cannot share an address (behind different NATs they can); 10.0.0.1 is not in 192.168.1.0/24, so PC-2 could not reach it',
    );
    expect(errorOf(setInterface(doc, 'pc-2', 'eth9', { ipv4: '' }))).toBe('PC-2 has no interface "eth9"');
    expect(checkInterface(doc, 'pc-9', 'eth0', { ipv4: '1.2.3.4/8' })).toEqual({ ipv4: 'There is no device with id "pc-9"' });
  });
});

describe('routers', () => {
  /** Router-1 between 10.0.1.0/24 on eth0 and 10.0.0.0/30 on eth1. */
  function routerDoc(): NetworkDocument {
    let doc = build('computer', 'router');
    doc = done(setInterface(doc, 'router-1', 'eth0', { ipv4: '10.0.1.1/24' }));
    return done(setInterface(doc, 'router-1', 'eth1', { ipv4: '10.0.0.1/30' }));
  }

  it('adds Router-1 with eth0 to eth3, each with its own fresh MAC', () => {
    const doc = build('computer', 'router', 'router');
    expect(doc.devices.map((d) => [d.id, d.name, d.kind])).toEqual([['pc-1', 'PC-1', 'computer'], ['router-1', 'Router-1', 'router'], ['router-2', 'Router-2', 'router']]);
    expect(doc.devices[1].interfaces).toEqual([
      { name: 'eth0', mac: '02:00:00:00:00:02' },
      { name: 'eth1', mac: '02:00:00:00:00:03' },
      { name: 'eth2', mac: '02:00:00:00:00:04' },
      { name: 'eth3', mac: '02:00:00:00:00:05' },
    ]);
    expect(doc.devices[2].interfaces[0].mac).toBe('02:00:00:00:00:06');
  });

  it('adds the next interface: ethN with a MAC on routers and computers, pN on switches', () => {
    const doc = build('router', 'switch', 'computer');
    const router = addInterface(doc, 'router-1');
    expect(router).toMatchObject({ ok: true, interfaceName: 'eth4' });
    expect(done(router).devices[0].interfaces[4]).toEqual({ name: 'eth4', mac: '02:00:00:00:00:06' });
    expect(done(addInterface(doc, 'switch-1')).devices[1].interfaces.at(-1)).toEqual({ name: 'p9' });
    expect(done(addInterface(doc, 'pc-1')).devices[2].interfaces.map((i) => i.name)).toEqual(['eth0', 'eth1']);
    expect(errorOf(addInterface(doc, 'nope'))).toBe('There is no device with id "nope"');
  });

  it('sets addresses on router interfaces but refuses a gateway there', () => {
    const doc = routerDoc();
    expect(doc.devices[1].interfaces.slice(0, 2).map((i) => i.ipv4)).toEqual(['10.0.1.1/24', '10.0.0.1/30']);
    expect(errorOf(setInterface(doc, 'router-1', 'eth0', { gateway: '10.0.1.254' }))).toBe(
      'Router-1 eth0: Router-1 is a router: its interfaces take no gateway. Give it a route instead (0.0.0.0/0 is the default route)',
    );
  });

  it('sets, adds and removes static routes, in canonical form', () => {
    let doc = routerDoc();
    doc = done(setRoutes(doc, 'router-1', [{ destination: ' 10.0.2.0/24', via: '10.0.0.2' }, { destination: 'default', via: '10.0.1.254', metric: '10' }]));
    expect(doc.devices[1].routes).toEqual([{ destination: '10.0.2.0/24', via: '10.0.0.2' }, { destination: '0.0.0.0/0', via: '10.0.1.254', metric: 10 }]);
    doc = done(addRoute(doc, 'router-1', { destination: '172.16.0.0/12', via: '10.0.0.2', interface: 'eth1' }));
    expect(doc.devices[1].routes?.[2]).toEqual({ destination: '172.16.0.0/12', via: '10.0.0.2', interface: 'eth1' });
    doc = done(removeRoute(doc, 'router-1', 0));
    expect(doc.devices[1].routes?.map((r) => r.destination)).toEqual(['0.0.0.0/0', '172.16.0.0/12']);
    const none = done(setRoutes(doc, 'router-1', []));
    expect('routes' in none.devices[1]).toBe(false);
    expect(errorOf(removeRoute(none, 'router-1', 0))).toBe('Router-1 has no routes to remove');
    expect(errorOf(removeRoute(doc, 'router-1', 5))).toBe('Router-1 has 2 routes: there is no route number 6');
  });

  it('refuses bad routes with a message to act on, and gives inline messages as one types', () => {
    const doc = routerDoc();
    expect(errorOf(addRoute(doc, 'router-1', { destination: '10.0.2.0/24', via: '10.0.9.1' }))).toBe(
      "Router-1: 10.0.9.1 is not on any of Router-1's networks, so Router-1 could not reach it",
    );
    expect(errorOf(setRoutes(doc, 'router-1', [{ destination: '10.0.2.0/24', via: '10.0.0.2' }, { destination: '10.0.2.1/24', via: '10.0.0.2', metric: 1.5 }]))).toBe(
      'Router-1: route 2 (to 10.0.2.1/24 via 10.0.0.2): 10.0.2.1/24 is not a network address: with /24 the last 8 bits (the host part) must be 0, but here they are 0.0.0.1. Write 10.0.2.0/24; The metric must be a whole number from 0 to 4294967295, like 10 (among routes of the same length, the lowest wins), not 1.5',
    );
    const withRoute = done(addRoute(doc, 'router-1', { destination: '10.0.2.0/24', via: '10.0.0.2' }));
    expect(errorOf(addRoute(withRoute, 'router-1', { destination: '10.0.2.0/24', via: '10.0.0.2', metric: 5 }))).toBe('Router-1: Router-1 already has a route to 10.0.2.0/24 via 10.0.0.2');
    expect(checkNewRoute(doc, 'router-1', { destination: '10.0.2.0/24' })).toEqual({ via: 'A route needs the next router to send to ("via"), like 10.0.0.2' });
    expect(checkNewRoute(doc, 'router-1', { destination: '10.0.2.0/24', via: '10.0.0.3' })).toEqual({ via: "10.0.0.3 is the network or broadcast address of 10.0.0.0/30, not a router's" });
    expect(checkNewRoute(build('switch'), 'switch-1', { destination: '10.0.2.0/24', via: '10.0.0.2' })).toEqual({ route: 'Switch-1 is a switch: it does not route packets, so it takes no routes' });
  });

  it('lets a computer have routes too', () => {
    const doc = done(setInterface(build('computer'), 'pc-1', 'eth0', { ipv4: '192.168.1.10/24', gateway: '192.168.1.1' }));
    expect(done(addRoute(doc, 'pc-1', { destination: '10.0.0.0/8', via: '192.168.1.2' })).devices[0].routes).toEqual([{ destination: '10.0.0.0/8', via: '192.168.1.2' }]);
  });

  it('will not change an address a route depends on', () => {
    const doc = done(addRoute(routerDoc(), 'router-1', { destination: '10.0.2.0/24', via: '10.0.0.2' }));
    const problem = "the route to 10.0.2.0/24 via 10.0.0.2 would no longer work (10.0.0.2 is not on any of Router-1's networks, so Router-1 could not reach it): change or remove that route first";
    expect(checkInterface(doc, 'router-1', 'eth1', { ipv4: '10.0.5.1/24' })).toEqual({ ipv4: problem });
    expect(errorOf(setInterface(doc, 'router-1', 'eth1', { ipv4: '' }))).toBe(`Router-1 eth1: ${problem}`);
    expect(done(setInterface(doc, 'router-1', 'eth1', { ipv4: '10.0.0.1/29' })).devices[1].interfaces[1].ipv4).toBe('10.0.0.1/29');
  });
});
