import { describe, expect, it } from 'vitest';
import { emptyDocument, type DnsServiceDoc, type WebServiceDoc } from '../../sim-worker/document/schema';
import { addServer, replaceService } from '../../sim-worker/document/services-edits';
import { addressList, dnsServersProblem, dnsSettings, newService, pageText, recordProblems, recordText, serviceProblems, serviceText, withPage, withSite, zoneProblems } from './service-drafts';

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result as Extract<T, { ok: true }>;
}

const webDoc = ok(addServer(emptyDocument(), 'web-server')).doc;
const server = webDoc.devices[0];
const web = server.services![0] as WebServiceDoc;
const dns: DnsServiceDoc = { kind: 'dns', role: 'authoritative', zones: [{ origin: 'example.test.', records: [{ name: 'example.test.', type: 'NS', value: 'ns1.example.test.' }] }] };
const page = { path: '', status: '', body: '', location: '' };

describe('service drafts', () => {
  it('adds a service on its well-known port, or refuses a taken or bad one in the rules’ words', () => {
    expect(newService(webDoc, 'ssh', '')).toEqual({ service: { kind: 'ssh' }, problems: {} });
    expect(newService(webDoc, 'echo', '7007')).toEqual({ service: { kind: 'echo', port: 7007 }, problems: {} });
    expect(newService(webDoc, 'ssh', '70000').problems.port).toMatch(/a port number from 1 to 65535/);
    expect(newService(webDoc, 'dns', '5353').problems.port).toMatch(/port 53/);
    expect(serviceProblems(webDoc, server, 'echo', '80')).toEqual({ whole: 'Port 80 is already taken by the web service: each service needs a port of its own' });
    expect(serviceProblems(webDoc, server, 'dns', '')).toEqual({});
    expect(serviceText(web)).toBe('web: HTTP on 80, HTTPS on 443');
    expect(serviceText({ kind: 'smtp' })).toBe('smtp on 25');
  });

  it('checks a record by field against its zone', () => {
    const draft = { name: 'www.example.test.', type: 'A', value: '203.0.113.80', ttl: '' };
    expect(recordProblems('example.test.', dns.zones![0].records, draft)).toEqual({});
    expect(recordProblems('example.test.', [], { ...draft, name: 'www.example.test' }).name).toMatch(/fully qualified, ending in a dot/);
    expect(recordProblems('example.test.', [], { ...draft, name: 'www.other.test.' }).name).toMatch(/not inside the zone example.test./);
    expect(recordProblems('example.test.', [], { ...draft, value: '203.0.113' }).value).toMatch(/An A record holds an IPv4 address/);
    expect(recordProblems('example.test.', [], { ...draft, ttl: 'soon' }).ttl).toMatch(/whole number of seconds/);
    expect(recordProblems('example.test.', [{ name: 'www.example.test.', type: 'A', value: '203.0.113.80' }], { ...draft, type: 'CNAME', value: 'web.example.test.' }).type).toMatch(/RFC 1034/);
    expect(recordText({ name: 'example.test.', type: 'MX', value: 'mail.example.test.', preference: 5 })).toBe('example.test. 3600 IN MX 5 mail.example.test.');
  });

  it('checks a new zone and the DNS role with its root hints', () => {
    expect(zoneProblems(dns, 'other.test.', 'ns1.other.test.')).toEqual({});
    expect(zoneProblems(dns, 'example.test.', 'ns1.example.test.').origin).toBe('This server already serves the zone example.test.');
    expect(zoneProblems(dns, 'other.test', 'ns1.other.test.').origin).toMatch(/ending in a dot/);
    expect(zoneProblems(dns, 'other.test.', 'ns1').nameServer).toMatch(/NS record's host/);
    expect(dnsSettings(dns, 'recursive', '').problem).toMatch(/needs root hints/);
    expect(dnsSettings(dns, 'recursive', '198.51.100.1, 198.51.100.2').service).toMatchObject({ role: 'recursive', rootHints: ['198.51.100.1', '198.51.100.2'] });
    expect(dnsSettings(dns, 'authoritative', '198.51.100.1').problem).toMatch(/never asks the root/);
  });

  it('adds a page or a site to the web service, or says what is wrong', () => {
    const about = withPage(web, 0, { ...page, path: '/about', body: 'About' });
    expect(about.service?.sites[0].pages.at(-1)).toEqual({ path: '/about', body: 'About' });
    expect(withPage(web, 0, { ...page, path: 'about' }).problems.path).toMatch(/should start with "\//);
    expect(withPage(web, 0, { ...page, path: '/' }).problems.path).toMatch(/twice/);
    expect(withPage(web, 0, { ...page, path: '/old', status: '301' }).problems.location).toMatch(/needs a "location"/);
    expect(withPage(web, 0, { ...page, path: '/x', status: '999' }).problems.status).toMatch(/from 100 to 599/);
    expect(pageText({ path: '/old', status: 301, location: 'https://www.example.test/' })).toBe('/old → 301 https://www.example.test/');
    expect(pageText({ path: '/a', body: 'é' })).toBe('/a → 200, 2 bytes');
    expect(withSite(web, 'blog.example.test').service?.sites.map((s) => s.host)).toEqual(['www.example.test', 'blog.example.test']);
    expect(withSite(web, 'WWW.example.test').problem).toMatch(/Two sites answer to/);
    // What the forms make, the document takes.
    expect(ok(replaceService(webDoc, server.id, 0, about.service!)).doc.devices[0].services![0]).toEqual(about.service);
    expect(replaceService(webDoc, server.id, 1, about.service!)).toEqual({ ok: false, error: 'Server-1 has no service 2' });
    expect(replaceService(webDoc, server.id, 0, { ...web, sites: [] })).toMatchObject({ ok: false, error: expect.stringMatching(/at least one site/) });
  });

  it('checks a computer’s DNS servers as resolv.conf would hold them', () => {
    expect(addressList(' 192.0.2.53, 192.0.2.54  192.0.2.55 ')).toEqual(['192.0.2.53', '192.0.2.54', '192.0.2.55']);
    expect(dnsServersProblem(server, '192.0.2.53')).toBeUndefined();
    expect(dnsServersProblem(server, '192.0.2')).toMatch(/DNS server 1/);
    expect(dnsServersProblem(server, '192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4')).toMatch(/at most 3/);
  });
});
