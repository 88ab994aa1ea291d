import { ResponseError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type {
  InstanceList,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../../api';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { backendRefusal } from '../../__testUtils__/dialogs';
import { anInstance, controllableLogs } from '../../__testUtils__/monitoring';
import { InstanceLogs } from './InstanceLogs';

const instances: InstanceList = {
  items: [
    anInstance(),
    anInstance({
      name: 'bert-8a1d-c',
      track: 'canary',
      ready: false,
      restarts: 3,
      reason: 'CrashLoopBackOff',
      containers: ['model-server', 'istio-proxy'],
    }),
  ],
};

async function renderLogs(
  api: ModelDeploymentsApi,
  options: { deployment?: ModelDeployment; mayReadLogs?: boolean } = {},
) {
  const { deployment = aDeployment(), mayReadLogs = true } = options;
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [modelDeploymentsApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: request =>
              request.permission.name === 'model-deployment.logs.read' &&
              !mayReadLogs
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }),
        ],
      ]}
    >
      <InstanceLogs deployment={deployment} />
    </TestApiProvider>,
  );
}

/** The API with the instances above and log streams the test writes to. */
function apiWithLogs() {
  const logs = controllableLogs();
  const api = mockModelDeploymentsApi({
    listInstances: async () => instances,
    streamLogs: logs.streamLogs,
  });
  return { api, ...logs };
}

const logOf = (instance: string) =>
  screen.getByRole('log', { name: `Log of ${instance}` });

function choose(select: RegExp, option: RegExp | string) {
  fireEvent.mouseDown(screen.getByRole('button', { name: select }));
  fireEvent.click(
    within(screen.getByRole('listbox')).getByRole('option', { name: option }),
  );
}

const followSwitch = () => screen.getByRole('checkbox', { name: 'Follow' });

describe('InstanceLogs', () => {
  it("offers each instance with what the cluster shows of it, and shows the first one's last lines", async () => {
    const { api, streams } = apiWithLogs();
    await renderLogs(api);
    await waitFor(() => expect(streams).toHaveLength(1));
    expect(api.listInstances).toHaveBeenCalledWith('d1');
    expect(api.streamLogs).toHaveBeenCalledWith(
      'd1',
      'bert-7f9c-a',
      { tailLines: 500 },
      streams[0].signal,
    );
    expect(screen.getByRole('button', { name: /^Instance/ })).toHaveTextContent(
      'bert-7f9c-a (stable, Running, ready, 0 restarts)',
    );

    await act(async () => {
      streams[0].write('loading model\n');
      streams[0].write('ready on :8080\n');
      streams[0].end();
    });
    expect(logOf('bert-7f9c-a')).toHaveTextContent(
      'loading model ready on :8080',
    );
    // It scrolls from the keyboard too.
    logOf('bert-7f9c-a').focus();
    expect(logOf('bert-7f9c-a')).toHaveFocus();

    fireEvent.mouseDown(screen.getByRole('button', { name: /^Instance/ }));
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map(option => option.textContent),
    ).toEqual([
      'bert-7f9c-astable, Running, ready, 0 restarts',
      'bert-8a1d-ccanary, Running, not ready, 3 restarts (CrashLoopBackOff)',
    ]);
  });

  it('follows the log, appending what comes, until Follow is switched off; screen readers do not read out each line followed', async () => {
    const { api, streams } = apiWithLogs();
    await renderLogs(api);
    await waitFor(() => expect(streams).toHaveLength(1));
    await act(async () => {
      streams[0].write('line 1\n');
      streams[0].end();
    });
    expect(logOf('bert-7f9c-a')).toHaveAttribute('aria-live', 'polite');

    fireEvent.click(followSwitch());
    await waitFor(() => expect(streams).toHaveLength(2));
    expect(api.streamLogs).toHaveBeenLastCalledWith(
      'd1',
      'bert-7f9c-a',
      { tailLines: 500, follow: true },
      streams[1].signal,
    );
    await act(async () => streams[1].write('line 1\nline 2\n'));
    await act(async () => streams[1].write('line 3\n'));
    expect(logOf('bert-7f9c-a').textContent).toBe('line 1\nline 2\nline 3\n');
    expect(logOf('bert-7f9c-a')).toHaveAttribute('aria-live', 'off');
    expect(followSwitch()).toBeChecked();
    expect(
      screen.getByText('Following: new lines show as they are written.'),
    ).toBeInTheDocument();

    fireEvent.click(followSwitch());
    expect(streams[1].signal.aborted).toBe(true);
    expect(followSwitch()).not.toBeChecked();
    expect(logOf('bert-7f9c-a')).toHaveAttribute('aria-live', 'polite');
    // What was read stays, and nothing is read again.
    expect(logOf('bert-7f9c-a').textContent).toBe('line 1\nline 2\nline 3\n');
    expect(streams).toHaveLength(2);
  });

  it('shows as a notice, not as a line of the log, that the backend stopped following after the longest a follow lasts, and follows again when asked', async () => {
    const { api, streams } = apiWithLogs();
    await renderLogs(api);
    await waitFor(() => expect(streams).toHaveLength(1));
    fireEvent.click(followSwitch());
    await waitFor(() => expect(streams).toHaveLength(2));
    await act(async () => {
      streams[1].write('line 1\nline 2\n');
      streams[1].write(
        '--- Stopped following after 30 min, the longest one follow lasts; follow again to continue ---\n',
      );
      streams[1].end();
    });
    expect(logOf('bert-7f9c-a').textContent).toBe('line 1\nline 2\n');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Stopped following after 30 min, the longest one follow lasts; follow again to continue.',
    );
    expect(followSwitch()).not.toBeChecked();

    fireEvent.click(followSwitch());
    await waitFor(() => expect(streams).toHaveLength(3));
    expect(streams[2].signal.aborted).toBe(false);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(followSwitch()).toBeChecked();
  });

  it("shows the backend's refusal of a follow beyond the user's limit, and does not follow", async () => {
    const message =
      'user:default/guest follows 5 logs already, as many as one user may at once; stop following one, or try again in 1740 s, when the oldest has lasted 30 min and ends';
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'TooManyRequestsError',
            message,
            rule: 'followed-logs-per-user',
            retryAfterSeconds: 1740,
          },
          request: { method: 'GET', url: '/x' },
          response: { statusCode: 429 },
        }),
        {
          status: 429,
          headers: {
            'Content-Type': 'application/json',
            'Retry-After': '1740',
          },
        },
      ),
    );
    const logs = controllableLogs();
    const api = mockModelDeploymentsApi({
      listInstances: async () => instances,
      streamLogs: (id, instance, query, signal) =>
        query.follow
          ? {
              [Symbol.asyncIterator]: () => ({
                next: async () => {
                  throw refusal;
                },
              }),
            }
          : logs.streamLogs(id, instance, query, signal),
    });
    await renderLogs(api);
    await waitFor(() => expect(logs.streams).toHaveLength(1));
    fireEvent.click(followSwitch());
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(followSwitch()).not.toBeChecked();
  });

  it('stops following an instance when another is picked, and follows that one', async () => {
    const { api, streams } = apiWithLogs();
    await renderLogs(api);
    await waitFor(() => expect(streams).toHaveLength(1));
    fireEvent.click(followSwitch());
    await waitFor(() => expect(streams).toHaveLength(2));

    choose(/^Instance/, /^bert-8a1d-c/);
    await waitFor(() => expect(streams).toHaveLength(3));
    expect(streams[1].signal.aborted).toBe(true);
    expect(streams[2].instance).toBe('bert-8a1d-c');
    // It has two containers: the first is read unless another is chosen.
    expect(api.streamLogs).toHaveBeenLastCalledWith(
      'd1',
      'bert-8a1d-c',
      { container: 'model-server', tailLines: 500, follow: true },
      streams[2].signal,
    );
    await act(async () =>
      streams[2].write('Traceback (most recent call last)\n'),
    );
    expect(logOf('bert-8a1d-c')).toHaveTextContent(
      'Traceback (most recent call last)',
    );

    choose(/^Container/, 'istio-proxy');
    await waitFor(() => expect(streams).toHaveLength(4));
    expect(streams[2].signal.aborted).toBe(true);
    expect(api.streamLogs).toHaveBeenLastCalledWith(
      'd1',
      'bert-8a1d-c',
      { container: 'istio-proxy', tailLines: 500, follow: true },
      streams[3].signal,
    );
  });

  it('stops the stream when the viewer closes', async () => {
    const { api, streams } = apiWithLogs();
    const { unmount } = await renderLogs(api);
    await waitFor(() => expect(streams).toHaveLength(1));
    fireEvent.click(followSwitch());
    await waitFor(() => expect(streams).toHaveLength(2));
    unmount();
    expect(streams[1].signal.aborted).toBe(true);
  });

  it('reads the lines and the time asked for, and the previous container of an instance that restarted', async () => {
    const { api, streams } = apiWithLogs();
    await renderLogs(api);
    await waitFor(() => expect(streams).toHaveLength(1));
    const previous = screen.getByRole('checkbox', {
      name: 'Previous container (before the last restart)',
    });
    expect(previous).toBeDisabled();

    fireEvent.change(screen.getByLabelText('Tail lines'), {
      target: { value: '100' },
    });
    choose(/^Since/, 'Last hour');
    choose(/^Instance/, /^bert-8a1d-c/);
    fireEvent.click(previous);
    await waitFor(() =>
      expect(api.streamLogs).toHaveBeenLastCalledWith(
        'd1',
        'bert-8a1d-c',
        {
          container: 'model-server',
          tailLines: 100,
          sinceSeconds: 3600,
          previous: true,
        },
        expect.anything(),
      ),
    );
  });

  it("shows the logs query schema's rule at Tail lines, and reads nothing", async () => {
    const { api, streams } = apiWithLogs();
    await renderLogs(api);
    await waitFor(() => expect(streams).toHaveLength(1));
    const tail = screen.getByLabelText('Tail lines');
    fireEvent.change(tail, { target: { value: '20000' } });
    expect(tail).toHaveAccessibleDescription('must be at most 10000');
    expect(tail).toHaveAttribute('aria-invalid', 'true');
    fireEvent.change(tail, { target: { value: '0' } });
    expect(tail).toHaveAccessibleDescription('must be at least 1');
    expect(streams[0].signal.aborted).toBe(true);
    expect(streams).toHaveLength(1);
  });

  it('downloads what is shown as <instance>.log', async () => {
    const { api, streams } = apiWithLogs();
    await renderLogs(api);
    await waitFor(() => expect(streams).toHaveLength(1));
    const download = screen.getByRole('button', { name: 'Download' });
    expect(download).toBeDisabled();
    await act(async () => {
      streams[0].write('loading model\nready\n');
      streams[0].end();
    });

    const saved: { blob?: Blob; fileName?: string } = {};
    const createObjectURL = jest
      .spyOn(URL, 'createObjectURL')
      .mockImplementation(blob => {
        saved.blob = blob as Blob;
        return 'blob:log';
      });
    const revokeObjectURL = jest
      .spyOn(URL, 'revokeObjectURL')
      .mockImplementation(() => undefined);
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function saveAs(this: HTMLAnchorElement) {
        saved.fileName = this.download;
      });
    try {
      fireEvent.click(download);
      expect(saved.fileName).toBe('bert-7f9c-a.log');
      expect(await saved.blob!.text()).toBe('loading model\nready\n');
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:log');
    } finally {
      createObjectURL.mockRestore();
      revokeObjectURL.mockRestore();
      click.mockRestore();
    }
  });

  it('says so to a user who may not read the logs, and reads nothing', async () => {
    const api = mockModelDeploymentsApi();
    // Its own id: usePermission caches decisions per permission and deployment.
    await renderLogs(api, {
      deployment: aDeployment({ id: 'd-no-logs' }),
      mayReadLogs: false,
    });
    expect(
      await screen.findByText(/^You may not read these logs/),
    ).toHaveTextContent('model-deployment.logs.read');
    expect(api.listInstances).not.toHaveBeenCalled();
    expect(api.streamLogs).not.toHaveBeenCalled();
  });

  it.each([
    [503, 'The cluster of production cannot be reached: connect ECONNREFUSED'],
    [404, "No instance bert-7f9c-a in deployment 'd1'"],
  ] as const)(
    "shows the backend's %s refusal of a log in its own words",
    async (status, message) => {
      const refusal = await backendRefusal(status, message);
      const api = mockModelDeploymentsApi({
        listInstances: async () => instances,
        streamLogs: () => ({
          [Symbol.asyncIterator]: () => ({
            next: async () => {
              throw refusal;
            },
          }),
        }),
      });
      await renderLogs(api);
      expect(await screen.findByText(message)).toBeInTheDocument();
      expect(followSwitch()).not.toBeChecked();
    },
  );

  it('says why the instances cannot be seen, and when none runs', async () => {
    const api = mockModelDeploymentsApi({
      listInstances: async () => ({
        items: [],
        unavailable: 'The cluster of production cannot be reached',
      }),
    });
    const { unmount } = await renderLogs(api);
    expect(
      await screen.findByText(
        'The instances cannot be seen: The cluster of production cannot be reached',
      ),
    ).toBeInTheDocument();
    unmount();

    await renderLogs(
      mockModelDeploymentsApi({ listInstances: async () => ({ items: [] }) }),
    );
    expect(
      await screen.findByText(
        'No instance runs now, so there is no log to read.',
      ),
    ).toBeInTheDocument();
  });
});
