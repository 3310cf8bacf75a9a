/**
 * The interview room's preparation countdown: how many seconds the candidate gets between the
 * end of a question and the start of the recording, chosen per interview (0 records at once).
 * The bounds match the `interview_sessions.prep_seconds` check constraint. Plain constants, so
 * the start form's component can use them too.
 */
export const PREP_SECONDS = { min: 0, max: 30, default: 5 } as const;

/** The choices the web start form offers (any integer in bounds is valid in the API). */
export const PREP_CHOICES = [0, 3, 5, 10, 15, 30] as const;
