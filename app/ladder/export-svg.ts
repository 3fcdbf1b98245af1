/** The ladder diagram as a standalone SVG file: the drawing without the app's selection and focus handles. */
import { downloadText } from '../file/save-network';

export function ladderSvgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  for (const element of copy.querySelectorAll('[data-export="skip"]')) element.remove();
  for (const element of copy.querySelectorAll('[data-row]')) {
    for (const attribute of ['data-row', 'role', 'tabindex', 'aria-label', 'aria-pressed', 'style']) element.removeAttribute(attribute);
  }
  copy.removeAttribute('role');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** "ladder-Laptop-www.svg": names kept to letters, digits, dots and dashes. */
export function ladderFileName(names: readonly string[]): string {
  return `ladder-${names.map((n) => n.replace(/[^A-Za-z0-9.-]+/g, '_')).join('-')}.svg`;
}

export function downloadLadderSvg(svg: SVGSVGElement, names: readonly string[]): void {
  downloadText(ladderSvgText(svg), ladderFileName(names), 'image/svg+xml');
}
