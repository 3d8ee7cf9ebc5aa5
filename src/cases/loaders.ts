import DataLoader from 'dataloader';
import { groupByOwner } from '../shared/sql';
import type { CaseLifecycleEvent } from './lifecycle';
import type { CaseLifecycleService } from './lifecycle.service';

/** Per-request loaders for a case's own records kept by the cases module. */
export function createCaseLoaders(lifecycle: CaseLifecycleService) {
  return {
    lifecycleOfCase: new DataLoader<string, CaseLifecycleEvent[]>(async (ids) => {
      const events = await lifecycle.eventsOf(ids);
      return groupByOwner(events.map((e) => ({ owner: e.caseId, item: e })), ids);
    }),
  };
}

export type CaseLoaders = ReturnType<typeof createCaseLoaders>;
