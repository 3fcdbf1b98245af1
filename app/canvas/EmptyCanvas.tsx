import { ComputerIcon } from '../ui/icons';

/** What a newcomer sees on an empty canvas: the first step, not an error. */
export function EmptyCanvas() {
  return (
    <div className="empty-canvas" role="note" aria-labelledby="empty-canvas-title">
      <div className="empty-canvas__card">
        <span className="empty-canvas__icon">
          <ComputerIcon size={34} />
        </span>
        <h2 id="empty-canvas-title">Start your network</h2>
        <p>
          Drag a <strong>Computer</strong> from the palette onto this canvas, or press <kbd>Enter</kbd> on it.
        </p>
        <p className="empty-canvas__next">
          Add a second one, then drag from one device’s dot to the other to plug in a cable.
        </p>
      </div>
    </div>
  );
}
