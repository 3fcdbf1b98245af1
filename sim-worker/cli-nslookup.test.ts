import { describe, expect, it } from 'vitest';
import { USAGE } from './cli-run';
import { cli } from './testing/cli-harness';

describe('npm run sim -- --nslookup', () => {
  it('prints what nslookup shows, on the example network, after DHCP has given the laptop its DNS server', () => {
    const { code, out } = cli(['public/examples/home-reaches-a-web-site.json', '--dhcp', '--nslookup', 'Laptop', 'www.example.test', '--ping', 'Laptop', 'example.test', '--count', '1']);
    expect(code).toBe(0);
    const at = out.indexOf('Laptop (nslookup #1):');
    expect(out.slice(at, at + 6)).toEqual(['Laptop (nslookup #1):', '  Server:\t\t203.0.113.53', '  Address:\t203.0.113.53#53', '  Non-authoritative answer:', '  Name:\twww.example.test', '  Address: 198.51.100.80']);
    expect(out).toContain('  PING example.test (198.51.100.80) 56(84) bytes of data.');
    expect(USAGE).toContain('--nslookup <device> <name>');
  });

  it('asks for a device and a name', () => {
    const { code, err } = cli(['public/examples/home-reaches-a-web-site.json', '--nslookup', 'Laptop']);
    expect(code).toBe(2);
    expect(err[0]).toBe('error: --nslookup needs a device and a name, e.g. --nslookup PC-1 www.example.test');
  });
});
