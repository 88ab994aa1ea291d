export { ModelVersionPicker } from './ModelVersionPicker';
export { ModelVersionPickerFieldSchema } from './schema';
