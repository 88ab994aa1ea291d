// One file: the behaviours of one page (a deployment's page), section by section, with the helpers they share.
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type {
  DeploymentEvent,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../../api';
import {
  anApproval,
  anApprovalAskedByViewer,
} from '../../__testUtils__/approvals';
import {
  aDeployment,
  anOperation,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import {
  anAlert,
  anInstance,
  someMetrics,
} from '../../__testUtils__/monitoring';
import { rootRouteRef } from '../../routes';
import { DeploymentPage } from './DeploymentPage';

const revisions = [
  {
    revision: 2,
    modelVersion: 'v2.1.0',
    spec: aDeployment().spec,
    reason: 'update-model to v2.1.0',
    serving: null,
    createdAt: '2026-11-26T10:00:00Z',
    createdBy: 'user:default/alice',
    approvedBy: null,
  },
  {
    revision: 1,
    modelVersion: 'v2.0.0',
    spec: { ...aDeployment().spec, modelVersion: 'v2.0.0' },
    reason: 'create',
    serving: null,
    createdAt: '2026-11-26T09:00:00Z',
    createdBy: 'user:default/alice',
    approvedBy: null,
  },
];

const scaled: DeploymentEvent = {
  id: 'e1',
  deploymentId: 'd1',
  action: 'scale',
  outcome: 'succeeded',
  actor: 'user:default/bob',
  at: '2026-11-26T10:30:00Z',
  message: '',
  statusBefore: 'running',
  statusAfter: 'running',
  changes: [{ field: 'replicas.min', before: 2, after: 3 }],
  operationId: 'o1',
  revision: 2,
};

function apiAnswering(
  ...deployments: ModelDeployment[]
): jest.Mocked<ModelDeploymentsApi> {
  let reads = 0;
  return mockModelDeploymentsApi({
    getDeployment: async () =>
      deployments[Math.min(reads++, deployments.length - 1)],
    listRevisions: async () => revisions,
    listEvents: async () => ({ items: [scaled] }),
  });
}

async function renderPage(
  api: ModelDeploymentsApi,
  allowed: (permission: string) => boolean = () => true,
  url = '/model-deployments/d1',
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [modelDeploymentsApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: request =>
              allowed(request.permission.name)
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          }),
        ],
      ]}
    >
      <Routes>
        <Route path="/model-deployments/:id" element={<DeploymentPage />} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: {
        '/model-deployments': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

/** Shows a tab of the details, as a user clicks it. */
async function openTab(name: 'Overview' | 'Monitoring' | 'Logs' | 'History') {
  fireEvent.click(await screen.findByRole('tab', { name }));
}

describe('DeploymentPage', () => {
  it("shows every field of the documentation's sections, the status and the history", async () => {
    const api = apiAnswering(
      aDeployment({
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'InstancesReady',
            message: '2 of 2 instances ready',
            lastTransitionTime: '2026-11-26T10:00:00Z',
          },
        ],
      }),
    );
    await renderPage(api);
    expect(
      await screen.findByRole('heading', { name: 'bert-sentiment-api' }),
    ).toBeInTheDocument();
    expect(api.getDeployment).toHaveBeenCalledWith('d1');

    for (const [label, value] of [
      ['Model ID', 'model-001'],
      ['Model Version', 'v2.1.0'],
      ['Deployment Strategy', 'Blue-Green'],
      ['CPU Cores', '4'],
      ['Memory (GB)', '16'],
      ['GPU Type', 'NVIDIA A100'],
      ['Storage (GB)', '200'],
      ['Network Bandwidth (Mbps)', '1000'],
      ['Current Instances', '2'],
      ['Target GPU Utilization (%)', '75'],
      ['Load Balancing Algorithm', 'Least Connections'],
      ['Health Check Path', '/health'],
      ['Health Check Interval (seconds)', '30'],
      ['HF_TOKEN', 'from Secret hf-credentials, key token'],
      ['Max Error Rate (%)', '5'],
      ['Max p99 Latency (ms)', '—'],
      ['Alert When No Instance Is Ready', 'Yes'],
    ]) {
      const row = screen.getByRole('rowheader', { name: label }).closest('tr')!;
      expect(within(row).getByText(value)).toBeInTheDocument();
    }
    expect(screen.getByText('2 of 2 instances ready')).toBeInTheDocument();
    expect(api.listRevisions).not.toHaveBeenCalled();

    await openTab('History');
    expect(
      await screen.findByText('update-model to v2.1.0'),
    ).toBeInTheDocument();
    expect(screen.getByText('serving')).toBeInTheDocument();
    expect(await screen.findByText('Min Instances: 2 → 3')).toBeInTheDocument();
    expect(screen.getByText('bob')).toBeInTheDocument();
  }, 20_000);

  it('says which settings the cluster does not carry out', async () => {
    await renderPage(
      apiAnswering(
        aDeployment({
          conditions: [
            {
              type: 'SettingsEnforced',
              status: 'False',
              reason: 'NotEnforced',
              message:
                'Least connections is not enforced: with no traffic manager configured, kube-proxy spreads connections evenly.',
              lastTransitionTime: '2026-11-26T10:00:00Z',
            },
          ],
        }),
      ),
    );
    expect(
      await screen.findByText(
        'Not carried out by the cluster: Least connections is not enforced: with no traffic manager configured, kube-proxy spreads connections evenly.',
      ),
    ).toBeInTheDocument();
  });

  it('shows the image the revision was pinned to, and that the model has a newer one', async () => {
    await renderPage(
      apiAnswering(
        aDeployment({
          serving: {
            image: 'registry.example.com/bert:v2.1.0',
            modelUri: 's3://models/bert/v2.1.0',
          },
          conditions: [
            {
              type: 'ServingImageCurrent',
              status: 'False',
              reason: 'ModelServingImageChanged',
              message:
                "The model's serving image changed to registry.example.com/bert-gpu:v2.1.0; the next Update Model takes it",
              lastTransitionTime: '2026-11-26T10:00:00Z',
            },
          ],
        }),
      ),
    );
    expect(
      await screen.findByText('registry.example.com/bert:v2.1.0'),
    ).toBeInTheDocument();
    expect(screen.getByText('s3://models/bert/v2.1.0')).toBeInTheDocument();
    // Said where the status is, not only among the conditions.
    expect(screen.getAllByRole('alert').map(a => a.textContent)).toContain(
      "The model's serving image changed to registry.example.com/bert-gpu:v2.1.0; the next Update Model takes it",
    );
  });

  it('shows nothing as observed before the runtime has seen the cluster', async () => {
    await renderPage(
      apiAnswering(
        aDeployment({
          status: 'deploying',
          activeRevision: null,
          observedAt: null,
          instances: { desired: 2, current: null, ready: null },
          operation: anOperation({
            type: 'create',
            step: 'waiting for 2 instances to become ready',
            targetRevision: 1,
          }),
        }),
      ),
    );
    expect(await screen.findByText('— / 2')).toBeInTheDocument();
    const current = screen
      .getByRole('rowheader', { name: 'Current Instances' })
      .closest('tr')!;
    expect(within(current).getByText('—')).toBeInTheDocument();
    expect(
      screen.getByText('waiting for 2 instances to become ready'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Nothing observed in the cluster yet.'),
    ).toBeInTheDocument();
  });

  it("shows a canary's steps and where it is", async () => {
    await renderPage(
      apiAnswering(
        aDeployment({
          status: 'updating',
          spec: { ...aDeployment().spec, modelVersion: 'v2.2.0' },
          operation: anOperation({
            step: 'canary step 2 of 2: 50% of requests',
            parameters: {
              strategy: 'canary',
              canary: {
                steps: [
                  { weightPercent: 10, pauseSeconds: 60 },
                  { weightPercent: 50, pauseSeconds: 60 },
                ],
              },
            },
            progress: {
              strategy: 'canary',
              phase: 'canary',
              fromRevision: 2,
              baseInstances: 2,
              stepIndex: 1,
              weightPercent: 50,
              canaryInstances: 1,
            },
          }),
        }),
      ),
    );
    expect(
      await screen.findByText('Update Model to v2.2.0 with Canary'),
    ).toBeInTheDocument();
    const steps = screen.getByLabelText('Canary steps');
    expect(within(steps).getByText('10% of traffic')).toBeInTheDocument();
    expect(within(steps).getByText('50% of traffic')).toBeInTheDocument();
    // While updating, promote is offered and edit is not.
    expect(screen.getByRole('button', { name: 'Promote' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Edit' })).toBeDisabled();
  });

  it('reads the deployment again every few seconds while an operation runs, and no more once it ends', async () => {
    const api = apiAnswering(
      aDeployment({ status: 'stopping' }),
      aDeployment({
        status: 'stopped',
        instances: { desired: 0, current: 0, ready: 0 },
      }),
    );
    await renderPage(api);
    expect(await screen.findByText('stopping')).toBeInTheDocument();
    expect(
      await screen.findByText('stopped', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start' })).toBeEnabled();
    const reads = api.getDeployment.mock.calls.length;
    await new Promise(resolve => setTimeout(resolve, 4000));
    expect(api.getDeployment.mock.calls.length).toBe(reads);
  }, 20_000);

  it('keeps showing the deployment when a refresh fails, says so, and keeps trying', async () => {
    let reads = 0;
    const api = mockModelDeploymentsApi({
      getDeployment: async () => {
        reads++;
        if (reads === 1) return aDeployment({ status: 'stopping' });
        if (reads === 2) throw new Error('connection reset');
        return aDeployment({ status: 'stopped' });
      },
      listRevisions: async () => revisions,
      listEvents: async () => ({ items: [] }),
    });
    await renderPage(api);
    expect(await screen.findByText('stopping')).toBeInTheDocument();
    expect(
      await screen.findByText(
        /Could not read the deployment again/,
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'bert-sentiment-api' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('stopped', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Could not read the deployment again/),
    ).toBeNull();
  }, 20_000);

  it('offers Promote as soon as a canary update is accepted', async () => {
    await renderPage(
      apiAnswering(
        aDeployment({
          status: 'updating',
          operation: anOperation({
            status: 'queued',
            parameters: { strategy: 'canary' },
          }),
        }),
      ),
    );
    expect(
      await screen.findByRole('button', { name: 'Promote' }),
    ).toBeEnabled();
  }, 20_000);

  it('disables what the user may not do, and says why', async () => {
    // Its own id: usePermission caches decisions per permission and deployment across renders.
    await renderPage(
      apiAnswering(aDeployment({ id: 'd-no-delete' })),
      permission => permission !== 'model-deployment.delete',
    );
    // The button is wrapped for its tooltip once the decision arrives: find it again each time.
    const remove = () => screen.getByRole('button', { name: 'Delete' });
    await waitFor(() => expect(remove()).toBeDisabled());
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Scale' })).toBeEnabled(),
    );
    fireEvent.mouseOver(remove().parentElement!);
    expect(
      await screen.findByText(
        'You do not have the model-deployment.delete permission on this deployment',
      ),
    ).toBeInTheDocument();
  }, 20_000);

  it('opens the rollback dialog at the revision chosen in Revisions', async () => {
    await renderPage(apiAnswering(aDeployment()));
    await openTab('History');
    fireEvent.click(
      await screen.findByRole('button', { name: 'Roll back to revision 1' }),
    );
    expect(await screen.findByRole('dialog')).toBeInTheDocument();
  }, 20_000);

  it('offers no rollback in Revisions to a user who may not roll back', async () => {
    await renderPage(
      apiAnswering(aDeployment({ id: 'd-no-rollback' })),
      permission => permission !== 'model-deployment.rollback',
    );
    await openTab('History');
    expect(
      await screen.findByText('update-model to v2.1.0'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Rollback' })).toBeDisabled(),
    );
    expect(
      screen.queryByRole('button', { name: 'Roll back to revision 1' }),
    ).not.toBeInTheDocument();
  });

  it('shows the alerts firing with the status', async () => {
    await renderPage(
      apiAnswering(
        aDeployment({
          firingAlerts: [anAlert()],
        }),
      ),
    );
    const alerts = (
      await screen.findByRole('rowheader', { name: 'Alerts' })
    ).closest('tr')!;
    expect(
      within(alerts).getByText('Error rate 7.5 % is above 5 %'),
    ).toBeInTheDocument();
  });

  it('shows the alerts and the metrics in Monitoring, and the logs viewer in Logs', async () => {
    const api = apiAnswering(aDeployment());
    api.getMetrics.mockResolvedValue(someMetrics());
    api.listAlerts.mockResolvedValue({ items: [anAlert()] });
    api.listInstances.mockResolvedValue({ items: [anInstance()] });
    api.streamLogs.mockImplementation(async function* logLines() {
      yield 'ready on :8080\n';
    });
    await renderPage(api);

    await openTab('Monitoring');
    expect(
      await screen.findByRole('figure', { name: 'Request rate' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Error rate 7.5 % is above 5 %'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('rowheader', { name: 'CPU Cores' })).toBeNull();

    await openTab('Logs');
    await waitFor(() =>
      expect(
        screen.getByRole('log', { name: 'Log of bert-7f9c-a' }),
      ).toHaveTextContent('ready on :8080'),
    );
    expect(screen.queryByRole('figure')).toBeNull();

    await openTab('Overview');
    expect(
      await screen.findByRole('rowheader', { name: 'CPU Cores' }),
    ).toBeInTheDocument();
  }, 20_000);

  it('ties each tab to its panel, and shows the panel of the tab chosen only', async () => {
    const api = apiAnswering(aDeployment());
    api.listRevisions.mockResolvedValue(revisions);
    await renderPage(api);
    const overview = await screen.findByRole('tab', {
      name: 'Overview',
      selected: true,
    });
    const panel = screen.getByRole('tabpanel', { name: 'Overview' });
    expect(overview).toHaveAttribute('aria-controls', panel.id);
    expect(
      within(panel).getByRole('rowheader', { name: 'CPU Cores' }),
    ).toBeInTheDocument();

    await openTab('History');
    const history = await screen.findByRole('tabpanel', { name: 'History' });
    expect(screen.getByRole('tab', { name: 'History' })).toHaveAttribute(
      'aria-controls',
      history.id,
    );
    expect(
      await within(history).findByText('update-model to v2.1.0'),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('tabpanel')).toEqual([history]);
  });

  it('opens at the tab the URL names', async () => {
    const api = apiAnswering(aDeployment());
    api.getMetrics.mockResolvedValue(someMetrics());
    api.listAlerts.mockResolvedValue({ items: [] });
    await renderPage(api, () => true, '/model-deployments/d1?tab=monitoring');
    expect(
      await screen.findByRole('tab', { name: 'Monitoring', selected: true }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('figure', { name: 'Latency' }),
    ).toBeInTheDocument();
    expect(api.getMetrics).toHaveBeenCalledWith('d1', expect.anything());
  }, 20_000);

  it('says when the deployment cannot be found', async () => {
    const api = mockModelDeploymentsApi({
      getDeployment: async () => {
        throw new Error("No deployment with id 'd1'");
      },
    });
    await renderPage(api);
    expect(
      (await screen.findAllByText(/No deployment with id 'd1'/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByRole('toolbar', { name: 'Deployment actions' }),
    ).not.toBeInTheDocument();
  });

  describe('a change that waits for approval', () => {
    /** The card that shows it, once the deployment is read. */
    async function findCard() {
      return within(
        await screen.findByRole('region', {
          name: 'Change waiting for approval',
        }),
      );
    }

    it('shows what waits, who asked, until when and who may approve, and reads the deployment again once approved', async () => {
      const api = apiAnswering(
        aDeployment({ pendingApproval: anApproval() }),
        aDeployment({ status: 'updating', operation: anOperation() }),
      );
      api.approveChange.mockResolvedValue(anApproval({ status: 'approved' }));
      await renderPage(api);
      const card = await findCard();
      const row = (label: string) =>
        card.getByRole('rowheader', { name: label }).closest('tr')!;
      expect(row('Change')).toHaveTextContent('Update to v2.2.0 with Canary');
      expect(row('Asked by')).toHaveTextContent('alice');
      expect(
        within(row('Approvers')).getByRole('link', { name: 'nlp-team' }),
      ).toHaveAttribute('href', '/catalog/default/group/nlp-team');
      expect(
        card.getByRole('table', { name: 'Changes waiting for approval' }),
      ).toHaveTextContent('Model Versionv2.1.0v2.2.0');
      expect(card.queryByRole('button', { name: 'Withdraw' })).toBeNull();
      expect(card.getByRole('button', { name: 'Reject' })).toBeEnabled();

      fireEvent.click(card.getByRole('button', { name: 'Approve' }));
      const dialog = within(await screen.findByRole('dialog'));
      fireEvent.click(dialog.getByRole('button', { name: 'Approve' }));
      await waitFor(() =>
        expect(screen.queryByText('Waiting for approval')).toBeNull(),
      );
      expect(api.approveChange).toHaveBeenCalledWith('a1', {});
      expect(api.getDeployment).toHaveBeenCalledTimes(2);
      expect(screen.getByText('updating')).toBeInTheDocument();
    }, 20_000);

    it('offers its requester Withdraw, and neither Approve nor Reject', async () => {
      await renderPage(
        apiAnswering(
          aDeployment({ pendingApproval: anApprovalAskedByViewer() }),
        ),
      );
      const card = await findCard();
      expect(card.getByRole('button', { name: 'Withdraw' })).toBeEnabled();
      expect(card.queryByRole('button', { name: 'Approve' })).toBeNull();
      expect(card.queryByRole('button', { name: 'Reject' })).toBeNull();
    });

    it('offers the changes that would replace the waiting request, and says so in their dialog', async () => {
      await renderPage(
        apiAnswering(
          aDeployment({
            id: 'waiting-update-model',
            pendingApproval: anApproval(),
          }),
        ),
      );
      await findCard();
      const updateModel = screen.getByRole('button', { name: 'Update Model' });
      await waitFor(() => expect(updateModel).toBeEnabled());
      expect(screen.getByRole('button', { name: 'Delete' })).toBeEnabled();
      fireEvent.click(updateModel);
      expect(
        await screen.findByText(
          /^A request to update-model by .+ waits for approval: this change replaces it if it waits for approval too, and withdraws it if it is carried out now and makes a new revision$/,
        ),
      ).toBeInTheDocument();
    }, 20_000);

    it('disables Approve and Reject for a user who may not decide, and says why', async () => {
      const reason = 'Only members of nlp-team or ml-approvers may approve';
      await renderPage(
        apiAnswering(
          aDeployment({
            pendingApproval: anApproval({
              viewer: { canDecide: false, reason, isRequester: false },
            }),
          }),
        ),
      );
      const card = await findCard();
      const approve = card.getByRole('button', { name: 'Approve' });
      expect(approve).toBeDisabled();
      expect(card.getByRole('button', { name: 'Reject' })).toBeDisabled();
      fireEvent.mouseOver(approve.parentElement!);
      expect(await screen.findByRole('tooltip')).toHaveTextContent(reason);
    });

    it('names the approval steps in the history', async () => {
      const asked: DeploymentEvent = {
        ...scaled,
        id: 'e2',
        action: 'update-model',
        outcome: 'awaiting-approval',
        changes: [{ field: 'modelVersion', before: 'v2.1.0', after: 'v2.2.0' }],
      };
      const approved: DeploymentEvent = {
        ...scaled,
        id: 'e3',
        action: 'approve',
        outcome: 'succeeded',
        actor: 'user:default/carol',
        changes: [],
      };
      const api = apiAnswering(aDeployment());
      api.listEvents.mockResolvedValue({ items: [approved, asked] });
      await renderPage(api);
      await openTab('History');
      const waiting = await screen.findByText('waiting for approval');
      expect(waiting.closest('tr')).toHaveTextContent(
        /Update Model.*Model Version: v2\.1\.0 → v2\.2\.0/,
      );
      expect(screen.getByText('Approve').closest('tr')).toHaveTextContent(
        /carol.*succeeded/,
      );
    });
  });
});

describe('DeploymentPage while nothing runs', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('reads the deployment again every minute, so an alert that fires since shows', async () => {
    const api = apiAnswering(
      aDeployment(),
      aDeployment({ firingAlerts: [anAlert()] }),
    );
    await renderPage(api);
    expect(
      await screen.findByRole('rowheader', { name: 'Instances' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('rowheader', { name: 'Alerts' })).toBeNull();

    const wait = (ms: number) =>
      act(async () => {
        await jest.advanceTimersByTimeAsync(ms);
      });
    await wait(59_000);
    expect(api.getDeployment).toHaveBeenCalledTimes(1);
    await wait(1_000);
    expect(api.getDeployment).toHaveBeenCalledTimes(2);
    const alerts = screen
      .getByRole('rowheader', { name: 'Alerts' })
      .closest('tr')!;
    expect(
      within(alerts).getByText('Error rate 7.5 % is above 5 %'),
    ).toBeInTheDocument();
  }, 20_000);
});
