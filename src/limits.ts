// Limits on what people type, read by commands/ (option lengths) and by the domain (the refusals).
/** Characters in one topic (one post's, or one of a schedule's pool). */
export const TOPIC_MAX = 200;
