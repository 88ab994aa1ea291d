export { modelDeploymentsPlugin as default } from './plugin';
