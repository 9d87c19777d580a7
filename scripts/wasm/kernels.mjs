// Generates core/nn/kernels.wat, the WebAssembly (SIMD) versions of the MLP's matrix-product
// kernels in core/nn/gemm.ts, and compiles it with wabt into core/nn/kernels-wasm.ts (the module's
// bytes, base64). Run after changing this file: `node scripts/wasm/kernels.mjs`; the test
// test/nn/native-kernels.test.ts fails if the committed files are not what this script makes.
//
// Every output is summed exactly as the JavaScript kernels sum it: from its start value (or 0), in
// order of k, one product at a time, a multiply then an add (WebAssembly has no fused multiply-add
// in its base SIMD set, so each lane rounds as a scalar would). Two outputs of one row share an
// f64x2 vector; the blocks are 4 rows × 4 columns (8 vector accumulators), then narrower blocks at
// the edges. Pointers are byte offsets into the imported memory; strides are counted in elements.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Indents a block of WAT lines. */
const ind = (lines, n = 1) => lines.flat(Infinity).map((l) => '  '.repeat(n) + l);

/** `body` repeated while `cond` holds: a block/loop pair with the test at the top. */
function whileLoop(label, cond, body) {
  return [`(block $${label}_end`, `  (loop $${label}`, `    (br_if $${label}_end (i32.eqz ${cond}))`, ...ind(body, 2), `    (br $${label})))`];
}

const add = (local, amount) => `(local.set $${local} (i32.add (local.get $${local}) ${amount}))`;

/**
 * One block of R rows × C columns (C = 4: two vectors, 2: one vector, 1: a scalar) of an NN or TN
 * product starting at row $r, column $c. `kind` says how a row's left operand is found and how the
 * result is stored.
 */
function micro(kind, R, C) {
  const V = C >= 2 ? C / 2 : 0; // vectors per row
  const lines = [];
  const acc = (i, v) => (V ? `$v${i}_${v}` : `$s${i}`);
  // Start values: NN reads the start row at column c for every row; TN starts at 0.
  for (let i = 0; i < R; i++) {
    if (V) for (let v = 0; v < V; v++) lines.push(`(local.set ${acc(i, v)} ${kind === 'nn' ? `(v128.load offset=${16 * v} (local.get $sp))` : '(v128.const f64x2 0 0)'})`);
    else lines.push(`(local.set ${acc(i)} ${kind === 'nn' ? '(f64.load (local.get $sp))' : '(f64.const 0)'})`);
  }
  // Left operand pointers: NN reads row r+i of x along k (x + (r+i)·xr, step 8); TN reads column
  // r+i of x down k (x + (r+i)·8, step xk). Right operand: y + c·8, step one row of y.
  if (kind === 'nn') for (let i = 0; i < R; i++) lines.push(`(local.set $p${i} (i32.add (local.get $x) (i32.mul (i32.add (local.get $r) (i32.const ${i})) (local.get $xs))))`);
  else lines.push(`(local.set $p0 (i32.add (local.get $x) (i32.shl (local.get $r) (i32.const 3))))`);
  lines.push(`(local.set $yp (i32.add (local.get $y) (i32.shl (local.get $c) (i32.const 3))))`);
  lines.push(`(local.set $k (local.get $depth))`);
  const body = [];
  if (V) for (let v = 0; v < V; v++) body.push(`(local.set $b${v} (v128.load offset=${16 * v} (local.get $yp)))`);
  else body.push(`(local.set $bs (f64.load (local.get $yp)))`);
  for (let i = 0; i < R; i++) {
    const aPtr = kind === 'nn' ? `(local.get $p${i})` : `(local.get $p0)`;
    const off = kind === 'nn' ? 0 : 8 * i;
    if (V) {
      body.push(`(local.set $a (v128.load64_splat offset=${off} ${aPtr}))`);
      for (let v = 0; v < V; v++) body.push(`(local.set ${acc(i, v)} (f64x2.add (local.get ${acc(i, v)}) (f64x2.mul (local.get $a) (local.get $b${v}))))`);
    } else {
      body.push(`(local.set ${acc(i)} (f64.add (local.get ${acc(i)}) (f64.mul (f64.load offset=${off} ${aPtr}) (local.get $bs))))`);
    }
  }
  if (kind === 'nn') for (let i = 0; i < R; i++) body.push(add(`p${i}`, '(i32.const 8)'));
  else body.push(add('p0', '(local.get $xs)'));
  body.push(add('yp', '(local.get $ys)'));
  body.push(`(local.set $k (i32.sub (local.get $k) (i32.const 1)))`);
  lines.push(...whileLoop('k', '(local.get $k)', body));
  // Store: NN writes the sums; TN adds them to what is there (out += Σ, the sum formed first).
  for (let i = 0; i < R; i++) {
    lines.push(`(local.set $op (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $r) (i32.const ${i})) (local.get $os))) (i32.shl (local.get $c) (i32.const 3))))`);
    for (let v = 0; v < Math.max(V, 1); v++) {
      if (V) {
        const value = kind === 'nn' ? `(local.get ${acc(i, v)})` : `(f64x2.add (v128.load offset=${16 * v} (local.get $op)) (local.get ${acc(i, v)}))`;
        lines.push(`(v128.store offset=${16 * v} (local.get $op) ${value})`);
      } else {
        const value = kind === 'nn' ? `(local.get ${acc(i)})` : `(f64.add (f64.load (local.get $op)) (local.get ${acc(i)}))`;
        lines.push(`(f64.store (local.get $op) ${value})`);
      }
    }
  }
  return lines;
}

/** All column blocks of R rows starting at row $r: 4 columns at a time, then 2, then 1. */
function columns(kind, R) {
  const sp = kind === 'nn' ? [`(local.set $sp (i32.add (local.get $start) (i32.shl (local.get $c) (i32.const 3))))`] : [];
  return [
    `(local.set $c (i32.const 0))`,
    ...whileLoop(`c4_${R}`, `(i32.le_u (i32.add (local.get $c) (i32.const 4)) (local.get $cols))`, [...sp, ...micro(kind, R, 4), add('c', '(i32.const 4)')]),
    `(if (i32.le_u (i32.add (local.get $c) (i32.const 2)) (local.get $cols)) (then`,
    ...ind([...sp, ...micro(kind, R, 2), add('c', '(i32.const 2)')]),
    `))`,
    `(if (i32.lt_u (local.get $c) (local.get $cols)) (then`,
    ...ind([...sp, ...micro(kind, R, 1)]),
    `))`,
  ];
}

const LOCALS = [
  '(local $r i32) (local $c i32) (local $k i32) (local $xs i32) (local $ys i32) (local $os i32)',
  '(local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $yp i32) (local $op i32) (local $sp i32)',
  '(local $a v128) (local $b0 v128) (local $b1 v128) (local $bs f64)',
  '(local $v0_0 v128) (local $v0_1 v128) (local $v1_0 v128) (local $v1_1 v128) (local $v2_0 v128) (local $v2_1 v128) (local $v3_0 v128) (local $v3_1 v128)',
  '(local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)',
];

/** The row loop of an NN or TN product: 4 rows at a time, then one at a time. */
function product(kind) {
  const params = kind === 'nn'
    ? '(param $rows i32) (param $cols i32) (param $depth i32) (param $x i32) (param $xr i32) (param $y i32) (param $yk i32) (param $start i32) (param $out i32) (param $outR i32)'
    : '(param $rows i32) (param $cols i32) (param $depth i32) (param $x i32) (param $xk i32) (param $y i32) (param $yk i32) (param $out i32) (param $outR i32)';
  return [
    `(func $${kind} (export "${kind}") ${params}`,
    ...ind([
      ...LOCALS,
      `(local.set $xs (i32.shl (local.get ${kind === 'nn' ? '$xr' : '$xk'}) (i32.const 3)))`,
      `(local.set $ys (i32.shl (local.get $yk) (i32.const 3)))`,
      `(local.set $os (i32.shl (local.get $outR) (i32.const 3)))`,
      `(local.set $r (i32.const 0))`,
      ...whileLoop('r4', '(i32.le_u (i32.add (local.get $r) (i32.const 4)) (local.get $rows))', [...columns(kind, 4), add('r', '(i32.const 4)')]),
      ...whileLoop('r1', '(i32.lt_u (local.get $r) (local.get $rows))', [...columns(kind, 1), add('r', '(i32.const 1)')]),
    ]),
    ')',
  ];
}

/** out[c] += Σ_r x[r, c] for c < cols, each sum formed first in order of r: 4 columns at a time, then 2, then 1. */
function columnSums() {
  const block = (C) => {
    const V = C >= 2 ? C / 2 : 0;
    const lines = [];
    if (V) for (let v = 0; v < V; v++) lines.push(`(local.set $v${v} (v128.const f64x2 0 0))`);
    else lines.push('(local.set $s (f64.const 0))');
    lines.push('(local.set $p (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 3))))', '(local.set $k (local.get $rows))');
    const body = [];
    if (V) for (let v = 0; v < V; v++) body.push(`(local.set $v${v} (f64x2.add (local.get $v${v}) (v128.load offset=${16 * v} (local.get $p))))`);
    else body.push('(local.set $s (f64.add (local.get $s) (f64.load (local.get $p))))');
    body.push(add('p', '(local.get $xs)'), '(local.set $k (i32.sub (local.get $k) (i32.const 1)))');
    lines.push(...whileLoop('k', '(local.get $k)', body));
    lines.push('(local.set $op (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 3))))');
    if (V) for (let v = 0; v < V; v++) lines.push(`(v128.store offset=${16 * v} (local.get $op) (f64x2.add (v128.load offset=${16 * v} (local.get $op)) (local.get $v${v})))`);
    else lines.push('(f64.store (local.get $op) (f64.add (f64.load (local.get $op)) (local.get $s)))');
    return lines;
  };
  return [
    '(func $colSums (export "colSums") (param $rows i32) (param $cols i32) (param $x i32) (param $xr i32) (param $out i32)',
    ...ind([
      '(local $c i32) (local $k i32) (local $p i32) (local $op i32) (local $xs i32) (local $v0 v128) (local $v1 v128) (local $s f64)',
      '(local.set $xs (i32.shl (local.get $xr) (i32.const 3)))',
      '(local.set $c (i32.const 0))',
      ...whileLoop('c4', '(i32.le_u (i32.add (local.get $c) (i32.const 4)) (local.get $cols))', [...block(4), add('c', '(i32.const 4)')]),
      '(if (i32.le_u (i32.add (local.get $c) (i32.const 2)) (local.get $cols)) (then',
      ...ind([...block(2), add('c', '(i32.const 2)')]),
      '))',
      '(if (i32.lt_u (local.get $c) (local.get $cols)) (then',
      ...ind(block(1)),
      '))',
    ]),
    ')',
  ];
}

/** dst[j·rows + i] = src[i·srcR + j] for i < rows, j < cols: a kernel's transpose, so that NT is an NN product. */
function transpose() {
  return [
    '(func $transpose (export "transpose") (param $rows i32) (param $cols i32) (param $src i32) (param $srcR i32) (param $dst i32)',
    ...ind([
      '(local $i i32) (local $j i32) (local $s i32) (local $d i32)',
      '(local.set $i (i32.const 0))',
      ...whileLoop('i', '(i32.lt_u (local.get $i) (local.get $rows))', [
        '(local.set $s (i32.add (local.get $src) (i32.shl (i32.mul (local.get $i) (local.get $srcR)) (i32.const 3))))',
        '(local.set $d (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 3))))',
        '(local.set $j (i32.const 0))',
        ...whileLoop('j', '(i32.lt_u (local.get $j) (local.get $cols))', [
          '(f64.store (local.get $d) (f64.load (local.get $s)))',
          add('s', '(i32.const 8)'),
          add('d', '(i32.shl (local.get $rows) (i32.const 3))'),
          add('j', '(i32.const 1)'),
        ]),
        add('i', '(i32.const 1)'),
      ]),
    ]),
    ')',
  ];
}

export function kernelsWat() {
  const header = [
    ';; Generated by scripts/wasm/kernels.mjs: do not edit by hand. The MLP matrix products of',
    ';; core/nn/gemm.ts in WebAssembly SIMD, summing every output in the same order (see the script).',
  ];
  return [...header, '(module', ...ind([
    '(import "env" "memory" (memory 1))',
    ...product('nn'),
    ...product('tn'),
    ...columnSums(),
    ...transpose(),
  ]), ')', ''].join('\n');
}

export async function compileKernels(wat) {
  const wabt = await (await import('wabt')).default();
  const mod = wabt.parseWat('kernels.wat', wat, { simd: true });
  mod.validate();
  const { buffer } = mod.toBinary({});
  mod.destroy();
  return Buffer.from(buffer);
}

export function kernelsModuleTs(bytes) {
  const b64 = bytes.toString('base64');
  const lines = [];
  for (let i = 0; i < b64.length; i += 96) lines.push(`  '${b64.slice(i, i + 96)}' +`);
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, -2) + ';';
  return [
    '// Generated by scripts/wasm/kernels.mjs from core/nn/kernels.wat: do not edit by hand.',
    `/** The kernels' WebAssembly module (${bytes.length} bytes), base64. */`,
    'export const KERNELS_WASM_BASE64 =',
    ...lines,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wat = kernelsWat();
  const bytes = await compileKernels(wat);
  writeFileSync(`${ROOT}core/nn/kernels.wat`, wat);
  writeFileSync(`${ROOT}core/nn/kernels-wasm.ts`, kernelsModuleTs(bytes));
  console.log(`core/nn/kernels.wat: ${wat.split('\n').length} lines; core/nn/kernels-wasm.ts: ${bytes.length} bytes`);
}
