import type * as z from 'zod';
import { closest, describeValue } from './describe';

export { closest };

/** One thing wrong with an experiment: where (a field path such as `problem.optimizer.learningRate`) and what. */
export interface Problem {
  path: string;
  message: string;
}

/** Thrown when an experiment cannot run; `problems` lists every reason, each naming its field. */
export class ExperimentError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ExperimentError';
    this.problems = problems;
  }
}

/** `path: message`, or just the message for the whole file. */
export function formatProblem(p: Problem): string {
  return p.path === '' ? p.message : `${p.path}: ${p.message}`;
}

/** Renders a path as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

const TYPE_NAMES: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
};

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean; origin: string }, small: boolean): string {
  const limit = small ? issue.minimum : issue.maximum;
  if (issue.origin === 'array') return small ? `at least ${limit} item${limit === 1 ? '' : 's'}` : `at most ${limit} items`;
  if (issue.origin === 'string') return small ? `a string of at least ${limit} character${limit === 1 ? '' : 's'}` : `a string of at most ${limit} characters`;
  const what = issue.origin === 'int' ? 'an integer' : 'a number';
  const op = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `${what} ${op} ${limit}`;
}

function found(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const input = issue.input;
    if (Array.isArray(input)) return `${input.length} item${input.length === 1 ? '' : 's'}`;
    if (typeof input === 'string') return `${input.length} character${input.length === 1 ? '' : 's'}`;
  }
  return describeValue(issue.input);
}

function oneOf(values: readonly unknown[], input: unknown): string {
  if (values.length === 1) return `expected ${JSON.stringify(values[0])}, found ${describeValue(input)}`;
  const list = values.map((v) => JSON.stringify(v)).join(', ');
  const hint = typeof input === 'string' ? closest(input, values.filter((v): v is string => typeof v === 'string')) : undefined;
  return `expected one of ${list}, found ${describeValue(input)}${hint !== undefined ? ` (did you mean "${hint}"?)` : ''}`;
}

/** Turns one schema issue into a problem whose message says what was expected and what was found. */
export function problemFromIssue(issue: z.core.$ZodIssue): Problem {
  const path = formatPath(issue.path);
  // The schema's own messages already say what was expected and found.
  if (/^(expected |unknown key)/.test(issue.message)) return { path, message: issue.message };
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return { path, message: `missing (expected ${expected})` };
      return { path, message: `expected ${expected}, found ${describeValue(issue.input)}` };
    }
    case 'too_small':
      return { path, message: `expected ${bound(issue, true)}, found ${found(issue)}` };
    case 'too_big':
      return { path, message: `expected ${bound(issue, false)}, found ${found(issue)}` };
    case 'invalid_value':
      if (issue.values.length === 1) return { path, message: `expected ${JSON.stringify(issue.values[0])}, found ${describeValue(issue.input)}` };
      return { path, message: oneOf(issue.values, issue.input) };
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator !== undefined) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const input = issue.input as Record<string, unknown> | undefined;
        const value = input !== null && typeof input === 'object' ? input[issue.discriminator] : undefined;
        if (value === undefined) return { path, message: `missing (expected one of ${options.map((o) => JSON.stringify(o)).join(', ')})` };
        return { path, message: oneOf(options, value) };
      }
      return { path, message: `${issue.message}, found ${describeValue(issue.input)}` };
    case 'unrecognized_keys':
      return { path, message: issue.message };
    default:
      return { path, message: issue.message };
  }
}

/** Converts a failed schema parse into problems, in the order the schema found them. */
export function problemsFromZod(error: z.ZodError): Problem[] {
  return error.issues.map(problemFromIssue);
}
