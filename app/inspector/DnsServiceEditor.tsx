/**
 * A server's DNS service: its role (a recursive resolver with root hints, or
 * an authoritative server), and its zones, each a list of records as a zone
 * file lists them with a form to add one. Every form is checked as it is
 * typed by the engine's zone rules and applies only when valid; Ctrl+Z undoes.
 */
import { useId, useState, type FormEvent } from 'react';
import type { DeviceDoc, DnsRecordDoc, DnsServiceDoc, DnsZoneDoc } from '../../sim-worker/document/schema';
import { addDnsRecord, addDnsZone, removeDnsRecord, replaceService } from '../../sim-worker/document/services-edits';
import { DNS_RECORD_TYPES } from '../../sim-worker/document/services-rules';
import { useDocumentStore } from '../store/document-store';
import { TrashIcon } from '../ui/icons';
import { AddButton, FormField, MonoInput, type FormControlProps } from './FormField';
import { RuleList } from './RuleList';
import { dnsSettings, recordFromDraft, recordProblems, recordText, zoneProblems, type RecordDraft, type RecordField, type ZoneField } from './service-drafts';
import { useAddForm } from './use-add-form';
import './inspector-tools.css';
import './services.css';

function applyNotifying(change: Parameters<ReturnType<typeof useDocumentStore.getState>['apply']>[0], done: string): void {
  const { apply, notify } = useDocumentStore.getState();
  const error = apply(change);
  notify(error ? 'error' : 'info', error ?? done);
}

/** Role and root hints, applied together: a resolver needs hints, an authoritative server must have none. */
function RoleForm({ device, dns, index }: { device: DeviceDoc; dns: DnsServiceDoc; index: number }) {
  const [role, setRole] = useState(dns.role);
  const [hints, setHints] = useState((dns.rootHints ?? []).join(', '));
  const id = useId();
  const changed = role !== dns.role || (role === 'recursive' && hints.trim() !== (dns.rootHints ?? []).join(', '));
  const checked = dnsSettings(dns, role, role === 'recursive' ? hints : '');
  const problem = changed ? checked.problem : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!checked.service) return;
    applyNotifying((doc) => replaceService(doc, device.id, index, checked.service!), `${device.name}'s DNS server is now ${role}. Undo (Ctrl+Z) puts it back.`);
  };

  return (
    <form className="route-form dns-role-form" onSubmit={submit} noValidate aria-label={`DNS role of ${device.name}`}>
      <FormField id={`${id}-role`} label="Role" problem={role === 'authoritative' ? problem : undefined}>
        {(props) => (
          <select {...props} className="field__input" value={role} onChange={(e) => setRole(e.target.value as DnsServiceDoc['role'])}>
            <option value="authoritative">Authoritative</option>
            <option value="recursive">Recursive</option>
          </select>
        )}
      </FormField>
      {/* Only a resolver starts from the root, so only it has root hints. */}
      {role === 'recursive' && (
        <FormField id={`${id}-hints`} label="Root hints" problem={problem}>
          {(props) => (
            <MonoInput control={props} value={hints} onChange={setHints} placeholder="198.51.100.1" />
          )}
        </FormField>
      )}
      <p className="inspector-note dns-role-form__note">
        {role === 'authoritative'
          ? 'Answers for its own zones only, with the AA flag; for any other name it refuses.'
          : 'Looks names up for its clients: asks a root server (its root hints), follows the referrals down to the authoritative server, and caches the answers.'}
      </p>
      <button type="submit" className="button route-form__add" disabled={!changed || !checked.service}>
        Apply role
      </button>
    </form>
  );
}

const RECORD_FIELDS: readonly RecordField[] = ['name', 'type', 'value', 'ttl'];
const EMPTY_RECORD: RecordDraft = { name: '', type: 'A', value: '', ttl: '' };
const VALUE_PLACEHOLDERS: Record<DnsRecordDoc['type'], string> = { A: '203.0.113.80', AAAA: '2001:db8::80', CNAME: 'www.example.test.', MX: 'mail.example.test.', NS: 'ns1.example.test.', TXT: 'some text' };

function AddRecordForm({ device, zone }: { device: DeviceDoc; zone: DnsZoneDoc }) {
  const { draft, fieldId, shown, wholeProblem, change, add } = useAddForm({
    empty: EMPTY_RECORD,
    fields: RECORD_FIELDS,
    whole: 'whole',
    check: (d) => recordProblems(zone.origin, zone.records, d),
    apply: (d) => useDocumentStore.getState().apply((doc) => addDnsRecord(doc, device.id, zone.origin, recordFromDraft(d) as unknown as DnsRecordDoc)),
    added: (d) => `The zone ${zone.origin} now has ${d.name.trim()} ${d.type} ${d.value.trim()}. Undo (Ctrl+Z) takes it away.`,
  });
  const text = (field: 'name' | 'value' | 'ttl', placeholder: string) => (props: FormControlProps) => (
    <MonoInput control={props} value={draft[field]} onChange={(v) => change(field, v)} placeholder={placeholder} numeric={field === 'ttl'} />
  );
  const example = zone.origin === '.' ? 'test.' : `www.${zone.origin}`;
  return (
    <form className="route-form dns-record-form" onSubmit={add} noValidate aria-label={`Add a record to ${zone.origin}`}>
      <FormField id={fieldId('name')} label="Record name" problem={shown('name')}>
        {text('name', example)}
      </FormField>
      <FormField id={fieldId('type')} label="Record type" problem={shown('type')}>
        {(props) => (
          <select {...props} className="field__input" value={draft.type} onChange={(e) => change('type', e.target.value)}>
            {DNS_RECORD_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id={fieldId('value')} label="Record value" problem={shown('value')}>
        {text('value', VALUE_PLACEHOLDERS[draft.type as DnsRecordDoc['type']])}
      </FormField>
      <FormField id={fieldId('ttl')} label="TTL (s)" problem={shown('ttl')}>
        {text('ttl', '3600')}
      </FormField>
      <AddButton label="Add record" problem={wholeProblem} />
    </form>
  );
}

function removeZone(device: DeviceDoc, dns: DnsServiceDoc, index: number, zone: DnsZoneDoc): void {
  const service: DnsServiceDoc = { ...dns, zones: (dns.zones ?? []).filter((z) => z !== zone) };
  applyNotifying((doc) => replaceService(doc, device.id, index, service), `${device.name} no longer answers for ${zone.origin}. Undo (Ctrl+Z) brings it back.`);
}

function ZoneView({ device, dns, index, zone }: { device: DeviceDoc; dns: DnsServiceDoc; index: number; zone: DnsZoneDoc }) {
  return (
    <div className="dns-zone">
      <h4 className="dns-zone__title">
        <span>
          Zone <code>{zone.origin}</code>
        </span>
        <button type="button" className="icon-button" onClick={() => removeZone(device, dns, index, zone)} aria-label={`Remove the zone ${zone.origin}`} title="Remove this zone">
          <TrashIcon size={16} />
        </button>
      </h4>
      <RuleList
        label={`Records of ${zone.origin}`}
        noun="record"
        none="No records."
        items={zone.records.map((record, index) => ({
          key: `${record.name} ${record.type} ${record.value}`,
          text: recordText(record),
          removeLabel: `Remove ${record.name} ${record.type} ${record.value}`,
          remove: () => applyNotifying((doc) => removeDnsRecord(doc, device.id, zone.origin, index), `Removed ${record.name} ${record.type} from ${zone.origin}. Undo (Ctrl+Z) brings it back.`),
        }))}
      />
      <AddRecordForm device={device} zone={zone} />
    </div>
  );
}

const ZONE_FIELDS: readonly ZoneField[] = ['origin', 'nameServer'];
const EMPTY_ZONE: Record<ZoneField, string> = { origin: '', nameServer: '' };

function AddZoneForm({ device, dns }: { device: DeviceDoc; dns: DnsServiceDoc }) {
  const { draft, fieldId, shown, wholeProblem, change, add } = useAddForm({
    empty: EMPTY_ZONE,
    fields: ZONE_FIELDS,
    whole: 'whole',
    check: (d) => zoneProblems(dns, d.origin, d.nameServer),
    apply: (d) => useDocumentStore.getState().apply((doc) => addDnsZone(doc, device.id, d.origin.trim(), d.nameServer.trim())),
    added: (d) => `${device.name} now answers for ${d.origin.trim()}. Undo (Ctrl+Z) takes it away.`,
  });
  const text = (field: ZoneField, placeholder: string) => (props: FormControlProps) => (
    <MonoInput control={props} value={draft[field]} onChange={(v) => change(field, v)} placeholder={placeholder} />
  );
  return (
    <form className="route-form dns-zone-form" onSubmit={add} noValidate aria-label={`Add a zone to ${device.name}`}>
      <FormField id={fieldId('origin')} label="New zone" problem={shown('origin')}>
        {text('origin', 'example.test.')}
      </FormField>
      <FormField id={fieldId('nameServer')} label="Name server (NS)" problem={shown('nameServer')}>
        {text('nameServer', 'ns1.example.test.')}
      </FormField>
      <AddButton label="Add zone" problem={wholeProblem} />
    </form>
  );
}

export function DnsServiceEditor({ device, dns, index }: { device: DeviceDoc; dns: DnsServiceDoc; index: number }) {
  const zones = dns.zones ?? [];
  return (
    <div className="dns-service">
      <p className="inspector-note">Names are fully qualified, ending in a dot: <code>www.example.test.</code></p>
      {/* Keyed by the saved settings, so an undo shows the document's values again. */}
      <RoleForm key={`${dns.role} ${(dns.rootHints ?? []).join()}`} device={device} dns={dns} index={index} />
      {zones.map((zone) => (
        <ZoneView key={zone.origin} device={device} dns={dns} index={index} zone={zone} />
      ))}
      <AddZoneForm device={device} dns={dns} />
    </div>
  );
}
