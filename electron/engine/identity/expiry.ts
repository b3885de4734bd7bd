// When a signing certificate stops being usable, in the terms the studio warns with. A package
// signed with a certificate that expires next week verifies today and fails for customers who
// import it later (ovftool and VirtualBox check the validity at import time), so the studio warns
// well ahead.

export type ExpiryStatus = 'valid' | 'expiring' | 'expired' | 'not-yet-valid';

/** How far ahead of the end of validity the studio starts to warn. */
export const expiryWarningDays = 30;

const dayMs = 86_400_000;

export interface Expiry {
  readonly status: ExpiryStatus;
  /** Whole days until notAfter (negative once expired). */
  readonly daysLeft: number;
}

export function expiryAt(notBefore: string, notAfter: string, now: Date): Expiry {
  const end = Date.parse(notAfter);
  const daysLeft = Math.floor((end - now.getTime()) / dayMs);
  if (now.getTime() < Date.parse(notBefore)) return { status: 'not-yet-valid', daysLeft };
  if (now.getTime() > end) return { status: 'expired', daysLeft };
  return { status: daysLeft < expiryWarningDays ? 'expiring' : 'valid', daysLeft };
}
