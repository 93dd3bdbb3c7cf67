/**
 * An amount shared over recipients as the database writes it: exact cents, rounded half away from zero as Postgres's
 * numeric `round` does. A float's `toFixed` can round the other way (45.50 over 20 is 2.275: Postgres says 2.28, `toFixed` 2.27).
 */
export function perRecipient(total: number, recipients: number): string {
  return (Math.round(Math.round(total * 100) / recipients) / 100).toFixed(2);
}
