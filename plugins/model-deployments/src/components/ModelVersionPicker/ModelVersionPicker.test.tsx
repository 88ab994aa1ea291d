import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ModelDeploymentsClient, modelDeploymentsApiRef } from '../../api';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ModelVersionPicker } from './ModelVersionPicker';
import type { ModelVersionPickerProps } from './schema';

/** The backend's versions route, as the client calls it; records the URLs it is asked for. */
function versionsApi(answer: { status: number; body: unknown }) {
  const urls: string[] = [];
  return {
    urls,
    fetchApi: {
      fetch: (async (url: string) => {
        urls.push(url);
        return new Response(JSON.stringify(answer.body), {
          status: answer.status,
          headers: { 'Content-Type': 'application/json' },
        });
      }) as typeof fetch,
    },
  };
}

const discoveryApi = {
  getBaseUrl: async (pluginId: string) =>
    `http://localhost:7007/api/${pluginId}`,
};

async function renderPicker(
  api: ReturnType<typeof versionsApi>,
  props: Partial<ModelVersionPickerProps> = {},
) {
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          modelDeploymentsApiRef,
          new ModelDeploymentsClient({ discoveryApi, fetchApi: api.fetchApi }),
        ],
      ]}
    >
      <ModelVersionPicker
        {...({
          onChange,
          formData: undefined,
          required: true,
          rawErrors: [],
          schema: {
            title: 'Model Version',
            description: 'Version of the model to deploy',
          },
          uiSchema: { 'ui:options': { modelField: 'model' } },
          formContext: {
            formData: { model: 'resource:default/bert-sentiment' },
          },
          idSchema: { $id: 'root_modelVersion' },
          ...props,
        } as unknown as ModelVersionPickerProps)}
      />
    </TestApiProvider>,
  );
  return onChange;
}

describe('ModelVersionPicker', () => {
  it("offers the chosen model's versions, newest first, and sets the one picked", async () => {
    const api = versionsApi({
      status: 200,
      body: {
        items: [
          { version: 'v2.1.0', description: 'distilled' },
          { version: 'v2.0.0' },
        ],
      },
    });
    const onChange = await renderPicker(api);
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: /Model Version/ }),
      ).not.toHaveAttribute('aria-disabled'),
    );
    expect(api.urls).toEqual([
      'http://localhost:7007/api/model-deployments/models/resource/default/bert-sentiment/versions',
    ]);
    fireEvent.mouseDown(screen.getByRole('button', { name: /Model Version/ }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'v2.1.0 — distilled',
      'v2.0.0',
    ]);
    fireEvent.click(options[1]);
    expect(onChange).toHaveBeenCalledWith('v2.0.0');
  });

  it('asks for a model first, and calls nothing until there is one', async () => {
    const api = versionsApi({ status: 200, body: { items: [] } });
    await renderPicker(api, { formContext: { formData: {} } } as any);
    expect(screen.getByText('Choose a model first')).toBeInTheDocument();
    expect(api.urls).toEqual([]);
  });

  it("says why the versions could not be loaded, in the backend's words", async () => {
    const api = versionsApi({
      status: 404,
      body: {
        error: {
          name: 'NotFoundError',
          message: 'No model resource:default/bert-sentiment',
        },
        response: { statusCode: 404 },
      },
    });
    await renderPicker(api);
    expect(
      await screen.findByText(
        /The versions of the model could not be loaded: .*No model resource:default\/bert-sentiment/,
      ),
    ).toBeInTheDocument();
  });

  it('clears a version that the newly chosen model does not have', async () => {
    const api = versionsApi({
      status: 200,
      body: { items: [{ version: '1.0' }] },
    });
    const onChange = await renderPicker(api, { formData: 'v2.1.0' } as any);
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(undefined));
  });
});
