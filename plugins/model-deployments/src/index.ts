export { modelDeploymentsPlugin } from './plugin';
export { ModelVersionPickerFieldExtension } from './fieldExtensions';
export {
  modelDeploymentsApiRef,
  ModelDeploymentsClient,
  type ModelDeploymentsApi,
} from './api';
