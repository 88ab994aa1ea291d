import { evaluateAlerts } from './evaluateAlerts';

describe('evaluateAlerts', () => {
  it("evaluates every minute with the scheduler's abort signal, so a shutdown stops it", async () => {
    const evaluator = { evaluateAll: jest.fn() };
    const signal = new AbortController().signal;
    const task = evaluateAlerts({ evaluator });

    await task.fn(signal);

    expect(task).toMatchObject({
      id: 'evaluate-alerts',
      frequency: { minutes: 1 },
    });
    expect(evaluator.evaluateAll).toHaveBeenCalledWith(signal);
  });
});
