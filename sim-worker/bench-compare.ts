/**
 * `npm run bench:compare -- <revision> [options]`: is the working tree's
 * engine faster than a revision's? On a shared machine one run to the next
 * varies by tens of per cent, so two builds measured one after the other
 * tell little. Here both run side by side in headless Chromium, a worker
 * each in one page, one run of each in turn, and the pairs are compared.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { pageServing, startChromium } from './bench/in-chromium';
import type { TraceMode } from './bench/measure';
import { parseOptions } from './bench/options';
import { summarizePairs } from './bench/pairs';

const USAGE = `usage: npm run bench:compare -- <revision> [--pages P] [--rounds R] [--mode streamed|held|counters] [campus|switch-tree options]

Checks the revision out beside this tree (git worktree), bundles the one-run worker
(sim-worker/bench-compare-worker.ts) from each, and runs both in headless Chromium: P pages
(default 6), each with a worker of each build (created in turns: first one, then the other)
warmed up as npm run bench warms up, then R rounds (default 12) of one run each, the order alternating. It prints
each build's median run, the median of the pairs' ratios (this tree ÷ the revision) and how
many pairs this tree won. A change of a few per cent needs dozens of pairs to show; two builds
that are the same give a ratio within a few per cent of 1 on a scenario whose runs last a second
or so (campus --lans 32 --hosts 32 --count 20), not on one of 50 ms, which a single garbage
collection can slow by half. The scenario options are npm run
bench's (default: campus --lans 32 --hosts 32 --count 20); the revision must have
sim-worker/bench/options.ts.`;

const WORKER_SOURCE = 'sim-worker/bench-compare-worker.ts';
/** Runs of about a second: long enough that garbage collection falls in each alike. */
const DEFAULT_SCENARIO = ['campus', '--lans', '32', '--hosts', '32', '--count', '20'];
/** As npm run bench warms up (bench/measure.ts): until V8 has seen this many frames, and at least twice. */
const WARM_UP_FRAMES = 400_000;
const WARM_UP_RUNS = 2;

interface Comparison {
  revision: string;
  pages: number;
  rounds: number;
  mode: TraceMode;
  scenario: string[];
}

function parseComparison(argv: string[]): Comparison {
  const [revision, ...rest] = argv;
  if (revision === undefined || revision.startsWith('-')) throw new Error('which revision to compare with? Give it first (a commit, a branch, HEAD~1)');
  const comparison: Comparison = { revision, pages: 6, rounds: 12, mode: 'streamed', scenario: [] };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === '--pages' || flag === '--rounds') {
      const value = Number(rest[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} takes a whole number of at least 1`);
      comparison[flag === '--pages' ? 'pages' : 'rounds'] = value;
    } else if (flag === '--mode') {
      const mode = rest[++i];
      if (mode !== 'streamed' && mode !== 'held' && mode !== 'counters') throw new Error('--mode takes streamed, held or counters');
      comparison.mode = mode;
    } else comparison.scenario.push(flag);
  }
  if (comparison.scenario.length === 0) comparison.scenario = DEFAULT_SCENARIO;
  // Refused here, not in every worker.
  parseOptions(comparison.scenario);
  return comparison;
}

async function bundle(entry: string): Promise<string> {
  const result = await build({ entryPoints: [entry], bundle: true, format: 'iife', write: false, logLevel: 'warning' });
  return result.outputFiles[0].text;
}

/** The revision's worker, bundled from a worktree of it that is removed again. */
async function bundleAt(revision: string): Promise<string> {
  const tree = mkdtempSync(join(tmpdir(), 'flintnet-compare-'));
  try {
    execFileSync('git', ['worktree', 'add', '--detach', tree, revision], { stdio: 'pipe' });
  } catch {
    rmSync(tree, { recursive: true, force: true });
    throw new Error(`"${revision}" is not a revision of this repository`);
  }
  try {
    copyFileSync(WORKER_SOURCE, join(tree, WORKER_SOURCE));
    return await bundle(join(tree, WORKER_SOURCE));
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', tree], { stdio: 'pipe' });
  }
}

async function compare({ revision, pages, rounds, mode, scenario }: Comparison): Promise<void> {
  const scripts = { '/base.js': await bundleAt(revision), '/candidate.js': await bundle(WORKER_SOURCE) };
  const browser = await startChromium();
  const base: number[] = [];
  const candidate: number[] = [];
  try {
    for (let p = 0; p < pages; p++) {
      const { page, close } = await pageServing(browser, scripts);
      try {
        const runs = await page.evaluate(
          async ({ argv, mode, rounds, warmUpRuns, warmUpFrames, candidateFirst }) => {
            const start = (file: string) => new Worker(file);
            const [first, second] = candidateFirst ? [start('/candidate.js'), start('/base.js')] : [start('/base.js'), start('/candidate.js')];
            const [baseWorker, candidateWorker] = candidateFirst ? [second, first] : [first, second];
            const run = (worker: Worker) =>
              new Promise<{ frames: number; framesPerSecond: number }>((resolve, reject) => {
                worker.onmessage = ({ data }) => (data.error === undefined ? resolve(data) : reject(new Error(data.error)));
                worker.onerror = (e) => reject(new Error(e.message));
                worker.postMessage({ argv, mode });
              });
            const once = async (worker: Worker) => (await run(worker)).framesPerSecond;
            for (const worker of [first, second]) {
              for (let runs = 0, frames = 0; runs < warmUpRuns || frames < warmUpFrames; runs++) frames += (await run(worker)).frames;
            }
            const runs = { base: [] as number[], candidate: [] as number[] };
            for (let i = 0; i < rounds; i++) {
              const order = (i + (candidateFirst ? 1 : 0)) % 2 === 0 ? [baseWorker, candidateWorker] : [candidateWorker, baseWorker];
              for (const worker of order) (worker === baseWorker ? runs.base : runs.candidate).push(await once(worker));
            }
            first.terminate();
            second.terminate();
            return runs;
          },
          { argv: scenario, mode, rounds, warmUpRuns: WARM_UP_RUNS, warmUpFrames: WARM_UP_FRAMES, candidateFirst: p % 2 === 1 },
        );
        base.push(...runs.base);
        candidate.push(...runs.candidate);
        console.log(`page ${p + 1} of ${pages}: ${revision} ${runs.base.join(' ')} | this tree ${runs.candidate.join(' ')}`);
      } finally {
        await close();
      }
    }
  } finally {
    await browser.close();
  }
  const summary = summarizePairs(base, candidate);
  const k = (n: number) => `${Math.round(n / 1000)} k`;
  console.log(`${mode}, Chromium ${browser.version()}: ${revision} ${k(summary.baseMedian)}, this tree ${k(summary.candidateMedian)} frames/s (median runs)`);
  console.log(`this tree ÷ ${revision}: ${summary.medianRatio.toFixed(3)} (median of ${summary.pairs} pair${summary.pairs === 1 ? '' : 's'}); faster in ${summary.wins} of ${summary.pairs}`);
}

try {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.length === 0) console.log(USAGE);
  else await compare(parseComparison(argv));
} catch (e) {
  console.error(`bench:compare: ${(e as Error).message}\n\n${USAGE}`);
  process.exitCode = 1;
}
