// Assistance for agents: reply suggestions without a model, and the workspace's own model for drafts, summaries and translations.
export { suggestReplies, type Suggestion } from './suggest-replies.ts';
export { recordPick } from './record-pick.ts';
