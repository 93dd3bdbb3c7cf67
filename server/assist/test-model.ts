// The settings page's test button: one tiny prompt, and exactly what failed if it did.
import { AppError } from '../errors.ts';
import { complete, type ModelCall } from './chat-completions.ts';

export type ModelTestResult = { ok: true; model: string; reply: string } | { ok: false; error: { code: string; message: string } };

export async function testModel(call: ModelCall): Promise<ModelTestResult> {
  try {
    const { text } = await complete(call, [{ role: 'user', content: 'Reply with the single word OK.' }]);
    return { ok: true, model: call.settings.model, reply: text.slice(0, 200) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } };
    throw error;
  }
}
