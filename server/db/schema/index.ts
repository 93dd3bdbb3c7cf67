export * from './workspace.ts';
export * from './users.ts';
export * from './channels.ts';
export * from './contacts.ts';
export * from './conversations.ts';
export * from './messages.ts';
export * from './events.ts';
export * from './workflows.ts';
