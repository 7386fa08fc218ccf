// Images through Gemini's native image generation: models.generateContent with an image model (GEMINI_IMAGE_MODEL)
// and IMAGE among the response modalities; the picture comes back as inline bytes in the candidate's parts.
// (Imagen's generateImages is a different, paid-only API; the issue asks for this one.)
import { GoogleGenAI, Modality, type GenerateContentResponse } from '@google/genai';
import { ImageGenerationError, type ImageGenerator, type ImageRequest } from '../../image-shapes.ts';
import { DEFAULT_GEMINI_API_VERSION, DEFAULT_GEMINI_BASE_URL } from './gemini-writer.ts';
import { imagePrompt } from './image-prompt.ts';

export interface GeminiImageOptions {
  apiKey: string;
  /** GEMINI_IMAGE_MODEL, e.g. `gemini-2.5-flash-image`. */
  model: string;
  baseUrl?: string;
  apiVersion?: string;
}

/** Finish and block reasons that mean a safety filter stopped the picture. */
const SAFETY = /SAFETY|PROHIBITED|BLOCKLIST|SPII|RECITATION/;

export function createGeminiImageGenerator(o: GeminiImageOptions): ImageGenerator {
  const ai = new GoogleGenAI({ apiKey: o.apiKey, vertexai: false, httpOptions: { baseUrl: o.baseUrl ?? DEFAULT_GEMINI_BASE_URL, apiVersion: o.apiVersion ?? DEFAULT_GEMINI_API_VERSION } });
  return {
    async generate(request: ImageRequest, signal: AbortSignal) {
      let response: GenerateContentResponse;
      try {
        response = await ai.models.generateContent({
          model: o.model,
          contents: [{ role: 'user', parts: [{ text: imagePrompt(request) }] }],
          config: { responseModalities: [Modality.TEXT, Modality.IMAGE], imageConfig: { aspectRatio: '4:3' }, abortSignal: signal },
        });
      } catch (err) {
        if (signal.aborted) throw new ImageGenerationError('timeout', 'image generation was stopped before it finished');
        throw new ImageGenerationError('error', `image generation failed: ${err instanceof Error ? err.message.slice(0, 300) : String(err)}`);
      }
      const blocked = response.promptFeedback?.blockReason;
      if (blocked) throw new ImageGenerationError(SAFETY.test(blocked) ? 'safety' : 'no_image', `the prompt was blocked (${blocked})`);
      const candidate = response.candidates?.[0];
      const part = candidate?.content?.parts?.find((p) => p.inlineData?.data && p.inlineData.mimeType?.startsWith('image/'));
      if (part?.inlineData?.data) {
        return { bytes: Buffer.from(part.inlineData.data, 'base64'), mimeType: part.inlineData.mimeType!, model: response.modelVersion || o.model };
      }
      const finish = String(candidate?.finishReason ?? 'none');
      throw new ImageGenerationError(SAFETY.test(finish) ? 'safety' : 'no_image', `the answer held no image (finish reason ${finish})`);
    },
  };
}
