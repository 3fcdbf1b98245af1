import { describe, expect, it } from 'vitest';
import { routedLine } from '../testing/network-builder';
import { validateDocument } from './validate';

function problems(change: (doc: ReturnType<typeof routedLine>['doc']) => void) {
  const { doc } = routedLine(1);
  change(doc);
  const result = validateDocument(JSON.parse(JSON.stringify(doc)));
  return result.ok ? [] : result.problems;
}

describe('IPv6 in the document', () => {
  it('keeps a good address in RFC 5952 form, and routes with IPv6 destinations', () => {
    const { doc } = routedLine(1);
    const router = doc.devices.find((d) => d.kind === 'router')!;
    router.interfaces[0].ipv6 = '2001:DB8:1:0::1/64';
    router.routes = [{ destination: '2001:db8:9::/48', via: '2001:db8:1::2' }, { destination: '::/0', via: 'fe80::1', interface: 'eth0' }];
    const result = validateDocument(JSON.parse(JSON.stringify(doc)));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const clean = result.value.devices.find((d) => d.kind === 'router')!;
    expect(clean.interfaces[0].ipv6).toBe('2001:db8:1::1/64');
    expect(clean.routes).toEqual([{ destination: '2001:db8:9::/48', via: '2001:db8:1::2' }, { destination: '::/0', via: 'fe80::1', interface: 'eth0' }]);
  });

  it('says what is wrong with an address, at its path', () => {
    const at = (doc: ReturnType<typeof routedLine>['doc'], text: string) => (doc.devices.find((d) => d.kind === 'computer')!.interfaces[0].ipv6 = text);
    expect(problems((doc) => at(doc, '2001:db8::1'))[0].message).toMatch(/needs a prefix length.*\/64/);
    expect(problems((doc) => at(doc, 'fe80::1/64'))[0].message).toMatch(/link-local \(fe80::\/10\): every interface makes its own/);
    expect(problems((doc) => at(doc, 'ff02::1/64'))[0].message).toMatch(/multicast/);
    expect(problems((doc) => at(doc, '2001:db8::1::2/64'))[0]).toMatchObject({ path: '$.devices[1].interfaces[0].ipv6', message: expect.stringMatching(/"::" may appear only once/) });
    const duplicate = problems((doc) => {
      for (const d of doc.devices.filter((x) => x.kind === 'computer')) d.interfaces[0].ipv6 = '2001:db8:1::10/64';
    });
    expect(duplicate[0].message).toMatch(/2001:db8:1::10 is already used by PC-1 eth0/);
  });

  it('says what is wrong with an IPv6 route', () => {
    const route = (r: { destination: string; via: string; interface?: string }) => problems((doc) => {
      const router = doc.devices.find((d) => d.kind === 'router')!;
      router.interfaces[0].ipv6 = '2001:db8:1::1/64';
      router.routes = [r];
    });
    expect(route({ destination: '2001:db8:9::1/48', via: '2001:db8:1::2' })[0].message).toMatch(/not a network address.*Write 2001:db8:9::\/48/);
    expect(route({ destination: '::/0', via: 'fe80::1' })[0].message).toMatch(/link-local.*say which interface/);
    expect(route({ destination: '::/0', via: '2001:db8:7::2' })[0].message).toMatch(/not on any of Router-1's IPv6 prefixes/);
  });
});
