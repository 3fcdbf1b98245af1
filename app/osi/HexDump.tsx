/**
 * The frame's bytes, 16 to a row with offsets and ASCII. Bytes are tinted by
 * the layer they belong to; the bytes of the active field light up, and
 * hovering a byte makes its field the active one.
 */
import { memo, useMemo, type MouseEvent } from 'react';
import type { DecodedLayer } from '../../sim-worker/wire/fields';
import { asciiChar, hex2 } from '../sim/format';
import { fieldOfEachByte, layerOfEachByte, type PlacedField } from './osi-model';

const BYTES_PER_ROW = 16;

interface HexDumpProps {
  bytes: Uint8Array;
  layers: readonly DecodedLayer[];
  fields: readonly PlacedField[];
  /** Index into `fields`, or null. */
  active: number | null;
  changed: ReadonlySet<string>;
  onActivate(field: number | null): void;
}

function byteIndex(event: MouseEvent): number | null {
  const target = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('[data-byte]') : null;
  return target ? Number(target.dataset.byte) : null;
}

function HexDumpComponent({ bytes, layers, fields, active, changed, onActivate }: HexDumpProps) {
  const fieldOf = useMemo(() => fieldOfEachByte(fields, bytes.length), [fields, bytes.length]);
  const layerOf = useMemo(() => layerOfEachByte(layers, bytes.length), [layers, bytes.length]);
  const activeField = active === null ? null : fields[active];

  const classFor = (i: number) => {
    let name = `hex-byte hex-byte--layer${layerOf[i] === -1 ? 'none' : layerOf[i] % 4}`;
    if (activeField && i >= activeField.offset && i < activeField.offset + activeField.length) name += ' is-active';
    const f = fieldOf[i];
    if (f !== -1 && changed.has(fields[f].key)) name += ' is-changed';
    return name;
  };

  const rows: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += BYTES_PER_ROW) rows.push(offset);

  const onMouseOver = (event: MouseEvent) => {
    const i = byteIndex(event);
    if (i === null) return;
    const f = fieldOf[i];
    onActivate(f === -1 ? null : f);
  };

  return (
    <div className="hex-dump" role="group" aria-label={`Frame bytes (${bytes.length})`} onMouseOver={onMouseOver} onMouseLeave={() => onActivate(null)}>
      {rows.map((offset) => {
        const indexes = Array.from({ length: Math.min(BYTES_PER_ROW, bytes.length - offset) }, (_, k) => offset + k);
        return (
          <div className="hex-dump__row" key={offset}>
            <span className="hex-dump__offset">{offset.toString(16).padStart(4, '0')}</span>
            <span className="hex-dump__hex">
              {indexes.map((i) => (
                <span key={i} data-byte={i} className={classFor(i)}>
                  {hex2(bytes[i])}
                </span>
              ))}
            </span>
            <span className="hex-dump__ascii" aria-hidden="true">
              {indexes.map((i) => (
                <span key={i} data-byte={i} className={classFor(i)}>
                  {asciiChar(bytes[i])}
                </span>
              ))}
            </span>
          </div>
        );
      })}
    </div>
  );
}

export const HexDump = memo(HexDumpComponent);
