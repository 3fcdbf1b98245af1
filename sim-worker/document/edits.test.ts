import { describe, expect, it } from 'vitest';
import { addDevice, checkInterface, connect, moveDevice, removeDevice, removeLink, renameDevice, setInterface, type Edit } from './edits';
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

  it('places devices in free grid spots, left to right, then top to bottom', () => {
    const doc = build('computer', 'computer', 'computer', 'computer', 'computer', 'computer', 'computer');
    expect(doc.devices.map((d) => d.position)).toEqual([0, 180, 360, 540, 720, 900].map((x) => ({ x, y: 0 })).concat({ x: 0, y: 180 }));
    const near = done(addDevice(deepFreeze(emptyDocument()), 'hub', { x: 100, y: 30 }));
    expect(done(addDevice(near, 'hub')).devices[1].position).toEqual({ x: 360, y: 0 });
  });

  it('refuses a bad kind or position', () => {
    expect(errorOf(addDevice(emptyDocument(), 'router' as DeviceKind))).toBe('"router" is not a kind of device: use one of computer, switch, hub');
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
      ipv4: '192.168.1.2 is already used by PC-2 eth0: two interfaces cannot share an address',
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
      'PC-2 eth0: 192.168.1.1 is already used by PC-1 eth0: two interfaces cannot share an address; 10.0.0.1 is not in 192.168.1.0/24, so PC-2 could not reach it',
    );
    expect(errorOf(setInterface(doc, 'pc-2', 'eth9', { ipv4: '' }))).toBe('PC-2 has no interface "eth9"');
    expect(checkInterface(doc, 'pc-9', 'eth0', { ipv4: '1.2.3.4/8' })).toEqual({ ipv4: 'There is no device with id "pc-9"' });
  });
});
