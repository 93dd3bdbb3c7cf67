// The per-request model call context from the process's services: settings, egress policy, timeout.
import type { Services } from '../services.ts';
import type { AiSettings } from './ai-settings.ts';
import type { ModelCall } from './chat-completions.ts';

export function modelCall(services: Pick<Services, 'config'>, settings: AiSettings): ModelCall {
  return { settings, egress: { allow: services.config.webhookAllow }, timeoutMs: services.config.aiTimeoutMs };
}
