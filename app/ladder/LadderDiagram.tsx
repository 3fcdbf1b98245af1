/**
 * The ladder drawn as SVG: a lifeline per device, one row per hop or note,
 * each arrow slanting down a little as its frame travels. Styled with inline
 * attributes only, so the exported file looks the same anywhere. Rows are
 * buttons: a click, Enter or Space selects the event; ↑ and ↓ move between rows.
 */
import { forwardRef, type KeyboardEvent } from 'react';
import type { Ladder, LadderArrow, LadderNote, LadderRow } from './ladder-model';
import { DROP_COLOR, protocolColor } from '../sim/protocol-colors';
import { formatSimTime } from '../sim/format';
import { GUTTER, HEAD, lifelineX, wrapLabel, wrapWidth } from './ladder-layout';

const LINE = 13;
const SLANT = 6;
const NOTE_HEIGHT = 26;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
const MONO = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";
const INK = '#1d2430';
const MUTED = '#6b7482';


interface PlacedRow {
  row: LadderRow;
  top: number;
  height: number;
  lines: string[];
}

function place(rows: readonly LadderRow[], column: number): { placed: PlacedRow[]; height: number } {
  let top = HEAD + 8;
  const placed = rows.map((row) => {
    const lines = row.kind === 'arrow' ? wrapLabel(row.label, wrapWidth(Math.max(1, Math.abs(row.to - row.from)) * column)) : [row.label];
    const height = row.kind === 'arrow' ? 8 + lines.length * LINE + 4 + SLANT + 6 : NOTE_HEIGHT;
    const p = { row, top, height, lines };
    top += height;
    return p;
  });
  return { placed, height: top + 16 };
}

function describeRow(row: LadderRow, names: readonly string[]): string {
  if (row.kind === 'note') return `${names[row.lifeline]}: ${row.label}`;
  return `${row.label}${row.lost ? ' (lost)' : ''}, ${names[row.from]} to ${names[row.to]}`;
}

export interface LadderDiagramProps {
  ladder: Ladder;
  /** Device names, one per lifeline. */
  names: string[];
  title: string;
  /** Width of each lifeline's column (columnWidth). */
  column: number;
  selectedSeq: number | null;
  onSelect(seq: number): void;
}

export const LadderDiagram = forwardRef<SVGSVGElement, LadderDiagramProps>(function LadderDiagram({ ladder, names, title, column, selectedSeq, onSelect }, ref) {
  const { placed, height } = place(ladder.rows, column);
  const width = GUTTER + column * ladder.lifelines.length;
  const x = (index: number) => lifelineX(index, column);
  const start = ladder.rows[0]?.t ?? 0;

  const onKeyDown = (event: KeyboardEvent<SVGGElement>, seq: number) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(seq);
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const rows = [...(event.currentTarget.ownerSVGElement?.querySelectorAll<SVGGElement>('[data-row]') ?? [])];
    const next = rows[rows.indexOf(event.currentTarget) + (event.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      next.focus();
      onSelect(Number(next.dataset.row));
    }
  };

  return (
    <svg ref={ref} xmlns="http://www.w3.org/2000/svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="group" aria-label={title} fontFamily={FONT}>
      <title>{title}</title>
      <rect x={0} y={0} width={width} height={height} fill="#ffffff" />
      <text x={8} y={HEAD - 10} fontSize={10} fill={MUTED}>
        elapsed
      </text>
      {ladder.lifelines.map((device, i) => (
        <g key={device}>
          <line x1={x(i)} y1={HEAD} x2={x(i)} y2={height - 8} stroke="#b8c0cc" strokeDasharray="4 4" />
          <rect x={x(i) - column / 2 + 12} y={8} width={column - 24} height={HEAD - 16} rx={6} fill="#f4f5f7" stroke="#cfd5dd" />
          <text x={x(i)} y={HEAD / 2 + 4} textAnchor="middle" fontSize={13} fontWeight={600} fill={INK}>
            {names[i]}
          </text>
        </g>
      ))}
      {placed.map((p) => {
        const selected = p.row.seq === selectedSeq;
        return (
          <g
            key={p.row.seq}
            data-row={p.row.seq}
            role="button"
            tabIndex={0}
            aria-label={describeRow(p.row, names)}
            aria-pressed={selected}
            onClick={() => onSelect(p.row.seq)}
            onKeyDown={(e) => onKeyDown(e, p.row.seq)}
            style={{ cursor: 'pointer', outline: 'none' }}
          >
            <rect data-export="skip" x={0} y={p.top} width={width} height={p.height} fill={selected ? '#e9f0fc' : 'transparent'} className="ladder__hit" />
            <text x={GUTTER - 10} y={p.top + p.height - 8} textAnchor="end" fontSize={10} fontFamily={MONO} fill={MUTED}>
              {`+${formatSimTime(p.row.t - start)}`}
            </text>
            {p.row.kind === 'arrow' ? <Arrow row={p.row} top={p.top} lines={p.lines} x={x} /> : <Note row={p.row} top={p.top} last={ladder.lifelines.length - 1} x={x} column={column} />}
          </g>
        );
      })}
    </svg>
  );
});

function Arrow({ row, top, lines, x }: { row: LadderArrow; top: number; lines: string[]; x: (index: number) => number }) {
  const color = row.lost ? DROP_COLOR : protocolColor(row.protocol);
  const x0 = x(row.from);
  const x1 = x(row.to);
  const y0 = top + 8 + lines.length * LINE + 4;
  const y1 = y0 + SLANT;
  const direction = Math.sign(x1 - x0);
  // The arrowhead: a small triangle along the arrow's own slope.
  const length = Math.hypot(x1 - x0, y1 - y0);
  const ux = (x1 - x0) / length;
  const uy = (y1 - y0) / length;
  const head = `${x1},${y1} ${x1 - ux * 9 - uy * 4},${y1 - uy * 9 + ux * 4} ${x1 - ux * 9 + uy * 4},${y1 - uy * 9 - ux * 4}`;
  const mid = (x0 + x1) / 2;
  return (
    <>
      <title>{`${row.detail}${row.lost ? ' (lost on the way)' : ''}`}</title>
      {lines.map((line, i) => (
        <text key={i} x={mid} y={top + 8 + (i + 1) * LINE - 3} textAnchor="middle" fontSize={11.5} fill={INK} fontWeight={500}>
          {i === lines.length - 1 && row.lost ? `${line} (lost)` : line}
        </text>
      ))}
      <line x1={x0 + direction * 2} y1={y0} x2={x1 - ux * 8} y2={y1 - uy * 8} stroke={color} strokeWidth={1.8} strokeDasharray={row.lost ? '5 4' : undefined} />
      <polygon points={head} fill={color} />
    </>
  );
}

function Note({ row, top, last, x, column }: { row: LadderNote; top: number; last: number; x: (index: number) => number; column: number }) {
  const at = x(row.lifeline);
  const width = Math.min(column * 2, row.label.length * 6.3 + 14);
  // Notes sit inside the diagram: to the right of the first lifeline, to the left of the last.
  const left = row.lifeline === 0 ? at + 6 : row.lifeline === last ? at - 6 - width : at - width / 2;
  const color = row.dropped ? DROP_COLOR : protocolColor(row.protocol);
  return (
    <>
      <title>{row.label}</title>
      <rect x={left} y={top + 4} width={width} height={NOTE_HEIGHT - 8} rx={4} fill="#fffbea" stroke={color} />
      <text x={left + 7} y={top + NOTE_HEIGHT / 2 + 4} fontSize={11} fill={row.dropped ? DROP_COLOR : INK}>
        {row.label}
      </text>
    </>
  );
}
