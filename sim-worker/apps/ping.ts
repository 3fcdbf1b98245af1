/**
 * ping, as iputils ping on Linux prints it: echo requests every interval,
 * one line per reply or error, then the statistics. Unlike Linux it also
 * says when a request got no answer in time (like `ping -O`), because a
 * learner wants to see silence too.
 */
import type { Result } from '../api';
import type { SimContext } from '../engine/context';
import type { Reason } from '../engine/trace';
import type { IcmpArrival, Ipv4Host } from '../stack/ipv4-host';
import { formatIpv4 } from '../wire/address';
import { newBytes, writeUint64Le } from '../wire/bytes';
import { isIcmpEcho, quotedEcho } from '../wire/icmp';

export interface PingOptions {
  /** An IPv4 address as a number, an IPv6 one as a bigint. */
  target: number | bigint;
  count: number;
  intervalNs: number;
  timeoutNs: number;
  /** ICMP data bytes (Linux default 56). */
  size: number;
  /** The host name typed, when the target was looked up by name: ping then shows both. */
  name?: string;
}

/** Linux defaults; a reply is awaited up to 10 s, as iputils ping waits for the last one. */
export const PING_DEFAULTS = { count: 4, intervalMs: 1000, timeoutMs: 10_000, size: 56 } as const;

/** What came back about a request, in words that do not depend on the IP version. */
export type PingEvent =
  | { kind: 'reply'; sequence: number; from: string; ttl: number; length: number }
  | { kind: 'error'; sequence: number; from: string; words: string }
  /** Said, but no answer: the request went on its way (a redirect). */
  | { kind: 'notice'; line: string; reason: string };

/** What ping needs of an IP version: ICMP echo over IPv4 (below) or ICMPv6 echo (ping6.ts). */
export interface PingFamily {
  target: string;
  /** The first line, as iputils prints it for this version. */
  banner(size: number): string;
  route(): Result<unknown>;
  listen(identifier: number, onEvent: (event: PingEvent) => void): void;
  unlisten(identifier: number): void;
  sendRequest(identifier: number, sequence: number, data: Uint8Array, reason: Reason): Result<void>;
}

/** Linux ping puts a struct timeval (16 bytes on 64-bit) at the start of the data. */
const TIMEVAL_BYTES = 16;

export class PingRun {
  private identifier: number;
  /** By sequence number (1 to count): when each request went, and whether it was answered. */
  private sentAt: number[] = [];
  private answered: boolean[] = [];
  private answeredCount = 0;
  private rtts: number[] = [];
  private transmitted = 0;
  private errors = 0;
  private startedAt = 0;
  private lastActivity = 0;
  private finished = false;
  /**
   * Each request's wait for an answer ends at its deadline, when its timeout
   * runs in the scheduling order taken as it was sent. Deadlines come in
   * sequence order, so one task at a time waits for the next of them, in
   * that same place: thousands of runs do not fill the scheduler with waits.
   */
  private deadlines: number[] = [];
  private deadlineOrders: number[] = [];
  private lastSent = 0;
  /** The sequence whose timeout is scheduled, or 0 when none is. */
  private waitingFor = 0;
  private readonly timeoutBound = () => this.timeoutDue();

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    private readonly family: PingFamily,
    private readonly run: number,
    private readonly options: PingOptions,
  ) {
    this.identifier = ctx.prng.int(1, 0xffff);
  }

  start(): void {
    const { size } = this.options;
    const text = this.family.target;
    this.print(this.family.banner(size), `pinging ${text} with ${size} bytes of data, ${this.options.count} time(s)`);
    const route = this.family.route();
    if (!route.ok) {
      this.print('ping: connect: Network is unreachable', route.error);
      this.print(`(${route.error})`, route.error);
      this.finished = true;
      return;
    }
    this.startedAt = this.ctx.scheduler.now;
    this.family.listen(this.identifier, (event) => this.onEvent(event));
    this.sendRequest(1);
  }

  /** The machine was powered off: the program dies then and there, printing nothing more. */
  stop(): void {
    this.finished = true;
  }

  private sendRequest(sequence: number): void {
    if (this.finished) return;
    const now = this.ctx.scheduler.now;
    this.transmitted++;
    this.sentAt[sequence] = now;
    this.lastActivity = now;
    // Worded only if read, like every line of a busy network.
    const { family, identifier } = this;
    const sent = family.sendRequest(identifier, sequence, this.payload(now), () => `ping asks ${family.target} to answer: echo request id=${identifier} seq=${sequence}`);
    if (!sent.ok) {
      this.errors++;
      this.print(`ping: sendmsg: ${sent.error}`, sent.error);
    }
    this.deadlines[sequence] = now + this.options.timeoutNs;
    this.deadlineOrders[sequence] = this.ctx.scheduler.reserveOrder();
    this.lastSent = sequence;
    if (this.waitingFor === 0) this.waitFor(sequence);
    if (sequence < this.options.count) this.ctx.scheduler.after(this.options.intervalNs, () => this.sendRequest(sequence + 1));
  }

  private payload(now: number): Uint8Array {
    const data = newBytes(this.options.size);
    for (let i = 0; i < data.length; i++) data[i] = (i + 0x10 - TIMEVAL_BYTES) & 0xff;
    if (data.length >= TIMEVAL_BYTES) {
      writeUint64Le(data, 0, Math.floor(now / 1e9));
      writeUint64Le(data, 8, Math.floor((now % 1e9) / 1e3));
    }
    return data;
  }

  private onEvent(event: PingEvent): void {
    if (this.finished) return;
    this.lastActivity = this.ctx.scheduler.now;
    if (event.kind === 'reply') {
      const sentAt = this.sentAt[event.sequence];
      if (sentAt === undefined) return;
      const duplicate = this.answered[event.sequence] === true;
      const rtt = this.ctx.scheduler.now - sentAt;
      if (!duplicate) this.rtts.push(rtt);
      this.markAnswered(event.sequence);
      // Worded only if read: every reply of a busy network prints a line.
      const { length, from, sequence, ttl } = event;
      this.print(() => `${length} bytes from ${from}: icmp_seq=${sequence} ttl=${ttl} time=${formatRtt(rtt)} ms${duplicate ? ' (DUP!)' : ''}`,
        () => `reply ${sequence} came back after ${formatRtt(rtt)} ms`);
    } else if (event.kind === 'notice') {
      return this.print(event.line, event.reason);
    } else {
      if (this.answered[event.sequence] === true) return;
      this.markAnswered(event.sequence);
      this.errors++;
      this.print(`From ${event.from} icmp_seq=${event.sequence} ${event.words}`, `${event.from} reports request ${event.sequence} could not be delivered: ${event.words.toLowerCase()}`);
    }
    if (this.answeredCount === this.options.count) this.finish();
  }

  private markAnswered(sequence: number): void {
    if (this.answered[sequence] !== true) this.answeredCount++;
    this.answered[sequence] = true;
  }

  private waitFor(sequence: number): void {
    this.waitingFor = sequence;
    this.ctx.scheduler.atReserved(this.deadlines[sequence], this.deadlineOrders[sequence], this.timeoutBound);
  }

  private timeoutDue(): void {
    const sequence = this.waitingFor;
    this.onTimeout(sequence);
    // A finished run's timeouts do nothing, but its last still keeps the network busy until then.
    const next = this.finished ? Math.max(sequence + 1, this.lastSent) : sequence + 1;
    if (next <= this.lastSent) this.waitFor(next);
    else this.waitingFor = 0;
  }

  private onTimeout(sequence: number): void {
    if (this.finished) return;
    if (this.answered[sequence] !== true) this.print(`no answer yet for icmp_seq=${sequence}`, `no reply to request ${sequence} within ${this.options.timeoutNs / 1e6} ms`);
    // The wait after the last request is over: the statistics, even when the last was answered but an earlier one was not.
    if (sequence === this.options.count) this.finish();
  }

  private finish(): void {
    this.finished = true;
    this.family.unlisten(this.identifier);
    const received = this.rtts.length;
    const loss = Number((((this.transmitted - received) * 100) / this.transmitted).toPrecision(6));
    const elapsedMs = Math.round((this.lastActivity - this.startedAt) / 1e6);
    const errors = this.errors ? `+${this.errors} errors, ` : '';
    this.print(`--- ${this.family.target} ping statistics ---`, 'ping finished');
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

  private print(line: Reason, reason: Reason): void {
    this.ctx.trace.record({
      device: this.deviceId, type: 'app', protocol: 'ping', summary: line,
      layers: [{ layer: 7, protocol: 'ping', reason }],
      app: { name: 'ping', run: this.run, line },
    });
  }
}

/** ICMP echo over IPv4, as iputils ping prints it. */
export function ipv4Ping(host: Ipv4Host, target: number, name?: string): PingFamily {
  const address = formatIpv4(target);
  const text = name ?? address;
  const toEvent = ({ message, from, ttl, length }: IcmpArrival): PingEvent | undefined => {
    if (message.kind === 'echo-reply') return { kind: 'reply', sequence: message.sequence, from: formatIpv4(from), ttl, length };
    if (isIcmpEcho(message)) return undefined;
    const echo = quotedEcho(message.original);
    if (!echo) return undefined;
    if (message.kind === 'redirect') {
      // iputils prints a redirect about one of its requests, but it is not an answer: the request went on its way.
      const gateway = formatIpv4(message.gateway);
      return {
        kind: 'notice', line: `From ${formatIpv4(from)}: icmp_seq=${echo.sequence} ${redirectWording(message.code)}(New nexthop: ${gateway})`,
        reason: `${formatIpv4(from)} says ${gateway} is the better first hop for ${text}; the request was still passed on`,
      };
    }
    const words = message.kind === 'time-exceeded' ? 'Time to live exceeded' : unreachableWording(message.code);
    return { kind: 'error', sequence: echo.sequence, from: formatIpv4(from), words };
  };
  return {
    target: text,
    banner: (size) => `PING ${text} (${address}) ${size}(${size + 28}) bytes of data.`,
    route: () => host.route(target),
    listen: (identifier, onEvent) => host.listen(identifier, (arrival) => {
      const event = toEvent(arrival);
      if (event) onEvent(event);
    }),
    unlisten: (identifier) => host.unlisten(identifier),
    sendRequest: (identifier, sequence, data, reason) => host.sendIcmp(target, { kind: 'echo-request', identifier, sequence, data }, reason),
  };
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
