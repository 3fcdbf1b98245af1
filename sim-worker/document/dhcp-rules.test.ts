import { describe, expect, it } from 'vitest';
import type { NetworkDocument } from './schema';
import { validateDocument, type Problem } from './validate';

/** A router serving 192.168.1.0/24 on eth0 (and 10.0.0.0/24 on eth1), and a computer on DHCP. Tests break one thing at a time. */
function network(): NetworkDocument {
  return {
    format: 'flintnet',
    version: 1,
    devices: [
      {
        id: 'r1', kind: 'router', name: 'Router-1', position: { x: 0, y: 0 },
        interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:01', ipv4: '192.168.1.1/24' }, { name: 'eth1', mac: '02:00:00:00:00:02', ipv4: '10.0.0.1/24' }, { name: 'eth2', mac: '02:00:00:00:00:03' }],
        dhcpServers: [{
          interface: 'eth0', poolStart: '192.168.1.100', poolEnd: '192.168.1.199', leaseSeconds: 3600, gateway: '192.168.1.1', dns: ['192.168.1.1', '8.8.8.8'],
          reservations: [{ mac: '02:00:00:00:00:0a', ipv4: '192.168.1.50' }],
        }],
      },
      { id: 'pc-1', kind: 'computer', name: 'PC-1', position: { x: 0, y: 200 }, interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:0a', addressing: 'dhcp' }] },
    ],
    links: [],
  };
}

function problemsAfter(edit: (doc: any) => void): Problem[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const doc = structuredClone(network());
  edit(doc);
  const result = validateDocument(doc);
  if (result.ok) throw new Error('expected the document to be refused');
  return result.problems;
}

describe('DHCP in the document', () => {
  it('accepts a computer on DHCP and a router scope, and keeps them as they are', () => {
    expect(validateDocument(network())).toEqual({ ok: true, value: network() });
  });

  it('writes scopes in canonical form', () => {
    const doc = structuredClone(network());
    doc.devices[0].dhcpServers = [{ interface: 'eth0', poolStart: ' 192.168.001.100', poolEnd: '192.168.1.199', reservations: [{ mac: '02-00-00-00-00-0A', ipv4: '192.168.1.050' }] }];
    const result = validateDocument(doc);
    expect(result.ok && result.value.devices[0].dhcpServers).toEqual([{ interface: 'eth0', poolStart: '192.168.1.100', poolEnd: '192.168.1.199', reservations: [{ mac: '02:00:00:00:00:0a', ipv4: '192.168.1.50' }] }]);
  });

  it('refuses an address or a gateway typed on an interface set to DHCP', () => {
    expect(problemsAfter((doc) => Object.assign(doc.devices[1].interfaces[0], { ipv4: '192.168.1.10/24', gateway: '192.168.1.1' }))).toEqual([
      { path: '$.devices[1].interfaces[0].ipv4', message: 'PC-1 eth0: this interface takes its address by DHCP, so its address comes from the DHCP server: leave "ipv4" out, or set "addressing" to "static"' },
      { path: '$.devices[1].interfaces[0].gateway', message: 'PC-1 eth0: this interface takes its address by DHCP, so its gateway comes from the DHCP server: leave "gateway" out, or set "addressing" to "static"' },
    ]);
  });

  it('refuses DHCP addressing where it does not belong, and a value that is not static or dhcp', () => {
    expect(problemsAfter((doc) => (doc.devices[0].interfaces[2].addressing = 'dhcp'))).toEqual([
      { path: '$.devices[0].interfaces[2].addressing', message: 'Router-1 eth2: cannot use DHCP: Router-1 is a router, and a router does not take its address from a DHCP server' },
    ]);
    expect(problemsAfter((doc) => (doc.devices[1].interfaces[0].addressing = 'auto'))).toEqual([
      { path: '$.devices[1].interfaces[0].addressing', message: 'PC-1 eth0: "addressing" is either "static" (the address is typed in) or "dhcp" (a DHCP server gives it), not "auto"' },
    ]);
  });

  it('refuses a DHCP server on a computer', () => {
    expect(problemsAfter((doc) => (doc.devices[1].dhcpServers = [{ interface: 'eth0', poolStart: '192.168.1.100', poolEnd: '192.168.1.199' }]))).toEqual([
      { path: '$.devices[1].dhcpServers', message: 'PC-1: PC-1 is a computer: only routers, ISPs, home routers and servers run a DHCP server' },
    ]);
  });

  it('needs the scope interface to exist, have an address, and serve only once', () => {
    const scope = (patch: object) => (doc: any) => (doc.devices[0].dhcpServers = [{ ...doc.devices[0].dhcpServers[0], ...patch }]); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(problemsAfter(scope({ interface: 'eth9' }))).toEqual([{ path: '$.devices[0].dhcpServers[0].interface', message: 'Router-1: Router-1 has no interface "eth9"' }]);
    expect(problemsAfter(scope({ interface: 'eth2', poolStart: '10.1.0.1', poolEnd: '10.1.0.9', reservations: [] }))).toEqual([
      { path: '$.devices[0].dhcpServers[0].interface', message: 'Router-1: Router-1 eth2 has no IPv4 address: give it one first, since the DHCP server answers from it and serves its network' },
    ]);
    expect(problemsAfter((doc) => doc.devices[0].dhcpServers.push({ interface: 'eth0', poolStart: '192.168.1.200', poolEnd: '192.168.1.210' }))).toEqual([
      { path: '$.devices[0].dhcpServers[1].interface', message: 'Router-1: Router-1 eth0 already has a DHCP scope: one per interface' },
    ]);
  });

  it('keeps the pool inside the network, in order, and away from the server address', () => {
    const scope = (patch: object) => (doc: any) => Object.assign(doc.devices[0].dhcpServers[0], patch); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(problemsAfter(scope({ poolEnd: '192.168.2.10' }))).toEqual([
      { path: '$.devices[0].dhcpServers[0].poolEnd', message: "Router-1: 192.168.2.10 is not in Router-1 eth0's network 192.168.1.0/24, so its clients could not use it" },
    ]);
    expect(problemsAfter(scope({ poolEnd: '192.168.1.255' }))).toEqual([
      { path: '$.devices[0].dhcpServers[0].poolEnd', message: 'Router-1: 192.168.1.255 is the network or broadcast address of 192.168.1.0/24, not a host\'s' },
    ]);
    expect(problemsAfter(scope({ poolStart: '192.168.1.200', poolEnd: '192.168.1.100' }))).toEqual([
      { path: '$.devices[0].dhcpServers[0].poolEnd', message: 'Router-1: The pool ends at 192.168.1.100, before it starts at 192.168.1.200: the end must be the higher address' },
    ]);
    expect(problemsAfter(scope({ poolStart: '192.168.1.1' }))).toEqual([
      { path: '$.devices[0].dhcpServers[0].poolEnd', message: "Router-1: The pool 192.168.1.1–192.168.1.199 holds 192.168.1.1, eth0's own address: the server would hand out its own address. Start the pool after it or end it before" },
    ]);
    expect(problemsAfter(scope({ poolStart: undefined, poolEnd: 'x' }))).toEqual([
      { path: '$.devices[0].dhcpServers[0].poolStart', message: 'Router-1: A DHCP scope needs the first address of its pool ("poolStart"), like 192.168.1.100' },
      { path: '$.devices[0].dhcpServers[0].poolEnd', message: 'Router-1: "x" is not an IPv4 address: write four numbers from 0 to 255, like 192.168.1.10' },
    ]);
  });

  it('refuses scopes whose pools overlap', () => {
    const problems = problemsAfter((doc) => {
      doc.devices[0].interfaces[1].ipv4 = '192.168.1.2/23';
      doc.devices[0].dhcpServers.push({ interface: 'eth1', poolStart: '192.168.1.150', poolEnd: '192.168.1.160' });
    });
    expect(problems).toEqual([
      { path: '$.devices[0].dhcpServers[1].poolStart', message: 'Router-1: The pool 192.168.1.150–192.168.1.160 overlaps the pool 192.168.1.100–192.168.1.199 of the scope on eth0: two scopes would hand out the same addresses' },
    ]);
  });

  it('bounds the lease time and checks gateway, DNS servers and reservations', () => {
    const scope = (patch: object) => (doc: any) => Object.assign(doc.devices[0].dhcpServers[0], patch); // eslint-disable-line @typescript-eslint/no-explicit-any
    const lease = 'The lease time is a whole number of seconds from 120 (2 minutes) to 31536000 (a year), like 86400 (a day)';
    expect(problemsAfter(scope({ leaseSeconds: 30 }))).toEqual([{ path: '$.devices[0].dhcpServers[0].leaseSeconds', message: `Router-1: ${lease}, not 30` }]);
    expect(problemsAfter(scope({ leaseSeconds: '1h' }))).toEqual([{ path: '$.devices[0].dhcpServers[0].leaseSeconds', message: `Router-1: ${lease}, not "1h"` }]);
    expect(problemsAfter(scope({ gateway: '10.0.0.1', dns: ['8.8.8.8', 'dns.google'] }))).toEqual([
      { path: '$.devices[0].dhcpServers[0].gateway', message: "Router-1: 10.0.0.1 is not in Router-1 eth0's network 192.168.1.0/24, so its clients could not use it" },
      { path: '$.devices[0].dhcpServers[0].dns[1]', message: 'Router-1: "dns.google" is not an IPv4 address: write four numbers from 0 to 255, like 192.168.1.10' },
    ]);
    expect(problemsAfter(scope({ reservations: [{ mac: '02:00:00:00:00:0a', ipv4: '10.0.0.5' }, { mac: '02:00:00:00:00:0a', ipv4: '192.168.1.1' }, { mac: 'nope', ipv4: '192.168.1.60' }] }))).toEqual([
      { path: '$.devices[0].dhcpServers[0].reservations[0].ipv4', message: "Router-1: 10.0.0.5 is not in Router-1 eth0's network 192.168.1.0/24, so its clients could not use it" },
      { path: '$.devices[0].dhcpServers[0].reservations[1].ipv4', message: "Router-1: 192.168.1.1 is eth0's own address: it cannot be given to a client" },
      { path: '$.devices[0].dhcpServers[0].reservations[2].mac', message: 'Router-1: "nope" is not a MAC address: write six pairs of hex digits, like 02:00:00:00:00:0a' },
    ]);
  });
});
