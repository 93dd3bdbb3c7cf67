// Reports: overview, time series and CSV export, all computed in SQL.
export * from './export-csv.ts';
export * from './overview.ts';
export * from './timeseries.ts';
