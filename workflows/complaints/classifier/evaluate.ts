// Precision and recall of a complaint decision over labelled rows.

export interface Evaluation {
  precision: number;
  recall: number;
  /** Rows measured. */
  heldOut: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export function evaluateDecisions<T extends { label: 'complaint' | 'not' }>(rows: T[], isComplaint: (row: T) => boolean): Evaluation {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const row of rows) {
    const said = isComplaint(row);
    if (said && row.label === 'complaint') tp++;
    else if (said) fp++;
    else if (row.label === 'complaint') fn++;
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { precision: round(tp + fp ? tp / (tp + fp) : 1), recall: round(tp + fn ? tp / (tp + fn) : 1), heldOut: rows.length, truePositives: tp, falsePositives: fp, falseNegatives: fn };
}
