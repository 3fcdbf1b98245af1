import { describe, expect, it } from 'vitest';
import type { DeviceTable } from '../../sim-worker/api';
import { NetworkBuilder } from '../../sim-worker/testing/network-builder';
import { fieldProblem, leaseOf, withField } from './dhcp-drafts';

function routerServingEth0() {
  const net = new NetworkBuilder();
  const router = net.add('router');
  net.address(router, '192.168.1.1/24').dhcpServer(router, 'eth0');
  const scope = net.doc.devices.find((d) => d.id === router)!.dhcpServers![0];
  return { doc: net.doc, router, scope };
}

describe('a DHCP scope as it is typed', () => {
  it('reads typed text into scope fields, leaving blank optional ones out', () => {
    const scope = { poolStart: '192.168.1.100', poolEnd: '192.168.1.199', gateway: '192.168.1.1', leaseSeconds: 3600 };
    expect(withField(scope, 'dns', ' 8.8.8.8, 1.1.1.1  9.9.9.9')).toEqual({ ...scope, dns: ['8.8.8.8', '1.1.1.1', '9.9.9.9'] });
    expect(withField(scope, 'leaseSeconds', '600')).toEqual({ ...scope, leaseSeconds: 600 });
    expect(withField(scope, 'leaseSeconds', 'an hour')).toEqual({ ...scope, leaseSeconds: 'an hour' });
    expect(withField(scope, 'gateway', '  ')).toEqual({ poolStart: '192.168.1.100', poolEnd: '192.168.1.199', leaseSeconds: 3600 });
    expect(withField(scope, 'poolStart', '')).toEqual({ ...scope, poolStart: '' });
  });

  it('says what is wrong with a field, even when the rules report it on another one', () => {
    const { doc, router, scope } = routerServingEth0();
    expect(fieldProblem(doc, router, 'eth0', scope, 'poolEnd', '192.168.1.150')).toBeUndefined();
    expect(fieldProblem(doc, router, 'eth0', scope, 'poolStart', '10.0.0.5')).toBe("10.0.0.5 is not in Router-1 eth0's network 192.168.1.0/24, so its clients could not use it");
    // Moving the start past the end is reported by the rules on poolEnd, and shown under poolStart.
    expect(fieldProblem(doc, router, 'eth0', scope, 'poolStart', '192.168.1.250')).toBe('The pool ends at 192.168.1.199, before it starts at 192.168.1.250: the end must be the higher address');
    expect(fieldProblem(doc, router, 'eth0', scope, 'dns', '8.8.8.8, 8.8.8')).toMatch(/8\.8\.8/);
    expect(fieldProblem(doc, router, 'eth0', scope, 'leaseSeconds', '30')).toMatch(/^The lease time is a whole number of seconds from 120/);
  });
});

describe('a lease read from the live table', () => {
  const table: DeviceTable = {
    name: 'dhcp-lease',
    title: 'DHCP lease',
    columns: ['Interface', 'Address', 'Server', 'Gateway', 'Lease', 'Renews at', 'Expires at'],
    rows: [['eth0', '192.168.1.100/24', '192.168.1.1', '192.168.1.1', '86400 s', '43200.010 s', '86400.010 s']],
    empty: '',
  };

  it('finds the interface row by column title, and nothing for another interface or device without the table', () => {
    expect(leaseOf([table], 'eth0')).toEqual({ address: '192.168.1.100/24', server: '192.168.1.1', gateway: '192.168.1.1', lease: '86400 s', renewsAt: '43200.010 s', expiresAt: '86400.010 s' });
    expect(leaseOf([table], 'eth1')).toBeNull();
    expect(leaseOf([], 'eth0')).toBeNull();
  });
});
