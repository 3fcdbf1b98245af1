/**
 * What the server inspector's forms type, turned into the document's service
 * values and checked by the engine's own rules (services-rules.ts), so the
 * inspector says exactly what a saved file's validation would say. Pure: the
 * forms call these as the learner types.
 */
import type { DeviceDoc, DnsRecordDoc, DnsServiceDoc, NetworkDocument, ServiceDoc, WebPageDoc, WebServiceDoc } from '../../sim-worker/document/schema';
import { checkDnsServers, checkRecord, checkService, checkServices, checkZone, DEFAULT_PORTS, DEFAULT_TLS_PORT, DNS_DEFAULT_TTL, type ServiceKind, type ServiceProblem } from '../../sim-worker/document/services-rules';
import { dnsServerPreset, webServerPreset } from '../../sim-worker/document/services-edits';

/** Field → its problem; `whole` is the problem with the thing as a whole. */
export type Problems<F extends string> = Partial<Record<F | 'whole', string>>;

/** "192.0.2.53, 192.0.2.54" or "192.0.2.53 192.0.2.54" → the addresses, as resolv.conf lists them. */
export function addressList(text: string): string[] {
  return text.split(/[\s,]+/).filter((part) => part !== '');
}

export function dnsServersProblem(device: DeviceDoc, text: string): string | undefined {
  return checkDnsServers({ deviceName: device.name, kind: device.kind }, addressList(text)).problems[0]?.message;
}

/** A whole number typed in a field, or the text itself when it is not one (so the rules can say what is wrong with it). */
function numberOrText(text: string): number | string {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : text.trim();
}

/** Spreads the problems of a checked value over the form's fields by their path; anything else is the whole's. */
function byField<F extends string>(problems: readonly ServiceProblem[], prefix: string, fields: readonly F[]): Problems<F> {
  const found: Problems<F> = {};
  for (const problem of problems) {
    const rest = problem.path.startsWith(prefix) ? problem.path.slice(prefix.length) : undefined;
    const field = fields.find((f) => rest === `.${f}`);
    const key = field ?? 'whole';
    found[key] ??= problem.message;
  }
  return found;
}

// ---- Services

/** "web: HTTP on 80, HTTPS on 443", "ssh on 22": a service as its listening ports say it. */
export function serviceText(service: ServiceDoc): string {
  if (service.kind === 'web') return `web: HTTP on ${service.port ?? DEFAULT_PORTS.web}, HTTPS on ${service.tlsPort ?? DEFAULT_TLS_PORT}`;
  if (service.kind === 'dns') return `dns (${service.role}) on ${DEFAULT_PORTS.dns}`;
  return `${service.kind} on ${service.port ?? DEFAULT_PORTS[service.kind]}`;
}

export type ServiceField = 'kind' | 'port';

/**
 * A new service of `kind` on the typed port (its well-known one when blank).
 * Web and DNS start as the palette's presets do, so they run at once: one
 * site, one zone. DNS always listens on 53.
 */
export function newService(doc: NetworkDocument, kind: ServiceKind, portText: string): { service?: ServiceDoc; problems: Problems<ServiceField> } {
  const port = portText.trim() === '' ? undefined : numberOrText(portText);
  if (kind === 'dns') {
    if (port !== undefined && port !== DEFAULT_PORTS.dns) return { problems: { port: 'A DNS server answers on port 53, where every resolver asks' } };
    return { service: dnsServerPreset(doc)[0], problems: {} };
  }
  const base: Record<string, unknown> = kind === 'web' ? { ...webServerPreset()[0] } : { kind };
  if (port !== undefined) base.port = port;
  const checked = checkService(base);
  return checked.clean ? { service: checked.clean, problems: {} } : { problems: byField(checked.problems, '', ['port'] as const) };
}

/** The new service beside the device's others: what `addService` would refuse (a port taken, a second DNS service). */
export function serviceProblems(doc: NetworkDocument, device: DeviceDoc, kind: ServiceKind, portText: string): Problems<ServiceField> {
  const made = newService(doc, kind, portText);
  if (!made.service) return made.problems;
  const services = device.services ?? [];
  const checked = checkServices({ deviceName: device.name, kind: device.kind }, [...services, made.service]);
  return byField(checked.problems, `[${services.length}]`, [] as const);
}

// ---- DNS

export type RecordField = 'name' | 'type' | 'value' | 'ttl';
export type RecordDraft = Record<RecordField, string>;

export function recordFromDraft(draft: RecordDraft): Record<string, unknown> {
  const record: Record<string, unknown> = { name: draft.name.trim(), type: draft.type, value: draft.value.trim() };
  if (draft.ttl.trim() !== '') record.ttl = numberOrText(draft.ttl);
  return record;
}

/** The record as the zone's rules judge it beside the zone's other records. */
export function recordProblems(origin: string, records: readonly DnsRecordDoc[], draft: RecordDraft): Problems<RecordField> {
  return byField(checkRecord(recordFromDraft(draft), origin, records).problems, '', ['name', 'type', 'value', 'ttl'] as const);
}

/** "www.example.test.  3600  IN  A  203.0.113.80", as a zone file or dig prints it. */
export function recordText(record: DnsRecordDoc): string {
  const preference = record.type === 'MX' ? `${record.preference ?? 10} ` : '';
  const value = record.type === 'TXT' ? JSON.stringify(record.value) : record.value;
  return `${record.name} ${record.ttl ?? DNS_DEFAULT_TTL} IN ${record.type} ${preference}${value}`;
}

export type ZoneField = 'origin' | 'nameServer';

/** A new zone as `addDnsZone` makes it (its origin and the NS record at its own name), judged by the zone's rules and beside the service's other zones. */
export function zoneProblems(dns: DnsServiceDoc, origin: string, nameServer: string): Problems<ZoneField> {
  const zone = { origin: origin.trim(), records: [{ name: origin.trim(), type: 'NS', value: nameServer.trim() }] };
  const found: Problems<ZoneField> = {};
  for (const problem of checkZone(zone).problems) {
    const key: ZoneField | 'whole' = problem.path === '.origin' || problem.path === '.records[0].name' ? 'origin' : problem.path === '.records[0].value' ? 'nameServer' : 'whole';
    found[key] ??= problem.message;
  }
  if (found.origin === undefined && (dns.zones ?? []).some((z) => z.origin.toLowerCase() === zone.origin.toLowerCase())) found.origin = `This server already serves the zone ${zone.origin}`;
  return found;
}

/** The DNS service with a new role and root hints, and what the rules say of it. */
export function dnsSettings(dns: DnsServiceDoc, role: DnsServiceDoc['role'], hintsText: string): { service?: DnsServiceDoc; problem?: string } {
  const hints = addressList(hintsText);
  const candidate: Record<string, unknown> = { ...dns, role };
  delete candidate.rootHints;
  if (hints.length > 0) candidate.rootHints = hints;
  const checked = checkService(candidate);
  return checked.clean ? { service: checked.clean as DnsServiceDoc } : { problem: checked.problems[0]?.message };
}

// ---- Web

export type PageField = 'path' | 'status' | 'body' | 'location';
export type PageDraft = Record<PageField, string>;

/** The web service with one more page on site `siteIndex`, or the problems the rules find with that page. */
export function withPage(web: WebServiceDoc, siteIndex: number, draft: PageDraft): { service?: WebServiceDoc; problems: Problems<PageField> } {
  const page: Record<string, unknown> = { path: draft.path.trim() };
  if (draft.status.trim() !== '') page.status = numberOrText(draft.status);
  if (draft.body !== '') page.body = draft.body;
  if (draft.location.trim() !== '') page.location = draft.location.trim();
  const site = web.sites[siteIndex];
  const pageIndex = site.pages.length;
  const candidate = { ...web, sites: web.sites.map((s, i) => (i === siteIndex ? { ...s, pages: [...s.pages, page] } : s)) };
  const checked = checkService(candidate);
  if (checked.clean) return { service: checked.clean as WebServiceDoc, problems: {} };
  return { problems: byField(checked.problems, `.sites[${siteIndex}].pages[${pageIndex}]`, ['path', 'status', 'body', 'location'] as const) };
}

/** The web service with a new site for `host`, its home page saying so. */
export function withSite(web: WebServiceDoc, host: string): { service?: WebServiceDoc; problem?: string } {
  const name = host.trim();
  const site = { host: name, pages: [{ path: '/', body: `<!doctype html>\n<html><body><h1>Welcome to ${name}</h1></body></html>\n` }] };
  const checked = checkService({ ...web, sites: [...web.sites, site] });
  return checked.clean ? { service: checked.clean as WebServiceDoc } : { problem: checked.problems[0]?.message };
}

/** "/about.html → 200, 42 bytes", "/old → 301 https://www.example.test/". */
export function pageText(page: WebPageDoc): string {
  const status = page.status ?? 200;
  if (page.location !== undefined) return `${page.path} → ${status} ${page.location}`;
  const bytes = new TextEncoder().encode(page.body ?? '').length;
  return `${page.path} → ${status}, ${bytes} byte${bytes === 1 ? '' : 's'}`;
}
