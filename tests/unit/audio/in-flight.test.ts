import { describe, expect, it } from 'vitest';
import { InFlight } from '../../../workers/decode/in-flight';

describe('InFlight', () => {
  it('lets producers go on below the limit and holds them at it', () => {
    const flight = new InFlight(2);
    expect(flight.wait()).toBeNull();
    flight.sent();
    flight.sent();
    expect(flight.wait()).toBeInstanceOf(Promise);
    flight.consumed();
    expect(flight.wait()).toBeNull();
    expect(flight.size).toBe(1);
  });

  it('wakes every producer waiting at once, not only the last to ask', async () => {
    const flight = new InFlight(1);
    flight.sent();
    const woken: string[] = [];
    const lanes = ['lane 0', 'lane 1'].map((name) => flight.wait()!.then(() => woken.push(name)));
    flight.consumed();
    await Promise.all(lanes);
    expect(woken.sort()).toEqual(['lane 0', 'lane 1']);
  });
});
