import { protocolColor } from './protocol-colors';

/** A protocol's name on its colour: the same colour its frames have on the canvas. */
export function ProtocolBadge({ protocol }: { protocol: string }) {
  return (
    <span className="protocol-badge" style={{ backgroundColor: protocolColor(protocol) }}>
      {protocol}
    </span>
  );
}
