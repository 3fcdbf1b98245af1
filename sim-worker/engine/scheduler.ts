/**
 * The one clock and event queue of a simulation: a binary min-heap ordered by
 * simulated time (integer ns), ties broken by scheduling order so that a run
 * is deterministic.
 *
 * A background task (a lease renewal hours away, a cache timer) runs in its
 * turn when time is run forward to it, but does not keep the network busy:
 * "run until quiet" stops when only background tasks are left.
 */
type Task = () => void;
/** A task that can be called off; `spent` once it ran or was called off (it then keeps nobody busy). */
type CancellableTask = Task & { spent?: boolean };

export class Scheduler {
  /** Simulated time of the task being run, in ns. */
  now = 0;
  private times: number[] = [];
  private orders: number[] = [];
  private tasks: Task[] = [];
  private backgrounds: boolean[] = [];
  private nextOrder = 0;
  private foreground = 0;

  get pending(): number {
    return this.tasks.length;
  }

  /** Whether any task other than a background one is waiting. */
  get busy(): boolean {
    return this.foreground > 0;
  }

  /** Time of the next task, or Infinity when there is none. */
  get nextTime(): number {
    return this.tasks.length > 0 ? this.times[0] : Infinity;
  }

  after(delayNs: number, task: Task, background = false): void {
    this.at(this.now + delayNs, task, background);
  }

  at(time: number, task: Task, background = false): void {
    if (!Number.isInteger(time) || time < this.now) throw new Error(`cannot schedule at ${time} ns (now ${this.now} ns)`);
    const order = this.nextOrder++;
    if (!background) this.foreground++;
    let i = this.tasks.length;
    this.times.push(time);
    this.orders.push(order);
    this.tasks.push(task);
    this.backgrounds.push(background);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(time, order, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.put(i, time, order, task, background);
  }

  /**
   * Like `at`, and returns a function that calls the task off: a timer that
   * is no longer needed (a retransmission after the answer came) then does
   * not keep "run until quiet" going until its time.
   */
  cancellableAt(time: number, task: Task, background = false): () => void {
    const entry: CancellableTask = () => {
      if (entry.spent) return;
      entry.spent = true;
      task();
    };
    this.at(time, entry, background);
    return () => {
      if (entry.spent) return;
      entry.spent = true;
      if (!background) this.foreground--;
    };
  }

  /** Runs the earliest task; false when the queue is empty. */
  runNext(): boolean {
    const count = this.tasks.length;
    if (count === 0) return false;
    const time = this.times[0];
    const task: CancellableTask = this.tasks[0];
    if (!this.backgrounds[0] && !task.spent) this.foreground--;
    const lastTime = this.times.pop()!;
    const lastOrder = this.orders.pop()!;
    const lastTask = this.tasks.pop()!;
    const lastBackground = this.backgrounds.pop()!;
    if (count > 1) this.siftDown(lastTime, lastOrder, lastTask, lastBackground);
    this.now = time;
    task();
    return true;
  }

  private siftDown(time: number, order: number, task: Task, background: boolean): void {
    const size = this.tasks.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.less(right, left) ? right : left;
      if (!this.before(this.times[child], this.orders[child], i, time, order)) break;
      this.move(child, i);
      i = child;
    }
    this.put(i, time, order, task, background);
  }

  /** Is (time, order) earlier than the entry at index j — or than (jTime, jOrder) when given? */
  private before(time: number, order: number, j: number, jTime = this.times[j], jOrder = this.orders[j]): boolean {
    return time < jTime || (time === jTime && order < jOrder);
  }

  private less(a: number, b: number): boolean {
    return this.before(this.times[a], this.orders[a], b);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.orders[to] = this.orders[from];
    this.tasks[to] = this.tasks[from];
    this.backgrounds[to] = this.backgrounds[from];
  }

  private put(i: number, time: number, order: number, task: Task, background: boolean): void {
    this.times[i] = time;
    this.orders[i] = order;
    this.tasks[i] = task;
    this.backgrounds[i] = background;
  }
}
