import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AlertList,
  ApprovalList,
  ApprovalRequest,
  DeploymentList,
  DeploymentMetrics,
  DeploymentRevision,
  DeploymentSpecPatch,
  EditDeploymentResponse,
  EventList,
  InstanceList,
  ListAlertsQuery,
  ListApprovalsQuery,
  ListDeploymentsQuery,
  LogsQuery,
  MetricsQuery,
  ModelDeployment,
  ModelVersion,
  RevisionList,
  RollbackDeploymentRequest,
  ScaleDeploymentRequest,
  StopDeploymentRequest,
  UpdateModelRequest,
  ApproveRequest,
  RejectRequest,
  WithdrawRequest,
} from '@modelops/plugin-model-deployments-common';
import type { ModelDeploymentsApi } from './ModelDeploymentsApi';

type Query = Record<
  string,
  string | number | boolean | readonly (string | number)[] | undefined
>;

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) params.append(key, String(item));
    }
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

/**
 * The client of the Model Deployments backend, through the app's fetch API (which adds the user's
 * token).
 *
 * @public
 */
export class ModelDeploymentsClient implements ModelDeploymentsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  listDeployments(query: ListDeploymentsQuery = {}): Promise<DeploymentList> {
    return this.request('GET', `/deployments${queryString(query as Query)}`);
  }

  getDeployment(id: string): Promise<ModelDeployment> {
    return this.request('GET', this.deploymentPath(id));
  }

  async listModelVersions(modelRef: string): Promise<ModelVersion[]> {
    const { kind, namespace, name } = parseEntityRef(modelRef);
    const path = [kind, namespace, name].map(encodeURIComponent).join('/');
    return (
      await this.request<{ items: ModelVersion[] }>(
        'GET',
        `/models/${path}/versions`,
      )
    ).items;
  }

  async listRevisions(id: string): Promise<DeploymentRevision[]> {
    return (
      await this.request<RevisionList>(
        'GET',
        `${this.deploymentPath(id)}/revisions`,
      )
    ).items;
  }

  listEvents(
    id: string,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<EventList> {
    return this.request(
      'GET',
      `${this.deploymentPath(id)}/events${queryString(page)}`,
    );
  }

  editDeployment(
    id: string,
    patch: DeploymentSpecPatch,
    options: { dryRun?: boolean } = {},
  ): Promise<EditDeploymentResponse> {
    return this.request(
      'PATCH',
      `${this.deploymentPath(id)}${queryString({
        dryRun: options.dryRun ? 'true' : undefined,
      })}`,
      patch,
      'application/merge-patch+json',
    );
  }

  scaleDeployment(
    id: string,
    request: ScaleDeploymentRequest,
  ): Promise<ModelDeployment> {
    return this.action(id, 'scale', request);
  }

  stopDeployment(
    id: string,
    request: StopDeploymentRequest = {},
  ): Promise<ModelDeployment> {
    return this.action(id, 'stop', request);
  }

  startDeployment(id: string): Promise<ModelDeployment> {
    return this.action(id, 'start', {});
  }

  updateModel(
    id: string,
    request: UpdateModelRequest,
  ): Promise<ModelDeployment> {
    return this.action(id, 'update-model', request);
  }

  promoteDeployment(id: string): Promise<ModelDeployment> {
    return this.action(id, 'promote', {});
  }

  rollbackDeployment(
    id: string,
    request: RollbackDeploymentRequest,
  ): Promise<ModelDeployment> {
    return this.action(id, 'rollback', request);
  }

  deleteDeployment(id: string, confirmName: string): Promise<ModelDeployment> {
    return this.request(
      'DELETE',
      `${this.deploymentPath(id)}${queryString({ confirm: confirmName })}`,
    );
  }

  getMetrics(id: string, query: MetricsQuery = {}): Promise<DeploymentMetrics> {
    return this.request(
      'GET',
      `${this.deploymentPath(id)}/metrics${queryString(query)}`,
    );
  }

  listInstances(id: string): Promise<InstanceList> {
    return this.request('GET', `${this.deploymentPath(id)}/instances`);
  }

  async *streamLogs(
    id: string,
    instance: string,
    query: LogsQuery,
    signal: AbortSignal,
  ): AsyncGenerator<string, void, undefined> {
    const response = await this.send(
      'GET',
      `${this.deploymentPath(id)}/instances/${encodeURIComponent(
        instance,
      )}/logs${queryString(query)}`,
      { signal },
    );
    if (!response.body) {
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let finished = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          finished = true;
          break;
        }
        // A character may be split between chunks: the decoder keeps its first bytes for the next.
        const text = decoder.decode(value, { stream: true });
        if (text) yield text;
      }
      const rest = decoder.decode();
      if (rest) yield rest;
    } finally {
      if (!finished) {
        // The reader stopped early: close the response rather than leave it streaming. Cancelling an
        // aborted response rejects, and there is nothing left to close then.
        await reader.cancel().catch(() => undefined);
      }
    }
  }

  listAlerts(id: string, query: ListAlertsQuery = {}): Promise<AlertList> {
    return this.request(
      'GET',
      `${this.deploymentPath(id)}/alerts${queryString(query)}`,
    );
  }

  listApprovals(query: ListApprovalsQuery = {}): Promise<ApprovalList> {
    return this.request('GET', `/approvals${queryString(query as Query)}`);
  }

  approveChange(
    id: string,
    request: ApproveRequest = {},
  ): Promise<ApprovalRequest> {
    return this.request('POST', `${this.approvalPath(id)}/approve`, request);
  }

  rejectChange(id: string, request: RejectRequest): Promise<ApprovalRequest> {
    return this.request('POST', `${this.approvalPath(id)}/reject`, request);
  }

  withdrawChange(
    id: string,
    request: WithdrawRequest = {},
  ): Promise<ApprovalRequest> {
    return this.request('POST', `${this.approvalPath(id)}/withdraw`, request);
  }

  private approvalPath(id: string): string {
    return `/approvals/${encodeURIComponent(id)}`;
  }

  private deploymentPath(id: string): string {
    return `/deployments/${encodeURIComponent(id)}`;
  }

  private action<T>(id: string, action: string, body: unknown): Promise<T> {
    return this.request('POST', `${this.deploymentPath(id)}/${action}`, body);
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    const response = await this.send(
      method,
      path,
      body === undefined
        ? {}
        : {
            headers: { 'Content-Type': contentType },
            body: JSON.stringify(body),
          },
    );
    return (await response.json()) as T;
  }

  /** Sends a request to the backend; an answer other than 2xx is thrown as a `ResponseError`. */
  private async send(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    init: RequestInit,
  ): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      'model-deployments',
    );
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      ...init,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
