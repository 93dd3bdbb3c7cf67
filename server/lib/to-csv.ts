// RFC 4180 CSV for spreadsheets, with formula-looking text defused (CSV injection).

/** Rows to CSV text with CRLF line ends. */
export function toCsv(rows: unknown[][]): string {
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 quoting, and a leading quote on formula-looking text so a spreadsheet does not execute a customer's name. */
function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && Number.isNaN(Number(text))) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
