// How an error crosses a host boundary (the desktop's IPC, the web edition's host worker): as plain
// data with its kind, since errors do not survive structured cloning with their class or fields.
import { ExperimentError } from '../experiment/errors';
import { LabError, type ErrorReply } from './lab-api';
import { CancellationError } from './run-hooks';

/** Turns anything thrown by a handler into an ErrorReply: its kind, its message, an experiment's problems. */
export function toErrorReply(e: unknown): ErrorReply {
  if (e instanceof LabError) return { error: { kind: e.kind, message: e.message, ...(e.problems.length > 0 ? { problems: e.problems } : {}) } };
  if (e instanceof ExperimentError) return { error: { kind: 'experiment', message: e.message, problems: e.problems } };
  if (e instanceof CancellationError) return { error: { kind: 'cancelled', message: e.message } };
  return { error: { kind: 'failed', message: e instanceof Error ? e.message : String(e) } };
}

/** Whether `e` is one of the errors a host expects to report (anything else is also worth logging). */
export function isExpectedError(e: unknown): boolean {
  return e instanceof LabError || e instanceof ExperimentError || e instanceof CancellationError;
}
