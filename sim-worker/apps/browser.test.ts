import { describe, expect, it } from 'vitest';
import type { PageTimeline } from '../api';
import type { IpDevice } from '../devices/device';
import type { ServiceDoc } from '../document/schema';
import { addService, setDnsServers } from '../document/services-edits';
import { Simulation } from '../engine/simulation';
import { NetworkBuilder } from '../testing/network-builder';
import { tsharkFields } from '../testing/tshark';
import { appLines } from '../testing/trace-queries';
import { describeFrame } from '../wire/frame';
import { encodeHttp } from '../wire/http';

const INDEX = '<h1>Welcome to www.example.test</h1>\n';

const WEB: ServiceDoc = {
  kind: 'web',
  sites: [{
    host: 'www.example.test',
    pages: [
      { path: '/', body: INDEX },
      { path: '/old', status: 301, location: '/' },
      { path: '/secure', status: 302, location: 'https://www.example.test/' },
    ],
  }],
};

const DNS: ServiceDoc = {
  kind: 'dns', role: 'authoritative',
  zones: [{ origin: 'example.test.', records: [{ name: 'example.test.', type: 'NS', value: 'ns1.example.test.' }, { name: 'www.example.test.', type: 'A', value: '203.0.113.80' }] }],
};

/** PC-1 10.0.1.10 — Switch-1 — R1 — Switch-2 — Web 203.0.113.80 and DNS 203.0.113.53; PC-1 asks DNS. */
function network() {
  const net = new NetworkBuilder();
  const sw1 = net.add('switch');
  const pc = net.add('computer');
  const router = net.add('router');
  const sw2 = net.add('switch');
  const web = net.add('server');
  const dns = net.add('server');
  net.address(pc, '10.0.1.10/24', '10.0.1.1').cable(pc, sw1);
  net.address(router, '10.0.1.1/24').cable(router, sw1, 'eth0');
  net.address(router, '203.0.113.1/24', undefined, 'eth1').cable(router, sw2, 'eth1');
  net.address(web, '203.0.113.80/24', '203.0.113.1').cable(web, sw2);
  net.address(dns, '203.0.113.53/24', '203.0.113.1').cable(dns, sw2);
  for (const edit of [(d: typeof net.doc) => addService(d, web, WEB), (d: typeof net.doc) => addService(d, dns, DNS), (d: typeof net.doc) => setDnsServers(d, pc, ['203.0.113.53'])]) {
    const done = edit(net.doc);
    if (!done.ok) throw new Error(done.error);
    net.doc = done.doc;
  }
  return { doc: net.doc, pc, web, linkToWeb: net.doc.links.find((l) => l.a.device === web || l.b.device === web)!.id };
}

function browse(url: string) {
  const { doc, pc, web, linkToWeb } = network();
  const sim = new Simulation(doc, { traceWindow: Infinity });
  const run = (sim.devices.get(pc) as IpDevice).browse(url);
  sim.run();
  const lines = appLines(sim, pc).filter((line) => !line.startsWith('page load'));
  const last = sim.trace.events.filter((e) => e.app?.timeline).at(-1);
  return { sim, run, pc, web, linkToWeb, lines, timeline: last?.app?.timeline as PageTimeline, summary: last?.app?.line };
}

const okHead = (length: number) => ['HTTP/1.1 200 OK', 'Server: Flintnet', 'Content-Type: text/html; charset=utf-8', `Content-Length: ${length}`, ''];

describe('the browser', () => {
  it('loads http://203.0.113.80/ by address across a router, printing what curl -i prints', () => {
    const { lines, timeline, run, sim, web } = browse('http://203.0.113.80/');
    expect(lines).toEqual([...okHead(INDEX.length), INDEX.trimEnd()]);
    expect(timeline.requests).toHaveLength(1);
    expect(timeline.requests[0]).toMatchObject({ url: 'http://203.0.113.80/', status: 200, reusedConnection: false });
    expect(timeline.requests[0].phases.map((p) => p.name)).toEqual(['connect', 'request', 'waiting', 'response']);
    // The server answered the default site (the Host is an address), and logged it as nginx would.
    expect(appLines(sim, web)).toEqual(['10.0.1.10 - - "GET / HTTP/1.1" 200 37 "-" "Flintnet"']);
    // Byte for byte, the response the browser read is the one the web server wrote.
    expect(run.responses[0].raw).toEqual(encodeHttp({
      kind: 'response', status: 200, reason: 'OK', body: new TextEncoder().encode(INDEX),
      headers: [{ name: 'Server', value: 'Flintnet' }, { name: 'Content-Type', value: 'text/html; charset=utf-8' }, { name: 'Content-Length', value: `${INDEX.length}` }],
    }));
  });

  it('loads https://www.example.test/ through DNS, TCP and TLS, each phase in order in the timeline', () => {
    const { lines, timeline, summary } = browse('https://www.example.test/');
    expect(lines).toEqual([...okHead(INDEX.length), INDEX.trimEnd()]);
    const phases = timeline.requests[0].phases;
    expect(phases.map((p) => p.name)).toEqual(['dns', 'connect', 'tls', 'request', 'waiting', 'response']);
    for (let i = 1; i < phases.length; i++) expect(phases[i].start).toBeGreaterThanOrEqual(phases[i - 1].start + phases[i - 1].duration);
    for (const p of phases.slice(0, 3)) expect(p.duration).toBeGreaterThan(0);
    expect(phases.find((p) => p.name === 'waiting')!.duration).toBeGreaterThan(0);
    // Waiting is time, not frames: the server's ACK of the request rides on its response.
    for (const p of phases.filter((x) => x.name !== 'waiting')) expect(p.seqs.length).toBeGreaterThan(0);
    expect(summary).toMatch(/^page loaded: HTTP\/1\.1 200 OK in [\d.]+ ms \(last request: dns [\d.]+ ms, connect/);
  });

  it('puts every hop of each phase\'s frames in its seqs: the SYN leaves the PC and reaches the server', () => {
    const { sim, timeline, pc, web } = browse('https://www.example.test/');
    const connect = timeline.requests[0].phases.find((p) => p.name === 'connect')!;
    const events = sim.trace.events.filter((e) => connect.seqs.includes(e.seq));
    expect(events.some((e) => e.device === pc && e.type === 'send' && e.summary.includes('[SYN]'))).toBe(true);
    expect(events.some((e) => e.device === web && e.summary.includes('[SYN, ACK]'))).toBe(true);
    const dns = timeline.requests[0].phases.find((p) => p.name === 'dns')!;
    expect(sim.trace.events.filter((e) => dns.seqs.includes(e.seq) && e.protocol === 'DNS').length).toBeGreaterThanOrEqual(2);
  });

  it('follows a redirect over the same kept-alive connection', () => {
    const { lines, timeline, sim, pc } = browse('http://www.example.test/old');
    expect(lines[0]).toBe('HTTP/1.1 301 Moved Permanently');
    expect(lines).toContain('Location: /');
    expect(lines.slice(lines.indexOf('HTTP/1.1 200 OK'))).toEqual([...okHead(INDEX.length), INDEX.trimEnd()]);
    expect(timeline.requests.map((r) => [r.url, r.status, r.reusedConnection])).toEqual([['http://www.example.test/old', 301, false], ['http://www.example.test/', 200, true]]);
    expect(timeline.requests[1].phases.map((p) => p.name)).toEqual(['request', 'waiting', 'response']);
    const syns = sim.trace.events.filter((e) => e.device === pc && e.type === 'send' && e.summary.includes('[SYN]'));
    expect(syns).toHaveLength(1);
  });

  it('follows a redirect to https on a new connection, with its own DNS answer from the cache', () => {
    const { lines, timeline } = browse('http://www.example.test/secure');
    expect(lines[0]).toBe('HTTP/1.1 302 Found');
    expect(lines.at(-1)).toBe(INDEX.trimEnd());
    expect(timeline.requests[1].phases.map((p) => p.name)).toEqual(['dns', 'connect', 'tls', 'request', 'waiting', 'response']);
  });

  it('shows a 404 with its small page', () => {
    const { lines, timeline } = browse('http://203.0.113.80/nope');
    expect(lines[0]).toBe('HTTP/1.1 404 Not Found');
    expect(lines.at(-1)).toBe('<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL /nope was not found on this server.</p></body></html>');
    expect(timeline.requests[0].status).toBe(404);
  });

  it('says so when nothing listens on the port, or the certificate does not name the host', () => {
    expect(browse('http://203.0.113.80:8080/').lines).toEqual(["curl: (7) Failed to connect to 203.0.113.80 port 8080 after 0 ms: Couldn't connect to server"]);
    expect(browse('https://203.0.113.80/').lines).toEqual(["curl: (60) SSL: no alternative certificate subject name matches target host name '203.0.113.80'"]);
    expect(browse('http://nowhere.example.test/').lines).toEqual(['curl: (6) Could not resolve host: nowhere.example.test']);
  });

  it('shows the hellos in the clear and the rest as encrypted records, frame by frame', () => {
    const { sim, pc, web } = browse('https://www.example.test/');
    const sent = (device: string) => sim.trace.events.filter((e) => e.device === device && e.type === 'send' && (e.protocol === 'TLS' || e.protocol === 'HTTP'));
    expect(sent(pc).map((e) => e.summary)).toEqual(['Client Hello (SNI=www.example.test)', 'Change Cipher Spec, Application Data', 'Application Data']);
    expect(sent(web).map((e) => e.summary)).toEqual(['Server Hello, Change Cipher Spec, Application Data, Application Data, Application Data, Application Data', 'Application Data']);
    const hello = describeFrame(sent(pc)[0].frame!.bytes).find((l) => l.protocol === 'TLS')!;
    expect(hello.fields.find((f) => f.name === 'record-1-ext-0')?.value).toBe('www.example.test');
  });

  it('shows an http request and response as HTTP, readable by anyone', () => {
    const { sim, pc, web } = browse('http://www.example.test/');
    const http = (device: string) => sim.trace.events.filter((e) => e.device === device && e.type === 'send' && e.protocol === 'HTTP').map((e) => e.summary);
    expect(http(pc)).toEqual(['GET / HTTP/1.1']);
    expect(http(web)).toEqual(['HTTP/1.1 200 OK (text/html)']);
  });

  it('makes an http capture tshark reads as HTTP, both requests on one connection', () => {
    const { sim, linkToWeb } = browse('http://www.example.test/old');
    const pcap = sim.capture({ kind: 'link', link: linkToWeb });
    if (!pcap.ok) throw new Error(pcap.error);
    const rows = tsharkFields(pcap.value, ['tcp.stream', 'http.request.uri', 'http.response.code', '_ws.malformed', '_ws.expert.severity']);
    const http = rows.filter((r) => r[1] !== '' || r[2] !== '');
    expect(http.map((r) => [r[1], r[2]])).toEqual([['/old', ''], ['', '301'], ['/', ''], ['', '200']]);
    expect(new Set(http.map((r) => r[0])).size).toBe(1);
    for (const r of rows) expect(r[3]).toBe('');
  });

  it('makes a capture tshark dissects: ClientHello with SNI, ServerHello, no malformed packet', () => {
    const { sim, linkToWeb } = browse('https://www.example.test/');
    const pcap = sim.capture({ kind: 'link', link: linkToWeb });
    if (!pcap.ok) throw new Error(pcap.error);
    const rows = tsharkFields(pcap.value, ['frame.protocols', 'tls.handshake.type', 'tls.handshake.extensions_server_name', 'tcp.checksum.status', '_ws.malformed', '_ws.expert.severity', 'tls.record.content_type']);
    const tls = rows.filter((r) => r[0].includes(':tls'));
    expect(tls.some((r) => r[1].split(',').includes('1') && r[2] === 'www.example.test')).toBe(true);
    expect(tls.some((r) => r[1].split(',').includes('2'))).toBe(true);
    for (const [protocols, , , checksum, malformed] of rows) {
      if (!protocols.includes(':tcp')) continue;
      expect(checksum).toBe('1');
      expect(malformed).toBe('');
    }
  });
});
