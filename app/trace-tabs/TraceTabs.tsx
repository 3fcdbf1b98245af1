/**
 * The panel beside the event list: the OSI layers of the selected event, the
 * page load's timeline, or a ladder diagram, as tabs (← and → move between them).
 */
import { useRef, type KeyboardEvent } from 'react';
import { OsiView } from '../osi/OsiView';
import { PageLoadPanel } from '../page-load/PageLoadPanel';
import { LadderPanel } from '../ladder/LadderPanel';
import { useTraceTabs, type TraceTab } from './trace-tabs-store';
import './trace-tabs.css';

const TABS: { id: TraceTab; label: string }[] = [
  { id: 'osi', label: 'OSI layers' },
  { id: 'page-load', label: 'Page load' },
  { id: 'ladder', label: 'Ladder diagram' },
];

export function TraceTabs() {
  const tab = useTraceTabs((s) => s.tab);
  const setTab = useTraceTabs((s) => s.setTab);
  const refs = useRef(new Map<TraceTab, HTMLButtonElement>());

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const chosen = TABS[(next + TABS.length) % TABS.length].id;
    setTab(chosen);
    refs.current.get(chosen)?.focus();
  };

  return (
    <div className="trace-tabs">
      <div className="trace-tabs__list" role="tablist" aria-label="Trace views" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(element) => {
              if (element) refs.current.set(t.id, element);
              else refs.current.delete(t.id);
            }}
            type="button"
            role="tab"
            id={`trace-tab-${t.id}`}
            aria-selected={t.id === tab}
            aria-controls="trace-tab-panel"
            tabIndex={t.id === tab ? 0 : -1}
            className="trace-tabs__tab"
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="trace-tab-panel" role="tabpanel" aria-labelledby={`trace-tab-${tab}`} className="trace-tabs__panel">
        {tab === 'osi' ? <OsiView /> : tab === 'page-load' ? <PageLoadPanel /> : <LadderPanel />}
      </div>
    </div>
  );
}
