/** Choosing a UDP or TCP port for a socket that did not ask for one (connect() without bind()), as Linux does. */
import type { Prng } from '../engine/prng';
import { EPHEMERAL_PORT_FIRST, EPHEMERAL_PORT_LAST } from '../wire/udp';

/** A free port from Linux's ephemeral range (32768–60999), from a random start; undefined when all are taken. */
export function freeEphemeralPort(prng: Prng, taken: (port: number) => boolean): number | undefined {
  const span = EPHEMERAL_PORT_LAST - EPHEMERAL_PORT_FIRST + 1;
  const start = prng.int(0, span - 1);
  for (let i = 0; i < span; i++) {
    const candidate = EPHEMERAL_PORT_FIRST + ((start + i) % span);
    if (!taken(candidate)) return candidate;
  }
  return undefined;
}
