import { describe, expect, it } from 'vitest';
import { subnetFacts } from './SubnetFacts';

describe('subnetFacts', () => {
  it('describes a /24', () => {
    expect(subnetFacts('192.168.1.10/24')).toEqual({
      network: '192.168.1.0/24',
      broadcast: '192.168.1.255',
      firstHost: '192.168.1.1',
      lastHost: '192.168.1.254',
      hostCount: 254,
      mask: '255.255.255.0',
      prefix: 24,
    });
  });

  it('follows RFC 3021 for /31 and treats /32 as one host', () => {
    expect(subnetFacts('10.0.0.1/31')).toMatchObject({ broadcast: null, firstHost: '10.0.0.0', lastHost: '10.0.0.1', hostCount: 2 });
    expect(subnetFacts('10.0.0.7/32')).toMatchObject({ broadcast: null, firstHost: '10.0.0.7', lastHost: '10.0.0.7', hostCount: 1 });
  });

  it('says nothing about text that is not an address with a prefix', () => {
    expect(subnetFacts('192.168.1.10')).toBeNull();
    expect(subnetFacts('')).toBeNull();
  });
});
