/**
 * Edits to a server's services and a computer's DNS resolvers, and the
 * palette's "DNS server" and "Web server": pure functions like edits.ts,
 * refusing in the words of services-rules.ts.
 */
import { createDevice, type Edit } from './edits';
import { noDeviceProblem } from './rules';
import type { DeviceDoc, DnsRecordDoc, DnsServiceDoc, NetworkDocument, Position, ServiceDoc } from './schema';
import { checkDnsServers, checkServices } from './services-rules';

function refuse(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function withDevice(doc: NetworkDocument, deviceId: string, change: (device: DeviceDoc) => Edit<{ device: DeviceDoc }> | { ok: false; error: string }): Edit {
  const device = doc.devices.find((d) => d.id === deviceId);
  if (!device) return refuse(noDeviceProblem(deviceId));
  const changed = change(device);
  if (!changed.ok) return changed;
  return { ok: true, doc: { ...doc, devices: doc.devices.map((d) => (d === device ? changed.device : d)) } };
}

/** The device with its services replaced, if the new list passes every rule. */
function setServices(doc: NetworkDocument, device: DeviceDoc, services: ServiceDoc[]): Edit<{ device: DeviceDoc }> | { ok: false; error: string } {
  const checked = checkServices({ deviceName: device.name, kind: device.kind }, services);
  if (!checked.clean) return refuse(checked.problems[0].message);
  const updated: DeviceDoc = { ...device, services: checked.clean };
  if (checked.clean.length === 0) delete updated.services;
  return { ok: true, doc, device: updated };
}

export function addService(doc: NetworkDocument, deviceId: string, service: ServiceDoc): Edit {
  return withDevice(doc, deviceId, (device) => setServices(doc, device, [...(device.services ?? []), service]));
}

export function removeService(doc: NetworkDocument, deviceId: string, index: number): Edit {
  return withDevice(doc, deviceId, (device) => {
    const services = device.services ?? [];
    if (!Number.isInteger(index) || index < 0 || index >= services.length) return refuse(`${device.name} has no service ${index + 1}`);
    return setServices(doc, device, services.filter((_, i) => i !== index));
  });
}

/** Puts `service` in place of the service at `index` (a DNS role, a web site's pages…), if the list still passes every rule. */
export function replaceService(doc: NetworkDocument, deviceId: string, index: number, service: ServiceDoc): Edit {
  return withDevice(doc, deviceId, (device) => {
    const services = device.services ?? [];
    if (!Number.isInteger(index) || index < 0 || index >= services.length) return refuse(`${device.name} has no service ${index + 1}`);
    return setServices(doc, device, services.map((s, i) => (i === index ? service : s)));
  });
}

/** The DNS service's zone `origin` changed by `change`. */
function changeZone(doc: NetworkDocument, deviceId: string, origin: string, change: (records: DnsRecordDoc[]) => DnsRecordDoc[] | string): Edit {
  return withDevice(doc, deviceId, (device) => {
    const services = device.services ?? [];
    const dns = services.find((s): s is DnsServiceDoc => s.kind === 'dns');
    const zone = dns?.zones?.find((z) => z.origin.toLowerCase() === origin.toLowerCase());
    if (!dns || !zone) return refuse(`${device.name} serves no zone ${origin}`);
    const records = change(zone.records);
    if (typeof records === 'string') return refuse(records);
    const updated: DnsServiceDoc = { ...dns, zones: dns.zones!.map((z) => (z === zone ? { ...z, records } : z)) };
    return setServices(doc, device, services.map((s) => (s === dns ? updated : s)));
  });
}

/** Adds a zone to the server's DNS service, with the NS record every zone needs at its own name. */
export function addDnsZone(doc: NetworkDocument, deviceId: string, origin: string, nameServer: string): Edit {
  return withDevice(doc, deviceId, (device) => {
    const services = device.services ?? [];
    const dns = services.find((s): s is DnsServiceDoc => s.kind === 'dns');
    if (!dns) return refuse(`${device.name} runs no DNS service: add one first`);
    const zone = { origin, records: [{ name: origin, type: 'NS' as const, value: nameServer }] };
    return setServices(doc, device, services.map((s) => (s === dns ? { ...dns, zones: [...(dns.zones ?? []), zone] } : s)));
  });
}

export function addDnsRecord(doc: NetworkDocument, deviceId: string, origin: string, record: DnsRecordDoc): Edit {
  return changeZone(doc, deviceId, origin, (records) => [...records, record]);
}

export function removeDnsRecord(doc: NetworkDocument, deviceId: string, origin: string, index: number): Edit {
  return changeZone(doc, deviceId, origin, (records) => (Number.isInteger(index) && index >= 0 && index < records.length ? records.filter((_, i) => i !== index) : `The zone ${origin} has no record ${index + 1}`));
}

/** A computer's, VM's or server's resolv.conf: the DNS servers it asks, in order. An empty list removes the field. */
export function setDnsServers(doc: NetworkDocument, deviceId: string, servers: string[]): Edit {
  return withDevice(doc, deviceId, (device) => {
    const checked = checkDnsServers({ deviceName: device.name, kind: device.kind }, servers);
    if (!checked.clean) return refuse(checked.problems[0].message);
    const updated: DeviceDoc = { ...device, dnsServers: checked.clean };
    if (checked.clean.length === 0) delete updated.dnsServers;
    return { ok: true, doc, device: updated };
  });
}

// ---- The palette's server presets

export type ServerPreset = 'server' | 'dns-server' | 'web-server';

/** The first zone name like example.test., example2.test.… that no server in the document serves yet. */
function freeExampleZone(doc: NetworkDocument): string {
  const served = new Set(doc.devices.flatMap((d) => (d.services ?? []).flatMap((s) => (s.kind === 'dns' ? (s.zones ?? []).map((z) => z.origin.toLowerCase()) : []))));
  for (let n = 1; ; n++) {
    const origin = `example${n === 1 ? '' : n}.test.`;
    if (!served.has(origin)) return origin;
  }
}

/**
 * A DNS server as the palette adds it: authoritative for a zone of its own
 * under the reserved .test domain (RFC 2606), with the NS record a zone
 * needs and a www record to look up. The learner gives it an address, then
 * points the NS host's A record and its parent's delegation at it.
 */
export function dnsServerPreset(doc: NetworkDocument): ServiceDoc[] {
  const origin = freeExampleZone(doc);
  return [{
    kind: 'dns', role: 'authoritative',
    zones: [{ origin, records: [{ name: origin, type: 'NS', value: `ns1.${origin}` }, { name: `www.${origin}`, type: 'A', value: '203.0.113.80' }] }],
  }];
}

/** A web server as the palette adds it: one site for www.example.test with an index page (HTTP on 80, HTTPS on 443). */
export function webServerPreset(host = 'www.example.test'): ServiceDoc[] {
  const body = `<!doctype html>\n<html><head><title>${host}</title></head>\n<body><h1>Welcome to ${host}</h1><p>This page came over the network from a Flintnet web server.</p></body></html>\n`;
  return [{ kind: 'web', sites: [{ host, pages: [{ path: '/', body }] }] }];
}

/** The palette's Server, DNS server and Web server: a server device, with the preset's services. */
export function addServer(doc: NetworkDocument, preset: ServerPreset, position?: Position): Edit<{ deviceId: string }> {
  const added = createDevice(doc, 'server', position);
  if (!added.ok || preset === 'server') return added;
  const services = preset === 'dns-server' ? dnsServerPreset(doc) : webServerPreset();
  const withServices = withDevice(added.doc, added.deviceId, (device) => setServices(added.doc, device, services));
  return withServices.ok ? { ...withServices, deviceId: added.deviceId } : withServices;
}

