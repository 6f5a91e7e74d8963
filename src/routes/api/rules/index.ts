import { decideApplicability } from '../../../domain/applicability.js';
import { subMinimumLevel } from '../../../domain/flowdown.js';
import { apiRouter } from '../openapi.js';
import { applicabilityRoute, flowdownLevelRoute } from './routes.js';

/** Pure rule helpers any signed-in user may call: clause applicability and the flowdown minimum. */
export const rulesApi = apiRouter()
  .openapi(applicabilityRoute, (c) => {
    const i = c.req.valid('json');
    return c.json(decideApplicability({ ...i, programOfficeLevel: i.programOfficeLevel ?? null }), 200);
  })
  .openapi(flowdownLevelRoute, (c) => {
    const i = c.req.valid('json');
    return c.json(subMinimumLevel(i.primeLevel, i.information), 200);
  });
