/** `npm run sim`: runs a network headless. See cli-run.ts for what it does. */
import { readFileSync, writeFileSync } from 'node:fs';
import { runCli } from './cli-run';

process.exitCode = runCli(process.argv.slice(2), {
  readText: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, data) => writeFileSync(path, data),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
