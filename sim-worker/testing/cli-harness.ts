/** Runs the CLI in a test: files come from `files` when given (else from disk), and what it prints and writes is kept. */
import { readFileSync } from 'node:fs';
import { runCli } from '../cli-run';

export function cli(argv: string[], files?: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string | Uint8Array> = {};
  const code = runCli(argv, {
    readText: (path) => {
      if (!files) return readFileSync(path, 'utf8');
      if (!(path in files)) throw new Error('no such file');
      return files[path];
    },
    writeFile: (path, data) => {
      written[path] = data;
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err, written };
}
