/**
 * Play the trace back event by event: reset, step, play/pause, speed, where we
 * are (simulated time and event number), whether the engine is still busy, and
 * saving the whole capture. Also starts the engine when the app mounts.
 */
import { useEffect, useState } from 'react';
import { cursorIndex, selectCursorEvent, SPEEDS, useTraceStore, type SpeedId } from '../store/trace-store';
import { simClient, startSimulation } from '../sim/client';
import { formatSimTime } from '../sim/format';
import { CaptureButton } from '../actions/CaptureButton';
import { PauseIcon, PlayIcon, ResetIcon, StepBackIcon, StepForwardIcon, StopIcon } from './icons';
import { usePlaybackKeys } from './use-playback-keys';
import '../trace.css';

const ALL = { kind: 'all' } as const;

function StopButton() {
  const [stopping, setStopping] = useState(false);
  return (
    <button
      type="button"
      className="button button--small"
      disabled={stopping}
      onClick={() => {
        setStopping(true);
        void simClient()
          .stop()
          .finally(() => setStopping(false));
      }}
    >
      <StopIcon /> Stop
    </button>
  );
}

export function PlaybackBar() {
  useEffect(() => startSimulation(), []);
  usePlaybackKeys();

  const playing = useTraceStore((s) => s.playing);
  const speed = useTraceStore((s) => s.speed);
  const running = useTraceStore((s) => s.running);
  const total = useTraceStore((s) => s.events.length);
  const index = useTraceStore(cursorIndex);
  const current = useTraceStore(selectCursorEvent);
  const { resetPlayback, stepBack, stepForward, togglePlay, setSpeed } = useTraceStore.getState();

  const empty = total === 0;
  const atStart = index <= 0;
  const atEnd = index === total - 1;

  return (
    <section aria-label="Playback" className="playback-bar">
      <div className="playback-bar__buttons">
        <button type="button" className="trace-icon-button" onClick={resetPlayback} disabled={empty} aria-label="Reset" title="Back to the first event">
          <ResetIcon />
        </button>
        <button type="button" className="trace-icon-button" onClick={stepBack} disabled={empty || atStart} aria-label="Step back" title="Step back (←)">
          <StepBackIcon />
        </button>
        <button
          type="button"
          className="trace-icon-button trace-icon-button--primary"
          onClick={togglePlay}
          disabled={empty && !running}
          aria-label={playing ? 'Pause' : 'Play'}
          title={playing ? 'Pause (Space)' : 'Play (Space)'}
        >
          {playing ? <PauseIcon /> : <PlayIcon />}
        </button>
        <button type="button" className="trace-icon-button" onClick={stepForward} disabled={empty || atEnd} aria-label="Step forward" title="Step forward (→)">
          <StepForwardIcon />
        </button>
      </div>

      <label className="trace-field">
        <span>Speed</span>
        <select value={speed} onChange={(e) => setSpeed(e.target.value as SpeedId)}>
          {SPEEDS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>

      <div className="playback-bar__position">
        <span className="playback-bar__time" title="Simulated time of this event">
          {current ? formatSimTime(current.t) : '—'}
        </span>
        <span className="playback-bar__counter">
          {empty ? 'No events' : index === -1 ? `${total.toLocaleString('en-US')} events` : `Event ${(index + 1).toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`}
        </span>
      </div>

      <span className={`playback-bar__status${running ? ' is-running' : ''}`} role="status">
        {running ? 'Simulating…' : 'Idle'}
      </span>
      {running && <StopButton />}

      <div className="playback-bar__end">
        <CaptureButton scope={ALL} label="Save capture" />
      </div>
    </section>
  );
}
