/**
 * The builder's services part (see build.ts): the stub resolver every
 * computer, VM and server has, and the services a server runs, each from
 * its ServiceDoc. The document's zones become wire records here, with the
 * SOA every zone has (the document leaves it out: it is the same for all).
 */
import { IpDevice, type Device } from '../devices/device';
import type { DeviceDoc, DnsRecordDoc, DnsServiceDoc, NetworkDocument, ServiceDoc } from '../document/schema';
import { DNS_DEFAULT_TTL, MAX_DNS_SERVERS, MX_DEFAULT_PREFERENCE } from '../document/services-rules';
import { BannerService } from '../services/banner';
import { DNS_SERVER_CACHE_TABLE, DnsServer, type DnsZone } from '../services/dns-server';
import { WebService } from '../services/web';
import { DNS_CACHE_TABLE, DnsResolver } from '../stack/dns-resolver';
import { parseIpv4 } from '../wire/address';
import { parseIpv6 } from '../wire/address6';
import type { DnsRdata, DnsRecord } from '../wire/dns';
import type { SimContext } from './context';

/**
 * The SOA written for every zone: serial 1, and the timers RFC 1912 §2.2
 * suggests (refresh an hour, retry 10 minutes, expire a day); the minimum,
 * which RFC 2308 makes the negative-caching TTL, 300 s, so a learner can
 * watch a negative answer expire.
 */
const SOA_TIMERS = { serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 300 };

export function startServices(doc: NetworkDocument, devices: Map<string, Device>, ctx: SimContext): void {
  for (const deviceDoc of doc.devices) {
    const device = devices.get(deviceDoc.id);
    if (!(device instanceof IpDevice)) continue;
    if (deviceDoc.kind === 'computer' || deviceDoc.kind === 'vm' || deviceDoc.kind === 'server') startResolver(deviceDoc, device, ctx);
    for (const service of deviceDoc.services ?? []) startService(service, device, ctx);
  }
}

function startResolver(doc: DeviceDoc, device: IpDevice, ctx: SimContext): void {
  const configured = (doc.dnsServers ?? []).flatMap((text) => {
    const parsed = parseIpv4(text);
    return parsed.ok ? [parsed.value] : [];
  });
  // resolv.conf's servers first, then those DHCP handed out, at most three in all (glibc's MAXNS).
  const servers = () => [...new Set([...configured, ...[...device.dhcpClients.values()].flatMap((c) => c.dnsServers)])].slice(0, MAX_DNS_SERVERS);
  device.tableSpecs.push(DNS_CACHE_TABLE);
  device.dns = new DnsResolver(ctx, device.id, device, servers);
}

function startService(service: ServiceDoc, device: IpDevice, ctx: SimContext): void {
  switch (service.kind) {
    case 'dns': {
      const dns = new DnsServer(ctx, device.id, device, dnsConfig(service));
      if (service.role === 'recursive') device.tableSpecs.push(DNS_SERVER_CACHE_TABLE);
      device.services.push(dns);
      return;
    }
    case 'web': {
      const web = new WebService(ctx, device, service);
      web.start();
      device.services.push(web);
      return;
    }
    case 'ssh':
    case 'ftp':
    case 'smtp':
    case 'echo': {
      const banner = new BannerService(ctx, device, service);
      banner.start();
      device.services.push(banner);
      return;
    }
  }
}

function dnsConfig(service: DnsServiceDoc): ConstructorParameters<typeof DnsServer>[3] {
  return {
    recursive: service.role === 'recursive',
    zones: (service.zones ?? []).map((zone): DnsZone => {
      const origin = wireName(zone.origin);
      const records = zone.records.flatMap((r) => {
        const data = rdataOf(r);
        return data ? [{ name: wireName(r.name), ttl: r.ttl ?? DNS_DEFAULT_TTL, data }] : [];
      });
      const ns = records.find((r) => r.data.type === 'NS' && r.name === origin);
      const mname = ns?.data.type === 'NS' ? ns.data.host : `ns.${origin}`.replace(/\.$/, '');
      const soa: DnsRecord = { name: origin, ttl: DNS_DEFAULT_TTL, data: { type: 'SOA', mname, rname: origin === '' ? 'hostmaster' : `hostmaster.${origin}`, ...SOA_TIMERS } };
      return { origin, records, soa };
    }),
    rootHints: (service.rootHints ?? []).flatMap((text) => {
      const parsed = parseIpv4(text);
      return parsed.ok ? [parsed.value] : [];
    }),
  };
}

/** "www.example.test." as the wire code writes it, "www.example.test"; the root "." is "". Lower case, as named keeps its zones' names. */
function wireName(fqdn: string): string {
  return fqdn.replace(/\.$/, '').toLowerCase();
}

/** The document was validated: a value that still fails to parse is left out. */
function rdataOf(r: DnsRecordDoc): DnsRdata | undefined {
  switch (r.type) {
    case 'A': {
      const parsed = parseIpv4(r.value);
      return parsed.ok ? { type: 'A', address: parsed.value } : undefined;
    }
    case 'AAAA': {
      const parsed = parseIpv6(r.value);
      return parsed.ok ? { type: 'AAAA', address: parsed.value } : undefined;
    }
    case 'CNAME':
    case 'NS':
      return { type: r.type, host: wireName(r.value) };
    case 'MX':
      return { type: 'MX', preference: r.preference ?? MX_DEFAULT_PREFERENCE, exchange: wireName(r.value) };
    case 'TXT':
      return { type: 'TXT', texts: [r.value] };
  }
}
