/**
 * The two byte queues of a TCP connection, indexed by sequence offset from
 * the connection's start (never wrapping: the wire's 32-bit numbers are
 * worked out at the edge): what the app wrote and the peer has not yet
 * acknowledged, and what arrived ahead of a gap (RFC 9293 §3.10.7.4: "segments
 * with higher beginning sequence numbers may be held for later processing").
 */

/** Bytes the app has written, from the oldest unacknowledged one on. */
export class SendBuffer {
  private bytes = new Uint8Array(4096);
  private head = 0;
  private tail = 0;
  /** The sequence offset of the byte at `head`. */
  private base: number;

  constructor(firstOffset: number) {
    this.base = firstOffset;
  }

  /** The offset just past the last byte written. */
  get end(): number {
    return this.base + this.tail - this.head;
  }

  append(data: Uint8Array): void {
    if (this.tail + data.length > this.bytes.length) {
      const kept = this.tail - this.head;
      const size = Math.max(this.bytes.length, 2 * (kept + data.length));
      const grown = size === this.bytes.length ? this.bytes : new Uint8Array(size);
      grown.set(this.bytes.subarray(this.head, this.tail), 0);
      this.bytes = grown;
      this.head = 0;
      this.tail = kept;
    }
    this.bytes.set(data, this.tail);
    this.tail += data.length;
  }

  /** A copy of `length` bytes from offset `from` (which must still be held). */
  read(from: number, length: number): Uint8Array {
    const at = this.head + (from - this.base);
    return this.bytes.slice(at, at + length);
  }

  /** Forgets the bytes before `offset`: the peer has them. */
  release(offset: number): void {
    const count = Math.min(offset - this.base, this.tail - this.head);
    if (count <= 0) return;
    this.head += count;
    this.base += count;
    if (this.head === this.tail) this.head = this.tail = 0;
  }
}

interface Block {
  start: number;
  bytes: Uint8Array;
}

/** Data that arrived beyond a gap, kept in order, overlaps merged, until the gap is filled. */
export class Reassembly {
  private blocks: Block[] = [];
  /** The start of the block most recently added to, for the first SACK block (RFC 2018 §4). */
  private latest = -1;

  get empty(): boolean {
    return this.blocks.length === 0;
  }

  /** Holds bytes starting at `start` (past the next expected byte). */
  add(start: number, bytes: Uint8Array): void {
    let end = start + bytes.length;
    let data = bytes.slice();
    const kept: Block[] = [];
    for (const block of this.blocks) {
      const blockEnd = block.start + block.bytes.length;
      if (blockEnd < start || block.start > end) {
        kept.push(block);
        continue;
      }
      // Overlapping or touching: merge into one block.
      const mergedStart = Math.min(start, block.start);
      const mergedEnd = Math.max(end, blockEnd);
      const merged = new Uint8Array(mergedEnd - mergedStart);
      merged.set(block.bytes, block.start - mergedStart);
      merged.set(data, start - mergedStart);
      start = mergedStart;
      end = mergedEnd;
      data = merged;
    }
    kept.push({ start, bytes: data });
    kept.sort((a, b) => a.start - b.start);
    this.blocks = kept;
    this.latest = start;
  }

  /** Takes the held bytes that now follow on from `next`, in order. */
  take(next: number): Uint8Array[] {
    const taken: Uint8Array[] = [];
    while (this.blocks.length > 0 && this.blocks[0].start <= next) {
      const block = this.blocks.shift()!;
      const end = block.start + block.bytes.length;
      if (end > next) {
        taken.push(block.bytes.subarray(next - block.start));
        next = end;
      }
    }
    return taken;
  }

  /** The held ranges as SACK blocks, the most recently changed first, at most `limit` (RFC 2018 §4). */
  sackBlocks(limit: number): { start: number; end: number }[] {
    const ranges = this.blocks.map((b) => ({ start: b.start, end: b.start + b.bytes.length }));
    const first = ranges.findIndex((r) => r.start <= this.latest && this.latest < r.end);
    if (first > 0) ranges.unshift(...ranges.splice(first, 1));
    return ranges.slice(0, limit);
  }
}
