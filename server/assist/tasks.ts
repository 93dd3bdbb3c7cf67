// What the workspace's model can be asked for; its own file so the web app can import the list without the server.
export const ASSIST_TASKS = ['draft', 'summary', 'translate'] as const;
export type AssistTask = (typeof ASSIST_TASKS)[number];
