/**
 * A network interface and the cable plugged into it. Links are full duplex:
 * each side has its own transmitter with a bounded queue. A frame occupies the
 * transmitter for its serialization time, then arrives at the far end after
 * the propagation delay.
 */
import type { LayerNote } from '../api';
import type { SimContext } from './context';

/** What a device must offer its interfaces. */
export interface NicOwner {
  readonly id: string;
  readonly ctx: SimContext;
  receive(nic: Nic, bytes: Uint8Array, frameId: number): void;
}

export interface Cable {
  id: string;
  bandwidthBps: number;
  delayNs: number;
}

/** Linux's default txqueuelen. */
export const DEFAULT_QUEUE_FRAMES = 1000;

/** On the wire a frame also carries its FCS (4), preamble and start delimiter (8), then an inter-frame gap (12). */
const WIRE_OVERHEAD_BYTES = 24;

interface Queued {
  bytes: Uint8Array;
  frameId: number;
  notes: LayerNote[];
}

export class Nic {
  cable?: Cable;
  peer?: Nic;
  private busy = false;
  private queue: Queued[] = [];
  private queueHead = 0;

  constructor(
    readonly owner: NicOwner,
    readonly name: string,
    readonly mac: string,
    readonly queueFrames = DEFAULT_QUEUE_FRAMES,
  ) {}

  plug(cable: Cable, peer: Nic): void {
    this.cable = cable;
    this.peer = peer;
  }

  /** Puts a frame on the cable, or in the queue while the cable is busy. `notes` are the device's reasons above layer 1. */
  transmit(bytes: Uint8Array, frameId: number, notes: LayerNote[]): void {
    const { trace } = this.owner.ctx;
    if (!this.cable || !this.peer) {
      trace.record({
        device: this.owner.id, interface: this.name, type: 'drop', frame: { id: frameId, bytes },
        layers: [...notes, { layer: 1, protocol: 'Ethernet', reason: `${this.name} has no cable plugged in, so the frame goes nowhere` }],
      });
      return;
    }
    if (this.busy) {
      if (this.queue.length - this.queueHead >= this.queueFrames) {
        trace.record({
          device: this.owner.id, interface: this.name, link: this.cable.id, type: 'drop', frame: { id: frameId, bytes },
          layers: [...notes, { layer: 1, protocol: 'Ethernet', reason: `${this.name}'s transmit queue is full (${this.queueFrames} frames waiting): the frame is dropped` }],
        });
        return;
      }
      this.queue.push({ bytes, frameId, notes });
      return;
    }
    this.start(bytes, frameId, notes);
  }

  private start(bytes: Uint8Array, frameId: number, notes: LayerNote[]): void {
    const cable = this.cable!;
    const peer = this.peer!;
    const { scheduler, trace, nameOf } = this.owner.ctx;
    const serializationNs = Math.ceil(((bytes.length + WIRE_OVERHEAD_BYTES) * 8 * 1e9) / cable.bandwidthBps);
    const arriveAt = scheduler.now + serializationNs + cable.delayNs;
    this.busy = true;
    trace.record({
      device: this.owner.id, interface: this.name, link: cable.id, type: 'send', frame: { id: frameId, bytes },
      hop: { toDevice: peer.owner.id, toInterface: peer.name, arriveAt },
      layers: [
        ...notes,
        { layer: 1, protocol: 'Ethernet', reason: `${bytes.length + 4} bytes as bits onto the cable to ${nameOf(peer.owner.id)} ${peer.name}: ${formatNs(serializationNs)} to send at ${formatBps(cable.bandwidthBps)}, ${formatNs(cable.delayNs)} to travel` },
      ],
    });
    scheduler.after(serializationNs, () => this.finish());
    scheduler.at(arriveAt, () => peer.owner.receive(peer, bytes, frameId));
  }

  private finish(): void {
    this.busy = false;
    if (this.queueHead < this.queue.length) {
      const next = this.queue[this.queueHead++];
      if (this.queueHead === this.queue.length) {
        this.queue = [];
        this.queueHead = 0;
      }
      this.start(next.bytes, next.frameId, next.notes);
    }
  }
}

export function formatNs(ns: number): string {
  if (ns < 1_000) return `${ns} ns`;
  if (ns < 1_000_000) return `${+(ns / 1_000).toFixed(2)} µs`;
  if (ns < 1_000_000_000) return `${+(ns / 1_000_000).toFixed(3)} ms`;
  return `${+(ns / 1_000_000_000).toFixed(3)} s`;
}

function formatBps(bps: number): string {
  if (bps >= 1e9) return `${+(bps / 1e9).toFixed(2)} Gbit/s`;
  if (bps >= 1e6) return `${+(bps / 1e6).toFixed(2)} Mbit/s`;
  if (bps >= 1e3) return `${+(bps / 1e3).toFixed(2)} kbit/s`;
  return `${bps} bit/s`;
}
