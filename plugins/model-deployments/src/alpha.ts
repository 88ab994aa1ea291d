import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** The template's model version field: the versions of the chosen model, not free text. */
const modelVersionPickerFormField = FormFieldBlueprint.make({
  name: 'model-version-picker',
  params: {
    field: () =>
      import('./components/ModelVersionPicker/field').then(
        m => m.modelVersionPickerField,
      ),
  },
});

/**
 * The Model Deployments frontend plugin, for apps on the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'model-deployments',
  info: { packageJson: () => import('../package.json') },
  extensions: [modelVersionPickerFormField],
});
