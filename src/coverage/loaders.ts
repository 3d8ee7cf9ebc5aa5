import DataLoader from 'dataloader';
import type { CoverageService } from './coverage.service';
import type { PathwayStep } from './entities';

/** Per-request loaders of pathway relations, each one statement for a whole page. */
export function createCoverageLoaders(coverage: CoverageService) {
  return {
    /** The steps of each pathway, in step order. */
    stepsOfPathway: new DataLoader<string, PathwayStep[]>(async (ids) => {
      const steps = await coverage.stepsOf(ids);
      return ids.map((id) => steps.filter((s) => s.pathwayId === id));
    }),
  };
}

export type CoverageLoaders = ReturnType<typeof createCoverageLoaders>;
