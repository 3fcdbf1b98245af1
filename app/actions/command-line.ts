/**
 * The terminal's command line: what a learner types (`ping -c 2 web`,
 * `nslookup -type=MX example.test`, `curl http://www.example.test/`, `arp`,
 * `ss`) turned into an engine action, a table to print, or a message saying
 * what was wrong, in the words of the real tools where they have any.
 * Pure: the Terminal runs what this returns.
 */
import type { Action, DeviceTable } from '../../sim-worker/api';
import { DNS_RECORD_TYPES } from '../../sim-worker/document/services-rules';
import { COMMANDS, commandAction, type CommandSpec } from './commands';

export type CommandLine =
  | { kind: 'action'; action: Action }
  /** Print one of the device's live tables, by its engine name. */
  | { kind: 'table'; table: 'arp' | 'sockets' }
  | { kind: 'print'; lines: string[] }
  | { kind: 'clear' }
  /** Nothing typed: a new prompt, as Enter on an empty line gives. */
  | { kind: 'nothing' }
  | { kind: 'error'; lines: string[] };

export const HELP_LINES: readonly string[] = [
  'Commands:',
  '  ping [-c count] <host>          send echo requests (ICMP) and time the replies',
  '  traceroute [-m hops] <host>     list the routers on the way to a host',
  '  nslookup [-type=T] <name>       ask the DNS server for a name (T: A, AAAA, CNAME, MX, NS, TXT)',
  '  curl <url>                      fetch a web page (http or https): status, headers, body',
  '  arp                             show the ARP cache (IPv4 address → MAC address)',
  '  ss                              show the sockets: who listens, who is connected',
  '  clear                           clear the screen',
  '  help                            this list',
  'A <host> is an IPv4 address or a name, like 192.168.1.20 or www.example.test.',
];

const spec = (app: string): CommandSpec => COMMANDS.find((c) => c.app === app)!;

function fromSpec(app: string, device: string, target: string | undefined, options: Record<string, string>, usage: string): CommandLine {
  if (target === undefined) return { kind: 'error', lines: [`${usage}`] };
  const checked = commandAction(spec(app), device, target, options);
  return checked.ok ? { kind: 'action', action: checked.action } : { kind: 'error', lines: [`${app === 'browser' ? 'curl' : app}: ${checked.error}`] };
}

/**
 * The words of a command and its option values: `-c 3` and `-c3` both give
 * `c: "3"` for options in `valued`; a flag in `flags` is taken and ignored
 * (the simulation always behaves as with it); anything else is refused.
 */
function readArguments(words: string[], valued: readonly string[], flags: readonly string[]): { options: Record<string, string>; operands: string[] } | { missing: string } | { unknown: string } {
  const options: Record<string, string> = {};
  const operands: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word.startsWith('-') || word === '-') {
      operands.push(word);
      continue;
    }
    const letter = word.slice(1, 2);
    if (valued.includes(letter) && !word.startsWith('--')) {
      const value = word.length > 2 ? word.slice(2) : words[++i];
      if (value === undefined) return { missing: letter };
      options[letter] = value;
    } else if (flags.includes(word)) {
      continue;
    } else {
      return { unknown: word };
    }
  }
  return { options, operands };
}

function oneOperand(command: string, operands: string[], usage: string): string | undefined | { error: string } {
  if (operands.length > 1) return { error: `${command}: one ${usage.match(/<(\w+)>/)?.[1] ?? 'argument'} at a time, not "${operands.join(' ')}"` };
  return operands[0];
}

function hostCommand(app: 'ping' | 'traceroute', device: string, words: string[]): CommandLine {
  const letter = app === 'ping' ? 'c' : 'm';
  const usage = app === 'ping' ? 'Usage: ping [-c count] <host>' : 'Usage: traceroute [-m max_hops] <host>';
  const read = readArguments(words, [letter], ['-n']);
  // As iputils and Linux traceroute word it.
  if ('missing' in read) return { kind: 'error', lines: [`${app}: option requires an argument -- '${read.missing}'`, usage] };
  if ('unknown' in read) return { kind: 'error', lines: [`${app}: invalid option -- '${read.unknown.replace(/^-+/, '')}'`, usage] };
  const target = oneOperand(app, read.operands, usage);
  if (typeof target === 'object') return { kind: 'error', lines: [target.error, usage] };
  const options = read.options[letter] === undefined ? {} : { [app === 'ping' ? 'count' : 'maxHops']: read.options[letter] };
  return fromSpec(app, device, target, options, usage);
}

function nslookupCommand(device: string, words: string[]): CommandLine {
  const usage = 'Usage: nslookup [-type=A|AAAA|CNAME|MX|NS|TXT] <name>';
  let type: string | undefined;
  const rest: string[] = [];
  for (const word of words) {
    const option = /^-(?:type|query|q|querytype)=(.*)$/i.exec(word);
    if (option) type = option[1].toUpperCase();
    else if (word.startsWith('-')) return { kind: 'error', lines: [`nslookup: unknown option ${word}`, usage] };
    else rest.push(word);
  }
  if (type !== undefined && !(DNS_RECORD_TYPES as readonly string[]).includes(type)) return { kind: 'error', lines: [`nslookup: unknown query type: ${type}`, usage] };
  const name = oneOperand('nslookup', rest, usage);
  if (typeof name === 'object') return { kind: 'error', lines: [name.error, usage] };
  const line = fromSpec('nslookup', device, name, {}, usage);
  if (line.kind !== 'action' || line.action.kind !== 'nslookup' || type === undefined) return line;
  return { kind: 'action', action: { ...line.action, type: type as (typeof DNS_RECORD_TYPES)[number] } };
}

function curlCommand(device: string, words: string[]): CommandLine {
  const usage = 'Usage: curl <url>   (like curl -i: it prints the status, the headers and the body)';
  const read = readArguments(words, [], ['-i', '-s', '-L', '--include', '--silent', '--location']);
  if (!('operands' in read)) return { kind: 'error', lines: [`curl: option ${'unknown' in read ? read.unknown : ''}: is unknown`, usage] };
  const url = oneOperand('curl', read.operands, usage);
  if (typeof url === 'object') return { kind: 'error', lines: [url.error, usage] };
  return fromSpec('browser', device, url, {}, usage);
}

function tableCommand(command: 'arp' | 'ss', words: string[]): CommandLine {
  // arp -n and ss -tuanp print the same tables here: addresses are never looked up as names.
  const allowed = command === 'arp' ? /^-[anv]+$/ : /^-[tuanpl]+$/;
  const wrong = words.find((w) => !allowed.test(w));
  if (wrong !== undefined) return { kind: 'error', lines: [`${command}: ${wrong.startsWith('-') ? `invalid option -- '${wrong.slice(1)}'` : `takes no arguments here, not "${wrong}"`}`, `Usage: ${command}`] };
  return { kind: 'table', table: command === 'arp' ? 'arp' : 'sockets' };
}

/** One typed line, on `device`. */
export function parseCommandLine(device: string, line: string): CommandLine {
  const [command, ...words] = line.trim().split(/\s+/).filter((w) => w !== '');
  switch (command) {
    case undefined:
      return { kind: 'nothing' };
    case 'ping':
    case 'traceroute':
      return hostCommand(command, device, words);
    case 'nslookup':
      return nslookupCommand(device, words);
    case 'curl':
      return curlCommand(device, words);
    case 'arp':
    case 'ss':
      return tableCommand(command, words);
    case 'clear':
      return { kind: 'clear' };
    case 'help':
      return { kind: 'print', lines: [...HELP_LINES] };
    default:
      return { kind: 'error', lines: [`${command}: command not found. Type help for the commands this terminal knows.`] };
  }
}

/** A table as the terminal prints it: a header, then one row per line, columns padded to line up. */
export function tableLines(table: DeviceTable): string[] {
  if (table.rows.length === 0) return [table.empty];
  const widths = table.columns.map((column, i) => Math.max(column.length, ...table.rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(table.columns), ...table.rows.map(line)];
}
