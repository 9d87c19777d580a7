import { closest } from '../experiment/describe';

/** A formula that cannot be parsed: where (0-based character index) and why. */
export class FormulaError extends Error {
  constructor(
    readonly position: number,
    readonly reason: string,
    readonly formula: string,
  ) {
    super(`${reason} at character ${position + 1} of ${JSON.stringify(formula)}`);
    this.name = 'FormulaError';
  }
}

/** The functions a formula may call, with their arity. */
const FUNCTIONS: Record<string, { arity: number; f: (...a: number[]) => number }> = {
  sin: { arity: 1, f: Math.sin },
  cos: { arity: 1, f: Math.cos },
  tan: { arity: 1, f: Math.tan },
  asin: { arity: 1, f: Math.asin },
  acos: { arity: 1, f: Math.acos },
  atan: { arity: 1, f: Math.atan },
  sinh: { arity: 1, f: Math.sinh },
  cosh: { arity: 1, f: Math.cosh },
  tanh: { arity: 1, f: Math.tanh },
  exp: { arity: 1, f: Math.exp },
  log: { arity: 1, f: Math.log },
  log10: { arity: 1, f: Math.log10 },
  sqrt: { arity: 1, f: Math.sqrt },
  abs: { arity: 1, f: Math.abs },
  floor: { arity: 1, f: Math.floor },
  ceil: { arity: 1, f: Math.ceil },
  sign: { arity: 1, f: Math.sign },
  min: { arity: 2, f: Math.min },
  max: { arity: 2, f: Math.max },
  pow: { arity: 2, f: Math.pow },
  atan2: { arity: 2, f: Math.atan2 },
};

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

/** Deepest nesting of parentheses, calls and exponents a formula may have (well below the call stack's limit). */
export const MAX_FORMULA_DEPTH = 600;

/** Names a formula may use: the variables, then the constants. */
export const FORMULA_VARIABLES = ['x', 'y'] as const;

/** A compiled formula: f(x, y). */
export type Formula = (x: number, y: number) => number;

type Node = (x: number, y: number) => number;

// Sticky: they match at lastIndex only, so reading a token does not copy the rest of the formula.
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z_0-9]*/y;

// A chain a ± b ± c … (or a * b / c …) is evaluated in one loop, left to right: one closure per
// operator would nest as deep as the chain is long, and a long sum would overflow the call stack.

/** operands[0] ± operands[1] ± …, subtracting where `minus` is set. */
function sum(operands: Node[], minus: boolean[]): Node {
  if (operands.length === 1) return operands[0]!;
  if (operands.length === 2) {
    const [a, b] = operands as [Node, Node];
    return minus[0] ? (x, y) => a(x, y) - b(x, y) : (x, y) => a(x, y) + b(x, y);
  }
  return (x, y) => {
    let v = operands[0]!(x, y);
    for (let k = 1; k < operands.length; k++) v = minus[k - 1] ? v - operands[k]!(x, y) : v + operands[k]!(x, y);
    return v;
  };
}

/** operands[0] × or ÷ operands[1] × or ÷ …, dividing where `divide` is set. */
function product(operands: Node[], divide: boolean[]): Node {
  if (operands.length === 1) return operands[0]!;
  if (operands.length === 2) {
    const [a, b] = operands as [Node, Node];
    return divide[0] ? (x, y) => a(x, y) / b(x, y) : (x, y) => a(x, y) * b(x, y);
  }
  return (x, y) => {
    let v = operands[0]!(x, y);
    for (let k = 1; k < operands.length; k++) v = divide[k - 1] ? v / operands[k]!(x, y) : v * operands[k]!(x, y);
    return v;
  };
}

/**
 * Parses a formula in x and y (numbers, + − * / ^, unary minus, parentheses, pi, e, and the functions
 * above) into a closure. No eval, no Function constructor, no property access: the only names that
 * resolve are x, y, pi, e and the listed functions. Throws FormulaError naming the character where
 * parsing failed. `^` is right-associative and binds tighter than unary minus (-x^2 = −(x²)).
 */
export function parseFormula(formula: string): Formula {
  let i = 0;
  const n = formula.length;
  const fail = (reason: string, at = i): never => {
    throw new FormulaError(at, reason, formula);
  };
  const space = () => {
    while (i < n && /\s/.test(formula[i]!)) i++;
  };
  const show = (at: number) => (at >= n ? 'the end' : JSON.stringify(formula[at]));

  const expression = (): Node => {
    const operands = [term()];
    const minus: boolean[] = [];
    for (;;) {
      space();
      const op = formula[i];
      if (op !== '+' && op !== '-') return sum(operands, minus);
      i++;
      minus.push(op === '-');
      operands.push(term());
    }
  };
  const term = (): Node => {
    const operands = [unary()];
    const divide: boolean[] = [];
    for (;;) {
      space();
      const op = formula[i];
      if (op !== '*' && op !== '/') return product(operands, divide);
      i++;
      divide.push(op === '/');
      operands.push(unary());
    }
  };
  let depth = 0;
  const unary = (): Node => {
    if (++depth > MAX_FORMULA_DEPTH) fail(`the formula nests more than ${MAX_FORMULA_DEPTH} levels deep`);
    try {
      return signed();
    } finally {
      depth--;
    }
  };
  // A run of signs is folded into one negation (or none), so "----x" costs no recursion.
  const signed = (): Node => {
    let negative = false;
    for (;;) {
      space();
      if (formula[i] === '-') negative = !negative;
      else if (formula[i] !== '+') break;
      i++;
    }
    const a = power();
    return negative ? (x, y) => -a(x, y) : a;
  };
  const power = (): Node => {
    const base = primary();
    space();
    if (formula[i] !== '^') return base;
    i++;
    const exponent = unary();
    return (x, y) => Math.pow(base(x, y), exponent(x, y));
  };
  const primary = (): Node => {
    space();
    const start = i;
    const c = formula[i];
    if (c === '(') {
      i++;
      const inner = expression();
      space();
      if (formula[i] !== ')') fail(`expected ")" to close the "(" at character ${start + 1}, found ${show(i)}`);
      i++;
      return inner;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(formula);
    if (num !== null) {
      i += num[0].length;
      const v = Number(num[0]);
      return () => v;
    }
    NAME.lastIndex = i;
    const word = NAME.exec(formula);
    if (word === null) return fail(`expected a number, a name or "(", found ${show(i)}`);
    const name = word[0];
    i += name.length;
    space();
    if (formula[i] === '(') {
      const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name]! : undefined;
      if (fn === undefined) {
        const hint = closest(name, Object.keys(FUNCTIONS));
        return fail(`unknown function "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`, start);
      }
      i++;
      const args: Node[] = [];
      space();
      if (formula[i] !== ')') {
        for (;;) {
          args.push(expression());
          space();
          if (formula[i] === ',') {
            i++;
            continue;
          }
          break;
        }
      }
      if (formula[i] !== ')') fail(`expected "," or ")" in the call to ${name}, found ${show(i)}`);
      i++;
      if (args.length !== fn.arity) fail(`${name} takes ${fn.arity} argument${fn.arity === 1 ? '' : 's'}, found ${args.length}`, start);
      const f = fn.f;
      if (fn.arity === 1) {
        const a = args[0]!;
        return (x, y) => f(a(x, y));
      }
      const [a, b] = args as [Node, Node];
      return (x, y) => f(a(x, y), b(x, y));
    }
    if (name === 'x') return (x) => x;
    if (name === 'y') return (_x, y) => y;
    if (Object.hasOwn(CONSTANTS, name)) {
      const v = CONSTANTS[name]!;
      return () => v;
    }
    if (Object.hasOwn(FUNCTIONS, name)) return fail(`${name} is a function: write ${name}(...)`, start);
    const hint = closest(name, [...FORMULA_VARIABLES, ...Object.keys(CONSTANTS), ...Object.keys(FUNCTIONS)]);
    return fail(`unknown name "${name}" (a formula may use x, y, pi, e and functions such as sin)${hint && name.length > 1 ? ` (did you mean "${hint}"?)` : ''}`, start);
  };

  space();
  if (i >= n) fail('the formula is empty', 0);
  const root = expression();
  space();
  if (i < n) {
    const c = formula[i]!;
    if (c === '.') fail(`unexpected ".": a formula has no properties or methods (numbers are written 0.5)`);
    if (/[A-Za-z_0-9(]/.test(c)) fail(`unexpected ${show(i)}: write "*" between factors, e.g. 2*x`);
    fail(`unexpected ${show(i)}`);
  }
  return root;
}
