import type { NetworkDocument } from '../../sim-worker/document/schema';

export const SAVE_FILE_NAME = 'network.json';

/** The document as it is saved: pretty-printed JSON with a final newline, friendly to diffs. */
export function networkFileText(doc: NetworkDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Downloads the document as network.json. */
export function saveNetworkFile(doc: NetworkDocument): void {
  downloadText(networkFileText(doc), SAVE_FILE_NAME);
}

/** Downloads text (JSON unless told otherwise) as a file with this name. */
export function downloadText(text: string, fileName: string, type = 'application/json'): void {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoke on the next turn: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
