// File sizes as people read them (KB, MB), in the user's number format.
type FormatNumber = (value: number, options?: Intl.NumberFormatOptions) => string;

export function formatFileSize(bytes: number, number: FormatNumber): string {
  if (bytes < 1024) return `${number(bytes)} B`;
  if (bytes < 1024 * 1024) return `${number(Math.max(1, Math.round(bytes / 1024)))} KB`;
  const mb = bytes / (1024 * 1024);
  return `${number(mb, { maximumFractionDigits: mb < 10 ? 1 : 0 })} MB`;
}
