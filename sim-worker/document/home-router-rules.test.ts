import { describe, expect, it } from 'vitest';
import { addDevice, addInterface, connect, setInterface } from './edits';
import { addPortForward, removePortForward } from './port-forward-edits';
import { emptyDocument, type NetworkDocument } from './schema';
import { validateDocument } from './validate';

function added(doc: NetworkDocument, ...kinds: Parameters<typeof addDevice>[1][]): NetworkDocument {
  for (const kind of kinds) {
    const edit = addDevice(doc, kind);
    if (!edit.ok) throw new Error(edit.error);
    doc = edit.doc;
  }
  return doc;
}

function ok<T extends { ok: boolean }>(edit: T): Extract<T, { ok: true }> {
  if (!edit.ok) throw new Error((edit as unknown as { error: string }).error);
  return edit as Extract<T, { ok: true }>;
}

describe('a new home router', () => {
  it('comes with wan by DHCP, lan 192.168.1.1/24 serving .100–.199, and four switch ports', () => {
    const [device] = added(emptyDocument(), 'home-router').devices;
    expect(device).toMatchObject({ id: 'home-1', name: 'Home-router-1' });
    expect(device.interfaces).toEqual([
      { name: 'wan', mac: '02:00:00:00:00:01', addressing: 'dhcp' },
      { name: 'lan', mac: '02:00:00:00:00:02', ipv4: '192.168.1.1/24' },
      { name: 'port1' }, { name: 'port2' }, { name: 'port3' }, { name: 'port4' },
    ]);
    expect(device.dhcpServers).toEqual([{ interface: 'lan', poolStart: '192.168.1.100', poolEnd: '192.168.1.199' }]);
  });

  it('uses 192.168.1.0/24 again behind a second home router, apart from the first one\'s LAN', () => {
    let doc = added(emptyDocument(), 'home-router', 'home-router', 'isp', 'switch', 'computer', 'computer');
    expect(doc.devices[1].interfaces[1].ipv4).toBe('192.168.1.1/24');
    // PC-1 behind Home-router-1, PC-2 behind Home-router-2, both homes on one ISP: each LAN is its own address realm.
    doc = ok(setInterface(doc, 'pc-1', 'eth0', { ipv4: '192.168.1.10/24', gateway: '192.168.1.1' })).doc;
    doc = ok(setInterface(doc, 'pc-2', 'eth0', { ipv4: '192.168.1.10/24', gateway: '192.168.1.1' })).doc;
    doc = ok(connect(doc, { device: 'pc-1' }, { device: 'home-1' })).doc;
    doc = ok(connect(doc, { device: 'pc-2' }, { device: 'home-2' })).doc;
    doc = ok(connect(doc, { device: 'home-1', interface: 'wan' }, { device: 'switch-1' })).doc;
    doc = ok(connect(doc, { device: 'home-2', interface: 'wan' }, { device: 'switch-1' })).doc;
    doc = ok(connect(doc, { device: 'isp-1' }, { device: 'switch-1' })).doc;
    expect(validateDocument(doc).ok).toBe(true);
    // On the ISP's side addresses are still unique: the ISP's own is taken.
    expect(setInterface(doc, 'home-2', 'wan', { ipv4: '192.0.2.1/24' })).toMatchObject({ ok: false, error: expect.stringContaining('192.0.2.1 is already used by ISP-1 eth0') });
    // A cable from one LAN to the other would put both 192.168.1.10s in one network.
    expect(connect(doc, { device: 'home-1', interface: 'port2' }, { device: 'home-2', interface: 'port2' })).toEqual({
      ok: false,
      error: "This cable would put Home-router-1 lan and Home-router-2 lan in one network, and both have 192.168.1.1: change one of the addresses first (an address can be used again only behind another NAT, like another home router's LAN)",
    });
    // Within one LAN, an address is still one interface's.
    doc = ok(addDevice(doc, 'computer')).doc;
    doc = ok(connect(doc, { device: 'pc-3' }, { device: 'home-1' })).doc;
    expect(setInterface(doc, 'pc-3', 'eth0', { ipv4: '192.168.1.10/24' })).toMatchObject({ ok: false, error: expect.stringContaining('192.168.1.10 is already used by PC-1 eth0') });
    expect(setInterface(doc, 'pc-3', 'eth0', { ipv4: '192.168.1.11/24' }).ok).toBe(true);
  });

  it('refuses a cable to lan, and picks wan for an ISP and a port for a computer', () => {
    let doc = added(emptyDocument(), 'home-router', 'isp', 'computer');
    expect(connect(doc, { device: 'home-1', interface: 'lan' }, { device: 'pc-1' })).toEqual({
      ok: false,
      error: 'Home-router-1 lan is the router\'s own side of its built-in switch, inside the box: it has no socket for a cable. Plug computers into port1 to port4 and the ISP into wan',
    });
    doc = ok(connect(doc, { device: 'pc-1' }, { device: 'home-1' })).doc;
    doc = ok(connect(doc, { device: 'home-1' }, { device: 'isp-1' })).doc;
    expect(doc.links.map((l) => [l.a.interface, l.b.interface])).toEqual([['eth0', 'port1'], ['wan', 'eth0']]);
    expect(addInterface(doc, 'home-1')).toEqual({ ok: false, error: 'Home-router-1 is a home router: it comes with its interfaces (wan, lan and port1 to port4) and takes no more' });
  });

  it('takes a gateway on wan only, and no address on its switch ports', () => {
    const doc = added(emptyDocument(), 'home-router');
    expect(setInterface(doc, 'home-1', 'wan', { ipv4: '192.0.2.2/24', gateway: '192.0.2.1' }).ok).toBe(true);
    expect(setInterface(doc, 'home-1', 'lan', { gateway: '192.168.1.254' })).toEqual({ ok: false, error: 'Home-router-1 lan: Home-router-1 lan is the gateway of its LAN: it takes no gateway itself. The way out is the gateway of "wan", towards the ISP' });
    const port = setInterface(doc, 'home-1', 'port1', { ipv4: '192.168.1.5/24' });
    expect(port.ok ? '' : port.error).toMatch(/port1 is a port of the built-in switch: it only passes frames along, so it takes no IP address or gateway/);
  });

  it('keeps port-forwarding rules in canonical form and refuses bad ones with a reason', () => {
    let doc = added(emptyDocument(), 'home-router');
    doc = ok(addPortForward(doc, 'home-1', { protocol: 'UDP', port: '5000', to: '192.168.1.100' })).doc;
    expect(doc.devices[0].portForwards).toEqual([{ protocol: 'udp', port: 5000, to: '192.168.1.100' }]);
    expect(addPortForward(doc, 'home-1', { protocol: 'udp', port: 5000, to: '192.168.1.101' })).toEqual({ ok: false, error: 'Home-router-1: rule 2: UDP port 5000 is already forwarded to 192.168.1.100: one rule per port' });
    const bad = addPortForward(doc, 'home-1', { protocol: 'icmp', port: 70000, to: '10.0.0.5' });
    expect(bad.ok ? '' : bad.error).toBe('Home-router-1: rule 2: A port-forwarding rule is for "udp" or "tcp", not "icmp": ICMP has no ports to forward; The port on the WAN address must be a whole number from 1 to 65535, like 5000, not 70000; 10.0.0.5 is not on Home-router-1\'s LAN 192.168.1.0/24: a home router forwards only to a computer on its own LAN');
    expect(ok(removePortForward(doc, 'home-1', 0)).doc.devices[0].portForwards).toBeUndefined();
    const computers = added(emptyDocument(), 'computer');
    expect(addPortForward(computers, 'pc-1', { protocol: 'udp', port: 1, to: '192.168.1.2' })).toEqual({ ok: false, error: 'only a home router forwards ports, and PC-1 is a computer' });
  });
});

describe('validating a home router', () => {
  it('names every problem with its path: a cable into lan, a missing wan, a stray interface, a bad port-forwarding rule', () => {
    const doc = structuredClone(added(emptyDocument(), 'home-router', 'computer')) as unknown as { devices: Record<string, unknown>[]; links: unknown[] };
    const router = doc.devices[0] as { interfaces: { name: string }[]; portForwards?: unknown };
    router.interfaces = router.interfaces.filter((i) => i.name !== 'wan');
    router.interfaces.push({ name: 'eth9' });
    router.portForwards = [{ protocol: 'tcp', port: 80, to: '192.168.1.1' }];
    doc.links.push({ id: 'l1', a: { device: 'pc-1', interface: 'eth0' }, b: { device: 'home-1', interface: 'lan' }, medium: 'copper', bandwidthBps: 1e9, delayNs: 1000 });
    const result = validateDocument(doc);
    expect(result.ok ? [] : result.problems).toEqual([
      { path: '$.devices[0].interfaces', message: 'Home-router-1 is a home router and needs its "wan" interface, the one facing the ISP' },
      { path: '$.devices[0].interfaces[5].name', message: 'Home-router-1 is a home router: its interfaces are "wan" (to the ISP), "lan" (the router\'s side of its built-in switch) and the switch\'s ports "port1" to "port4", not "eth9"' },
      { path: '$.devices[0].portForwards[0].to', message: 'Home-router-1: 192.168.1.1 is Home-router-1\'s own LAN address: forward to a computer on the LAN instead' },
      { path: '$.links[0].b.interface', message: 'Link "l1": Home-router-1 lan is the router\'s own side of its built-in switch, inside the box: it has no socket for a cable. Plug computers into port1 to port4 and the ISP into wan' },
    ]);
  });
});

describe('a new ISP', () => {
  it('holds a public prefix of its own, from the documentation networks first, and serves it by DHCP on eth0', () => {
    const doc = added(emptyDocument(), 'isp', 'isp', 'isp', 'isp');
    expect(doc.devices.map((d) => d.interfaces[0].ipv4)).toEqual(['192.0.2.1/24', '198.51.100.1/24', '203.0.113.1/24', '198.18.0.1/24']);
    expect(doc.devices[0].interfaces.slice(1).map((i) => i.ipv4)).toEqual([undefined, undefined, undefined]);
    expect(doc.devices[1].dhcpServers).toEqual([{ interface: 'eth0', poolStart: '198.51.100.100', poolEnd: '198.51.100.199' }]);
  });
});
