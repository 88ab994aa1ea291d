export {
  modelDeploymentsPlugin,
  EntityModelDeploymentsContent,
} from './plugin';
export { isModelEntity } from './isModelEntity';
export { ModelVersionPickerFieldExtension } from './fieldExtensions';
export {
  modelDeploymentsApiRef,
  ModelDeploymentsClient,
  type ModelDeploymentsApi,
} from './api';
