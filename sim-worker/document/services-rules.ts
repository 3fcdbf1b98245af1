/**
 * The rules of a server's services (web, DNS, banners) and of a computer's
 * DNS resolvers (its resolv.conf), in the document. validate.ts and
 * services-edits.ts both use these, so both refuse the same things in the
 * same words. Each problem has a path relative to the field it is about.
 */
import { formatIpv4, parseIpv4 } from '../wire/address';
import { parseIpv6 } from '../wire/address6';
import { expected, isObject, own } from './json-reading';
import type { BannerServiceDoc, DeviceKind, DnsRecordDoc, DnsRecordType, DnsServiceDoc, DnsZoneDoc, ServiceDoc, WebPageDoc, WebServiceDoc, WebSiteDoc } from './schema';

export interface ServiceProblem {
  /** Relative to the checked value: "" for the value itself, "[0].zones[1].origin"… */
  path: string;
  message: string;
}

export type ServiceKind = ServiceDoc['kind'];
export const SERVICE_KINDS: readonly ServiceKind[] = ['web', 'dns', 'ssh', 'ftp', 'smtp', 'echo'];
/** The well-known ports (IANA): web 80, DNS 53, SSH 22, FTP 21, SMTP 25, echo 7 (RFC 862). */
export const DEFAULT_PORTS: Record<ServiceKind, number> = { web: 80, dns: 53, ssh: 22, ftp: 21, smtp: 25, echo: 7 };
export const DEFAULT_TLS_PORT = 443;
export const DNS_RECORD_TYPES: readonly DnsRecordType[] = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT'];
/** A record's TTL when left out, as BIND's $TTL in most zone files. */
export const DNS_DEFAULT_TTL = 3600;
/** RFC 2181 §8: a TTL is 0 to 2^31 − 1 seconds. */
export const DNS_MAX_TTL = 2147483647;
export const MX_DEFAULT_PREFERENCE = 10;
/** glibc reads at most three "nameserver" lines from resolv.conf (MAXNS). */
export const MAX_DNS_SERVERS = 3;
const REDIRECTS = [301, 302, 303, 307, 308];

/** Which ports a service listens on. */
export function servicePorts(service: ServiceDoc): number[] {
  if (service.kind === 'web') return [service.port ?? DEFAULT_PORTS.web, service.tlsPort ?? DEFAULT_TLS_PORT];
  if (service.kind === 'dns') return [DEFAULT_PORTS.dns];
  return [service.port ?? DEFAULT_PORTS[service.kind]];
}

export function runsServices(kind: DeviceKind | undefined): boolean {
  return kind === undefined || kind === 'server';
}

export function takesDnsServers(kind: DeviceKind | undefined): boolean {
  return kind === undefined || kind === 'computer' || kind === 'vm' || kind === 'server';
}

// ---- Names

/** A fully qualified name as a zone file writes it: labels of letters, digits, "-" or "_", ending in a dot ("www.example.test."); "." is the root. */
export function fqdnProblem(text: string, what: string): string | undefined {
  if (text === '.') return undefined;
  if (!text.endsWith('.')) return `${what} "${text}" should be fully qualified, ending in a dot: "${text}."`;
  return hostNameProblem(text.slice(0, -1), what);
}

/** A host name without the final dot ("www.example.test"), as in a URL or a ping. */
export function hostNameProblem(text: string, what: string): string | undefined {
  if (text.length === 0) return `${what} is empty`;
  if (text.length > 253) return `${what} is longer than 253 characters, the most a DNS name holds`;
  for (const label of text.split('.')) {
    if (label.length === 0) return `${what} "${text}" has an empty label (two dots in a row, or a dot at the start)`;
    if (label.length > 63) return `${what} "${text}" has a label longer than 63 characters`;
    if (!/^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$/.test(label)) return `${what} "${text}" has the label "${label}": use letters, digits and hyphens (not at either end)`;
  }
  return undefined;
}

/** Whether a fully qualified `name` is `origin` or below it (case does not matter in DNS). */
export function inZone(name: string, origin: string): boolean {
  if (origin === '.') return true;
  const n = name.toLowerCase();
  const o = origin.toLowerCase();
  return n === o || n.endsWith(`.${o}`);
}

// ---- resolv.conf

export function checkDnsServers(owner: { deviceName: string; kind: DeviceKind | undefined }, value: unknown): { problems: ServiceProblem[]; clean?: string[] } {
  if (value === undefined) return { problems: [] };
  if (!Array.isArray(value)) return { problems: [{ path: '', message: expected('"dnsServers"', 'a list of IPv4 addresses, like ["192.0.2.53"]', value) }] };
  if (!takesDnsServers(owner.kind)) {
    return { problems: value.length > 0 ? [{ path: '', message: `only computers, VMs and servers have DNS resolvers to set, and ${owner.deviceName} is a ${owner.kind}` }] : [] };
  }
  const problems: ServiceProblem[] = [];
  const clean: string[] = [];
  if (value.length > MAX_DNS_SERVERS) problems.push({ path: '', message: `Linux's resolver reads at most ${MAX_DNS_SERVERS} DNS servers (resolv.conf's MAXNS), not ${value.length}` });
  value.forEach((item, i) => {
    const parsed = typeof item === 'string' ? parseIpv4(item.trim()) : undefined;
    if (!parsed?.ok) return void problems.push({ path: `[${i}]`, message: parsed ? `DNS server ${i + 1}: ${parsed.error}` : expected(`DNS server ${i + 1}`, 'an IPv4 address, like "192.0.2.53"', item) });
    const text = formatIpv4(parsed.value);
    if (clean.includes(text)) return void problems.push({ path: `[${i}]`, message: `${text} is in the list twice` });
    clean.push(text);
  });
  return problems.length > 0 ? { problems } : { problems, clean };
}

// ---- Services

/** Every service on one device: each one sound, one DNS service at most, and no port taken twice. */
export function checkServices(owner: { deviceName: string; kind: DeviceKind | undefined }, value: unknown): { problems: ServiceProblem[]; clean?: ServiceDoc[] } {
  if (value === undefined) return { problems: [] };
  if (!Array.isArray(value)) return { problems: [{ path: '', message: expected('"services"', 'a list of services, like [{"kind": "dns", "role": "recursive", "rootHints": ["192.0.2.1"]}]', value) }] };
  if (!runsServices(owner.kind)) return { problems: value.length > 0 ? [{ path: '', message: `only a server runs services, and ${owner.deviceName} is a ${owner.kind}` }] : [] };
  const problems: ServiceProblem[] = [];
  const clean: ServiceDoc[] = [];
  const ports = new Map<number, ServiceKind>();
  value.forEach((item, i) => {
    const at = `[${i}]`;
    const checked = checkService(item);
    for (const p of checked.problems) problems.push({ path: `${at}${p.path}`, message: p.message });
    const service = checked.clean;
    if (!service) return;
    if (service.kind === 'dns' && clean.some((s) => s.kind === 'dns')) return void problems.push({ path: at, message: 'A server runs one DNS service: one program answers on port 53. Put all its zones in that one' });
    for (const port of servicePorts(service)) {
      const holder = ports.get(port);
      if (holder !== undefined) return void problems.push({ path: at, message: `Port ${port} is already taken by the ${holder} service: each service needs a port of its own` });
    }
    for (const port of servicePorts(service)) ports.set(port, service.kind);
    clean.push(service);
  });
  return problems.length > 0 ? { problems } : { problems, clean };
}

export function checkService(item: unknown): { problems: ServiceProblem[]; clean?: ServiceDoc } {
  if (!isObject(item)) return { problems: [{ path: '', message: expected('A service', 'an object with a "kind", like {"kind": "web", "sites": []}', item) }] };
  const kind = own(item, 'kind');
  switch (kind) {
    case 'web': return checkWeb(item);
    case 'dns': return checkDns(item);
    case 'ssh':
    case 'ftp':
    case 'smtp':
    case 'echo': return checkBanner(kind, item);
    default:
      return { problems: [{ path: '.kind', message: typeof kind === 'string' ? `"${kind}" is not a service this version of Flintnet knows (${SERVICE_KINDS.join(', ')})` : expected('"kind"', `one of ${SERVICE_KINDS.join(', ')}`, kind) }] };
  }
}

type Fields = Record<string, unknown>;
type Note = (path: string, message: string) => void;

function collector(): { problems: ServiceProblem[]; note: Note } {
  const problems: ServiceProblem[] = [];
  return { problems, note: (path, message) => void problems.push({ path, message }) };
}

/** An optional port: a whole number from 1 to 65535. */
function readPort(item: Fields, key: string, note: Note): number | undefined {
  const port = own(item, key);
  if (port === undefined) return undefined;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) note(`.${key}`, expected(`"${key}"`, 'a port number from 1 to 65535', port));
  return port as number;
}

function readText(item: Fields, key: string, what: string, note: Note, required = false): string | undefined {
  const text = own(item, key);
  if (text === undefined && !required) return undefined;
  if (typeof text !== 'string') {
    note(`.${key}`, expected(`"${key}"`, what, text));
    return undefined;
  }
  return text;
}

function readList(item: Fields, key: string, what: string, note: Note): unknown[] | undefined {
  const list = own(item, key);
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) {
    note(`.${key}`, expected(`"${key}"`, what, list));
    return undefined;
  }
  return list;
}

function checkBanner(kind: BannerServiceDoc['kind'], item: Fields): { problems: ServiceProblem[]; clean?: BannerServiceDoc } {
  const { problems, note } = collector();
  const port = readPort(item, 'port', note);
  const banner = readText(item, 'banner', 'one line of text the service greets with', note);
  if (banner !== undefined && /[\r\n]/.test(banner)) note('.banner', 'A banner is one line: leave out line breaks (the service ends it with CR LF itself)');
  if (banner !== undefined && banner.length > 512) note('.banner', 'A banner is at most 512 characters');
  if (problems.length > 0) return { problems };
  return { problems, clean: { kind, ...(port !== undefined && { port }), ...(banner !== undefined && { banner }) } };
}

function checkWeb(item: Fields): { problems: ServiceProblem[]; clean?: WebServiceDoc } {
  const { problems, note } = collector();
  const port = readPort(item, 'port', note);
  const tlsPort = readPort(item, 'tlsPort', note);
  if (port !== undefined && port === (tlsPort ?? DEFAULT_TLS_PORT)) note('.tlsPort', `HTTP and HTTPS cannot share port ${port}`);
  const sitesRaw = own(item, 'sites');
  const sites: WebSiteDoc[] = [];
  if (!Array.isArray(sitesRaw) || sitesRaw.length === 0) note('.sites', expected('"sites"', 'a list of at least one site, like [{"host": "www.example.test", "pages": [{"path": "/", "body": "Hello"}]}]', sitesRaw));
  else {
    sitesRaw.forEach((site, i) => {
      const at = `.sites[${i}]`;
      if (!isObject(site)) return note(at, expected(`Site ${i + 1}`, 'an object with a "host" and "pages"', site));
      const host = readText(site, 'host', 'a host name, like "www.example.test"', (p, m) => note(`${at}${p}`, m), true);
      const hostProblem = host === undefined ? undefined : hostNameProblem(host, 'The site\'s host');
      if (hostProblem !== undefined) note(`${at}.host`, hostProblem);
      else if (host !== undefined && sites.some((s) => s.host.toLowerCase() === host.toLowerCase())) note(`${at}.host`, `Two sites answer to ${host}: each host name has one site`);
      const pages = checkPages(own(site, 'pages'), (p, m) => note(`${at}.pages${p}`, m));
      if (host !== undefined && hostProblem === undefined && pages) sites.push({ host, pages });
    });
  }
  if (problems.length > 0) return { problems };
  return { problems, clean: { kind: 'web', ...(port !== undefined && { port }), ...(tlsPort !== undefined && { tlsPort }), sites } };
}

function checkPages(value: unknown, note: Note): WebPageDoc[] | undefined {
  if (!Array.isArray(value)) {
    note('', expected('"pages"', 'a list of pages, like [{"path": "/", "body": "Hello"}]', value));
    return undefined;
  }
  const pages: WebPageDoc[] = [];
  let bad = false;
  value.forEach((page, i) => {
    const at = `[${i}]`;
    const before = bad;
    const mark: Note = (p, m) => {
      bad = true;
      note(`${at}${p}`, m);
    };
    if (!isObject(page)) return mark('', expected(`Page ${i + 1}`, 'an object with a "path"', page));
    const path = readText(page, 'path', 'a path starting with "/", like "/index.html"', mark, true);
    if (path !== undefined && (!path.startsWith('/') || /\s/.test(path))) mark('.path', `The path "${path}" should start with "/" and hold no spaces`);
    else if (path !== undefined && pages.some((p) => p.path === path)) mark('.path', `The path ${path} is on this site twice`);
    const status = own(page, 'status');
    if (status !== undefined && (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)) mark('.status', expected('"status"', 'an HTTP status code from 100 to 599, like 200 or 404', status));
    const contentType = readText(page, 'contentType', 'a media type, like "text/html; charset=utf-8"', mark);
    const body = readText(page, 'body', 'the text of the page', mark);
    const location = readText(page, 'location', 'where the redirect leads, like "https://www.example.test/"', mark);
    const redirect = typeof status === 'number' && REDIRECTS.includes(status);
    if (redirect && location === undefined) mark('.location', `A ${status} redirect needs a "location": where the browser should go instead`);
    if (!redirect && location !== undefined) mark('.location', 'Only a redirect (status 301, 302, 303, 307 or 308) has a "location"');
    if (bad === before && path !== undefined) {
      pages.push({ path, ...(status !== undefined && { status: status as number }), ...(contentType !== undefined && { contentType }), ...(body !== undefined && { body }), ...(location !== undefined && { location }) });
    }
  });
  return bad ? undefined : pages;
}

// ---- DNS

function checkDns(item: Fields): { problems: ServiceProblem[]; clean?: DnsServiceDoc } {
  const { problems, note } = collector();
  const role = own(item, 'role');
  if (role !== 'recursive' && role !== 'authoritative') note('.role', expected('"role"', '"recursive" (a resolver that walks from the root for its clients) or "authoritative" (answers for its own zones)', role));
  const hintsRaw = readList(item, 'rootHints', 'a list of IPv4 addresses of root servers, like ["192.0.2.1"]', note);
  const rootHints: string[] = [];
  hintsRaw?.forEach((hint, i) => {
    const parsed = typeof hint === 'string' ? parseIpv4(hint.trim()) : undefined;
    if (!parsed?.ok) return note(`.rootHints[${i}]`, parsed ? `Root hint ${i + 1}: ${parsed.error}` : expected(`Root hint ${i + 1}`, 'an IPv4 address, like "192.0.2.1"', hint));
    rootHints.push(formatIpv4(parsed.value));
  });
  if (role === 'authoritative' && hintsRaw && hintsRaw.length > 0) note('.rootHints', 'An authoritative server answers only for its own zones and never asks the root: root hints are for a recursive resolver');
  if (role === 'recursive' && (!hintsRaw || hintsRaw.length === 0)) note('.rootHints', 'A recursive resolver needs root hints: the addresses of the root servers it starts every lookup from');
  const zonesRaw = readList(item, 'zones', 'a list of zones, like [{"origin": "example.test.", "records": []}]', note);
  if (role === 'authoritative' && (!zonesRaw || zonesRaw.length === 0)) note('.zones', 'An authoritative server needs at least one zone to answer for');
  const zones: DnsZoneDoc[] = [];
  zonesRaw?.forEach((zone, i) => {
    const checked = checkZone(zone);
    for (const p of checked.problems) note(`.zones[${i}]${p.path}`, p.message);
    if (!checked.clean) return;
    if (zones.some((z) => z.origin.toLowerCase() === checked.clean!.origin.toLowerCase())) return note(`.zones[${i}].origin`, `The zone ${checked.clean.origin} is on this server twice`);
    zones.push(checked.clean);
  });
  if (problems.length > 0) return { problems };
  const clean: DnsServiceDoc = { kind: 'dns', role: role as DnsServiceDoc['role'] };
  if (zonesRaw) clean.zones = zones;
  if (hintsRaw) clean.rootHints = rootHints;
  return { problems, clean };
}

export function checkZone(zone: unknown): { problems: ServiceProblem[]; clean?: DnsZoneDoc } {
  const { problems, note } = collector();
  if (!isObject(zone)) return { problems: [{ path: '', message: expected('A zone', 'an object with an "origin" and "records"', zone) }] };
  const originRaw = own(zone, 'origin');
  const origin = typeof originRaw === 'string' ? originRaw.trim() : undefined;
  const originProblem = origin === undefined ? expected('"origin"', 'the zone\'s name, fully qualified, like "example.test." (or "." for the root)', originRaw) : fqdnProblem(origin, 'The zone\'s origin');
  if (originProblem !== undefined) note('.origin', originProblem);
  const recordsRaw = own(zone, 'records');
  if (!Array.isArray(recordsRaw)) {
    note('.records', expected('"records"', 'a list of records, like [{"name": "www.example.test.", "type": "A", "value": "203.0.113.80"}]', recordsRaw));
    return { problems };
  }
  const records: DnsRecordDoc[] = [];
  recordsRaw.forEach((record, i) => {
    const checked = checkRecord(record, originProblem === undefined ? origin : undefined, records);
    for (const p of checked.problems) note(`.records[${i}]${p.path}`, p.message);
    if (checked.clean) records.push(checked.clean);
  });
  if (problems.length > 0 || origin === undefined) return { problems };
  const apexNs = records.some((r) => r.type === 'NS' && r.name.toLowerCase() === origin.toLowerCase());
  if (!apexNs) note('.records', `The zone ${origin} needs an NS record named ${origin}: it says which servers answer for the zone`);
  // RFC 1034 §4.2.1: a delegation to servers inside the delegated zone needs their addresses here (glue), or no one could reach them.
  for (const ns of records) {
    if (ns.type !== 'NS' || ns.name.toLowerCase() === origin.toLowerCase() || !inZone(ns.value, ns.name)) continue;
    const glue = records.some((r) => (r.type === 'A' || r.type === 'AAAA') && r.name.toLowerCase() === ns.value.toLowerCase());
    if (!glue) note('.records', `The delegation of ${ns.name} names ${ns.value}, which is inside ${ns.name} itself: add an A record for ${ns.value} here (glue), or nobody can find it`);
  }
  return problems.length > 0 ? { problems } : { problems, clean: { origin, records } };
}

/**
 * One record of a zone: a fully qualified name inside the zone, a known
 * type, a value that parses for it, a TTL in range; and the CNAME rule
 * (RFC 1034 §3.6.2, RFC 2181 §10.1): a name with a CNAME has nothing else.
 */
export function checkRecord(record: unknown, origin: string | undefined, earlier: readonly DnsRecordDoc[]): { problems: ServiceProblem[]; clean?: DnsRecordDoc } {
  const { problems, note } = collector();
  if (!isObject(record)) return { problems: [{ path: '', message: expected('A record', 'an object with a "name", a "type" and a "value"', record) }] };
  const [nameRaw, type, valueRaw, ttl, preference] = ['name', 'type', 'value', 'ttl', 'preference'].map((key) => own(record, key));
  const name = typeof nameRaw === 'string' ? nameRaw.trim() : undefined;
  const nameProblem = name === undefined ? expected('"name"', 'a fully qualified name, like "www.example.test."', nameRaw) : fqdnProblem(name, 'The record\'s name');
  if (nameProblem !== undefined) note('.name', nameProblem);
  else if (origin !== undefined && !inZone(name!, origin)) note('.name', `${name} is not inside the zone ${origin}: a zone holds only its own name and the names below it`);
  const goodType = typeof type === 'string' && (DNS_RECORD_TYPES as readonly string[]).includes(type) ? (type as DnsRecordType) : undefined;
  if (goodType === undefined) note('.type', typeof type === 'string' ? `"${type}" is not a record type this version of Flintnet serves (${DNS_RECORD_TYPES.join(', ')})` : expected('"type"', `one of ${DNS_RECORD_TYPES.join(', ')}`, type));
  const value = typeof valueRaw === 'string' ? valueRaw.trim() : undefined;
  if (value === undefined) note('.value', expected('"value"', 'the record\'s data: an address, a host name or text', valueRaw));
  else if (goodType !== undefined) {
    const problem = valueProblem(goodType, value);
    if (problem !== undefined) note('.value', problem);
  }
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > DNS_MAX_TTL)) note('.ttl', expected('"ttl"', `a whole number of seconds from 0 to ${DNS_MAX_TTL} (RFC 2181 §8)`, ttl));
  if (preference !== undefined) {
    if (goodType !== undefined && goodType !== 'MX') note('.preference', 'Only an MX record has a preference');
    else if (typeof preference !== 'number' || !Number.isInteger(preference) || preference < 0 || preference > 65535) note('.preference', expected('"preference"', 'a whole number from 0 to 65535 (lower is tried first)', preference));
  }
  if (problems.length > 0) return { problems };
  const clean: DnsRecordDoc = { name: name!, type: goodType!, value: canonicalValue(goodType!, value!) };
  if (ttl !== undefined) clean.ttl = ttl as number;
  if (preference !== undefined) clean.preference = preference as number;
  const same = earlier.filter((r) => r.name.toLowerCase() === clean.name.toLowerCase());
  if (clean.type === 'CNAME' && origin !== undefined && clean.name.toLowerCase() === origin.toLowerCase()) return fail('.type', `A CNAME cannot be at the zone's own name ${origin}, which holds its NS records`);
  if (clean.type === 'CNAME' && same.length > 0) return fail('.type', `${clean.name} already has ${same[0].type === 'CNAME' ? 'a CNAME' : `${article(same[0].type)} ${same[0].type} record`}: a CNAME cannot sit beside other records of the same name (RFC 1034 §3.6.2)`);
  if (clean.type !== 'CNAME' && same.some((r) => r.type === 'CNAME')) return fail('.type', `${clean.name} is a CNAME (an alias): a CNAME cannot sit beside other records of the same name (RFC 1034 §3.6.2)`);
  if (same.some((r) => r.type === clean.type && r.value.toLowerCase() === clean.value.toLowerCase())) return fail('', `The record ${clean.name} ${clean.type} ${clean.value} is in the zone twice`);
  return { problems, clean };
}

/** "an A record", "a TXT record": as the letters are said. */
function article(type: DnsRecordType): string {
  return type === 'TXT' || type === 'CNAME' ? 'a' : 'an';
}

function fail(path: string, message: string): { problems: ServiceProblem[] } {
  return { problems: [{ path, message }] };
}

function valueProblem(type: DnsRecordType, value: string): string | undefined {
  switch (type) {
    case 'A': {
      const parsed = parseIpv4(value);
      return parsed.ok ? undefined : `An A record holds an IPv4 address: ${parsed.error}`;
    }
    case 'AAAA': {
      const parsed = parseIpv6(value);
      return parsed.ok ? undefined : `An AAAA record holds an IPv6 address: ${parsed.error}`;
    }
    case 'CNAME':
    case 'NS':
    case 'MX':
      return value === '.' ? `A ${type} record names a host, not the root` : fqdnProblem(value, `The ${type} record's host`);
    case 'TXT':
      if (value.length === 0) return 'A TXT record holds some text';
      return new TextEncoder().encode(value).length > 255 ? 'A TXT string holds at most 255 bytes' : undefined;
  }
}

function canonicalValue(type: DnsRecordType, value: string): string {
  if (type === 'A') return formatIpv4((parseIpv4(value) as { ok: true; value: number }).value);
  return value;
}

