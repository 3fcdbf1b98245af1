import { describe, expect, it } from 'vitest';
import { USAGE } from './cli-run';
import { cli } from './testing/cli-harness';

describe('npm run sim -- --browse', () => {
  it('prints the page as curl -i shows it, then the page-load timeline, through the home router to the web server', () => {
    const { code, out } = cli(['public/examples/home-reaches-a-web-site.json', '--dhcp', '--browse', 'Laptop', 'https://www.example.test/']);
    expect(code).toBe(0);
    const at = out.indexOf('Laptop (browser #1):');
    expect(out.slice(at + 1, at + 6)).toEqual(['  HTTP/1.1 200 OK', '  Server: Flintnet', '  Content-Type: text/html; charset=utf-8', '  Content-Length: 190', '  ']);
    const table = out.indexOf('Laptop (browser #1) page-load timeline for https://www.example.test/:');
    expect(out[table + 1]).toMatch(/^ {2}request +phase +start \(ms\) +took \(ms\) +events$/);
    expect(out.slice(table + 2, table + 8).map((line) => line.trim().split(/ +/)[2])).toEqual(['dns', 'connect', 'tls', 'request', 'waiting', 'response']);
    expect(out[table + 2]).toMatch(/dns +\d+\.\d{3} +\d+\.\d{3} +\d+(-\d+)?(, \d+(-\d+)?)*$/);
    expect(USAGE).toContain('--browse <device> <url>');
  });

  it('asks for a device and a URL, and refuses a URL it cannot load', () => {
    expect(cli(['public/examples/home-reaches-a-web-site.json', '--browse', 'Laptop']).err[0]).toBe('error: --browse needs a device and a URL, e.g. --browse PC-1 https://www.example.test/');
    const bad = cli(['public/examples/home-reaches-a-web-site.json', '--browse', 'Laptop', 'ftp://www.example.test/']);
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toBe('error: cannot browse from Laptop: The browser speaks http and https, not ftp');
  });
});
