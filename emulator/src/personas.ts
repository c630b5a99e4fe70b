/**
 * Klarna's playground test personas, keyed by the shopper's email (api-reference §8).
 * Both spellings work: `customer+denied@email.us` and the older `customer+us+denied@klarna.com`.
 * Tags are the `+`-separated parts of the local part after the user name; unknown tags
 * (such as a market code) are ignored, so any other email is an approved shopper.
 */
export type PersonaOutcome = 'approved' | 'denied' | 'red';

export interface Persona {
  outcome: PersonaOutcome;
  /** Shows a sign-up step before the purchase can be confirmed (`+require_signup`, `+new_user`). */
  signup: boolean;
  /** The order is placed with `fraud_status: PENDING` and decided after `afterMinutes` (`+pend-accept-NN`). */
  pending?: { decision: 'ACCEPTED' | 'REJECTED'; afterMinutes: number };
}

const APPROVED: Persona = { outcome: 'approved', signup: false };

export function personaFor(email: string | undefined): Persona {
  if (!email) return APPROVED;
  const at = email.lastIndexOf('@');
  const localPart = (at === -1 ? email : email.slice(0, at)).toLowerCase();
  const tags = localPart.split('+').slice(1);

  const persona: Persona = { outcome: 'approved', signup: false };
  for (const tag of tags) {
    const pending = /^pend-(accept|reject)-(\d{2})$/.exec(tag);
    if (pending) {
      persona.pending = {
        decision: pending[1] === 'accept' ? 'ACCEPTED' : 'REJECTED',
        afterMinutes: Number(pending[2]),
      };
    } else if (tag === 'denied' || tag.startsWith('reject_reason_')) {
      persona.outcome = 'denied';
    } else if (tag === 'red') {
      if (persona.outcome !== 'denied') persona.outcome = 'red';
    } else if (tag === 'require_signup' || tag === 'new_user') {
      persona.signup = true;
    }
  }
  return persona;
}

/** Klarna's checks on a shopper email: something before the `@` and a dotted domain after it. */
export function isPlausibleEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 99;
}
