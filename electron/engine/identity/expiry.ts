// When a signing certificate stops being usable, in the terms the studio warns with. A package
// signed with a certificate that expires next week verifies today and fails for customers who
// import it later (ovftool and VirtualBox check the validity at import time), so the studio warns
// well ahead.

import type { Expiry } from '../../common/ipc-project.ts';

/** How far ahead of the end of validity the studio starts to warn. */
export const expiryWarningDays = 30;

const dayMs = 86_400_000;

export function expiryAt(notBefore: string, notAfter: string, now: Date): Expiry {
  const end = Date.parse(notAfter);
  const daysLeft = Math.floor((end - now.getTime()) / dayMs);
  if (now.getTime() < Date.parse(notBefore)) return { status: 'not-yet-valid', daysLeft };
  if (now.getTime() > end) return { status: 'expired', daysLeft };
  return { status: daysLeft < expiryWarningDays ? 'expiring' : 'valid', daysLeft };
}
