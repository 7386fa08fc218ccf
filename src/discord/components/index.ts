// Every button and modal handler. Order matters only if two parsers could claim the same id (none do).
import { accountLogin } from './account-login.ts';
import { deadLetterActions } from './dead-letter-actions.ts';
import { draftActions } from './draft-actions.ts';
import { draftEditButton, draftEditSubmit } from './draft-edit.ts';
import { draftsPaging } from './drafts-paging.ts';
import { relayAnswerButton, relayAnswerSubmit, relayChoice } from './login-relay.ts';
import { draftChecks } from './draft-checks.ts';
import { draftAddPhotos, draftImageActions } from './draft-images.ts';
import type { AnyComponentHandler } from './registry.ts';

export const componentHandlers: readonly AnyComponentHandler[] = [
  draftActions,
  draftEditButton,
  draftEditSubmit,
  deadLetterActions,
  draftsPaging,
  accountLogin,
  relayAnswerButton,
  relayAnswerSubmit,
  relayChoice,
  draftChecks,
  draftImageActions,
  draftAddPhotos,
];
