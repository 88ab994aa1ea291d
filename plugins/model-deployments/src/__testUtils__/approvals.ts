import type { ApprovalRequest } from '@modelops/plugin-model-deployments-common';

/**
 * An update of the example deployment to v2.2.0 with Canary, asked by alice and waiting for the NLP team
 * or the ML approvers, as the backend returns it to another member who may approve it; `overrides`
 * replace top-level fields.
 */
export function anApproval(
  overrides: Partial<ApprovalRequest> = {},
): ApprovalRequest {
  return {
    id: 'a1',
    deploymentId: 'd1',
    deploymentName: 'bert-sentiment-api',
    environment: 'production',
    modelRef: 'resource:default/bert-sentiment',
    action: 'update-model',
    parameters: {
      modelVersion: 'v2.2.0',
      strategy: 'canary',
      canary: { steps: [{ weightPercent: 20, pauseSeconds: 60 }] },
    },
    changes: [
      { field: 'modelVersion', before: 'v2.1.0', after: 'v2.2.0' },
      { field: 'strategy', before: 'blue-green', after: 'canary' },
    ],
    requestedBy: 'user:default/alice',
    requestedAt: '2026-11-26T11:00:00Z',
    expiresAt: '2026-11-29T11:00:00Z',
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    reason: null,
    basisRevision: 1,
    approvers: ['group:default/nlp-team', 'group:default/ml-approvers'],
    viewer: { canDecide: true, isRequester: false },
    ...overrides,
  };
}

/** The same request as its requester sees it: they may withdraw it, not decide it. */
export function anApprovalAskedByViewer(
  overrides: Partial<ApprovalRequest> = {},
): ApprovalRequest {
  return anApproval({
    viewer: {
      canDecide: false,
      reason: 'You asked for this change: another approver must approve it',
      isRequester: true,
    },
    ...overrides,
  });
}
