/** Where the ladder's parts go: the time gutter, a column per lifeline, labels wrapped to fit. */

/** Width of the time column on the left, and height of the device names on top. */
export const GUTTER = 84;
export const HEAD = 44;
/** Each lifeline's column: wide enough for a two-line label, narrower when the panel is. */
const COLUMN_MIN = 150;
const COLUMN_MAX = 230;
/** Average width of a label character at 11.5px, for wrapping without measuring text. */
const CHAR_WIDTH = 6.4;

/** Up to `maxLines` lines, broken after a comma or at a space; the last line takes the rest. */
export function wrapLabel(label: string, width: number, maxLines = 3): string[] {
  const lines: string[] = [];
  let rest = label;
  while (rest.length > width && lines.length < maxLines - 1) {
    // Between a TLS record's names rather than inside one, when that leaves a fair first line.
    const comma = rest.lastIndexOf(', ', width - 1);
    const cut = comma > width / 3 ? comma : rest.lastIndexOf(' ', width);
    if (cut <= 0) break;
    lines.push(rest.slice(0, rest[cut] === ',' ? cut + 1 : cut));
    rest = rest.slice(cut).replace(/^,?\s*/, '');
  }
  lines.push(rest);
  return lines;
}

/** The column width that fits `lifelines` columns into `available` pixels, within reason. */
export function columnWidth(available: number, lifelines: number): number {
  return Math.round(Math.min(COLUMN_MAX, Math.max(COLUMN_MIN, (available - GUTTER) / Math.max(1, lifelines))));
}

export function lifelineX(index: number, column: number): number {
  return GUTTER + column / 2 + index * column;
}

/** Characters of a label that fit on one line across `span` pixels. */
export function wrapWidth(span: number): number {
  return Math.floor((span - 12) / CHAR_WIDTH);
}
