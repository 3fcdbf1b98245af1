/**
 * The URLs the browser takes (RFC 3986, http and https only): a scheme
 * (http when left out, as curl assumes), a host name or IPv4 address, an
 * optional port, a path (with any query) that defaults to "/".
 */
import type { Result } from '../api';
import { hostNameProblem } from '../document/services-rules';
import { formatIpv4, parseIpv4 } from '../wire/address';

export interface WebUrl {
  scheme: 'http' | 'https';
  /** As written, lower-cased: "www.example.test" or "203.0.113.80". */
  host: string;
  /** Set when the host is an IPv4 address: no DNS lookup, no SNI. */
  address?: number;
  port: number;
  /** "/" or "/about.html?x=1". */
  path: string;
}

const DEFAULT_PORTS = { http: 80, https: 443 } as const;

export function parseUrl(text: string): Result<WebUrl> {
  const match = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^/:?#]*)(?::([^/?#]*))?([^#]*)/.exec(text.trim());
  const scheme = (match?.[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { ok: false, error: `The browser speaks http and https, not ${scheme}` };
  const host = (match?.[2] ?? '').toLowerCase();
  if (host.startsWith('[') || text.includes('://[')) return { ok: false, error: 'The browser does not reach IPv6 addresses yet: use an IPv4 address or a host name' };
  const portText = match?.[3];
  const port = portText === undefined || portText === '' ? DEFAULT_PORTS[scheme] : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535 || !/^\d*$/.test(portText ?? '')) return { ok: false, error: `"${portText}" is not a port: use a number from 1 to 65535` };
  const rawPath = match?.[4] ?? '';
  const path = rawPath === '' ? '/' : rawPath.startsWith('?') ? `/${rawPath}` : rawPath;
  if (/\s/.test(path)) return { ok: false, error: 'A URL has no spaces in its path: write them as %20' };
  if (/^\d+(\.\d+){3}$/.test(host)) {
    const address = parseIpv4(host);
    if (!address.ok) return address;
    return { ok: true, value: { scheme, host: formatIpv4(address.value), address: address.value, port, path } };
  }
  const problem = hostNameProblem(host, 'The host');
  if (problem) return { ok: false, error: problem };
  return { ok: true, value: { scheme, host, port, path } };
}

/** Where a Location header leads from `base` (RFC 9110 §10.2.2): an absolute URL, or a path on the same origin. */
export function resolveLocation(base: WebUrl, location: string): Result<WebUrl> {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(location)) return parseUrl(location);
  if (location.startsWith('//')) return parseUrl(`${base.scheme}:${location}`);
  const directory = base.path.split('?')[0].replace(/[^/]*$/, '');
  const path = location.startsWith('/') ? location : `${directory}${location}`;
  return { ok: true, value: { ...base, path } };
}

export function formatUrl(url: WebUrl): string {
  const port = url.port === DEFAULT_PORTS[url.scheme] ? '' : `:${url.port}`;
  return `${url.scheme}://${url.host}${port}${url.path}`;
}

/** Whether two URLs reach the same server the same way, so a connection to one serves the other. */
export function sameOrigin(a: WebUrl, b: WebUrl): boolean {
  return a.scheme === b.scheme && a.host === b.host && a.port === b.port;
}
