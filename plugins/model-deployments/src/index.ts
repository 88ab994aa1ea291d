export { modelDeploymentsPlugin } from './plugin';
