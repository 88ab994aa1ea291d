import { anApproval } from './__testUtils__/approvals';
import {
  approvalSummary,
  awaitingApprovalMessage,
  rolloutDetails,
} from './approvalSummary';

describe('approvalSummary', () => {
  it('names an update by the version and strategy it asked for', () => {
    expect(approvalSummary(anApproval())).toBe('Update to v2.2.0 with Canary');
    expect(
      approvalSummary(anApproval({ parameters: { modelVersion: 'v3' } })),
    ).toBe('Update to v3');
  });

  it('names a creation and a deletion', () => {
    expect(approvalSummary(anApproval({ action: 'create' }))).toBe('Creation');
    expect(approvalSummary(anApproval({ action: 'delete' }))).toBe('Deletion');
  });
});

describe('rolloutDetails', () => {
  it("lists a canary's steps, the default ones when the request named none", () => {
    expect(rolloutDetails(anApproval())).toBe(
      'Canary steps: 20% for 60 s, then 100%',
    );
    expect(
      rolloutDetails(
        anApproval({ parameters: { modelVersion: 'v3', strategy: 'canary' } }),
      ),
    ).toBe('Canary steps: 10% for 300 s, 50% for 300 s, then 100%');
  });

  it('says how long blue-green keeps the previous version', () => {
    expect(
      rolloutDetails(
        anApproval({
          parameters: {
            modelVersion: 'v3',
            strategy: 'blue-green',
            blueGreen: { rollbackWindowMinutes: 30 },
          },
        }),
      ),
    ).toBe('The previous version is kept 30 min for an instant switch back');
  });

  it('has nothing to add for a rolling update, a creation or a deletion', () => {
    expect(
      rolloutDetails(
        anApproval({ parameters: { modelVersion: 'v3', strategy: 'rolling' } }),
      ),
    ).toBeUndefined();
    expect(rolloutDetails(anApproval({ action: 'delete' }))).toBeUndefined();
  });
});

describe('awaitingApprovalMessage', () => {
  it('says what waits, for whom, and that nothing changes until then', () => {
    expect(awaitingApprovalMessage('bert-sentiment-api', anApproval())).toBe(
      'bert-sentiment-api: Update to v2.2.0 with Canary waits for approval by nlp-team or ml-approvers; nothing changes until it is approved',
    );
  });
});
