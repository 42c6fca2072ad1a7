import { describe } from 'vitest';
import { declareAttacks } from '../harness/attacks';
import { enumerateRoutes } from '../harness/routes';

describe("shopper routes refuse every caller but this shop's own signed-in shoppers", () => {
  declareAttacks(['shop'], enumerateRoutes());
});
