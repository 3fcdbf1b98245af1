/**
 * ping, as iputils ping on Linux prints it: echo requests every interval,
 * one line per reply or error, then the statistics. Unlike Linux it also
 * says when a request got no answer in time (like `ping -O`), because a
 * learner wants to see silence too.
 */
import type { SimContext } from '../engine/context';
import type { IcmpArrival, Ipv4Host } from '../stack/ipv4-host';
import { formatIpv4 } from '../wire/address';
import { quotedEcho } from '../wire/icmp';

export interface PingOptions {
  target: number;
  count: number;
  intervalNs: number;
  timeoutNs: number;
  /** ICMP data bytes (Linux default 56). */
  size: number;
}

/** Linux defaults; a reply is awaited up to 10 s, as iputils ping waits for the last one. */
export const PING_DEFAULTS = { count: 4, intervalMs: 1000, timeoutMs: 10_000, size: 56 } as const;

/** Linux ping puts a struct timeval (16 bytes on 64-bit) at the start of the data. */
const TIMEVAL_BYTES = 16;

export class PingRun {
  private identifier: number;
  private sentAt = new Map<number, number>();
  private answered = new Set<number>();
  private rtts: number[] = [];
  private transmitted = 0;
  private errors = 0;
  private startedAt = 0;
  private lastActivity = 0;
  private finished = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    private readonly host: Ipv4Host,
    private readonly run: number,
    private readonly options: PingOptions,
  ) {
    this.identifier = ctx.prng.int(1, 0xffff);
  }

  start(): void {
    const { target, size } = this.options;
    const text = formatIpv4(target);
    this.print(`PING ${text} (${text}) ${size}(${size + 28}) bytes of data.`, `pinging ${text} with ${size} bytes of data, ${this.options.count} time(s)`);
    const route = this.host.route(target);
    if (!route.ok) {
      this.print('ping: connect: Network is unreachable', route.error);
      this.print(`(${route.error})`, route.error);
      this.finished = true;
      return;
    }
    this.startedAt = this.ctx.scheduler.now;
    this.host.listen(this.identifier, (arrival) => this.onArrival(arrival));
    this.sendRequest(1);
  }

  private sendRequest(sequence: number): void {
    if (this.finished) return;
    const now = this.ctx.scheduler.now;
    this.transmitted++;
    this.sentAt.set(sequence, now);
    this.lastActivity = now;
    const sent = this.host.sendIcmp(this.options.target, { kind: 'echo-request', identifier: this.identifier, sequence, data: this.payload(now) },
      `ping asks ${formatIpv4(this.options.target)} to answer: echo request id=${this.identifier} seq=${sequence}`);
    if (!sent.ok) {
      this.errors++;
      this.print(`ping: sendmsg: ${sent.error}`, sent.error);
    }
    this.ctx.scheduler.after(this.options.timeoutNs, () => this.onTimeout(sequence));
    if (sequence < this.options.count) this.ctx.scheduler.after(this.options.intervalNs, () => this.sendRequest(sequence + 1));
  }

  private payload(now: number): Uint8Array {
    const data = new Uint8Array(this.options.size);
    for (let i = 0; i < data.length; i++) data[i] = (i + 0x10 - TIMEVAL_BYTES) & 0xff;
    if (data.length >= TIMEVAL_BYTES) {
      const view = new DataView(data.buffer);
      view.setBigUint64(0, BigInt(Math.floor(now / 1e9)), true);
      view.setBigUint64(8, BigInt(Math.floor((now % 1e9) / 1e3)), true);
    }
    return data;
  }

  private onArrival({ message, from, ttl, length }: IcmpArrival): void {
    if (this.finished) return;
    this.lastActivity = this.ctx.scheduler.now;
    if (message.kind === 'echo-reply') {
      const sentAt = this.sentAt.get(message.sequence);
      if (sentAt === undefined) return;
      const duplicate = this.answered.has(message.sequence);
      const rtt = this.ctx.scheduler.now - sentAt;
      if (!duplicate) this.rtts.push(rtt);
      this.answered.add(message.sequence);
      this.print(`${length} bytes from ${formatIpv4(from)}: icmp_seq=${message.sequence} ttl=${ttl} time=${formatRtt(rtt)} ms${duplicate ? ' (DUP!)' : ''}`,
        `reply ${message.sequence} came back after ${formatRtt(rtt)} ms`);
    } else if (message.kind === 'redirect') {
      // iputils prints a redirect about one of its requests, but it is not an answer: the request went on its way.
      const echo = quotedEcho(message.original);
      if (!echo) return;
      const gateway = formatIpv4(message.gateway);
      this.print(`From ${formatIpv4(from)}: icmp_seq=${echo.sequence} ${redirectWording(message.code)}(New nexthop: ${gateway})`,
        `${formatIpv4(from)} says ${gateway} is the better first hop for ${formatIpv4(this.options.target)}; the request was still passed on`);
      return;
    } else if (message.kind === 'destination-unreachable' || message.kind === 'time-exceeded') {
      const echo = quotedEcho(message.original);
      if (!echo || this.answered.has(echo.sequence)) return;
      this.answered.add(echo.sequence);
      this.errors++;
      const what = message.kind === 'time-exceeded' ? 'Time to live exceeded' : unreachableWording(message.code);
      this.print(`From ${formatIpv4(from)} icmp_seq=${echo.sequence} ${what}`, `${formatIpv4(from)} reports request ${echo.sequence} could not be delivered: ${what.toLowerCase()}`);
    }
    if (this.answered.size === this.options.count) this.finish();
  }

  private onTimeout(sequence: number): void {
    if (this.finished || this.answered.has(sequence)) return;
    this.print(`no answer yet for icmp_seq=${sequence}`, `no reply to request ${sequence} within ${this.options.timeoutNs / 1e6} ms`);
    if (sequence === this.options.count) this.finish();
  }

  private finish(): void {
    this.finished = true;
    this.host.unlisten(this.identifier);
    const received = this.rtts.length;
    const loss = Number((((this.transmitted - received) * 100) / this.transmitted).toPrecision(6));
    const elapsedMs = Math.round((this.lastActivity - this.startedAt) / 1e6);
    const errors = this.errors ? `+${this.errors} errors, ` : '';
    const target = formatIpv4(this.options.target);
    this.print(`--- ${target} ping statistics ---`, 'ping finished');
    this.print(`${this.transmitted} packets transmitted, ${received} received, ${errors}${loss}% packet loss, time ${elapsedMs}ms`,
      `${received} of ${this.transmitted} requests answered`);
    if (received > 0) {
      const ms = this.rtts.map((ns) => ns / 1e6);
      const avg = ms.reduce((a, b) => a + b, 0) / ms.length;
      const mdev = Math.sqrt(ms.reduce((a, b) => a + b * b, 0) / ms.length - avg * avg);
      const f = (x: number) => x.toFixed(3);
      this.print(`rtt min/avg/max/mdev = ${f(Math.min(...ms))}/${f(avg)}/${f(Math.max(...ms))}/${f(mdev)} ms`, 'round-trip times');
    }
  }

  private print(line: string, reason: string): void {
    this.ctx.trace.record({
      device: this.deviceId, type: 'app', protocol: 'ping', summary: line,
      layers: [{ layer: 7, protocol: 'ping', reason }],
      app: { name: 'ping', run: this.run, line },
    });
  }
}

/** iputils ping's own words for the unreachable codes it meets most. */
function unreachableWording(code: number): string {
  const words = ['Destination Net Unreachable', 'Destination Host Unreachable', 'Destination Protocol Unreachable', 'Destination Port Unreachable'];
  return words[code] ?? `Dest Unreachable, Bad Code: ${code}`;
}

/** iputils ping's words for redirect codes. */
function redirectWording(code: number): string {
  const words = ['Redirect Network', 'Redirect Host', 'Redirect Type of Service and Network', 'Redirect Type of Service and Host'];
  return words[code] ?? `Redirect, Bad Code: ${code}`;
}

/** Linux ping's precision: 3 decimals below 1 ms, fewer as the time grows. */
function formatRtt(ns: number): string {
  const ms = ns / 1e6;
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}
