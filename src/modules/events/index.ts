export { adminEventRoutes } from './routes';
