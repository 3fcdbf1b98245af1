/**
 * The app shell: header toolbar, palette, canvas, inspector, and the trace
 * panels underneath (playback bar above the event list; beside it, as tabs,
 * the OSI view, the page-load timeline and the ladder diagram).
 */
import { useEffect, type CSSProperties } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useDocumentStore } from './store/document-store';
import { useSelectionStore } from './store/selection-store';
import { NetworkCanvas } from './canvas/NetworkCanvas';
import { Palette } from './palette/Palette';
import { Inspector } from './inspector/Inspector';
import { FileActions } from './file/FileActions';
import { HistoryActions, useHistoryShortcuts } from './ui/HistoryActions';
import { Banner } from './ui/Banner';
import { FlintMark } from './ui/icons';
import { Splitter, useBottomHeight } from './ui/Splitter';
import { PlaybackBar } from './playback/PlaybackBar';
import { Notices } from './sim/Notices';
import { EventList } from './events/EventList';
import { TraceTabs } from './trace-tabs/TraceTabs';
import { CourseButton, CourseDialog } from './lessons/CourseDialog';
import { LessonPanel, useResumeLesson } from './lessons/LessonPanel';
import { useLessonStore } from './lessons/lesson-store';

/** Undo, redo or Open can remove what is selected: drop a selection that no longer exists. */
function useSelectionFollowsDocument(): void {
  useEffect(
    () =>
      useDocumentStore.subscribe((state, previous) => {
        if (state.doc === previous.doc) return;
        const { deviceId, linkId, selectDevice, selectLink } = useSelectionStore.getState();
        if (deviceId && !state.doc.devices.some((d) => d.id === deviceId)) selectDevice(null);
        if (linkId && !state.doc.links.some((l) => l.id === linkId)) selectLink(null);
      }),
    [],
  );
}

export function App() {
  useHistoryShortcuts();
  useSelectionFollowsDocument();
  useResumeLesson();
  const [bottomHeight, setBottomHeight] = useBottomHeight();
  const lessonOpen = useLessonStore((s) => s.lesson !== null);
  const presenting = useLessonStore((s) => s.presenting && s.lesson !== null);
  const layout = presenting ? 'app app--lesson app--presenting' : lessonOpen ? 'app app--lesson' : 'app';

  return (
    <ReactFlowProvider>
      <div className={layout} style={{ '--bottom-height': `${bottomHeight}px` } as CSSProperties}>
        <header className="app-header">
          <div className="wordmark">
            <FlintMark size={22} />
            <span>Flintnet</span>
          </div>
          <div className="toolbar">
            <FileActions />
            <span className="toolbar-divider" aria-hidden="true" />
            <HistoryActions />
            <span className="toolbar-divider" aria-hidden="true" />
            <CourseButton />
          </div>
        </header>

        <aside className="app-palette" aria-label="Palette">
          <Palette />
        </aside>

        {lessonOpen && (
          <aside className="app-lesson" aria-label="Lesson">
            <LessonPanel />
          </aside>
        )}

        <main className="app-canvas" aria-label="Canvas">
          <NetworkCanvas />
          <Banner />
          <Notices />
        </main>

        <Inspector />

        <div className="app-bottom">
          <Splitter height={bottomHeight} onChange={setBottomHeight} />
          <div className="app-playback">
            <PlaybackBar />
          </div>
          <div className="app-trace">
            <div className="app-events">
              <EventList />
            </div>
            <div className="app-osi">
              <TraceTabs />
            </div>
          </div>
        </div>
        <CourseDialog />
      </div>
    </ReactFlowProvider>
  );
}
