/**
 * A server's web service: its sites by host name (the first one also answers
 * any name it does not know, as a default virtual host), each with its pages
 * (path, status, body or redirect). Forms are checked as they are typed by
 * the engine's rules and apply only when valid; Ctrl+Z undoes.
 */
import type { DeviceDoc, WebServiceDoc, WebSiteDoc } from '../../sim-worker/document/schema';
import { replaceService } from '../../sim-worker/document/services-edits';
import { useDocumentStore } from '../store/document-store';
import { TrashIcon } from '../ui/icons';
import { AddButton, FormField, MonoInput, type FormControlProps } from './FormField';
import { RuleList } from './RuleList';
import { pageText, withPage, withSite, type PageDraft, type PageField } from './service-drafts';
import { useAddForm } from './use-add-form';
import './inspector-tools.css';
import './services.css';

interface WebProps {
  device: DeviceDoc;
  web: WebServiceDoc;
  /** The web service's place in the device's services. */
  index: number;
}

function replaceWeb(device: DeviceDoc, index: number, service: WebServiceDoc, done: string): string | undefined {
  const { apply, notify } = useDocumentStore.getState();
  const error = apply((doc) => replaceService(doc, device.id, index, service));
  notify(error ? 'error' : 'info', error ?? done);
  return error;
}

const PAGE_FIELDS: readonly PageField[] = ['path', 'status', 'body', 'location'];
const EMPTY_PAGE: PageDraft = { path: '', status: '', body: '', location: '' };

function AddPageForm({ device, web, index, siteIndex }: WebProps & { siteIndex: number }) {
  const site = web.sites[siteIndex];
  const { draft, fieldId, shown, wholeProblem, change, add } = useAddForm({
    empty: EMPTY_PAGE,
    fields: PAGE_FIELDS,
    whole: 'whole',
    check: (d) => withPage(web, siteIndex, d).problems,
    apply: (d) => {
      const made = withPage(web, siteIndex, d);
      return made.service ? useDocumentStore.getState().apply((doc) => replaceService(doc, device.id, index, made.service!)) : Object.values(made.problems)[0];
    },
    added: (d) => `${site.host} now serves ${d.path.trim()}. Undo (Ctrl+Z) takes it away.`,
  });
  const text = (field: 'path' | 'status' | 'location', placeholder: string) => (props: FormControlProps) => (
    <MonoInput control={props} value={draft[field]} onChange={(v) => change(field, v)} placeholder={placeholder} numeric={field === 'status'} />
  );
  return (
    <form className="route-form web-page-form" onSubmit={add} noValidate aria-label={`Add a page to ${site.host}`}>
      <FormField id={fieldId('path')} label="Path" problem={shown('path')}>
        {text('path', '/about.html')}
      </FormField>
      <FormField id={fieldId('status')} label="Status" problem={shown('status')}>
        {text('status', '200')}
      </FormField>
      <FormField id={fieldId('body')} label="Body" problem={shown('body')} className="web-page-form__body">
        {(props) => <textarea {...props} className="field__input is-mono" rows={3} placeholder="<h1>About us</h1>" spellCheck={false} value={draft.body} onChange={(e) => change('body', e.target.value)} />}
      </FormField>
      <FormField id={fieldId('location')} label="Redirect to (301, 302…)" problem={shown('location')} className="web-page-form__location">
        {text('location', 'https://www.example.test/')}
      </FormField>
      <AddButton label="Add page" problem={wholeProblem} />
    </form>
  );
}

function SiteView({ device, web, index, siteIndex, site }: WebProps & { siteIndex: number; site: WebSiteDoc }) {
  const removePage = (pageIndex: number) => {
    const sites = web.sites.map((s, i) => (i === siteIndex ? { ...s, pages: s.pages.filter((_, j) => j !== pageIndex) } : s));
    replaceWeb(device, index, { ...web, sites }, `Removed ${site.pages[pageIndex].path} from ${site.host}. Undo (Ctrl+Z) brings it back.`);
  };
  const removeSite = () => {
    if (web.sites.length === 1) {
      useDocumentStore.getState().notify('error', `${site.host} is the web service's only site: remove the web service itself instead`);
      return;
    }
    replaceWeb(device, index, { ...web, sites: web.sites.filter((_, i) => i !== siteIndex) }, `${device.name} no longer serves ${site.host}. Undo (Ctrl+Z) brings it back.`);
  };
  return (
    <div className="web-site">
      <h4 className="dns-zone__title">
        <span>
          Site <code>{site.host}</code>
          {siteIndex === 0 && <span className="web-site__default"> (default)</span>}
        </span>
        <button type="button" className="icon-button" onClick={removeSite} aria-label={`Remove the site ${site.host}`} title="Remove this site">
          <TrashIcon size={16} />
        </button>
      </h4>
      <RuleList
        label={`Pages of ${site.host}`}
        noun="page"
        none="No pages: every request gets 404 Not Found."
        items={site.pages.map((page, pageIndex) => ({
          key: page.path,
          text: pageText(page),
          removeLabel: `Remove the page ${page.path} of ${site.host}`,
          remove: () => removePage(pageIndex),
        }))}
      />
      <AddPageForm device={device} web={web} index={index} siteIndex={siteIndex} />
    </div>
  );
}

const SITE_FIELDS: readonly 'host'[] = ['host'];
const EMPTY_SITE = { host: '' };

function AddSiteForm({ device, web, index }: WebProps) {
  const { draft, fieldId, shown, wholeProblem, change, add } = useAddForm({
    empty: EMPTY_SITE,
    fields: SITE_FIELDS,
    whole: 'whole',
    check: (d) => ({ host: withSite(web, d.host).problem }),
    apply: (d) => {
      const made = withSite(web, d.host);
      return made.service ? useDocumentStore.getState().apply((doc) => replaceService(doc, device.id, index, made.service!)) : made.problem;
    },
    added: (d) => `${device.name} now serves ${d.host.trim()}, with a home page. Point a DNS A record at this server to reach it by name.`,
  });
  return (
    <form className="route-form web-site-form" onSubmit={add} noValidate aria-label={`Add a site to ${device.name}`}>
      <FormField id={fieldId('host')} label="Host name" problem={shown('host')}>
        {(props) => (
          <MonoInput control={props} value={draft.host} onChange={(v) => change('host', v)} placeholder="blog.example.test" />
        )}
      </FormField>
      <AddButton label="Add site" problem={wholeProblem} />
    </form>
  );
}

export function WebServiceEditor({ device, web, index }: WebProps) {
  return (
    <div className="web-service">
      {web.sites.map((site, siteIndex) => (
        <SiteView key={site.host} device={device} web={web} index={index} siteIndex={siteIndex} site={site} />
      ))}
      <AddSiteForm device={device} web={web} index={index} />
    </div>
  );
}
