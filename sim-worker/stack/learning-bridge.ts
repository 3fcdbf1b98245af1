/**
 * A learning bridge (IEEE 802.1D transparent bridging, without spanning tree),
 * as a switch, a home router's built-in switch and a VM host's virtual switch
 * all do it: learn which port each source MAC is behind, forward known unicast
 * out of that one port, flood broadcast and unknown unicast out of every other
 * port, never send a frame back out of the port it came in on, and forget an
 * address not heard from for the ageing time.
 */
import type { LayerNote } from '../api';
import type { SimContext } from '../engine/context';
import { Nic, type NicOwner } from '../engine/nic';
import { RecentMap } from '../engine/recent-map';
import type { TableSpec } from '../engine/tables';
import { isGroupMac, macFromBytes } from '../wire/address';

/** Linux bridge default ageing_time: 300 s. */
export const MAC_AGING_NS = 300_000_000_000;

/** How many recent frame ids a bridge remembers to notice a frame coming round again (a power of two). */
const RECENT_FRAMES = 1024;
/** A remembered frame: its length, then its first 24 bytes as 32-bit words. */
const HEAD_WORDS = 6;
const RECENT_SLOT = HEAD_WORDS + 1;

export const MAC_TABLE: TableSpec = {
  name: 'mac',
  title: 'MAC table',
  columns: ['MAC address', 'Port'],
  empty: 'Empty: the switch has not seen a frame yet, so it would flood everything.',
  expires: true,
};

/** Where a bridge can send a frame: a switch port, or the way into a device's own IP stack. */
export interface BridgePort {
  readonly name: string;
  transmit(bytes: Uint8Array, frameId: number, notes: LayerNote[]): void;
}

interface MacEntry<P> {
  port: P;
  /** Undefined for a device's own address, which never ages (Linux's "permanent" local entries). */
  expiresAt?: number;
  /** The expiry the live table shows: refreshes are journaled only once half the ageing time is gone from it. */
  shownUntil?: number;
  /** What is said of a frame from this address, and of one forwarded to it, while it stays on `port`: the same words frame after frame, so made once. */
  heard?: LayerNote;
  forwarding?: LayerNote;
  /** The egress notes of frames forwarded to this address, and the note of a frame filtered, by the port they came in on. */
  forwardedFrom?: RecentMap<P, LayerNote[]>;
  filtered?: LayerNote;
}

const L2 = (reason: string): LayerNote => ({ layer: 2, protocol: 'Ethernet', reason });

/** Nothing said before the bridge: shared by the frames of a plain switch, so none makes an empty array. */
const NOTHING_BEFORE: readonly LayerNote[] = [];

export class LearningBridge<P extends BridgePort> {
  private macTable = new Map<string, MacEntry<P>>();
  /**
   * Recent frames by frame id modulo RECENT_FRAMES (ids are handed out in
   * order, so this keeps about the last RECENT_FRAMES): each one's id, and
   * its length and first bytes (`RECENT_SLOT` numbers each); numbers, not the
   * frame itself, which would keep its bytes' whole slab alive (wire/bytes.ts).
   */
  private recentIds = new Float64Array(RECENT_FRAMES).fill(-1);
  private recentHeads = new Int32Array(RECENT_FRAMES * RECENT_SLOT);

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    /** The ports a frame can be flooded out of now: those with a cable, and any way into the device itself. */
    private readonly ports: () => Iterable<P>,
    private readonly table: TableSpec = MAC_TABLE,
  ) {}

  /** The device's own MAC behind `port`: known from the start and never aged out, as a Linux bridge keeps its own addresses. */
  addLocal(mac: string, port: P): void {
    this.macTable.set(mac, { port });
    this.ctx.tables.preset(this.deviceId, this.table.name, mac, [mac, port.name]);
  }

  /** A frame came in on `ingress`; `before` is what was said about it before it reached the bridge (by the device's own stack). */
  receive(ingress: P, bytes: Uint8Array, frameId: number, before: readonly LayerNote[] = NOTHING_BEFORE): void {
    if (bytes.length < 14) return void this.record(ingress, 'drop', bytes, frameId, before, [L2('runt frame, shorter than an Ethernet header: dropped')]);
    this.noticeLoop(frameId, bytes);
    // Only the two addresses are read: a bridge does not look past layer 2.
    const dst = macFromBytes(bytes, 0);
    const src = macFromBytes(bytes, 6);
    const learned = this.learn(src, ingress);
    const entry = isGroupMac(dst) ? undefined : this.lookup(dst);

    if (entry && entry.port === ingress) {
      const filtered = (entry.filtered ??= L2(`${dst} is on ${ingress.name}, the port this came in on: it has already arrived, so the switch filters it`));
      return void this.record(ingress, 'drop', bytes, frameId, before, [learned, filtered]);
    }
    if (entry) {
      this.record(ingress, 'forward', bytes, frameId, before, [learned, (entry.forwarding ??= L2(`${dst} is on ${entry.port.name} (MAC table): forwarding out of ${entry.port.name} only`))]);
      const forwardedFrom = (entry.forwardedFrom ??= new RecentMap());
      let egress = forwardedFrom.get(ingress);
      if (egress === undefined) forwardedFrom.set(ingress, (egress = [L2(`forwarded from ${ingress.name}: ${dst} is behind this port`)]));
      entry.port.transmit(bytes, frameId, egress);
      return;
    }
    const out = [...this.ports()].filter((port) => port !== ingress);
    const why = dst === 'ff:ff:ff:ff:ff:ff' ? 'broadcast' : isGroupMac(dst) ? `multicast ${dst}` : `${dst} is not in the MAC table yet`;
    const names = out.length ? out.map((port) => port.name).join(', ') : 'nowhere (no other port has a link)';
    this.record(ingress, 'flood', bytes, frameId, before, [learned, L2(`${why}: flooding out of ${names}, never back out of ${ingress.name}`)]);
    // The same words on every port it goes out of: one note for them all.
    const flooded = [L2(`flooded from ${ingress.name} (${why})`)];
    for (const port of out) port.transmit(bytes, frameId, flooded);
  }

  private record(ingress: P, type: 'drop' | 'forward' | 'flood', bytes: Uint8Array, frameId: number, before: readonly LayerNote[], layers: LayerNote[]): void {
    this.ctx.trace.recordFrame(this.deviceId, ingress.name, undefined, type, frameId, bytes, before.length === 0 ? layers : before.concat(layers));
  }

  /** Forgets the addresses learned behind a port, as a Linux bridge does when the port loses its link (br_fdb_delete_by_port); returns them. */
  forgetPort(port: P): string[] {
    const forgotten = [...this.macTable].filter(([, entry]) => entry.port === port && entry.expiresAt !== undefined).map(([mac]) => mac);
    for (const mac of forgotten) this.forget(mac);
    return forgotten;
  }

  /** Forgets everything learned (power off); the device's own addresses stay. */
  clear(): void {
    for (const [mac, entry] of this.macTable) if (entry.expiresAt !== undefined) this.forget(mac);
    this.recentIds.fill(-1);
  }

  private forget(mac: string): void {
    this.macTable.delete(mac);
    this.ctx.tables.delete(this.deviceId, this.table.name, mac);
  }

  private learn(src: string, port: P): LayerNote {
    if (isGroupMac(src)) return L2(`source ${src} is a group address: not learned`);
    const entry = this.macTable.get(src);
    if (entry && entry.expiresAt === undefined) {
      return L2(entry.port === port ? `${src} is on ${port.name}, as always` : `${src} is this device's own address, yet came in on ${port.name}: not learned`);
    }
    const now = this.ctx.scheduler.now;
    const expiresAt = now + MAC_AGING_NS;
    const moved = entry !== undefined && entry.port !== port;
    const isNew = entry === undefined || entry.expiresAt! <= now;
    // Journal a refresh only when half the ageing time shown has passed, to keep the journal small.
    const refresh = !isNew && !moved && entry.shownUntil! - now < MAC_AGING_NS / 2;
    if (isNew || moved || refresh) this.ctx.tables.set(this.deviceId, this.table.name, src, [src, port.name], expiresAt);
    if (isNew) {
      this.macTable.set(src, { port, expiresAt, shownUntil: expiresAt });
      return L2(`learned ${src} is on ${port.name}`);
    }
    entry.expiresAt = expiresAt;
    if (moved || refresh) entry.shownUntil = expiresAt;
    if (moved) {
      const from = entry.port.name;
      entry.port = port;
      entry.heard = entry.forwarding = entry.filtered = entry.forwardedFrom = undefined;
      return L2(`${src} moved from ${from} to ${port.name}: MAC table updated`);
    }
    return (entry.heard ??= L2(`${src} is on ${port.name}, as already known`));
  }

  private lookup(mac: string): MacEntry<P> | undefined {
    const entry = this.macTable.get(mac);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.ctx.scheduler.now) {
      this.forget(mac);
      return undefined;
    }
    return entry;
  }

  /**
   * In a loop-free network a frame reaches each bridge once; meeting the very
   * same frame again means it is going round a loop. (A frame id alone is not
   * enough: a router sends a packet on under the same id, and back through
   * this bridge when it forwards out of the port it came in on; but then
   * with its own MAC address as the source and a lower TTL, both within the
   * first 24 bytes, which are compared too.)
   */
  private noticeLoop(frameId: number, bytes: Uint8Array): void {
    const slot = frameId & (RECENT_FRAMES - 1);
    const heads = this.recentHeads;
    const at = slot * RECENT_SLOT;
    if (this.recentIds[slot] === frameId && sameHead(heads, at, bytes)) {
      const name = this.ctx.nameOf(this.deviceId);
      this.ctx.notify({ kind: 'loop', message: `A loop is flooding the network: the same frame keeps coming back to ${name}. Switches forward broadcasts round a loop for ever (a broadcast storm); remove a cable to break the loop.`, devices: [this.deviceId] });
      return;
    }
    this.recentIds[slot] = frameId;
    heads[at] = bytes.length;
    for (let w = 0; w < HEAD_WORDS; w++) heads[at + 1 + w] = headWord(bytes, w);
  }
}

/** Word `w` of a frame's first bytes, big-endian, zero past its end. */
function headWord(bytes: Uint8Array, w: number): number {
  const i = w * 4;
  if (i + 3 < bytes.length) return (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
  let word = 0;
  for (let k = 0; k < 4; k++) word = (word << 8) | (i + k < bytes.length ? bytes[i + k] : 0);
  return word;
}

/** Whether the frame remembered at `at` had this length and these first bytes. */
function sameHead(heads: Int32Array, at: number, bytes: Uint8Array): boolean {
  if (heads[at] !== bytes.length) return false;
  for (let w = 0; w < HEAD_WORDS; w++) if (heads[at + 1 + w] !== headWord(bytes, w)) return false;
  return true;
}

/**
 * A device's own network card wired straight into its built-in bridge, with
 * no cable: a home router's `lan`, a VM host's side of its virtual switch.
 * What it transmits enters the bridge at once (`intoBridge`), and its link
 * is always up.
 */
export class BridgedNic extends Nic {
  constructor(
    owner: NicOwner,
    name: string,
    mac: string,
    private readonly intoBridge: (bytes: Uint8Array, frameId: number, notes: LayerNote[]) => void,
  ) {
    super(owner, name, mac);
  }

  override get linkUp(): boolean {
    return true;
  }

  override transmit(bytes: Uint8Array, frameId: number, notes: LayerNote[]): void {
    this.intoBridge(bytes, frameId, notes);
  }
}
