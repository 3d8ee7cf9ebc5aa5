const PREFIX = { agency: 'a0', location: 'b0', service: 'c0', user: 'd0', partnership: 'e0', mou: 'f1', sop: 'f2', dsa: 'f3', sopSeries: 'f4', case: 'f5', consent: 'f6', referral: 'f7', pathway: 'f8' } as const;

/** Fixed, valid v4-shaped ids so that re-seeding updates the same records. */
export function demoId(kind: keyof typeof PREFIX, n: number): string {
  return `${PREFIX[kind]}000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
