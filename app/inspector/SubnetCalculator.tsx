/**
 * A subnet calculator: split a prefix into equal subnets ("192.168.1.0/24 into
 * four /26") and list each one's network, usable hosts and broadcast. "Use"
 * gives the interface the subnet's first usable address, through the same
 * checks as typing it in (so it is undoable, and refused with the same words).
 */
import { useId, useState } from 'react';
import { formatIpv4, prefixMask } from '../../sim-worker/wire/address';
import { splitSubnet, type Subnet } from '../../sim-worker/wire/subnets';
import './inspector-tools.css';

type SplitBy = 'count' | 'prefix';

export interface SubnetCalculatorProps {
  /** The prefix to start from: the interface's own network, or empty. */
  seed: string;
  interfaceName: string;
  /** Gives the interface this address ("192.168.1.65/26"); returns why not, or undefined when done. */
  assign: (cidr: string) => string | undefined;
}

function SubnetItem({ subnet, interfaceName, onUse }: { subnet: Subnet; interfaceName: string; onUse: (cidr: string) => void }) {
  const network = `${formatIpv4(subnet.network)}/${subnet.prefix}`;
  const address = `${formatIpv4(subnet.firstHost)}/${subnet.prefix}`;
  const hosts = subnet.hostCount === 1 ? formatIpv4(subnet.firstHost) : `${formatIpv4(subnet.firstHost)} – ${formatIpv4(subnet.lastHost)}`;
  return (
    <li className="subnet-calc__item">
      <div className="subnet-calc__item-head">
        <span className="subnet-calc__network">{network}</span>
        <button type="button" className="button button--small" onClick={() => onUse(address)} aria-label={`Use ${network} on ${interfaceName}`} title={`Give ${interfaceName} ${address}, the first usable address`}>
          Use
        </button>
      </div>
      <dl className="subnet-facts subnet-calc__facts">
        <div>
          <dt>Hosts</dt>
          <dd>{hosts}</dd>
        </div>
        {subnet.broadcast !== null && (
          <div>
            <dt>Broadcast</dt>
            <dd>{formatIpv4(subnet.broadcast)}</dd>
          </div>
        )}
      </dl>
    </li>
  );
}

export function SubnetCalculator({ seed, interfaceName, assign }: SubnetCalculatorProps) {
  const id = useId();
  const [parent, setParent] = useState(seed);
  const [splitBy, setSplitBy] = useState<SplitBy>('count');
  const [amount, setAmount] = useState('4');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const number = amount.trim() === '' ? NaN : Number(amount.trim().replace(/^\//, ''));
  const split = splitSubnet(parent, splitBy === 'count' ? { count: number } : { prefix: number });

  const onUse = (cidr: string) => {
    const error = assign(cidr);
    setOutcome(error === undefined ? { ok: true, text: `${interfaceName} now has ${cidr}.` } : { ok: false, text: error });
  };

  let summary: string | null = null;
  if (split.ok) {
    const { total, prefix, subnets, roundedUpFrom } = split.value;
    const hosts = subnets[0].hostCount;
    summary =
      `${total.toLocaleString('en')} subnet${total === 1 ? '' : 's'} of /${prefix} (mask ${formatIpv4(prefixMask(prefix))}), ` +
      `${hosts.toLocaleString('en')} usable host${hosts === 1 ? '' : 's'} each` +
      (roundedUpFrom !== undefined ? `: a prefix splits in halves, so ${roundedUpFrom} becomes ${total}` : '') +
      (subnets.length < total ? `. The first ${subnets.length} are listed.` : '.');
  }

  return (
    <div className="subnet-calc">
      <div className="subnet-calc__inputs">
        <div className="field subnet-calc__parent">
          <label className="field__label" htmlFor={`${id}-parent`}>
            Network to split
          </label>
          <input
            id={`${id}-parent`}
            className="field__input is-mono"
            type="text"
            placeholder="192.168.1.0/24"
            spellCheck={false}
            autoComplete="off"
            value={parent}
            onChange={(e) => {
              setParent(e.target.value);
              setOutcome(null);
            }}
            aria-invalid={!split.ok && parent.trim() !== ''}
            aria-describedby={`${id}-result`}
          />
        </div>
        <div className="field subnet-calc__by">
          <label className="field__label" htmlFor={`${id}-by`}>
            Split into
          </label>
          <select id={`${id}-by`} className="field__input" value={splitBy} onChange={(e) => setSplitBy(e.target.value as SplitBy)}>
            <option value="count">this many subnets</option>
            <option value="prefix">subnets of prefix /</option>
          </select>
        </div>
        <div className="field subnet-calc__amount">
          <label className="field__label" htmlFor={`${id}-amount`}>
            {splitBy === 'count' ? 'Subnets' : 'New prefix'}
          </label>
          <input id={`${id}-amount`} className="field__input is-mono" type="text" inputMode="numeric" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </div>
      </div>
      {/* An empty field is a question still to ask, not a mistake. */}
      {split.ok || parent.trim() === '' ? (
        <p id={`${id}-result`} className="subnet-calc__summary">
          {summary ?? 'Type a network with its prefix, like 192.168.1.0/24.'}
        </p>
      ) : (
        <p id={`${id}-result`} className="field__message" role="alert">
          {split.error}
        </p>
      )}
      {outcome && (
        <p className={outcome.ok ? 'subnet-calc__done' : 'field__message'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </p>
      )}
      {split.ok && (
        <ol className="subnet-calc__list" aria-label={`Subnets of ${formatIpv4(split.value.parent.address)}/${split.value.parent.prefix}`}>
          {split.value.subnets.map((subnet) => (
            <SubnetItem key={subnet.network} subnet={subnet} interfaceName={interfaceName} onUse={onUse} />
          ))}
        </ol>
      )}
    </div>
  );
}
