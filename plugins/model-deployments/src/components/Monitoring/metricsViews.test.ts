import type { RolloutProgress } from '@modelops/plugin-model-deployments-common';
import { aDeployment, anOperation } from '../../__testUtils__/deployments';
import { metricsViews } from './metricsViews';

function updating(progress: Partial<RolloutProgress>) {
  return aDeployment({
    status: 'updating',
    operation: anOperation({
      targetRevision: 3,
      progress: {
        strategy: 'canary',
        phase: 'canary',
        fromRevision: 2,
        baseInstances: 2,
        ...progress,
      },
    }),
  });
}

describe('metricsViews', () => {
  it('reads the deployment as a whole when no canary or preview runs', () => {
    expect(metricsViews(aDeployment())).toEqual([{}]);
    expect(
      metricsViews(aDeployment({ operation: anOperation({ progress: null }) })),
    ).toEqual([{}]);
    expect(metricsViews(updating({ phase: 'finishing' }))).toEqual([{}]);
  });

  it('reads stable and canary apart during a canary step, named by their revisions', () => {
    expect(metricsViews(updating({}))).toEqual([
      { track: 'stable', label: 'stable (revision 2)' },
      { track: 'canary', label: 'canary (revision 3)' },
    ]);
  });

  it('reads stable and preview apart while a blue-green update runs both', () => {
    expect(
      metricsViews(updating({ strategy: 'blue-green', phase: 'preview' })),
    ).toEqual([
      { track: 'stable', label: 'stable (revision 2)' },
      { track: 'preview', label: 'preview (revision 3)' },
    ]);
  });
});
