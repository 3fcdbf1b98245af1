/**
 * A network interface and the cable plugged into it. Links are full duplex:
 * each side has its own transmitter with a bounded queue. A frame occupies the
 * transmitter for its serialization time, then arrives at the far end after
 * the propagation delay.
 *
 * A link has carrier while its cable is whole and the cards at both ends are
 * powered. When carrier goes, frames on the cable are lost and the transmit
 * queue is flushed (Linux resets the qdisc of a device that loses carrier);
 * each end's device is told, and the change is traced at each powered end.
 */
import type { LayerNote } from '../api';
import type { SimContext } from './context';
import type { RecentMap } from './recent-map';
import { type NoteInput, withNote } from './trace';

/** What a device must offer its interfaces. */
export interface NicOwner {
  readonly id: string;
  readonly ctx: SimContext;
  receive(nic: Nic, bytes: Uint8Array, frameId: number): void;
  /** Carrier came or went on one of its interfaces; returns what the device did about it, for the trace. */
  linkChanged?(nic: Nic, up: boolean): LayerNote[];
}

export interface Cable {
  id: string;
  bandwidthBps: number;
  delayNs: number;
  /** The chance (0 to 1) that a frame is lost on the way, drawn from the seeded PRNG frame by frame. */
  lossRate?: number;
  /** The chance (0 to 1) that a frame takes a slower path and arrives after frames sent after it. */
  reorderRate?: number;
  /** Cut by the learner: no carrier at either end until it is restored. */
  cut?: boolean;
}

/** What a device's stack said at layer 2 of frames arriving on a card, by the other MAC address: the same words frame after frame, so made once (stack/ethernet-in.ts). */
export interface ArrivalWords {
  forMe: RecentMap<string, LayerNote>;
  broadcast: RecentMap<string, LayerNote>;
  notForMe: Map<string, LayerNote[]>;
}

/** Linux's default txqueuelen. */
export const DEFAULT_QUEUE_FRAMES = 1000;

/** On the wire a frame also carries its FCS (4), preamble and start delimiter (8), then an inter-frame gap (12). */
const WIRE_OVERHEAD_BYTES = 24;
/** A full-size Ethernet frame without its FCS: 14 bytes of header and 1500 of payload. */
const MAX_FRAME_BYTES = 1514;

export class Nic {
  cable?: Cable;
  peer?: Nic;
  /** Kept here, not in a map by card, because it is looked up for every frame that arrives. */
  arrivalWords?: ArrivalWords;
  /**
   * The transmitter is busy with a frame until `busyUntil`, when its finish
   * task (scheduling order `finishOrder`) would run. That task is scheduled
   * only once a frame has to wait for it: with nothing queued, all it would
   * do is free the transmitter, and whether it has is known from the clock.
   * Its order is taken when the frame starts, so it runs exactly where it
   * always would have.
   */
  private sending = false;
  private busyUntil = 0;
  private finishOrder = 0;
  private finishScheduled = false;
  /** Frames waiting for the transmitter, with what their device said of them. */
  private queue = new FrameFifo();
  /** Frames on the cable, first to arrive first: one cable delivers in the order it sends. */
  private inFlight = new FrameFifo();
  /** The layer-1 note for each frame length, worded once per cable; the last one used is also kept here, in the card itself, which is in the cache already. */
  private sendNotes: LayerNote[] = [];
  private lastNoteLength = -1;
  private lastNote?: LayerNote;
  private notedCable?: Cable;
  private notedBandwidth = 0;
  private notedDelay = 0;
  private readonly finishBound = () => this.finish();
  private readonly arriveBound = () => this.arrive();
  /** Off while its device is powered off. */
  private powered = true;
  /** Frames at the head of `inFlight` that were lost when carrier went: they never arrive. */
  private lostInFlight = 0;

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

  /** Carrier: a cable plugged in and whole, and powered cards at both ends. */
  get linkUp(): boolean {
    return this.cable !== undefined && !this.cable.cut && this.powered && this.peer !== undefined && this.peer.powered;
  }

  /** Powers the card off or on (with its device); `why` says what happened, as "PC-1 was powered off". */
  setPowered(on: boolean, why: string): void {
    this.changeCarrier(() => (this.powered = on), why);
  }

  /** Cuts or restores the cable plugged in here; `why` says what happened, as "the cable was cut". */
  setCut(cut: boolean, why: string): void {
    const cable = this.cable;
    if (!cable || this.changeCarrier(() => (cable.cut = cut), why)) return;
    // No link came or went (a device at one end is off), but the cable itself changed: say so, once.
    const end = this.powered ? this : this.peer!;
    end.owner.ctx.trace.record({
      device: end.owner.id, interface: end.name, link: cable.id, type: 'state', protocol: 'Ethernet', summary: `${end.name}: still no link`,
      layers: [{ layer: 1, protocol: 'Ethernet', reason: `${end.name} has no link either way (${end.noLinkReason()}): the cable was ${cut ? 'cut' : 'restored'}` }],
    });
  }

  /** Applies a change, then handles carrier going or coming at each end it changed at; false when it changed at neither. */
  private changeCarrier(change: () => void, why: string): boolean {
    const ends = this.peer ? [this, this.peer] : [this];
    const before = ends.map((nic) => nic.linkUp);
    change();
    let changed = false;
    ends.forEach((nic, i) => {
      const up = nic.linkUp;
      if (up === before[i]) return;
      changed = true;
      nic.carrierChanged(up, why);
    });
    return changed;
  }

  private carrierChanged(up: boolean, why: string): void {
    const { trace } = this.owner.ctx;
    if (!up) {
      this.loseInFlight(why);
      this.flushQueue(why);
    }
    const notes = this.owner.linkChanged?.(this, up) ?? [];
    // A powered-off device notices nothing: its own power-off event says it all.
    if (!this.powered) return;
    trace.record({
      device: this.owner.id, interface: this.name, link: this.cable?.id, type: 'state', protocol: 'Ethernet',
      summary: `${this.name}: link ${up ? 'up' : 'down'}`,
      layers: [{ layer: 1, protocol: 'Ethernet', reason: `${this.name} ${up ? 'has a link again' : 'lost its link'}: ${why}` }, ...notes],
    });
  }

  /**
   * Frames this card sent that are still on the cable never arrive (the one
   * being serialised included: its time slot still runs out, then the
   * transmitter is free again). Their loss is traced at the far end, now.
   */
  private loseInFlight(why: string): void {
    const peer = this.peer!;
    const onCable = this.inFlight.entries();
    for (const { bytes, id } of onCable.slice(this.lostInFlight)) {
      this.owner.ctx.trace.record({
        device: peer.owner.id, interface: peer.name, link: this.cable?.id, type: 'drop', frame: { id, bytes },
        layers: [{ layer: 1, protocol: 'Ethernet', reason: `lost on the way: ${why} while the frame was on it, so it never arrives` }],
      });
    }
    this.lostInFlight = onCable.length;
  }

  /** Frames still waiting to go are thrown away. */
  private flushQueue(why: string): void {
    for (const frame of this.queue.clear()) {
      this.owner.ctx.trace.record({
        device: this.owner.id, interface: this.name, link: this.cable?.id, type: 'drop', frame: { id: frame.id, bytes: frame.bytes },
        layers: [...frame.notes!, { layer: 1, protocol: 'Ethernet', reason: `${this.name} lost its link (${why}) while this frame waited in the transmit queue: the queue is thrown away` }],
      });
    }
  }

  /** Why there is no carrier, in a learner's words. */
  private noLinkReason(): string {
    const { nameOf } = this.owner.ctx;
    if (this.cable?.cut) return 'its cable is cut';
    if (!this.powered) return `${nameOf(this.owner.id)} is powered off`;
    return `${nameOf(this.peer!.owner.id)} at the other end is powered off`;
  }

  /** Puts a frame on the cable, or in the queue while the cable is busy. `notes` are the device's reasons above layer 1. */
  transmit(bytes: Uint8Array, frameId: number, notes: NoteInput[]): void {
    const { trace } = this.owner.ctx;
    if (!this.cable || !this.peer) {
      trace.record({
        device: this.owner.id, interface: this.name, type: 'drop', frame: { id: frameId, bytes },
        layers: withNote(notes, { layer: 1, protocol: 'Ethernet', reason: `${this.name} has no cable plugged in, so the frame goes nowhere` }),
      });
      return;
    }
    if (!this.linkUp) {
      trace.record({
        device: this.owner.id, interface: this.name, link: this.cable.id, type: 'drop', frame: { id: frameId, bytes },
        layers: [...notes, { layer: 1, protocol: 'Ethernet', reason: `${this.name} has no link (${this.noLinkReason()}), so the frame goes nowhere` }],
      });
      return;
    }
    if (this.sending && this.owner.ctx.scheduler.isAhead(this.busyUntil, this.finishOrder)) {
      if (this.queue.size >= this.queueFrames) {
        trace.record({
          device: this.owner.id, interface: this.name, link: this.cable.id, type: 'drop', frame: { id: frameId, bytes },
          layers: withNote(notes, { layer: 1, protocol: 'Ethernet', reason: `${this.name}'s transmit queue is full (${this.queueFrames} frames waiting): the frame is dropped` }),
        });
        return;
      }
      this.queue.push(bytes, frameId, notes);
      this.scheduleFinish();
      return;
    }
    this.start(bytes, frameId, notes);
  }

  private start(bytes: Uint8Array, frameId: number, notes: NoteInput[]): void {
    const cable = this.cable!;
    const { scheduler, trace } = this.owner.ctx;
    const serializationNs = Math.ceil(((bytes.length + WIRE_OVERHEAD_BYTES) * 8 * 1e9) / cable.bandwidthBps);
    const arriveAt = scheduler.now + serializationNs + cable.delayNs;
    this.sending = true;
    this.busyUntil = scheduler.now + serializationNs;
    this.finishOrder = scheduler.reserveOrder();
    this.finishScheduled = false;
    // Frames still waiting go when this one has left.
    if (this.queue.size > 0) this.scheduleFinish();
    trace.recordSend(this, frameId, bytes, notes, trace.detailed ? this.sendNote(bytes.length, serializationNs) : undefined, arriveAt);
    this.inFlight.push(bytes, frameId);
    scheduler.at(arriveAt, this.arriveBound);
  }

  private scheduleFinish(): void {
    if (this.finishScheduled) return;
    this.owner.ctx.scheduler.atReserved(this.busyUntil, this.finishOrder, this.finishBound);
    this.finishScheduled = true;
  }

  /** Layer 1's reason for a frame of this length: the same words for every such frame on this cable, so made once. */
  private sendNote(length: number, serializationNs: number): LayerNote {
    const cable = this.cable!;
    if (this.notedCable !== cable || this.notedBandwidth !== cable.bandwidthBps || this.notedDelay !== cable.delayNs) {
      this.sendNotes = [];
      this.lastNoteLength = -1;
      this.notedCable = cable;
      this.notedBandwidth = cable.bandwidthBps;
      this.notedDelay = cable.delayNs;
    } else if (length === this.lastNoteLength) return this.lastNote!;
    let note = this.sendNotes[length];
    if (note === undefined) {
      const peer = this.peer!;
      const reason = `${length + 4} bytes as bits onto the cable to ${this.owner.ctx.nameOf(peer.owner.id)} ${peer.name}: ${formatNs(serializationNs)} to send at ${formatBps(cable.bandwidthBps)}, ${formatNs(cable.delayNs)} to travel`;
      this.sendNotes[length] = note = { layer: 1, protocol: 'Ethernet', reason };
    }
    this.lastNoteLength = length;
    this.lastNote = note;
    return note;
  }

  private arrive(): void {
    if (this.lostInFlight > 0) {
      this.lostInFlight--;
      this.inFlight.shift();
      return;
    }
    const peer = this.peer!;
    const frameId = this.inFlight.headId();
    const { lossRate: loss, reorderRate: reorder } = this.cable!;
    if (loss && this.owner.ctx.prng.next() < loss) return this.loseOnCable(frameId, this.inFlight.shift(), loss);
    if (reorder && this.owner.ctx.prng.next() < reorder) return this.holdBack(frameId, this.inFlight.shift(), reorder);
    peer.owner.receive(peer, this.inFlight.shift(), frameId);
  }

  /**
   * A frame the cable's reorder rate sends the slow way (another path of a
   * bonded or multipath link, say): it arrives after four full-size frames'
   * time on this cable, so frames sent after it get there first.
   */
  private holdBack(id: number, bytes: Uint8Array, reorder: number): void {
    const peer = this.peer!;
    const cable = this.cable!;
    const extraNs = 4 * Math.ceil(((MAX_FRAME_BYTES + WIRE_OVERHEAD_BYTES) * 8 * 1e9) / cable.bandwidthBps);
    this.owner.ctx.trace.record({
      device: peer.owner.id, interface: peer.name, link: cable.id, type: 'state', frame: { id, bytes },
      layers: [{ layer: 1, protocol: 'Ethernet', reason: `held back on the cable: ${+(reorder * 100).toFixed(2)}% of its frames take a slower path (its reorder rate); this one arrives ${formatNs(extraNs)} late, after frames sent behind it` }],
    });
    this.owner.ctx.scheduler.after(extraNs, () => peer.owner.receive(peer, bytes, id));
  }

  /** A frame the cable's loss rate took: traced as a drop where it would have arrived. */
  private loseOnCable(id: number, bytes: Uint8Array, loss: number): void {
    const peer = this.peer!;
    this.owner.ctx.trace.record({
      device: peer.owner.id, interface: peer.name, link: this.cable!.id, type: 'drop', frame: { id, bytes },
      layers: [{ layer: 1, protocol: 'Ethernet', reason: `lost on the cable: it loses ${+(loss * 100).toFixed(2)}% of frames (its loss rate), and this one was among them, so it never arrives` }],
    });
  }

  private finish(): void {
    this.sending = false;
    this.finishScheduled = false;
    if (this.queue.size > 0) {
      const frameId = this.queue.headId();
      const notes = this.queue.headNotes()!;
      this.start(this.queue.shift(), frameId, notes);
    }
  }
}

interface FifoEntry {
  bytes: Uint8Array;
  id: number;
  notes?: NoteInput[];
}

/**
 * A first-in first-out queue of frames (and, for frames waiting to be sent,
 * what their device said of them). The first frame is held in fields of the
 * queue itself: a card seldom has more than one frame on its cable or in its
 * queue, and a frame's way through the network then touches no arrays. The
 * frames behind it wait in parallel arrays that keep their space once they
 * empty: no object is made per frame.
 */
class FrameFifo {
  private firstBytes?: Uint8Array;
  private firstId = 0;
  private firstNotes?: NoteInput[];
  private count = 0;
  private bytes: (Uint8Array | undefined)[] = [];
  private ids: number[] = [];
  private notes: (NoteInput[] | undefined)[] = [];
  /** The frames behind the first are at [head, tail) of the arrays. */
  private head = 0;
  private tail = 0;

  get size(): number {
    return this.count;
  }

  push(bytes: Uint8Array, id: number, notes?: NoteInput[]): void {
    if (this.count++ === 0) {
      this.firstBytes = bytes;
      this.firstId = id;
      this.firstNotes = notes;
      return;
    }
    this.bytes[this.tail] = bytes;
    this.notes[this.tail] = notes;
    this.ids[this.tail++] = id;
  }

  /** Every frame in the queue, first out first. */
  entries(): FifoEntry[] {
    if (this.count === 0) return [];
    const entries: FifoEntry[] = [{ bytes: this.firstBytes!, id: this.firstId, notes: this.firstNotes }];
    for (let i = this.head; i < this.tail; i++) entries.push({ bytes: this.bytes[i]!, id: this.ids[i], notes: this.notes[i] });
    return entries;
  }

  headId(): number {
    return this.firstId;
  }

  headNotes(): NoteInput[] | undefined {
    return this.firstNotes;
  }

  shift(): Uint8Array {
    const bytes = this.firstBytes!;
    if (--this.count === 0) {
      // Let the frame go: the trace holds it as long as it is wanted.
      this.firstBytes = this.firstNotes = undefined;
      return bytes;
    }
    const next = this.head;
    this.firstBytes = this.bytes[next];
    this.firstId = this.ids[next];
    this.firstNotes = this.notes[next];
    this.bytes[next] = this.notes[next] = undefined;
    if (++this.head === this.tail) this.head = this.tail = 0;
    return bytes;
  }

  /** Empties the queue; returns what was in it. */
  clear(): FifoEntry[] {
    const entries = this.entries();
    this.firstBytes = this.firstNotes = undefined;
    this.count = 0;
    this.bytes = [];
    this.ids = [];
    this.notes = [];
    this.head = this.tail = 0;
    return entries;
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
