/** The live table of a device's open sockets, TCP and UDP, as `ss -tuap` lists them. */
import type { TableSpec } from '../engine/tables';

export const SOCKET_TABLE: TableSpec = {
  name: 'sockets',
  title: 'Sockets',
  columns: ['Proto', 'Local address', 'Peer address', 'State', 'Program'],
  empty: 'No sockets open: no program listens or has a connection.',
};
