/**
 * A learning switch (IEEE 802.1D transparent bridge, without spanning tree):
 * learns which port each source MAC is behind, forwards known unicast out of
 * that one port, floods broadcast and unknown unicast out of every other
 * port, and never sends a frame back out of the port it came in on.
 */
import type { LayerNote } from '../api';
import type { Nic } from '../engine/nic';
import type { TableSpec } from '../engine/tables';
import { isGroupMac, macFromBytes } from '../wire/address';
import { Device } from './device';

/** Linux bridge default ageing_time: 300 s. */
export const MAC_AGING_NS = 300_000_000_000;

/** How many recent frame ids a switch remembers to notice a frame coming round again. */
const RECENT_FRAMES = 1024;

export const MAC_TABLE: TableSpec = {
  name: 'mac',
  title: 'MAC table',
  columns: ['MAC address', 'Port'],
  empty: 'Empty: the switch has not seen a frame yet, so it would flood everything.',
  expires: true,
};

interface MacEntry {
  port: Nic;
  expiresAt: number;
}

const L2 = (reason: string): LayerNote => ({ layer: 2, protocol: 'Ethernet', reason });

export class Switch extends Device {
  readonly tableSpecs = [MAC_TABLE];
  private macTable = new Map<string, MacEntry>();
  private recentFrames = new Map<number, Uint8Array>();

  receive(ingress: Nic, bytes: Uint8Array, frameId: number): void {
    const frame = { id: frameId, bytes };
    if (bytes.length < 14) {
      this.ctx.trace.record({ device: this.id, interface: ingress.name, type: 'drop', frame, layers: [L2('runt frame, shorter than an Ethernet header: dropped')] });
      return;
    }
    this.noticeLoop(frameId, bytes);
    // Only the two addresses are read: a switch does not look past layer 2.
    const dst = macFromBytes(bytes, 0);
    const src = macFromBytes(bytes, 6);
    const learned = this.learn(src, ingress);
    const entry = isGroupMac(dst) ? undefined : this.lookup(dst);

    if (entry && entry.port === ingress) {
      this.ctx.trace.record({ device: this.id, interface: ingress.name, type: 'drop', frame, layers: [learned, L2(`${dst} is on ${ingress.name}, the port this came in on: it has already arrived, so the switch filters it`)] });
      return;
    }
    if (entry) {
      this.ctx.trace.record({ device: this.id, interface: ingress.name, type: 'forward', frame, layers: [learned, L2(`${dst} is on ${entry.port.name} (MAC table): forwarding out of ${entry.port.name} only`)] });
      entry.port.transmit(bytes, frameId, [L2(`forwarded from ${ingress.name}: ${dst} is behind this port`)]);
      return;
    }
    const out = [...this.nics.values()].filter((nic) => nic !== ingress && nic.peer);
    const why = dst === 'ff:ff:ff:ff:ff:ff' ? 'broadcast' : isGroupMac(dst) ? `multicast ${dst}` : `${dst} is not in the MAC table yet`;
    const ports = out.length ? out.map((nic) => nic.name).join(', ') : 'nowhere (no other cables)';
    this.ctx.trace.record({ device: this.id, interface: ingress.name, type: 'flood', frame, layers: [learned, L2(`${why}: flooding out of ${ports}, never back out of ${ingress.name}`)] });
    for (const nic of out) nic.transmit(bytes, frameId, [L2(`flooded from ${ingress.name} (${why})`)]);
  }

  private learn(src: string, port: Nic): LayerNote {
    if (isGroupMac(src)) return L2(`source ${src} is a group address: not learned`);
    const now = this.ctx.scheduler.now;
    const expiresAt = now + MAC_AGING_NS;
    const entry = this.macTable.get(src);
    const moved = entry !== undefined && entry.port !== port;
    const isNew = entry === undefined || entry.expiresAt <= now;
    // Journal a refresh only when half the ageing time has passed, to keep the journal small.
    const refresh = !isNew && !moved && entry.expiresAt - now < MAC_AGING_NS / 2;
    this.macTable.set(src, { port, expiresAt });
    if (isNew || moved || refresh) this.ctx.tables.set(this.id, MAC_TABLE.name, src, [src, port.name], expiresAt);
    if (moved) return L2(`${src} moved from ${entry.port.name} to ${port.name}: MAC table updated`);
    return L2(isNew ? `learned ${src} is on ${port.name}` : `${src} is on ${port.name}, as already known`);
  }

  private lookup(mac: string): MacEntry | undefined {
    const entry = this.macTable.get(mac);
    if (entry && entry.expiresAt <= this.ctx.scheduler.now) {
      this.macTable.delete(mac);
      this.ctx.tables.delete(this.id, MAC_TABLE.name, mac);
      return undefined;
    }
    return entry;
  }

  /**
   * In a loop-free network a frame reaches each switch once; meeting the very
   * same bytes again means it is going round a loop. (A frame id alone is not
   * enough: a router sends a packet on under the same id, and back through
   * this switch when it forwards out of the port it came in on.)
   */
  private noticeLoop(frameId: number, bytes: Uint8Array): void {
    if (this.recentFrames.get(frameId) === bytes) {
      this.ctx.notify({ kind: 'loop', message: `A loop is flooding the network: the same frame keeps coming back to ${this.name}. Switches forward broadcasts round a loop for ever (a broadcast storm); remove a cable to break the loop.`, devices: [this.id] });
      return;
    }
    this.recentFrames.delete(frameId);
    this.recentFrames.set(frameId, bytes);
    if (this.recentFrames.size > RECENT_FRAMES) this.recentFrames.delete(this.recentFrames.keys().next().value!);
  }
}
