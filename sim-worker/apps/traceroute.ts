/**
 * traceroute as Linux runs it by default (Dmitry Butskoy's traceroute 2.1,
 * Debian's `traceroute` package; every figure below is from its manual page
 * or its source, and was checked against the real tool in network namespaces):
 * - UDP probes to "unlikely" ports, 33434 for the first, one more for each probe (-p 33434);
 * - 3 probes per hop (-q 3), hop n sent with TTL n, at most 30 hops (-m 30);
 * - up to 16 probes out at once (-N 16), so later hops are probed before earlier ones answer;
 * - 60-byte packets (20 IP + 8 UDP + 32 data bytes 0x40, 0x41, … "@ABC…"), without DF;
 * - each probe from its own socket, so from its own ephemeral port, which is how an
 *   ICMP error finds its probe;
 * - a probe is given up ("*") after 5 s (-w 5), or sooner once other answers show how
 *   long an answer takes: 3× the round trip of one from the same hop, else 10× one from
 *   a later hop, each plus 1 ms (-w 5,3,10);
 * - it stops after the hop where the destination answered (port unreachable) or where
 *   any other unreachable came back (!N, !H, …).
 * Without DNS it prints each address twice, "10.0.1.1 (10.0.1.1)", as the real one does
 * when a name lookup fails.
 */
import type { Result } from '../api';
import type { SimContext } from '../engine/context';
import type { Ipv4Host } from '../stack/ipv4-host';
import { formatIpv4 } from '../wire/address';
import { quotedUdp } from '../wire/udp';

export interface TracerouteOptions {
  /** An IPv4 address as a number, an IPv6 one as a bigint. */
  target: number | bigint;
  maxHops: number;
  queries: number;
  waitNs: number;
  simultaneous: number;
  /** The host name typed, when the target was looked up by name. */
  name?: string;
}

export const TRACEROUTE_DEFAULTS = { maxHops: 30, queries: 3, waitMs: 5000, simultaneous: 16 } as const;
/** The first destination port (-p). */
export const TRACEROUTE_PORT = 33434;
/** Default packet length for IPv4, header included. */
export const TRACEROUTE_PACKET_LENGTH = 60;
/** The -w factors for an answer from the same hop and from a later one, and the 1 ms added to a round trip first (DEF_WAIT_PREC). */
const HERE_FACTOR = 3;
const NEAR_FACTOR = 10;
const WAIT_PRECISION_NS = 1_000_000;
const DATA_BYTES = TRACEROUTE_PACKET_LENGTH - 28;

/** An ICMP error about a probe: who sent it, which probe (by destination port), and its mark; `annotation` undefined: an ordinary hop. */
export interface ProbeAnswer {
  from: string;
  dstPort: number;
  annotation: string | undefined;
}

/** What traceroute needs of an IP version: UDP probes over IPv4 (below) or IPv6 (traceroute6.ts). */
export interface TracerouteFamily {
  /** As typed: an address, or a host name. */
  target: string;
  /** The address, when `target` is a name. */
  address?: string;
  /** Probe packet length, headers included. */
  packetLength: number;
  /** What the field the probes count down with is called: "TTL", "hop limit". */
  ttlName: string;
  route(): Result<unknown>;
  /** A socket of its own for one probe, hearing the ICMP errors about what it sends; its port. */
  openProbe(onAnswer: (answer: ProbeAnswer) => void): Result<number>;
  closeProbe(port: number): void;
  sendProbe(srcPort: number, dstPort: number, ttl: number, data: Uint8Array, reason: string): Result<void>;
}

interface Probe {
  index: number;
  ttl: number;
  dstPort: number;
  srcPort?: number;
  sentAt?: number;
  done: boolean;
  from?: string;
  receivedAt?: number;
  /** "!H", "!N"… after the time, as traceroute prints them. */
  annotation: string;
  final: boolean;
}

export class TracerouteRun {
  private probes: Probe[];
  /** The next probe to print (traceroute's `start`). */
  private first = 0;
  private end: number;
  private line = '';
  private wakeToken = 0;
  private finished = false;
  private readonly data = Uint8Array.from({ length: DATA_BYTES }, (_, i) => 0x40 + (i & 0x3f));

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    private readonly family: TracerouteFamily,
    private readonly run: number,
    private readonly options: TracerouteOptions,
  ) {
    const count = options.maxHops * options.queries;
    this.probes = Array.from({ length: count }, (_, index) => ({
      index, ttl: Math.floor(index / options.queries) + 1, dstPort: TRACEROUTE_PORT + index, done: false, annotation: '', final: false,
    }));
    this.end = count;
  }

  start(): void {
    const target = this.family.target;
    this.print(`traceroute to ${target} (${this.family.address ?? target}), ${this.options.maxHops} hops max, ${this.family.packetLength} byte packets`,
      `tracing the way to ${target}: UDP probes with ${this.family.ttlName} 1, 2, 3…, ${this.options.queries} per hop; each router where the ${this.family.ttlName} runs out answers "time exceeded", and ${target} itself answers "port unreachable"`);
    const route = this.family.route();
    if (!route.ok) {
      this.print('connect: Network is unreachable', route.error);
      this.print(`(${route.error})`, route.error);
      this.finished = true;
      return;
    }
    this.pump();
  }

  /** The machine was powered off: the program dies then and there, printing nothing more. */
  stop(): void {
    this.finish();
  }

  /** One turn of traceroute's main loop: give up on the probe due next, print what is done in order, send more. */
  private pump(): void {
    if (this.finished) return;
    const now = this.ctx.scheduler.now;
    let outstanding = 0;
    for (let n = this.first; n < this.end; n++) {
      const probe = this.probes[n];
      if (n === this.first && !probe.done && probe.sentAt !== undefined && now - probe.sentAt >= this.timeoutOf(probe)) this.expire(probe);
      if (probe.done) {
        if (n === this.first) {
          this.printProbe(probe);
          this.first++;
        }
        if (probe.final) this.end = probe.ttl * this.options.queries;
        continue;
      }
      if (probe.sentAt === undefined) {
        if (outstanding >= this.options.simultaneous) break;
        this.send(probe);
      }
      if (++outstanding >= this.options.simultaneous) break;
    }
    if (this.first >= this.end) return this.finish();
    const next = this.probes[this.first];
    if (next.sentAt === undefined || next.done) return;
    const token = ++this.wakeToken;
    this.ctx.scheduler.at(Math.max(now, next.sentAt + this.timeoutOf(next)), () => {
      if (token === this.wakeToken) this.pump();
    });
  }

  /** traceroute's get_timeout: the full wait, unless answers already show how long one takes. */
  private timeoutOf(probe: Probe): number {
    const max = this.options.waitNs;
    const q = this.options.queries;
    const answered = (p: Probe) => p.done && p.receivedAt !== undefined && p.sentAt !== undefined && p.receivedAt > p.sentAt;
    const sameHop = this.probes.slice(probe.ttl * q - q, probe.ttl * q).find((p) => p !== probe && answered(p));
    if (sameHop) return Math.min(max, (sameHop.receivedAt! - sameHop.sentAt! + WAIT_PRECISION_NS) * HERE_FACTOR);
    const later = this.probes.slice(probe.index + 1).find(answered);
    if (later) return Math.min(max, (later.receivedAt! - later.sentAt! + WAIT_PRECISION_NS) * NEAR_FACTOR);
    return max;
  }

  private send(probe: Probe): void {
    probe.sentAt = this.ctx.scheduler.now;
    const socket = this.family.openProbe((answer) => this.onAnswer(probe, answer));
    if (!socket.ok) {
      probe.done = true;
      probe.annotation = '!<socket>';
      return;
    }
    probe.srcPort = socket.value;
    const target = this.family.target;
    const sent = this.family.sendProbe(probe.srcPort, probe.dstPort, probe.ttl, this.data, `traceroute probe ${probe.index % this.options.queries + 1} of ${this.options.queries} for hop ${probe.ttl} on the way to ${target}: with ${this.family.ttlName} ${probe.ttl} it can make ${probe.ttl} hop${probe.ttl === 1 ? '' : 's'}, so the device ${probe.ttl} hop${probe.ttl === 1 ? '' : 's'} away answers`);
    if (!sent.ok) this.expire(probe);
  }

  private onAnswer(probe: Probe, { from, dstPort, annotation }: ProbeAnswer): void {
    if (probe.done || this.finished || dstPort !== probe.dstPort) return;
    probe.done = true;
    probe.from = from;
    probe.receivedAt = this.ctx.scheduler.now;
    this.closeSocket(probe);
    if (annotation !== undefined) {
      probe.annotation = annotation;
      probe.final = true;
    }
    this.pump();
  }

  private expire(probe: Probe): void {
    probe.done = true;
    this.closeSocket(probe);
  }

  private closeSocket(probe: Probe): void {
    if (probe.srcPort !== undefined) this.family.closeProbe(probe.srcPort);
  }

  /** traceroute's print_probe: the address when it is the first answer of the hop or differs from the one before, then the time. */
  private printProbe(probe: Probe): void {
    const q = this.options.queries;
    const position = probe.index % q;
    if (position === 0) this.line = `${String(probe.ttl).padStart(2)} `;
    if (probe.from === undefined) this.line += ' *';
    else {
      const previous = this.probes.slice(probe.index - position, probe.index).reverse().find((p) => p.from !== undefined);
      if (!previous || previous.from !== probe.from) this.line += ` ${probe.from} (${probe.from})`;
      this.line += `  ${((probe.receivedAt! - probe.sentAt!) / 1e6).toFixed(3)} ms`;
    }
    if (probe.annotation !== '') this.line += ` ${probe.annotation}`;
    if (position === q - 1) this.print(this.line, this.hopReason(probe.ttl));
  }

  private hopReason(ttl: number): string {
    const q = this.options.queries;
    const hop = this.probes.slice((ttl - 1) * q, ttl * q);
    const answers = [...new Set(hop.flatMap((p) => (p.from === undefined ? [] : [p.from])))];
    const silent = hop.filter((p) => p.from === undefined).length;
    const target = this.family.target;
    if (answers.length === 0) return `hop ${ttl}: no answer to any probe within the wait: that router sends no errors, or they were lost or rate-limited`;
    const who = answers.join(' and ');
    const silence = silent > 0 ? `; ${silent} probe${silent === 1 ? '' : 's'} got no answer in time` : '';
    if (hop.some((p) => p.final && p.annotation === '')) return `hop ${ttl}: ${target} itself answered "port unreachable": the probes arrived, so the trace is done${silence}`;
    if (hop.some((p) => p.final)) return `hop ${ttl}: ${who} answered "destination unreachable" (${hop.find((p) => p.final)!.annotation}): the packets can go no further, so the trace stops${silence}`;
    return `hop ${ttl}: the TTL ran out at ${who}, which answered "time exceeded"${silence}`;
  }

  private finish(): void {
    this.finished = true;
    ++this.wakeToken;
    for (const probe of this.probes) if (!probe.done) this.expire(probe);
  }

  private print(line: string, reason: string): void {
    this.ctx.trace.record({
      device: this.deviceId, type: 'app', protocol: 'traceroute', summary: line,
      layers: [{ layer: 7, protocol: 'traceroute', reason }],
      app: { name: 'traceroute', run: this.run, line },
    });
  }
}

/** UDP probes over IPv4 (60-byte packets, without DF). */
export function ipv4Traceroute(host: Ipv4Host, target: number, name?: string): TracerouteFamily {
  return {
    target: name ?? formatIpv4(target),
    address: formatIpv4(target),
    packetLength: TRACEROUTE_PACKET_LENGTH,
    ttlName: 'TTL',
    route: () => host.route(target),
    openProbe: (onAnswer) => host.openUdp({
      owner: 'traceroute',
      onError: ({ message, from }) => {
        if (message.kind !== 'destination-unreachable' && message.kind !== 'time-exceeded') return;
        const quoted = quotedUdp(message.original);
        if (quoted) onAnswer({ from: formatIpv4(from), dstPort: quoted.dstPort, annotation: annotationOf(message.kind, message.code, message.nextHopMtu) });
      },
    }),
    closeProbe: (port) => host.closeUdp(port),
    sendProbe: (srcPort, dstPort, ttl, data, reason) => host.sendUdp(srcPort, target, dstPort, data, reason, { ttl, dontFragment: false }),
  };
}

/**
 * traceroute's parse_icmp_res: time exceeded in transit is an ordinary hop;
 * port unreachable means the destination was reached; any other error ends
 * the trace with a mark after the time. Undefined: not final.
 */
function annotationOf(kind: 'destination-unreachable' | 'time-exceeded', code: number, mtu?: number): string | undefined {
  if (kind === 'time-exceeded') return code === 0 ? undefined : `!<11-${code}>`;
  const marks: Record<number, string> = {
    0: '!N', 1: '!H', 2: '!P', 3: '', 4: `!F-${mtu ?? 0}`, 5: '!S', 6: '!N', 7: '!H', 8: '!N', 9: '!X', 10: '!X', 11: '!N', 12: '!H', 13: '!X', 14: '!V', 15: '!C',
  };
  return marks[code] ?? `!<${code}>`;
}

