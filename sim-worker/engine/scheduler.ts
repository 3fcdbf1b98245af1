/**
 * The one clock and event queue of a simulation: a min-heap ordered by
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

/** Flags in a task's key: a background task keeps nobody busy; a cancellable one may have been called off. */
const BACKGROUND = 1;
const CANCELLABLE = 2;

export class Scheduler {
  /** Simulated time of the task being run, in ns. */
  now = 0;
  /**
   * The heap, four children to a node (half the levels of a binary heap; a
   * busy network has thousands of tasks waiting). Entry i's time is at
   * `order[2i]` and its key (scheduling order × 4, plus BACKGROUND and
   * CANCELLABLE) at `order[2i + 1]`, so the children compared at each level
   * lie together in memory; its task is `tasks[i]`.
   */
  private order = new Float64Array(2 * 1024);
  private tasks: (Task | undefined)[] = [];
  private size = 0;
  private nextOrder = 0;
  private foreground = 0;
  /** The time and scheduling order of the task running (or last run). */
  private runningTime = -1;
  private runningOrder = -1;

  get pending(): number {
    return this.size;
  }

  /** Whether any task other than a background one is waiting. */
  get busy(): boolean {
    return this.foreground > 0;
  }

  /** Time of the next task, or Infinity when there is none. */
  get nextTime(): number {
    return this.size > 0 ? this.order[0] : Infinity;
  }

  after(delayNs: number, task: Task, background = false): void {
    this.at(this.now + delayNs, task, background);
  }

  at(time: number, task: Task, background = false): void {
    this.schedule(time, task, background ? BACKGROUND : 0);
  }

  private schedule(time: number, task: Task, flags: number): void {
    if (!Number.isInteger(time) || time < this.now) throw new Error(`cannot schedule at ${time} ns (now ${this.now} ns)`);
    // Orders are unique, so (time, key) orders tasks totally: the run order does not depend on the heap's shape.
    const key = this.nextOrder++ * 4 + flags;
    if (!(flags & BACKGROUND)) this.foreground++;
    this.push(time, key, task);
  }

  private push(time: number, key: number, task: Task): void {
    if (2 * this.size === this.order.length) {
      const grown = new Float64Array(2 * this.order.length);
      grown.set(this.order);
      this.order = grown;
    }
    this.siftUp(this.size++, time, key, task);
  }

  /**
   * Takes the next scheduling order now, for a task that may be scheduled
   * later with `atReserved`, or never: a task scheduled later with it runs
   * exactly where it would have run had it been scheduled now.
   */
  reserveOrder(): number {
    return this.nextOrder++;
  }

  /** Schedules a task with an order taken by `reserveOrder`; it must still be ahead of the task running. */
  atReserved(time: number, order: number, task: Task): void {
    if (!this.isAhead(time, order)) throw new Error(`cannot schedule at ${time} ns, order ${order}: that has already passed`);
    this.foreground++;
    this.push(time, order * 4, task);
  }

  /**
   * Whether a task at `time` with scheduling order `order` would still be to
   * run: after the task running now. Once time was moved on past the last
   * task run (`Simulation.run` with `untilNs`), every task until now has run.
   */
  isAhead(time: number, order: number): boolean {
    if (time !== this.now) return time > this.now;
    return this.now === this.runningTime && order > this.runningOrder;
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
    this.schedule(time, entry, CANCELLABLE | (background ? BACKGROUND : 0));
    return () => {
      if (entry.spent) return;
      entry.spent = true;
      if (!background) this.foreground--;
    };
  }

  /**
   * Runs tasks in turn, at most `maxTasks`, while the next is due by
   * `until`, and, unless `background` too, while a foreground task waits;
   * returns how many ran.
   */
  runTasks(maxTasks: number, until: number, background: boolean): number {
    let ran = 0;
    while (ran < maxTasks && this.size > 0 && this.order[0] <= until && (background || this.foreground > 0)) {
      this.runNext();
      ran++;
    }
    return ran;
  }

  /** Runs the earliest task; false when the queue is empty. */
  runNext(): boolean {
    const { order, tasks } = this;
    const last = this.size - 1;
    if (last < 0) return false;
    const time = order[0];
    const key = order[1];
    const task: CancellableTask = tasks[0]!;
    const flags = key % 4;
    // Only a cancellable task can have been called off: most tasks are closures that have no `spent` to look up.
    if (flags === 0 || (flags === CANCELLABLE && !task.spent)) this.foreground--;
    this.runningTime = time;
    this.runningOrder = (key - flags) / 4;
    this.size = last;
    if (last > 0) this.refill(order[2 * last], order[2 * last + 1], tasks[last]!);
    // Let the task go once it has run.
    tasks[last] = undefined;
    this.now = time;
    task();
    return true;
  }

  /**
   * Fills the hole left at the top by the task taken (Floyd's way): the
   * earliest child moves up, level by level, down to a leaf; the last entry
   * then goes in there and rises as far as it must, usually not far, since
   * the last entry is a late one.
   */
  private refill(time: number, key: number, task: Task): void {
    const { order, tasks, size } = this;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= size) break;
      let child = first;
      let childTime = order[2 * first];
      let childKey = order[2 * first + 1];
      const end = Math.min(first + 4, size);
      for (let c = first + 1; c < end; c++) {
        const t = order[2 * c];
        if (t < childTime || (t === childTime && order[2 * c + 1] < childKey)) {
          child = c;
          childTime = t;
          childKey = order[2 * c + 1];
        }
      }
      order[2 * i] = childTime;
      order[2 * i + 1] = childKey;
      tasks[i] = tasks[child];
      i = child;
    }
    this.siftUp(i, time, key, task);
  }

  private siftUp(i: number, time: number, key: number, task: Task): void {
    const { order, tasks } = this;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const parentTime = order[2 * parent];
      if (!(time < parentTime || (time === parentTime && key < order[2 * parent + 1]))) break;
      order[2 * i] = parentTime;
      order[2 * i + 1] = order[2 * parent + 1];
      tasks[i] = tasks[parent];
      i = parent;
    }
    order[2 * i] = time;
    order[2 * i + 1] = key;
    tasks[i] = task;
  }
}
