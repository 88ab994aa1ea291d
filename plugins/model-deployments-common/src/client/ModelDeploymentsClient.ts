import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  ApprovalList,
  ApprovalRequest,
  ApproveRequest,
  ListApprovalsQuery,
  RejectRequest,
  WithdrawRequest,
} from '../approvals';
import type {
  AlertList,
  DeploymentMetrics,
  InstanceList,
  ListAlertsQuery,
  LogsQuery,
  MetricsQuery,
} from '../monitoring';
import {
  LIST_PAGE_SIZE_MAX,
  type CreateDeploymentRequest,
  type DeploymentSpecPatch,
  type ListDeploymentsQuery,
  type RollbackDeploymentRequest,
  type ScaleDeploymentRequest,
  type StopDeploymentRequest,
  type UpdateModelRequest,
} from '../requests';
import type {
  CreateDeploymentResponse,
  DeploymentList,
  DeploymentRevision,
  EditDeploymentResponse,
  EventList,
  ModelDeployment,
  ModelVersion,
  RevisionList,
} from '../types';
import type {
  CreateDeploymentOptions,
  EditDeploymentOptions,
  ModelDeploymentsApi,
  ModelDeploymentsRequestOptions as RequestOptions,
} from './ModelDeploymentsApi';
import { BackendRequests, queryString, type Query } from './backendRequests';
import { textChunks } from './textChunks';

/**
 * The client of the Model Deployments backend, in the browser and in Node alike.
 *
 * A frontend builds it from the app's `discoveryApi` and `fetchApi` (which adds the signed-in user's
 * token); a backend from its `discovery` service, with global `fetch`, and passes a plugin request token
 * to each call.
 *
 * @public
 */
export class ModelDeploymentsClient implements ModelDeploymentsApi {
  private readonly backend: BackendRequests;

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    /** Global `fetch` when absent. */
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.backend = new BackendRequests(
      options.discoveryApi,
      // Called as a function of its own: a browser's fetch refuses to run with another `this`.
      options.fetchApi ?? {
        fetch: (...args: Parameters<typeof fetch>) => fetch(...args),
      },
    );
  }

  listDeployments(
    query: ListDeploymentsQuery = {},
    options?: RequestOptions,
  ): Promise<DeploymentList> {
    return this.backend.json(
      'GET',
      `/deployments${queryString(query as Query)}`,
      options,
    );
  }

  async listAllDeployments(
    query: Omit<ListDeploymentsQuery, 'cursor'> = {},
    options?: RequestOptions,
  ): Promise<ModelDeployment[]> {
    const { limit = LIST_PAGE_SIZE_MAX, ...filters } = query;
    const deployments: ModelDeployment[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listDeployments(
        { limit, ...filters, cursor },
        options,
      );
      deployments.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return deployments;
  }

  getDeployment(
    id: string,
    options?: RequestOptions,
  ): Promise<ModelDeployment> {
    return this.backend.json('GET', deploymentPath(id), options);
  }

  async findDeployment(
    id: string,
    options?: RequestOptions,
  ): Promise<ModelDeployment | undefined> {
    try {
      return await this.getDeployment(id, options);
    } catch (error) {
      if (error instanceof ResponseError && error.response.status === 404) {
        return undefined;
      }
      throw error;
    }
  }

  createDeployment(
    request: CreateDeploymentRequest,
    options: CreateDeploymentOptions = {},
  ): Promise<CreateDeploymentResponse> {
    const { dryRun, idempotencyKey, token } = options;
    return this.backend.json(
      'POST',
      `/deployments${queryString({ dryRun: dryRun ? 'true' : undefined })}`,
      { token },
      {
        body: request,
        headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {},
      },
    );
  }

  async listModelVersions(
    modelRef: string,
    options?: RequestOptions,
  ): Promise<ModelVersion[]> {
    const { kind, namespace, name } = parseEntityRef(modelRef);
    const path = [kind, namespace, name].map(encodeURIComponent).join('/');
    return (
      await this.backend.json<{ items: ModelVersion[] }>(
        'GET',
        `/models/${path}/versions`,
        options,
      )
    ).items;
  }

  async listRevisions(
    id: string,
    options?: RequestOptions,
  ): Promise<DeploymentRevision[]> {
    // Every page: a deployment keeps a bounded number of revisions (the backend's history limit).
    const revisions: DeploymentRevision[] = [];
    let cursor: string | undefined;
    do {
      const page: RevisionList = await this.backend.json(
        'GET',
        `${deploymentPath(id)}/revisions${queryString({
          limit: LIST_PAGE_SIZE_MAX,
          cursor,
        })}`,
        options,
      );
      revisions.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return revisions;
  }

  listEvents(
    id: string,
    page: { limit?: number; cursor?: string } = {},
    options?: RequestOptions,
  ): Promise<EventList> {
    return this.backend.json(
      'GET',
      `${deploymentPath(id)}/events${queryString(page)}`,
      options,
    );
  }

  editDeployment(
    id: string,
    patch: DeploymentSpecPatch,
    options: EditDeploymentOptions = {},
  ): Promise<EditDeploymentResponse> {
    const { dryRun, token } = options;
    return this.backend.json(
      'PATCH',
      `${deploymentPath(id)}${queryString({
        dryRun: dryRun ? 'true' : undefined,
      })}`,
      { token },
      { body: patch, contentType: 'application/merge-patch+json' },
    );
  }

  scaleDeployment(
    id: string,
    request: ScaleDeploymentRequest,
    options?: RequestOptions,
  ): Promise<ModelDeployment> {
    return this.action(id, 'scale', request, options);
  }

  stopDeployment(
    id: string,
    request: StopDeploymentRequest = {},
    options?: RequestOptions,
  ): Promise<ModelDeployment> {
    return this.action(id, 'stop', request, options);
  }

  startDeployment(
    id: string,
    options?: RequestOptions,
  ): Promise<ModelDeployment> {
    return this.action(id, 'start', {}, options);
  }

  updateModel(
    id: string,
    request: UpdateModelRequest,
    options?: RequestOptions,
  ): Promise<ModelDeployment> {
    return this.action(id, 'update-model', request, options);
  }

  promoteDeployment(
    id: string,
    options?: RequestOptions,
  ): Promise<ModelDeployment> {
    return this.action(id, 'promote', {}, options);
  }

  rollbackDeployment(
    id: string,
    request: RollbackDeploymentRequest,
    options?: RequestOptions,
  ): Promise<ModelDeployment> {
    return this.action(id, 'rollback', request, options);
  }

  deleteDeployment(
    id: string,
    confirmName: string,
    options?: RequestOptions,
  ): Promise<ModelDeployment> {
    return this.backend.json(
      'DELETE',
      `${deploymentPath(id)}${queryString({ confirm: confirmName })}`,
      options,
    );
  }

  getMetrics(
    id: string,
    query: MetricsQuery = {},
    options?: RequestOptions,
  ): Promise<DeploymentMetrics> {
    return this.backend.json(
      'GET',
      `${deploymentPath(id)}/metrics${queryString(query)}`,
      options,
    );
  }

  listInstances(id: string, options?: RequestOptions): Promise<InstanceList> {
    return this.backend.json('GET', `${deploymentPath(id)}/instances`, options);
  }

  async *streamLogs(
    id: string,
    instance: string,
    query: LogsQuery,
    signal: AbortSignal,
    options?: RequestOptions,
  ): AsyncGenerator<string, void, undefined> {
    const response = await this.backend.send(
      'GET',
      `${deploymentPath(id)}/instances/${encodeURIComponent(
        instance,
      )}/logs${queryString(query)}`,
      options,
      { signal },
    );
    if (!response.body) {
      return;
    }
    yield* textChunks(response.body);
  }

  listAlerts(
    id: string,
    query: ListAlertsQuery = {},
    options?: RequestOptions,
  ): Promise<AlertList> {
    return this.backend.json(
      'GET',
      `${deploymentPath(id)}/alerts${queryString(query)}`,
      options,
    );
  }

  listApprovals(
    query: ListApprovalsQuery = {},
    options?: RequestOptions,
  ): Promise<ApprovalList> {
    return this.backend.json(
      'GET',
      `/approvals${queryString(query as Query)}`,
      options,
    );
  }

  getApproval(id: string, options?: RequestOptions): Promise<ApprovalRequest> {
    return this.backend.json('GET', approvalPath(id), options);
  }

  approveChange(
    id: string,
    request: ApproveRequest = {},
    options?: RequestOptions,
  ): Promise<ApprovalRequest> {
    return this.decide(id, 'approve', request, options);
  }

  rejectChange(
    id: string,
    request: RejectRequest,
    options?: RequestOptions,
  ): Promise<ApprovalRequest> {
    return this.decide(id, 'reject', request, options);
  }

  withdrawChange(
    id: string,
    request: WithdrawRequest = {},
    options?: RequestOptions,
  ): Promise<ApprovalRequest> {
    return this.decide(id, 'withdraw', request, options);
  }

  private action<T>(
    id: string,
    action: string,
    body: unknown,
    options?: RequestOptions,
  ): Promise<T> {
    return this.backend.json(
      'POST',
      `${deploymentPath(id)}/${action}`,
      options,
      {
        body,
      },
    );
  }

  private decide(
    id: string,
    decision: 'approve' | 'reject' | 'withdraw',
    body: unknown,
    options?: RequestOptions,
  ): Promise<ApprovalRequest> {
    return this.backend.json(
      'POST',
      `${approvalPath(id)}/${decision}`,
      options,
      {
        body,
      },
    );
  }
}

function deploymentPath(id: string): string {
  return `/deployments/${encodeURIComponent(id)}`;
}

function approvalPath(id: string): string {
  return `/approvals/${encodeURIComponent(id)}`;
}
