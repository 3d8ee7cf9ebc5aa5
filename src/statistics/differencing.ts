/**
 * The differencing check: a query under an approved request is refused when its record set differs from
 * the record set of a query already answered under that request by at least one and fewer than
 * `threshold` records. Two such answers would publish, by subtraction, a count of fewer than
 * `threshold` records (blurred only by the noise, which many such pairs could average away).
 */
export interface AnsweredSet {
  id: string;
  recordIds: string[];
  answeredAt: Date;
}

/** Records in exactly one of the two sets. */
export function symmetricDifference(a: Iterable<string>, b: Iterable<string>): number {
  const left = new Set([...a].map((x) => x.toLowerCase()));
  const right = new Set([...b].map((x) => x.toLowerCase()));
  let n = 0;
  for (const x of left) if (!right.has(x)) n++;
  for (const x of right) if (!left.has(x)) n++;
  return n;
}

/** The first answered query whose record set differs from `recordIds` by 1..threshold-1 records, or null. */
export function differencingConflict(recordIds: string[], answered: AnsweredSet[], threshold: number): { answer: AnsweredSet; difference: number } | null {
  for (const answer of answered) {
    const difference = symmetricDifference(recordIds, answer.recordIds);
    if (difference > 0 && difference < threshold) return { answer, difference };
  }
  return null;
}

/** Whether the set is one already answered (same records): asking again costs nothing and reveals nothing new. */
export function alreadyAnswered(recordIds: string[], answered: AnsweredSet[]): boolean {
  return answered.some((a) => symmetricDifference(recordIds, a.recordIds) === 0);
}
