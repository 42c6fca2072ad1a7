import { describe } from 'vitest';
import { declareAttacks } from '../harness/attacks';
import { enumerateRoutes } from '../harness/routes';

describe('admin routes refuse every caller but a platform admin on the admin host', () => {
  declareAttacks(['admin'], enumerateRoutes());
});
