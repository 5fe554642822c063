import type { DetectionName, EventRisk } from '../../../src-shared/activity-event.ts';

/** The longest free-text justification accepted, in characters. */
export const maxJustificationLength = 1000;

/** A file held while its prompt waits for an answer. */
export interface HeldFile {
  quarantineId: string;
  /** Where the file landed, and where it goes back to when released. */
  path: string;
  name: string;
  sizeBytes: number;
  format: string | null;
  category: string;
  /** The detection and risk the landing raised; null and `none` for files reopened after a restart. */
  detection: DetectionName | null;
  risk: EventRisk;
}

/** A question to the user: why are these backups being copied here? */
export interface PendingPrompt {
  id: string;
  destination: { id: string; label: string; kind: string };
  /** Every file of one copy batch, in the order they landed. */
  files: HeldFile[];
  /** The justifications the user can choose from. */
  reasons: string[];
  /** Whether the user must also write a justification. */
  requireText: boolean;
  maxTextLength: number;
  createdAt: string;
  /** When the default outcome applies if nobody answers. */
  expiresAt: string;
  defaultOutcome: 'block' | 'release';
}

/** The user's answer: a justification that releases the files, or a cancel that keeps them. */
export type PromptAnswer = { kind: 'justify'; reason: string; text: string } | { kind: 'cancel' };

/** How a prompt ended. */
export interface PromptResolution {
  prompt: PendingPrompt;
  /** `user` when answered, `timeout` when the default outcome applied. */
  answeredBy: 'user' | 'timeout';
  answer: PromptAnswer | null;
  /** What happened to each file. */
  files: { file: HeldFile; outcome: 'released' | 'quarantined'; note: string | null }[];
}

/**
 * Checks an answer against its prompt. Returns an error message for a reason the prompt did not
 * offer, missing required text, or text over the limit.
 */
export function checkAnswer(prompt: PendingPrompt, answer: PromptAnswer): string | null {
  if (answer.kind === 'cancel') {
    return null;
  }
  if (!prompt.reasons.includes(answer.reason)) {
    return `"${answer.reason}" is not one of the reasons this prompt offers`;
  }
  if (answer.text.length > prompt.maxTextLength) {
    return `the justification is ${answer.text.length} characters; the limit is ${prompt.maxTextLength}`;
  }
  if (prompt.requireText && answer.text.trim() === '') {
    return 'this policy asks for a justification in your own words';
  }
  return null;
}

/** Removes control characters, so that a justification prints as one clean line. */
export function cleanJustification(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim();
}
