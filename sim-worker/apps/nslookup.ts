/**
 * nslookup, as BIND 9's prints it: the server it asks (the first of the
 * computer's DNS servers), then the answer: "Non-authoritative answer:"
 * when it came from a cache, each alias as "canonical name =", each address
 * as "Name:" and "Address:"; "** server can't find x: NXDOMAIN" when the
 * name does not exist. Like nslookup it asks the server itself, bypassing
 * the computer's own DNS cache. One type per run (A unless asked); the blank
 * lines between nslookup's blocks are left out.
 */
import type { Result } from '../api';
import type { IpDevice } from '../devices/device';
import { hostNameProblem } from '../document/services-rules';
import type { SimContext } from '../engine/context';
import type { DnsResolver } from '../stack/dns-resolver';
import { followChain } from '../stack/dns-resolver';
import { formatIpv4 } from '../wire/address';
import { formatIpv6 } from '../wire/address6';
import { DNS_TYPE_CODES, type DnsMessage, type DnsRecord, dnsTypeName, RCODE, rcodeMnemonic } from '../wire/dns';

export const NSLOOKUP_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT'] as const;
type NslookupType = (typeof NSLOOKUP_TYPES)[number];

/** nslookup's default: two tries of the server before it gives up. */
const TRIES = 2;

export class NslookupRun {
  private finished = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    private readonly resolver: DnsResolver,
    private readonly run: number,
    private readonly server: number,
    private readonly name: string,
    private readonly type: number,
  ) {}

  start(): void {
    this.ask(1);
  }

  stop(): void {
    this.finished = true;
  }

  private ask(attempt: number): void {
    const server = formatIpv4(this.server);
    this.resolver.ask(this.server, this.name, this.type, 'nslookup', (reply) => {
      if (this.finished) return;
      if (!reply.ok) {
        if (attempt < TRIES) {
          this.print(`;; communications error to ${server}#53: timed out`, `${reply.detail}: nslookup asks again`);
          return this.ask(attempt + 1);
        }
        return this.print(';; connection timed out; no servers could be reached', `${reply.detail}, ${TRIES} times: nslookup gives up`);
      }
      this.show(reply.message);
    });
  }

  private show(m: DnsMessage): void {
    const server = formatIpv4(this.server);
    this.print(`Server:\t\t${server}`, `nslookup asked ${server}, the first DNS server ${this.ctx.nameOf(this.deviceId)} knows`);
    this.print(`Address:\t${server}#53`, 'on the DNS port, 53');
    if (m.rcode !== RCODE.noError) {
      return this.print(`** server can't find ${this.name}: ${rcodeMnemonic(m.rcode ?? 0)}`, m.rcode === RCODE.nameError ? `${server} says ${this.name} does not exist` : `${server} could not answer (${rcodeMnemonic(m.rcode ?? 0)})`);
    }
    // Asked for the alias itself, nslookup shows the CNAME rather than following it.
    const chain = this.type === DNS_TYPE_CODES.CNAME ? { name: this.name, aliases: [], final: m.answers } : followChain(this.name, m.answers);
    const records = chain.final.filter((r) => r.data.type === dnsTypeName(this.type));
    if (!m.authoritative) this.print('Non-authoritative answer:', `the AA flag is off: ${server} answered from its cache or by asking others, not from a zone of its own`);
    for (const alias of chain.aliases) this.print(`${alias.name}\tcanonical name = ${alias.data.type === 'CNAME' ? alias.data.host : ''}.`, `${alias.name} is an alias (CNAME)`);
    if (records.length === 0) return this.print(`*** Can't find ${this.name}: No answer`, `${chain.name} has no ${dnsTypeName(this.type)} record (NODATA)`);
    for (const r of records) for (const line of recordLines(r)) this.print(line, `the ${dnsTypeName(this.type)} record of ${r.name}, TTL ${r.ttl} s`);
  }

  private print(line: string, reason: string): void {
    this.ctx.trace.record({
      device: this.deviceId, type: 'app', protocol: 'nslookup', summary: line,
      layers: [{ layer: 7, protocol: 'nslookup', reason }],
      app: { name: 'nslookup', run: this.run, line },
    });
  }
}

/** nslookup's lines for one record. */
function recordLines(r: DnsRecord): string[] {
  const d = r.data;
  switch (d.type) {
    case 'A': return [`Name:\t${r.name}`, `Address: ${formatIpv4(d.address)}`];
    case 'AAAA': return [`Name:\t${r.name}`, `Address: ${formatIpv6(d.address)}`];
    case 'NS': return [`${r.name}\tnameserver = ${d.host}.`];
    case 'MX': return [`${r.name}\tmail exchanger = ${d.preference} ${d.exchange}.`];
    case 'TXT': return [`${r.name}\ttext = ${d.texts.map((t) => JSON.stringify(t)).join(' ')}`];
    case 'CNAME': return [`${r.name}\tcanonical name = ${d.host}.`];
    case 'SOA': return [`${r.name}`, `\torigin = ${d.mname}`, `\tmail addr = ${d.rname}`, `\tserial = ${d.serial}`];
    case 'other': return [`${r.name}\trdata_${d.code} = ${d.data.length} bytes`];
  }
}

/** The nslookup action: checks the name and type, then runs nslookup against the device's first DNS server. */
export function nslookup(device: IpDevice, name: string, type: string = 'A'): Result<void> {
  const problem = typeof name === 'string' ? hostNameProblem(name.trim().replace(/\.$/, ''), 'The name to look up') : 'Give a name to look up, like www.example.test';
  if (problem !== undefined) return { ok: false, error: problem };
  if (!(NSLOOKUP_TYPES as readonly string[]).includes(type)) return { ok: false, error: `nslookup here asks for ${NSLOOKUP_TYPES.join(', ')} records, not "${type}"` };
  const resolver = device.dns;
  if (!resolver) return { ok: false, error: `${device.name} has no DNS resolver: only computers, VMs and servers run nslookup` };
  const server = resolver.servers[0];
  if (server === undefined) return { ok: false, error: `${device.name} has no DNS server to ask: set its DNS servers, or take them from a DHCP server` };
  const qname = name.trim().replace(/\.$/, '').toLowerCase();
  device.runProgram('nslookup', (run) => new NslookupRun(device.ctx, device.id, resolver, run, server, qname, DNS_TYPE_CODES[type as NslookupType]));
  return { ok: true, value: undefined };
}
