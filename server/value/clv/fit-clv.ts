// Fits BG/NBD and Gamma-Gamma on the workspace's purchases as of a date, and scores each customer with the fit.
import type { ClvFitResult } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { DbOrTx } from '../../db/client.ts';
import { loadHistories, type CustomerHistory } from './clv-data.ts';

export const MIN_CUSTOMERS = 20;
export const MIN_REPEAT_CUSTOMERS = 10;
const WEEKS_90_DAYS = 90 / 7;
const WEEKS_12_MONTHS = 52;
/** contact_value.clv_predicted12m is numeric(14, 2): a figure past it is a model failure, stored as no figure rather than failing the pass. */
const MAX_MONEY = 1e12;

export interface ContactClv {
  contactId: string;
  pAlive: number;
  expected90d: number;
  /** Expected purchases in 52 weeks × expected spend per purchase; undiscounted. */
  predicted12m: number | null;
  /** Expected 12-month value if the customer is still active (see churn-risk.ts): what a win-back would save. */
  valueIfActive: number;
}

/** The customers who bought again (the spend model's data); 422 `not_enough_data` with the counts when the models need more. */
function enoughData(histories: CustomerHistory[], asOf: string): CustomerHistory[] {
  const repeat = histories.filter((h) => h.x > 0 && h.m > 0);
  if (histories.length < MIN_CUSTOMERS || repeat.length < MIN_REPEAT_CUSTOMERS) {
    throw new AppError(
      422,
      'not_enough_data',
      `The purchase models need at least ${MIN_CUSTOMERS} customers with a paid order up to ${asOf}, and ${MIN_REPEAT_CUSTOMERS} of them who bought on more than one day; there are ${histories.length} and ${repeat.length}.`,
    );
  }
  return repeat;
}

/** Throws the fit's own 422 when the purchases up to `asOf` are too few to fit, without fitting. */
export async function requireClvData(db: DbOrTx, asOf: string): Promise<void> {
  enoughData(await loadHistories(db, asOf), asOf);
}

export async function fitClv(db: DbOrTx, asOf: string): Promise<{ fit: ClvFitResult; contacts: ContactClv[] }> {
  const histories = await loadHistories(db, asOf);
  const repeat = enoughData(histories, asOf);
  // The models' numeric libraries (fmin, gammaln) are loaded by the first fit, not by every process at start.
  const [{ conditionalExpectedPurchases, fitBgnbd, probabilityAlive }, { expectedSpend, fitGammaGamma }] = await Promise.all([import('./bgnbd.ts'), import('./gamma-gamma.ts')]);
  const purchases = fitBgnbd(histories);
  const spend = fitGammaGamma(repeat.map((h) => ({ x: h.x, m: h.m })));
  // q ≤ 1 has no finite mean spend: the spend model is then not reported rather than reported wrong.
  const spendParams = spend.params.q > 1 ? spend.params : null;
  return {
    fit: { model: 'bgnbd', unit: 'week', params: purchases.params, logLikelihood: purchases.logLikelihood, customers: histories.length, spend: spendParams, asOf },
    contacts: histories.map((h: CustomerHistory) => {
      const pAlive = probabilityAlive(purchases.params, h);
      const purchases12m = conditionalExpectedPurchases(purchases.params, h, WEEKS_12_MONTHS);
      const spendEach = spendParams ? expectedSpend(spendParams, h) : null;
      const predicted12m = spendEach === null ? null : purchases12m * spendEach;
      // The conditional expectation is P(alive) × the purchases expected of an active customer (eq. 10 over eq. 13).
      const ifActive = pAlive > 0 ? purchases12m / pAlive : 0;
      return {
        contactId: h.contactId,
        pAlive,
        expected90d: conditionalExpectedPurchases(purchases.params, h, WEEKS_90_DAYS),
        predicted12m: predicted12m !== null && Math.abs(predicted12m) < MAX_MONEY ? predicted12m : null,
        valueIfActive: ifActive * (spendEach ?? 1),
      };
    }),
  };
}
