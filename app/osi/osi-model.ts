/**
 * Pure helpers behind the OSI view: the seven layers, which header field a
 * byte belongs to, and what changed in a frame since its previous hop.
 */
import type { TraceEvent } from '../../sim-worker/api';
import type { DecodedLayer, Field, OsiLayer } from '../../sim-worker/wire/fields';

export const OSI_LAYERS: readonly { layer: OsiLayer; name: string }[] = [
  { layer: 7, name: 'Application' },
  { layer: 6, name: 'Presentation' },
  { layer: 5, name: 'Session' },
  { layer: 4, name: 'Transport' },
  { layer: 3, name: 'Network' },
  { layer: 2, name: 'Data link' },
  { layer: 1, name: 'Physical' },
];

/** A field with where it sits: which decoded layer, and a key stable across hops. */
export interface PlacedField extends Field {
  key: string;
  protocol: string;
  layerIndex: number;
}

export function fieldKey(protocol: string, name: string): string {
  return `${protocol}/${name}`;
}

export function placeFields(layers: readonly DecodedLayer[]): PlacedField[] {
  return layers.flatMap((layer, layerIndex) =>
    layer.fields.map((field) => ({ ...field, key: fieldKey(layer.protocol, field.name), protocol: layer.protocol, layerIndex })),
  );
}

/**
 * For each byte of the frame, the narrowest field covering it (a checksum
 * inside a header, say), or -1. Returned as indexes into `fields`.
 */
export function fieldOfEachByte(fields: readonly PlacedField[], frameLength: number): Int32Array {
  const owner = new Int32Array(frameLength).fill(-1);
  const width = new Int32Array(frameLength).fill(0x7fffffff);
  fields.forEach((field, index) => {
    const end = Math.min(frameLength, field.offset + field.length);
    for (let i = Math.max(0, field.offset); i < end; i++) {
      if (field.length < width[i]) {
        width[i] = field.length;
        owner[i] = index;
      }
    }
  });
  return owner;
}

/** For each byte, the innermost decoded layer it belongs to (for tinting the hex dump), or -1. */
export function layerOfEachByte(layers: readonly DecodedLayer[], frameLength: number): Int8Array {
  const owner = new Int8Array(frameLength).fill(-1);
  layers.forEach((layer, index) => {
    const end = Math.min(frameLength, layer.offset + layer.length);
    for (let i = Math.max(0, layer.offset); i < end; i++) owner[i] = index;
  });
  return owner;
}

/** The same frame (by id) seen at another device before this event: the previous hop. */
export function previousHop(events: readonly TraceEvent[], index: number): TraceEvent | null {
  const event = events[index];
  if (!event?.frame) return null;
  for (let i = index - 1; i >= 0; i--) {
    const e = events[i];
    if (e.frame?.id === event.frame.id && e.device !== event.device) return e;
  }
  return null;
}

/** The next event carrying the same frame at another device. */
export function nextHop(events: readonly TraceEvent[], index: number): TraceEvent | null {
  const event = events[index];
  if (!event?.frame) return null;
  for (let i = index + 1; i < events.length; i++) {
    const e = events[i];
    if (e.frame?.id === event.frame.id && e.device !== event.device) return e;
  }
  return null;
}

/** Fields whose value differs from the previous hop's copy, with the old value. */
export function changedFields(now: readonly PlacedField[], before: readonly PlacedField[]): Map<string, string> {
  const old = new Map(before.map((f) => [f.key, f.value]));
  const changed = new Map<string, string>();
  for (const field of now) {
    const was = old.get(field.key);
    if (was !== undefined && was !== field.value) changed.set(field.key, was);
  }
  return changed;
}

/** The highest layer the device reached for this event (0 when it noted none). */
export function highestLayer(event: TraceEvent): number {
  return event.layers.reduce((top, note) => Math.max(top, note.layer), 0);
}
