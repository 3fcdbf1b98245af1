/**
 * The panel beside the event list: the OSI layers of the selected event, the
 * page load's timeline, or a ladder diagram, as tabs (← and → move between them).
 */
import { OsiView } from '../osi/OsiView';
import { PageLoadPanel } from '../page-load/PageLoadPanel';
import { LadderPanel } from '../ladder/LadderPanel';
import { useRovingTabs } from '../ui/use-roving-tabs';
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
  const { onKeyDown, tabRef } = useRovingTabs(TABS.map((t) => t.id), tab, setTab);

  return (
    <div className="trace-tabs">
      <div className="trace-tabs__list" role="tablist" aria-label="Trace views" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={tabRef(t.id)}
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
