/**
 * One running network: the document built into devices, one clock, the
 * trace. The worker, the CLI, the benchmark and tests all drive this class.
 */
import type { Action, CaptureScope, DeviceTable, Notice, Result } from '../api';
import { hostNameTarget, startByName } from '../apps/by-name';
import { nslookup } from '../apps/nslookup';
import { PING_DEFAULTS } from '../apps/ping';
import { TRACEROUTE_DEFAULTS } from '../apps/traceroute';
import { parseUrl } from '../apps/url';
import { type Device, IpDevice } from '../devices/device';
import { captionedByLease } from '../document/dhcp-rules';
import type { NetworkDocument } from '../document/schema';
import { virtualSwitchId } from '../document/vm-rules';
import { DHCP_LEASE_TABLE } from '../stack/dhcp-client';
import { parseIpAddress } from '../wire/address6';
import { type CaptureRecord, writePcap } from '../wire/pcap';
import { buildNetwork } from './build';
import { virtualPartNames } from './build-vms';
import type { SimContext } from './context';
import { setCableUp, setPower } from './hands-on';
import { Prng } from './prng';
import { Scheduler } from './scheduler';
import { TableJournal } from './tables';
import { DEFAULT_TRACE_WINDOW, TraceRecorder } from './trace';

export const DEFAULT_SEED = 1;

export interface SimulationOptions {
  seed?: number;
  traceWindow?: number;
  /** 'counters': the trace only counts events by type (for benchmarks); the default keeps full events. */
  traceDetail?: 'full' | 'counters';
}

export interface RunLimits {
  /** Stop after this many scheduler tasks. */
  maxTasks?: number;
  /** Do not run tasks later than this simulated time (ns). */
  untilNs?: number;
}

export class Simulation {
  readonly scheduler = new Scheduler();
  readonly trace: TraceRecorder;
  readonly tables: TableJournal;
  readonly devices: Map<string, Device>;
  private notices: Notice[] = [];
  private noticed = new Set<string>();
  private frameIds = 0;

  constructor(private readonly doc: NetworkDocument, options: SimulationOptions = {}) {
    this.trace = new TraceRecorder(this.scheduler, options.traceWindow ?? DEFAULT_TRACE_WINDOW, options.traceDetail !== 'counters');
    this.tables = new TableJournal(() => this.trace.upcomingSeq);
    const names = new Map([...doc.devices.map((d): [string, string] => [d.id, d.name]), ...virtualPartNames(doc)]);
    const ctx: SimContext = {
      scheduler: this.scheduler,
      trace: this.trace,
      tables: this.tables,
      prng: new Prng(options.seed ?? DEFAULT_SEED),
      newFrameId: () => ++this.frameIds,
      notify: (notice) => this.notify(notice),
      nameOf: (id) => names.get(id) ?? id,
    };
    this.devices = buildNetwork(doc, ctx);
  }

  get now(): number {
    return this.scheduler.now;
  }

  /** Nothing is happening: only background timers (lease renewals) are left, if anything. */
  get quiet(): boolean {
    return !this.scheduler.busy;
  }

  /** Starts an action at the current simulated time; it happens as the simulation runs. */
  act(action: Action): Result<void> {
    switch (action.kind) {
      case 'ping': {
        const found = this.ipDevice(action.device, 'ping');
        if (!found.ok) return found;
        const device = found.value;
        const target = targetOf(device, action.target);
        const name = target.ok ? undefined : hostNameTarget(action.target);
        if (!target.ok && name === undefined) return target;
        const count = action.count ?? PING_DEFAULTS.count;
        const size = action.size ?? PING_DEFAULTS.size;
        const intervalMs = action.intervalMs ?? PING_DEFAULTS.intervalMs;
        const timeoutMs = action.timeoutMs ?? PING_DEFAULTS.timeoutMs;
        if (!Number.isInteger(count) || count < 1 || count > 1000) return { ok: false, error: 'The count must be a whole number from 1 to 1000' };
        // One echo request in one 1500-byte Ethernet frame: 1500 − 20 (IPv4) or 40 (IPv6) − 8 (ICMP).
        const maxSize = target.ok && typeof target.value === 'bigint' ? 1452 : 1472;
        if (!Number.isInteger(size) || size < 0 || size > maxSize) return { ok: false, error: `The size must be from 0 to ${maxSize} bytes, so one echo request fits in one Ethernet frame` };
        if (!(intervalMs >= 1) || !(timeoutMs >= 1)) return { ok: false, error: 'The interval and the timeout must be at least 1 ms' };
        const options = { count, size, intervalNs: Math.round(intervalMs * 1e6), timeoutNs: Math.round(timeoutMs * 1e6) };
        if (!target.ok) return startByName(device, 'ping', name!, (address) => device.ping({ target: address, name, ...options }));
        device.ping({ target: target.value, ...options });
        return { ok: true, value: undefined };
      }
      case 'traceroute': {
        const found = this.ipDevice(action.device, 'traceroute');
        if (!found.ok) return found;
        const target = targetOf(found.value, action.target);
        const name = target.ok ? undefined : hostNameTarget(action.target);
        if (!target.ok && name === undefined) return target;
        const maxHops = action.maxHops ?? TRACEROUTE_DEFAULTS.maxHops;
        const queries = action.queries ?? TRACEROUTE_DEFAULTS.queries;
        const waitMs = action.waitMs ?? TRACEROUTE_DEFAULTS.waitMs;
        const simultaneous = action.simultaneous ?? TRACEROUTE_DEFAULTS.simultaneous;
        // Linux traceroute's own limits: -m up to 255, -q 1 to 10.
        if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > 255) return { ok: false, error: 'The most hops must be a whole number from 1 to 255 (a TTL is one byte)' };
        if (!Number.isInteger(queries) || queries < 1 || queries > 10) return { ok: false, error: 'The probes per hop must be a whole number from 1 to 10' };
        if (!Number.isInteger(simultaneous) || simultaneous < 1) return { ok: false, error: 'The probes sent at once must be a whole number, 1 or more' };
        if (!(waitMs >= 1)) return { ok: false, error: 'The wait for each probe must be at least 1 ms' };
        const options = { maxHops, queries, waitNs: Math.round(waitMs * 1e6), simultaneous };
        if (!target.ok) return startByName(found.value, 'traceroute', name!, (address) => found.value.traceroute({ target: address, name, ...options }));
        found.value.traceroute({ target: target.value, ...options });
        return { ok: true, value: undefined };
      }
      case 'link':
        return setCableUp(this.doc, this.devices, action.link, action.up);
      case 'power':
        return setPower(this.devices, action.device, action.on);
      case 'nslookup': {
        const found = this.ipDevice(action.device, 'nslookup');
        return found.ok ? nslookup(found.value, action.name, action.type) : found;
      }
      case 'dhcp': {
        const found = this.ipDevice(action.device, 'dhclient');
        if (!found.ok) return found;
        const { name, dhcpClients } = found.value;
        const client = action.interface === undefined ? [...dhcpClients.values()][0] : dhcpClients.get(action.interface);
        if (!client) return { ok: false, error: action.interface === undefined ? `${name} has no interface set to DHCP` : `${name} ${action.interface} does not take its address by DHCP` };
        if (action.op !== 'renew' && action.op !== 'release') return { ok: false, error: 'A DHCP action is "renew" or "release"' };
        return action.op === 'renew' ? client.renew() : client.release();
      }
      case 'browse': {
        const found = this.ipDevice(action.device, 'a browser');
        if (!found.ok) return found;
        const url = typeof action.url === 'string' ? parseUrl(action.url) : { ok: false as const, error: 'The URL must be text, like "http://www.example.test/"' };
        if (!url.ok) return url;
        found.value.browse(action.url);
        return { ok: true, value: undefined };
      }
    }
  }

  /** Computers and routers have an IP stack to run apps on; switches and hubs do not. */
  private ipDevice(id: string, app: string): Result<IpDevice> {
    const device = this.devices.get(id);
    if (!device) return { ok: false, error: `There is no device "${id}" in this network` };
    if (!(device instanceof IpDevice)) return { ok: false, error: `${device.name} is not a computer, so it cannot run ${app}` };
    if (!device.poweredOn) return { ok: false, error: `${device.name} is powered off: power it on to run ${app}` };
    return { ok: true, value: device };
  }

  /**
   * Runs tasks until the network is quiet or a limit is reached; returns how
   * many ran. Given `untilNs`, background timers up to then run too.
   */
  run(limits: RunLimits = {}): number {
    const maxTasks = limits.maxTasks ?? Infinity;
    const until = limits.untilNs ?? Infinity;
    const toTime = until !== Infinity;
    const ran = this.scheduler.runTasks(maxTasks, until, toTime);
    if (until !== Infinity && this.scheduler.now < until && this.scheduler.nextTime > until) this.scheduler.now = until;
    this.tables.forgetBefore(this.trace.firstSeq);
    return ran;
  }

  /** Notices raised since the last call (each kind of loop warning once per network load). */
  takeNotices(): Notice[] {
    const taken = this.notices;
    this.notices = [];
    return taken;
  }

  deviceTables(deviceId: string, atSeq: number): Result<DeviceTable[]> {
    const device = this.devices.get(deviceId);
    if (!device) return { ok: false, error: `There is no device "${deviceId}" in this network` };
    const time = this.timeOf(atSeq);
    const own = this.tables.snapshot(deviceId, device.tableSpecs, atSeq, time);
    // A VM host's virtual switch has no node of its own on the canvas: its MAC tables show with the host's.
    const vswitch = this.devices.get(virtualSwitchId(deviceId));
    const inside = vswitch ? this.tables.snapshot(vswitch.id, vswitch.tableSpecs, atSeq, time).map((t) => ({ ...t, title: `Virtual switch ${t.title}` })) : [];
    return { ok: true, value: [...own, ...inside] };
  }

  /**
   * The address each computer or server on DHCP holds on its first
   * interface as of event `atSeq` (from its lease table, as the canvas
   * shows it), by device id; one with no lease then is left out.
   */
  leasedAddresses(atSeq: number): Record<string, string> {
    const time = this.timeOf(atSeq);
    const leased: Record<string, string> = {};
    for (const device of this.doc.devices.filter(captionedByLease)) {
      const [lease] = this.tables.snapshot(device.id, [DHCP_LEASE_TABLE], atSeq, time);
      const row = lease.rows.find((cells) => cells[0] === device.interfaces[0].name);
      if (row) leased[device.id] = row[1];
    }
    return leased;
  }

  /** When event `atSeq` happened, so expiry is judged then; past the last event, the engine's time now. */
  private timeOf(atSeq: number): number {
    return atSeq < this.trace.upcomingSeq ? (this.trace.find(atSeq)?.t ?? this.now) : this.now;
  }

  /** A pcap of the frames still in the trace window that crossed the given cable or interface, or every cable. */
  capture(scope: CaptureScope): Result<Uint8Array> {
    if (scope.kind === 'link' && !this.doc.links.some((l) => l.id === scope.link)) return { ok: false, error: `There is no cable "${scope.link}" in this network` };
    if (scope.kind === 'interface' && !this.devices.get(scope.device)?.nics.has(scope.interface)) {
      return { ok: false, error: `There is no interface ${scope.interface} on "${scope.device}"` };
    }
    const records: CaptureRecord[] = [];
    for (const event of this.trace.events) {
      if (event.type !== 'send' || !event.frame || !event.hop) continue;
      const { bytes } = event.frame;
      if (scope.kind === 'all' || (scope.kind === 'link' && event.link === scope.link)) records.push({ t: event.t, bytes });
      else if (scope.kind === 'interface') {
        if (event.device === scope.device && event.interface === scope.interface) records.push({ t: event.t, bytes });
        else if (event.hop.toDevice === scope.device && event.hop.toInterface === scope.interface) records.push({ t: event.hop.arriveAt, bytes });
      }
    }
    records.sort((a, b) => a.t - b.t);
    return { ok: true, value: writePcap(records) };
  }

  private notify(notice: Notice): void {
    // Each duplicate address is worth its own notice; other kinds once per load.
    const key = notice.kind === 'duplicate-address' ? `${notice.kind} ${notice.message}` : notice.kind;
    if (this.noticed.has(key)) return;
    this.noticed.add(key);
    this.notices.push(notice);
  }
}

/** The target of ping or traceroute: an IPv4 address, or an IPv6 one on a device that speaks IPv6. */
function targetOf(device: IpDevice, text: string): Result<number | bigint> {
  const target = parseIpAddress(text);
  if (target.ok && typeof target.value === 'bigint' && !device.ipv6) return { ok: false, error: `${device.name} has no IPv6, so it cannot reach ${text}` };
  return target;
}
