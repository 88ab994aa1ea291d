export { modelDeploymentsPlugin } from './plugin';
export { ModelVersionPickerFieldExtension } from './fieldExtensions';
