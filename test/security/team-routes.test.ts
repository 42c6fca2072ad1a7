import { describe } from 'vitest';
import { declareAttacks } from '../harness/attacks';
import { enumerateRoutes } from '../harness/routes';

describe("team routes refuse every caller but this vendor's team (by role) and its API keys", () => {
  // Routes outside the three audiences have no authenticate() in front of them: attacked here too.
  declareAttacks(['team', 'any'], enumerateRoutes());
});
