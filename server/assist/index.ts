// Assistance for agents: reply suggestions without a model, and the workspace's own model for drafts, summaries and translations.
export { suggestReplies, type Suggestion } from './suggest-replies.ts';
export { cannedFiller } from './fill-canned.ts';
export { recordPick } from './record-pick.ts';
export { loadAiSettings, mayUseModel, presentAiSettings, saveAiSettings, type AiSettings } from './ai-settings.ts';
export { complete, openStream, type ChatMessage, type ModelCall, type Usage } from './chat-completions.ts';
export { modelCall } from './model-call.ts';
export { testModel } from './test-model.ts';
export { ASSIST_TASKS, buildPrompt, type AssistTask } from './build-prompt.ts';
export { logCall } from './log-call.ts';
export { aiError } from './model-error.ts';
