export { ModelVersionSelect } from './ModelVersionSelect';
