import { describe, expect, it } from 'vitest';
import { formatUrl, parseUrl, resolveLocation, sameOrigin, type WebUrl } from './url';

const url = (text: string): WebUrl => {
  const parsed = parseUrl(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('URLs the browser takes', () => {
  it('reads scheme, host, port and path, with the defaults curl uses', () => {
    expect(url('https://WWW.Example.test/about.html?x=1')).toEqual({ scheme: 'https', host: 'www.example.test', port: 443, path: '/about.html?x=1' });
    expect(url('www.example.test')).toEqual({ scheme: 'http', host: 'www.example.test', port: 80, path: '/' });
    expect(url('http://203.0.113.80:8080')).toEqual({ scheme: 'http', host: '203.0.113.80', address: 0xcb007150, port: 8080, path: '/' });
  });

  it('says what is wrong with a URL it cannot load', () => {
    expect(parseUrl('ftp://x.test/')).toEqual({ ok: false, error: 'The browser speaks http and https, not ftp' });
    expect(parseUrl('http://x.test:99999/')).toEqual({ ok: false, error: '"99999" is not a port: use a number from 1 to 65535' });
    expect(parseUrl('http://[2001:db8::1]/')).toEqual({ ok: false, error: 'The browser does not reach IPv6 addresses yet: use an IPv4 address or a host name' });
    expect(parseUrl('http://bad_host-.test/').ok).toBe(false);
    expect(parseUrl('http://300.1.1.1/').ok).toBe(false);
  });

  it('follows a Location: absolute, scheme-relative, absolute path or relative path (RFC 9110 §10.2.2)', () => {
    const base = url('http://www.example.test/docs/a.html');
    expect(formatUrl((resolveLocation(base, 'https://www.example.test/') as { value: WebUrl }).value)).toBe('https://www.example.test/');
    expect(formatUrl((resolveLocation(base, '//other.test/x') as { value: WebUrl }).value)).toBe('http://other.test/x');
    expect(formatUrl((resolveLocation(base, '/') as { value: WebUrl }).value)).toBe('http://www.example.test/');
    expect(formatUrl((resolveLocation(base, 'b.html') as { value: WebUrl }).value)).toBe('http://www.example.test/docs/b.html');
  });

  it('knows when two URLs share a connection', () => {
    expect(sameOrigin(url('http://a.test/x'), url('http://a.test:80/y'))).toBe(true);
    expect(sameOrigin(url('http://a.test/'), url('https://a.test/'))).toBe(false);
  });
});
