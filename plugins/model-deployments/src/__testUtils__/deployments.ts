import {
  deploymentSpecSchema,
  exampleDeploymentSpec,
  type DeploymentOperation,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import type { ModelDeploymentsApi } from '../api';

/**
 * A running deployment of the documentation's example (BERT Sentiment API, blue-green, auto-scaling
 * 2–10 on A100s), as the backend returns it; `overrides` replace top-level fields.
 */
export function aDeployment(
  overrides: Partial<ModelDeployment> = {},
): ModelDeployment {
  return {
    id: 'd1',
    name: 'bert-sentiment-api',
    spec: deploymentSpecSchema.parse(exampleDeploymentSpec),
    owner: 'group:default/nlp-team',
    status: 'running',
    version: 4,
    revision: 2,
    activeRevision: 2,
    serving: {
      image: 'registry.example.com/model-servers/model-001:v2.1.0',
      modelUri: null,
    },
    instances: { desired: 2, current: 2, ready: 2 },
    conditions: [],
    observedAt: '2026-11-26T10:00:00Z',
    createdAt: '2026-11-26T09:00:00Z',
    createdBy: 'user:default/alice',
    updatedAt: '2026-11-26T10:00:00Z',
    updatedBy: 'user:default/alice',
    ...overrides,
  };
}

/** An update of the model under way (revision 3), as the runtime reports it; `overrides` replace fields. */
export function anOperation(
  overrides: Partial<DeploymentOperation> = {},
): DeploymentOperation {
  return {
    id: 'o1',
    type: 'update-model',
    status: 'running',
    step: null,
    targetRevision: 3,
    parameters: {},
    progress: null,
    promoteRequestedAt: null,
    error: null,
    requestedBy: 'user:default/alice',
    createdAt: '2026-11-26T10:00:00Z',
    startedAt: '2026-11-26T10:00:01Z',
    finishedAt: null,
    ...overrides,
  };
}

/**
 * A stand-in for the backend client in component tests: every method is a `jest.fn` that fails unless
 * the test gives it an answer, so a test sees exactly which calls a component makes.
 */
export function mockModelDeploymentsApi(
  implementations: Partial<ModelDeploymentsApi> = {},
): jest.Mocked<ModelDeploymentsApi> {
  const methods: (keyof ModelDeploymentsApi)[] = [
    'listDeployments',
    'getDeployment',
    'listModelVersions',
    'listRevisions',
    'listEvents',
    'editDeployment',
    'scaleDeployment',
    'stopDeployment',
    'startDeployment',
    'updateModel',
    'promoteDeployment',
    'rollbackDeployment',
    'deleteDeployment',
    'listApprovals',
    'approveChange',
    'rejectChange',
    'withdrawChange',
    'getMetrics',
    'listInstances',
    'streamLogs',
    'listAlerts',
  ];
  return Object.fromEntries(
    methods.map(method => [
      method,
      jest.fn(
        (implementations[method] as (...args: unknown[]) => unknown) ??
          (async () => {
            throw new Error(`unexpected call of ${method}`);
          }),
      ),
    ]),
  ) as unknown as jest.Mocked<ModelDeploymentsApi>;
}
