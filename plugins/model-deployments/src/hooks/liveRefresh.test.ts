import { aDeployment, anOperation } from '../__testUtils__/deployments';
import {
  ALERT_REFRESH_MS,
  deploymentsRefreshMs,
  LIVE_REFRESH_MS,
} from './liveRefresh';

describe('deploymentsRefreshMs', () => {
  it('reads deployments again every few seconds while one changes', () => {
    expect(
      deploymentsRefreshMs([
        aDeployment(),
        aDeployment({ status: 'updating', operation: anOperation() }),
      ]),
    ).toBe(LIVE_REFRESH_MS);
  });

  it('reads them again every minute, as alerts are evaluated, while none changes', () => {
    expect(deploymentsRefreshMs([aDeployment()])).toBe(ALERT_REFRESH_MS);
    expect(deploymentsRefreshMs([])).toBe(ALERT_REFRESH_MS);
    expect(ALERT_REFRESH_MS).toBe(60_000);
  });
});
