import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ModelVersionPicker } from './ModelVersionPicker';
import { ModelVersionPickerFieldSchema } from './schema';

/** The field `ModelVersionPicker` for the new frontend system. */
export const modelVersionPickerField = createFormField({
  name: 'ModelVersionPicker',
  component: ModelVersionPicker,
  schema: ModelVersionPickerFieldSchema,
});
