/**
 * The simulation kernel: a virtual clock and an event queue. It knows nothing about Azure; models schedule opaque
 * payloads and a single handler interprets them (one dispatch point keeps the hot path monomorphic).
 */
import { EventQueue, type PriorityClass, type QueuedEvent } from "./event-queue.js";

/** Handles one event at the current simulated time. */
export type EventHandler<T extends QueuedEvent> = (event: T, sim: Simulation<T>) => void;

/** A discrete-event simulation over events of type T. */
export class Simulation<T extends QueuedEvent> {
  private readonly queue = new EventQueue<T>();
  private clock: number;
  private processed = 0;

  /**
   * @param handler interprets every event
   * @param startTime the clock's initial value, seconds (negative when a warmup precedes the horizon)
   */
  constructor(
    private readonly handler: EventHandler<T>,
    startTime = 0,
  ) {
    this.clock = startTime;
  }

  /** Current simulated time, seconds. */
  get now(): number {
    return this.clock;
  }

  /** Number of events processed so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Number of events still pending. */
  get pending(): number {
    return this.queue.size;
  }

  /** Schedules `event` at absolute time `time` (never in the past) in the given same-time class. */
  at(time: number, priority: PriorityClass, event: T): void {
    if (!(time >= this.clock)) {
      throw new Error(`cannot schedule at ${time}, before now (${this.clock})`);
    }
    this.queue.push(event, time, priority);
  }

  /** Schedules `event` after `delay` seconds. */
  after(delay: number, priority: PriorityClass, event: T): void {
    this.at(this.clock + delay, priority, event);
  }

  /** Time of the next event, or Infinity when none is pending. */
  peek(): number {
    return this.queue.peek()?.time ?? Number.POSITIVE_INFINITY;
  }

  /** Processes one event; returns false when the queue was empty. */
  step(): boolean {
    const ev = this.queue.pop();
    if (ev === undefined) return false;
    this.clock = ev.time;
    this.processed++;
    this.handler(ev, this);
    return true;
  }

  /** Runs until the queue is empty or the next event is later than `until` (seconds); returns events processed. */
  run(until = Number.POSITIVE_INFINITY, onProgress?: (now: number) => void, progressEvery = 65536): number {
    const start = this.processed;
    if (until === Number.POSITIVE_INFINITY && onProgress === undefined) {
      // The common case, without the peek per event.
      const queue = this.queue;
      const handler = this.handler;
      let ev = queue.pop();
      while (ev !== undefined) {
        this.clock = ev.time;
        handler(ev, this);
        ev = queue.pop();
        this.processed++;
      }
      return this.processed - start;
    }
    let sinceProgress = 0;
    while (this.queue.size > 0) {
      const next = this.queue.peek() as T;
      if (next.time > until) break;
      this.step();
      if (onProgress !== undefined && ++sinceProgress >= progressEvery) {
        sinceProgress = 0;
        onProgress(this.clock);
      }
    }
    return this.processed - start;
  }
}
