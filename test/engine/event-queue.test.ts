import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue, Priority } from "../../src/engine/event-queue.js";
import { Simulation } from "../../src/engine/simulation.js";

interface Ev {
  time: number;
  priority: number;
  seq: number;
  label: string;
}
const ev = (label: string): Ev => ({ time: 0, priority: 0, seq: 0, label });

describe("EventQueue", () => {
  it("runs same-time, same-class events in the order they were scheduled (FIFO)", () => {
    const q = new EventQueue<Ev>();
    for (const label of ["a", "b", "c", "d"]) q.push(ev(label), 5, Priority.Arrival);
    expect([q.pop(), q.pop(), q.pop(), q.pop()].map((e) => e?.label)).toEqual(["a", "b", "c", "d"]);
  });

  it("orders same-time events by priority class: urgent, completion, arrival, dispatch", () => {
    const q = new EventQueue<Ev>();
    q.push(ev("dispatch"), 1, Priority.Dispatch);
    q.push(ev("arrival"), 1, Priority.Arrival);
    q.push(ev("completion"), 1, Priority.Completion);
    q.push(ev("urgent"), 1, Priority.Urgent);
    q.push(ev("earlier"), 0.5, Priority.Dispatch);
    const order: string[] = [];
    for (let e = q.pop(); e !== undefined; e = q.pop()) order.push(e.label);
    expect(order).toEqual(["earlier", "urgent", "completion", "arrival", "dispatch"]);
  });

  it("pops in (time, priority, insertion) order for any sequence of pushes (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })), {
          maxLength: 300,
        }),
        (items) => {
          const q = new EventQueue<Ev>();
          items.forEach(([t, p], i) => {
            q.push(ev(String(i)), t, p);
          });
          const popped: number[] = [];
          for (let e = q.pop(); e !== undefined; e = q.pop()) popped.push(Number(e.label));
          const expected = items
            .map(([t, p], i) => ({ t, p, i }))
            .sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i)
            .map((x) => x.i);
          expect(popped).toEqual(expected);
        },
      ),
    );
  });

  it("grows past its initial capacity without losing events", () => {
    const q = new EventQueue<Ev>();
    for (let i = 0; i < 5000; i++) q.push(ev(String(i)), 5000 - i, Priority.Arrival);
    let last = -1;
    let n = 0;
    for (let e = q.pop(); e !== undefined; e = q.pop()) {
      expect(e.time).toBeGreaterThanOrEqual(last);
      last = e.time;
      n++;
    }
    expect(n).toBe(5000);
  });
});

describe("Simulation", () => {
  it("advances the virtual clock to each event and lets handlers schedule more", () => {
    const seen: [string, number][] = [];
    const sim = new Simulation<Ev>((e, s) => {
      seen.push([e.label, s.now]);
      if (e.label === "a") s.after(2, Priority.Arrival, ev("b"));
    });
    sim.at(1, Priority.Arrival, ev("a"));
    sim.at(1.5, Priority.Arrival, ev("c"));
    expect(sim.run()).toBe(3);
    expect(seen).toEqual([
      ["a", 1],
      ["c", 1.5],
      ["b", 3],
    ]);
  });

  it("refuses to schedule in the past", () => {
    const sim = new Simulation<Ev>(() => {}, 10);
    expect(() => sim.at(9, Priority.Arrival, ev("x"))).toThrow(/before now/);
  });

  it("stops at `until` and leaves later events pending", () => {
    const sim = new Simulation<Ev>(() => {});
    sim.at(1, Priority.Arrival, ev("a"));
    sim.at(5, Priority.Arrival, ev("b"));
    expect(sim.run(2)).toBe(1);
    expect(sim.pending).toBe(1);
    expect(sim.peek()).toBe(5);
  });
});
