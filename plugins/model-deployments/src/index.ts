export {
  modelDeploymentsPlugin,
  ModelDeploymentsPage,
  EntityModelDeploymentsContent,
  EntityModelDeploymentsCard,
  EntityModelServerContent,
} from './plugin';
export { isModelEntity } from './isModelEntity';
export { isModelServerEntity } from './isModelServerEntity';
export { ModelVersionPickerFieldExtension } from './fieldExtensions';
export {
  modelDeploymentsApiRef,
  ModelDeploymentsClient,
  type ModelDeploymentsApi,
} from './api';
