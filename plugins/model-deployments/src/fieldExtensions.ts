import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import {
  ModelVersionPicker,
  ModelVersionPickerFieldSchema,
} from './components/ModelVersionPicker';
import { modelDeploymentsPlugin } from './plugin';

/**
 * The template's model version field for apps on the legacy frontend system: add it inside
 * `<ScaffolderFieldExtensions>` of the scaffolder route.
 *
 * @public
 */
export const ModelVersionPickerFieldExtension = modelDeploymentsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'ModelVersionPicker',
    component: ModelVersionPicker,
    schema: ModelVersionPickerFieldSchema.schema,
  }),
);
