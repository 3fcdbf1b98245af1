import { describe, expect, it } from 'vitest';
import { addDevice } from './edits';
import { emptyDocument, type NetworkDocument } from './schema';
import { addDnsRecord, addDnsZone, addServer, addService, removeDnsRecord, removeService, setDnsServers } from './services-edits';
import { validateDocument } from './validate';

function withDevice(extra: Record<string, unknown>, kind = 'server'): unknown {
  return {
    format: 'flintnet', version: 1, links: [],
    devices: [{ id: 'server-1', kind, name: 'Server-1', position: { x: 0, y: 0 }, interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:01', ipv4: '192.0.2.53/24' }], ...extra }],
  };
}

function problems(extra: Record<string, unknown>, kind?: string): string[] {
  const result = validateDocument(withDevice(extra, kind));
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

const zone = (records: unknown[], origin = 'example.test.') => ({ kind: 'dns', role: 'authoritative', zones: [{ origin, records: [{ name: origin, type: 'NS', value: `ns1.${origin}` }, ...records] }] });

describe('services and resolvers in the document', () => {
  it('keeps sound services and resolv.conf servers, and only known fields', () => {
    const services = [zone([{ name: 'www.example.test.', type: 'A', value: '203.0.113.80', ttl: 60, junk: 1 }]), { kind: 'ssh', banner: 'SSH-2.0-OpenSSH_9.2' }];
    const result = validateDocument(withDevice({ services, dnsServers: ['192.0.2.1'] }));
    expect(result.ok && result.value.devices[0]).toMatchObject({
      services: [{ kind: 'dns', role: 'authoritative', zones: [{ origin: 'example.test.', records: [{ name: 'example.test.', type: 'NS', value: 'ns1.example.test.' }, { name: 'www.example.test.', type: 'A', value: '203.0.113.80', ttl: 60 }] }] }, { kind: 'ssh', banner: 'SSH-2.0-OpenSSH_9.2' }],
      dnsServers: ['192.0.2.1'],
    });
    expect(result.ok && 'junk' in result.value.devices[0].services![0]).toBe(false);
  });

  it('says what is wrong with a zone, with the JSON path of each problem', () => {
    expect(problems({ services: [zone([
      { name: 'www.example.test', type: 'A', value: '203.0.113.80' },
      { name: 'www.other.test.', type: 'A', value: '203.0.113.80' },
      { name: 'v6.example.test.', type: 'AAAA', value: '203.0.113.80' },
      { name: 'mail.example.test.', type: 'MX', value: 'mx.example.test', preference: 70000 },
      { name: 'x.example.test.', type: 'SRV', value: 'a' },
      { name: 'y.example.test.', type: 'A', value: '1.2.3.4', ttl: -1 },
    ])] })).toEqual([
      '$.devices[0].services[0].zones[0].records[1].name: Server-1: The record\'s name "www.example.test" should be fully qualified, ending in a dot: "www.example.test."',
      '$.devices[0].services[0].zones[0].records[2].name: Server-1: www.other.test. is not inside the zone example.test.: a zone holds only its own name and the names below it',
      expect.stringMatching(/^\$\.devices\[0\]\.services\[0\]\.zones\[0\]\.records\[3\]\.value: Server-1: An AAAA record holds an IPv6 address: /),
      '$.devices[0].services[0].zones[0].records[4].value: Server-1: The MX record\'s host "mx.example.test" should be fully qualified, ending in a dot: "mx.example.test."',
      '$.devices[0].services[0].zones[0].records[4].preference: Server-1: "preference" should be a whole number from 0 to 65535 (lower is tried first), not 70000',
      '$.devices[0].services[0].zones[0].records[5].type: Server-1: "SRV" is not a record type this version of Flintnet serves (A, AAAA, CNAME, MX, NS, TXT)',
      '$.devices[0].services[0].zones[0].records[6].ttl: Server-1: "ttl" should be a whole number of seconds from 0 to 2147483647 (RFC 2181 §8), not -1',
    ]);
  });

  it('applies the CNAME, NS and glue rules', () => {
    expect(problems({ services: [zone([
      { name: 'www.example.test.', type: 'A', value: '203.0.113.80' },
      { name: 'www.example.test.', type: 'CNAME', value: 'web.example.test.' },
      { name: 'example.test.', type: 'CNAME', value: 'web.example.test.' },
    ])] })).toEqual([
      '$.devices[0].services[0].zones[0].records[2].type: Server-1: www.example.test. already has an A record: a CNAME cannot sit beside other records of the same name (RFC 1034 §3.6.2)',
      '$.devices[0].services[0].zones[0].records[3].type: Server-1: A CNAME cannot be at the zone\'s own name example.test., which holds its NS records',
    ]);
    expect(problems({ services: [{ kind: 'dns', role: 'authoritative', zones: [{ origin: 'example.test.', records: [{ name: 'www.example.test.', type: 'A', value: '1.2.3.4' }] }] }] })).toEqual([
      '$.devices[0].services[0].zones[0].records: Server-1: The zone example.test. needs an NS record named example.test.: it says which servers answer for the zone',
    ]);
    expect(problems({ services: [zone([{ name: 'sub.example.test.', type: 'NS', value: 'ns.sub.example.test.' }])] })).toEqual([
      '$.devices[0].services[0].zones[0].records: Server-1: The delegation of sub.example.test. names ns.sub.example.test., which is inside sub.example.test. itself: add an A record for ns.sub.example.test. here (glue), or nobody can find it',
    ]);
  });

  it('checks roles, root hints, ports, kinds, and who may have services and resolvers', () => {
    expect(problems({ services: [{ kind: 'dns', role: 'recursive' }, { kind: 'dns', role: 'recursive', rootHints: ['192.0.2.300'] }, { kind: 'gopher' }] })).toEqual([
      '$.devices[0].services[0].rootHints: Server-1: A recursive resolver needs root hints: the addresses of the root servers it starts every lookup from',
      expect.stringMatching(/^\$\.devices\[0\]\.services\[1\]\.rootHints\[0\]: Server-1: Root hint 1: /),
      '$.devices[0].services[2].kind: Server-1: "gopher" is not a service this version of Flintnet knows (web, dns, ssh, ftp, smtp, echo)',
    ]);
    expect(problems({ services: [{ kind: 'ssh', port: 80 }, { kind: 'web', sites: [{ host: 'www.example.test', pages: [{ path: '/' }] }] }, { kind: 'echo', port: 0 }] })).toEqual([
      '$.devices[0].services[1]: Server-1: Port 80 is already taken by the ssh service: each service needs a port of its own',
      '$.devices[0].services[2].port: Server-1: "port" should be a port number from 1 to 65535, not 0',
    ]);
    expect(problems({ services: [{ kind: 'web', sites: [{ host: 'www.example.test', pages: [{ path: 'index.html', status: 301 }] }] }] })).toEqual([
      '$.devices[0].services[0].sites[0].pages[0].path: Server-1: The path "index.html" should start with "/" and hold no spaces',
      '$.devices[0].services[0].sites[0].pages[0].location: Server-1: A 301 redirect needs a "location": where the browser should go instead',
    ]);
    expect(problems({ services: [{ kind: 'echo' }] }, 'computer')).toEqual(['$.devices[0].services: Server-1: only a server runs services, and Server-1 is a computer']);
    expect(problems({ dnsServers: ['192.0.2.1', '192.0.2.1', 'dns.example'] })).toEqual([
      '$.devices[0].dnsServers[1]: Server-1: 192.0.2.1 is in the list twice',
      expect.stringMatching(/^\$\.devices\[0\]\.dnsServers\[2\]: Server-1: DNS server 3: /),
    ]);
    expect(problems({ dnsServers: ['192.0.2.1'] }, 'router')).toEqual(['$.devices[0].dnsServers: Server-1: only computers, VMs and servers have DNS resolvers to set, and Server-1 is a router']);
  });
});

describe('service edits and the palette presets', () => {
  function serverDoc(): { doc: NetworkDocument; id: string } {
    const added = addDevice(emptyDocument(), 'server');
    if (!added.ok) throw new Error(added.error);
    return { doc: added.doc, id: added.deviceId };
  }

  it('adds and removes services, zones and records, refusing in the rules\' words', () => {
    const { doc, id } = serverDoc();
    const dns = addService(doc, id, { kind: 'dns', role: 'authoritative', zones: [{ origin: 'lan.test.', records: [{ name: 'lan.test.', type: 'NS', value: 'ns.lan.test.' }] }] });
    if (!dns.ok) throw new Error(dns.error);
    const record = addDnsRecord(dns.doc, id, 'lan.test.', { name: 'nas.lan.test.', type: 'A', value: '10.0.0.5' });
    expect(record.ok && record.doc.devices[0].services).toEqual([{ kind: 'dns', role: 'authoritative', zones: [{ origin: 'lan.test.', records: [{ name: 'lan.test.', type: 'NS', value: 'ns.lan.test.' }, { name: 'nas.lan.test.', type: 'A', value: '10.0.0.5' }] }] }]);
    expect(addDnsRecord(dns.doc, id, 'lan.test.', { name: 'nas.other.test.', type: 'A', value: '10.0.0.5' })).toEqual({ ok: false, error: 'nas.other.test. is not inside the zone lan.test.: a zone holds only its own name and the names below it' });
    expect(addDnsRecord(dns.doc, id, 'wan.test.', { name: 'x.wan.test.', type: 'A', value: '10.0.0.5' })).toEqual({ ok: false, error: 'Server-1 serves no zone wan.test.' });
    const removed = record.ok ? removeDnsRecord(record.doc, id, 'lan.test.', 1) : record;
    expect(removed.ok && removed.doc.devices[0].services).toEqual(dns.doc.devices[0].services);
    expect(removeDnsRecord(dns.doc, id, 'lan.test.', 0)).toEqual({ ok: false, error: 'The zone lan.test. needs an NS record named lan.test.: it says which servers answer for the zone' });
    const zoned = addDnsZone(dns.doc, id, 'other.test.', 'ns.lan.test.');
    expect(zoned.ok && zoned.doc.devices[0].services![0]).toMatchObject({ zones: [{ origin: 'lan.test.' }, { origin: 'other.test.', records: [{ name: 'other.test.', type: 'NS', value: 'ns.lan.test.' }] }] });
    expect(addService(dns.doc, id, { kind: 'dns', role: 'recursive', rootHints: ['192.0.2.1'] })).toEqual({ ok: false, error: 'A server runs one DNS service: one program answers on port 53. Put all its zones in that one' });
    const none = removeService(dns.doc, id, 0);
    expect(none.ok && 'services' in none.doc.devices[0]).toBe(false);
  });

  it('sets resolv.conf', () => {
    const { doc, id } = serverDoc();
    const set = setDnsServers(doc, id, ['192.0.2.53', ' 198.51.100.53 ']);
    expect(set.ok && set.doc.devices[0].dnsServers).toEqual(['192.0.2.53', '198.51.100.53']);
    expect(setDnsServers(doc, id, ['1.1.1.1', '8.8.8.8', '9.9.9.9', '8.8.4.4'])).toEqual({ ok: false, error: 'Linux\'s resolver reads at most 3 DNS servers (resolv.conf\'s MAXNS), not 4' });
    const cleared = set.ok ? setDnsServers(set.doc, id, []) : set;
    expect(cleared.ok && 'dnsServers' in cleared.doc.devices[0]).toBe(false);
  });

  it('adds the palette\'s DNS server and web server, valid as they come', () => {
    let doc: NetworkDocument = emptyDocument();
    for (const preset of ['dns-server', 'dns-server', 'web-server', 'server'] as const) {
      const added = addServer(doc, preset);
      if (!added.ok) throw new Error(added.error);
      doc = added.doc;
    }
    expect(doc.devices.map((d) => [d.name, d.kind, d.services?.map((s) => s.kind)])).toEqual([
      ['Server-1', 'server', ['dns']], ['Server-2', 'server', ['dns']], ['Server-3', 'server', ['web']], ['Server-4', 'server', undefined],
    ]);
    // Each DNS server gets a zone of its own.
    expect(doc.devices.slice(0, 2).map((d) => (d.services![0].kind === 'dns' ? d.services![0].zones![0].origin : ''))).toEqual(['example.test.', 'example2.test.']);
    expect(doc.devices[2].services).toMatchObject([{ kind: 'web', sites: [{ host: 'www.example.test', pages: [{ path: '/' }] }] }]);
    expect(validateDocument(JSON.parse(JSON.stringify(doc)))).toEqual({ ok: true, value: doc });
  });
});
